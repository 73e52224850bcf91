/**
 * The e2e servers' demo world, seeded once into a template data directory (database, uploads, session secret) that
 * each server then starts from a copy of. Seeding is independent of the app build, so it runs beside it: `npm test`
 * starts `node --import tsx test/e2e/world.ts <dir>` together with the build and hands the directory to the runner
 * (E2E_WORLD_DIR); `npm run test:e2e` alone seeds while it checks or makes the build. The servers still start with
 * SEED_ON_START=true, as `npm start` after `npm run db:seed` would: a seeded database is left as it is, apart from
 * the demo's live roadshow, which is scheduled again only if none is live.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "../support/build";

export const WORLD_DATABASE = "e2e.db";

/** Seeds the demo world into `dir` (created if missing) with the same script as `npm run db:seed`. */
export function seedWorld(dir: string, logFile: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const log = fs.openSync(logFile, "w");
  const inherited = { ...process.env };
  for (const key of ["MEILI_HOST", "MEILI_API_KEY", "SMTP_URL", "SESSION_SECRET"]) delete inherited[key];
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/seed.ts"], {
    cwd: repoRoot,
    stdio: ["ignore", log, log],
    env: { ...inherited, NODE_ENV: "production", DATABASE_PATH: path.join(dir, WORLD_DATABASE), DATA_DIR: dir, SEARCH_ENGINE: "embedded", LOG_LEVEL: "warn" },
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      fs.closeSync(log);
      if (code === 0) resolve();
      else reject(new Error(`seeding the e2e demo world failed (${signal ?? `exit ${code}`}); see ${path.relative(repoRoot, logFile)}`));
    });
  });
}

/** Whether `dir` holds a seeded world (the database is written last by the seed script's close). */
export function isSeededWorld(dir: string): boolean {
  return fs.existsSync(path.join(dir, WORLD_DATABASE)) && fs.existsSync(path.join(dir, "session-secret"));
}

/** A server's own copy of the template: every file, so uploads and the session secret match the database. */
export function copyWorld(template: string, dir: string): string {
  fs.cpSync(template, dir, { recursive: true });
  return path.join(dir, WORLD_DATABASE);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write("usage: node --import tsx test/e2e/world.ts <directory>\n");
    process.exit(2);
  }
  const resultsDir = path.join(repoRoot, "test-results");
  fs.mkdirSync(resultsDir, { recursive: true });
  const started = Date.now();
  seedWorld(path.resolve(dir), path.join(resultsDir, "e2e-world.log")).then(
    () => process.stdout.write(`seeded the e2e demo world in ${((Date.now() - started) / 1000).toFixed(1)} s\n`),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
