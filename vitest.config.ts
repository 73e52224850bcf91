import os from "node:os";
import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["app/**/*.test.ts", "search/**/*.test.ts", "db/**/*.test.ts", "seed/**/*.test.ts", "test/support/**/*.test.ts", "test/integration/**/*.test.ts", "test/security/**/*.test.ts", "bench/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    // vitest's own default is one worker per core minus one: a single worker on CI's two cores, one file at a time
    // while the other core mostly idled. Two at least (ADR 0025); test files own their databases, ports and temp dirs.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    // A worker runs its files one after another in one module graph instead of importing the app afresh for each
    // file: importing was half the suite's CPU (387 → 192 s, ADR 0026). Files still own their databases, ports and
    // temp dirs; what the app sets process-wide at start is set for every file by test/setup.ts.
    isolate: false,
    reporters: ["default", ["./test/support/durations-reporter.ts", { top: 15 }]],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
  },
});
