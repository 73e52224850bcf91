/**
 * `npm test`: every check, in two stages that keep both cores busy (ADR 0025, 0026).
 *
 *   1. type-check, lint and the app build side by side (each mostly one core; the build is what the server-starting
 *      unit tests and the e2e specs both need, so neither waits for it later);
 *   2. if all three passed: the unit tests and the e2e specs side by side — the browser specs leave most of a core
 *      idle while pages load (the crawl used ~1 core of 2), which the unit tests fill.
 *
 * A stage's tools all run to the end even when one fails, so one run lists every failure. Output: the last tool of
 * stage 2 (e2e, the longest) streams as it runs; the others are printed in one piece when they end, so two tools'
 * lines never interleave. Extra arguments are not taken: run `npm run test:unit -- <filter>` or
 * `npm run test:e2e -- <filter>` for part of the suite.
 */
import { spawn } from "node:child_process";

type Tool = { name: string; command: string[] };
type Result = { name: string; code: number; seconds: number };

const TSX = ["node", "--import", "tsx"];
const STAGES: { tools: Tool[]; stream?: string }[] = [
  {
    tools: [
      { name: "typecheck", command: ["npm", "run", "--silent", "typecheck"] },
      { name: "lint", command: ["npm", "run", "--silent", "lint"] },
      { name: "build", command: [...TSX, "scripts/build.ts"] },
    ],
  },
  {
    tools: [
      { name: "unit", command: ["npm", "run", "--silent", "test:unit"] },
      { name: "e2e", command: ["npm", "run", "--silent", "test:e2e"] },
    ],
    stream: "e2e",
  },
];

const started = Date.now();
const seconds = () => (Date.now() - started) / 1000;

function run(tool: Tool, stream: boolean): Promise<Result> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const child = spawn(tool.command[0]!, tool.command.slice(1), {
      stdio: ["ignore", stream ? "inherit" : "pipe", stream ? "inherit" : "pipe"],
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "1" },
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

const results: Result[] = [];
let stagesRun = 0;
for (const [i, stage] of STAGES.entries()) {
  process.stdout.write(`\n> stage ${i + 1}: ${stage.tools.map((t) => t.name).join(", ")} side by side (at ${seconds().toFixed(1)} s)\n`);
  const stageResults = await Promise.all(stage.tools.map((tool) => run(tool, tool.name === stage.stream)));
  results.push(...stageResults);
  stagesRun++;
  if (stageResults.some((r) => r.code !== 0)) break;
}

process.stdout.write(`\n> npm test: ${results.map((r) => `${r.name} ${r.code === 0 ? "ok" : "FAILED"} (done at ${r.seconds.toFixed(0)} s)`).join(", ")}; ${seconds().toFixed(0)} s in all\n`);
const failed = results.filter((r) => r.code !== 0);
if (failed.length) {
  const notRun = STAGES.slice(stagesRun).flatMap((s) => s.tools.map((t) => t.name));
  process.stderr.write(`\nfailed: ${failed.map((r) => r.name).join(", ")}${notRun.length ? `; not run: ${notRun.join(", ")}` : ""}\n`);
}
process.exit(failed.length ? 1 : 0);
