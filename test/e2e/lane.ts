// Runs in each e2e worker before a spec file loads: points the spec at its lane's server. test/e2e/run.ts starts
// one server (own port, own seeded database) per lane and lists them in E2E_SERVERS; vitest numbers its concurrent
// workers 1…maxWorkers (VITEST_POOL_ID), so two specs running at once never share a server (ADR 0025).
const servers = JSON.parse(process.env.E2E_SERVERS ?? "[]") as { baseUrl: string; databasePath: string }[];
if (servers.length > 0) {
  const pool = Number(process.env.VITEST_POOL_ID ?? "1");
  const lane = servers[pool - 1];
  if (!lane) throw new Error(`e2e worker ${pool} has no server of its own (the runner started ${servers.length}); E2E_LANES and E2E_SERVERS disagree`);
  process.env.E2E_BASE_URL = lane.baseUrl;
  process.env.E2E_DATABASE_PATH = lane.databasePath;
}
