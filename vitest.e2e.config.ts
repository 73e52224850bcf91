import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

// Browser journeys against the servers test/e2e/run.ts started: one spec file at a time per lane, and one lane per
// server, so a spec never races another for its server's demo accounts or data. On 2 cores the runner starts two
// lanes (E2E_LANES; ADR 0025): the crawl on one, the other journeys on the other, each with its own database.
const lanes = Math.max(1, Number(process.env.E2E_LANES ?? 1) || 1);

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    environment: "node",
    pool: "forks",
    // A lane's spec files share one module graph (the seed's demo logins, the i18n cookie, playwright): importing it
    // afresh per file cost ~1–2 s of each file's wall time. Specs keep no state in shared modules.
    isolate: false,
    maxWorkers: lanes,
    fileParallelism: lanes > 1,
    sequence: { concurrent: false },
    setupFiles: ["test/e2e/lane.ts"],
    reporters: ["default", ["./test/support/durations-reporter.ts", { label: "e2e specs" }]],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    retry: 0,
  },
});
