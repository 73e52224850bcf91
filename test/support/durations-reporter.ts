import type { Reporter, TestModule } from "vitest/node";

/**
 * Prints the slowest test files of a run, slowest first: the figure to look at before and after making the suite
 * faster (ADR 0025). `total` is the file's import, set-up and tests; `tests` its tests and hooks alone. Files of the
 * same run share the machine, so compare them with each other, not with another day's run.
 */
export default class DurationsReporter implements Reporter {
  constructor(private readonly options: { label?: string; top?: number } = {}) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const rows = testModules
      .map((m) => {
        const d = m.diagnostic();
        const total = d.prepareDuration + d.environmentSetupDuration + d.collectDuration + d.setupDuration + d.duration;
        return { file: m.relativeModuleId, total, tests: d.duration, count: [...m.children.allTests()].length };
      })
      .sort((a, b) => b.total - a.total);
    if (rows.length === 0) return;
    const top = this.options.top ?? rows.length;
    const label = this.options.label ?? "test files";
    const sum = rows.reduce((s, r) => s + r.total, 0);
    const lines = rows.slice(0, top).map((r) => `  ${(r.total / 1000).toFixed(1).padStart(7)} s  (tests ${(r.tests / 1000).toFixed(1).padStart(6)} s, ${String(r.count).padStart(3)})  ${r.file}`);
    const heading = top < rows.length ? `slowest ${top} of ${rows.length} ${label}` : `${label} by duration`;
    process.stdout.write(`\n${heading} (sum of file times ${(sum / 1000).toFixed(1)} s):\n${lines.join("\n")}\n`);
  }
}
