/**
 * `npm test`: every check, scheduled so the longest path runs at full speed and the rest fills the idle core
 * (ADR 0025, 0026).
 *
 * The longest path is the app build and then the e2e specs (one server and one browser, which leave part of a core
 * idle while pages load). They run at normal priority and start at once; the e2e servers' demo world is seeded
 * beside the build (test/e2e/world.ts). The type-check, the lint and the unit tests
 * (which start when the build is there: some of them start the built server) run beside them at a lower CPU
 * priority (`nice`), so they take the time the e2e path leaves and do not stretch it.
 *
 * Every tool runs to its end even when another fails, so one run lists every failure (the tests do not run when the
 * build fails). Output: the e2e specs stream as they run; each other tool is printed in one piece when it ends, so
 * two tools' lines never interleave. Extra arguments are not taken: run `npm run test:unit -- <filter>` or
 * `npm run test:e2e -- <filter>` for part of the suite.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

type Tool = { name: string; command: string[]; after?: string[]; background?: boolean; stream?: boolean };
type Result = { name: string; code: number; seconds: number };

// The e2e servers' demo world is seeded beside the build (it does not need it) and copied by each server.
const E2E_WORLD = fs.mkdtempSync(path.join(os.tmpdir(), "xj-e2e-world-"));
process.once("exit", () => fs.rmSync(E2E_WORLD, { recursive: true, force: true }));

const TOOLS: Tool[] = [
  { name: "build", command: ["node", "--import", "tsx", "scripts/build.ts"] },
  { name: "e2e world", command: ["node", "--import", "tsx", "test/e2e/world.ts", E2E_WORLD] },
  { name: "typecheck", command: ["npm", "run", "--silent", "typecheck"], background: true },
  { name: "lint", command: ["npm", "run", "--silent", "lint"], background: true },
  { name: "e2e", command: ["npm", "run", "--silent", "test:e2e"], after: ["build", "e2e world"], stream: true },
  { name: "unit", command: ["npm", "run", "--silent", "test:unit"], after: ["build"], background: true },
];

// Lower priority by 5 (of 19): a background tool then gets about a quarter of a core the e2e path wants, and any
// core it leaves. `nice` is part of coreutils; where it is missing the tools simply run at the same priority.
const NICE = spawnSync("nice", ["-n", "5", "true"]).status === 0 ? ["nice", "-n", "5"] : [];

const started = Date.now();
const seconds = () => (Date.now() - started) / 1000;

function run(tool: Tool): Promise<Result> {
  const command = [...(tool.background ? NICE : []), ...tool.command];
  process.stdout.write(`> ${tool.name}: started at ${seconds().toFixed(1)} s${tool.background && NICE.length ? " (lower priority)" : ""}\n`);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const child = spawn(command[0]!, command.slice(1), {
      stdio: ["ignore", tool.stream ? "inherit" : "pipe", tool.stream ? "inherit" : "pipe"],
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "1", E2E_WORLD_DIR: E2E_WORLD },
    });
    child.stdout?.on("data", (c: Buffer) => chunks.push(c));
    child.stderr?.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", (error) => chunks.push(Buffer.from(`${error.message}\n`)));
    child.on("close", (code, signal) => {
      const result = { name: tool.name, code: code ?? (signal ? 1 : 0), seconds: seconds() };
      process.stdout.write(`\n> ${tool.name}: ${result.code === 0 ? "ok" : `failed (exit ${result.code})`} at ${result.seconds.toFixed(1)} s\n`);
      if (chunks.length) process.stdout.write(Buffer.concat(chunks));
      resolve(result);
    });
  });
}

const finished = new Map<string, Promise<Result | null>>();
for (const tool of TOOLS) {
  const before = Promise.all((tool.after ?? []).map((name) => finished.get(name)!));
  finished.set(
    tool.name,
    before.then((prerequisites) => (prerequisites.some((p) => p === null || p.code !== 0) ? null : run(tool))),
  );
}
const outcomes = await Promise.all(TOOLS.map((tool) => finished.get(tool.name)!));

const ran = outcomes.filter((r): r is Result => r !== null);
const notRun = TOOLS.filter((_, i) => outcomes[i] === null).map((t) => t.name);
process.stdout.write(`\n> npm test: ${ran.map((r) => `${r.name} ${r.code === 0 ? "ok" : "FAILED"} (done at ${r.seconds.toFixed(0)} s)`).join(", ")}; ${seconds().toFixed(0)} s in all\n`);
const failed = ran.filter((r) => r.code !== 0);
if (failed.length || notRun.length) {
  process.stderr.write(`\nfailed: ${failed.map((r) => r.name).join(", ")}${notRun.length ? `; not run: ${notRun.join(", ")}` : ""}\n`);
}
process.exit(failed.length || notRun.length ? 1 : 0);
