/**
 * Runs several npm scripts at once and fails if any fails: `npm test` type-checks and lints side by side
 * (ADR 0025). tsc and ESLint each keep one core busy, so on two cores the pair takes as long as the slower one
 * instead of both in turn. Each script's output is printed in one piece when it ends, so the two never interleave.
 *
 *   node --import tsx scripts/run-together.ts typecheck lint
 */
import { spawn } from "node:child_process";

const names = process.argv.slice(2);
if (names.length === 0) {
  process.stderr.write("usage: node --import tsx scripts/run-together.ts <npm script> [<npm script> …]\n");
  process.exit(2);
}

const started = Date.now();
const results = await Promise.all(
  names.map(
    (name) =>
      new Promise<{ name: string; code: number; output: Buffer; seconds: number }>((resolve) => {
        const chunks: Buffer[] = [];
        const child = spawn("npm", ["run", "--silent", name], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "1" } });
        child.stdout.on("data", (c: Buffer) => chunks.push(c));
        child.stderr.on("data", (c: Buffer) => chunks.push(c));
        child.on("error", (error) => chunks.push(Buffer.from(`${error.message}\n`)));
        child.on("close", (code, signal) => {
          const result = { name, code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks), seconds: (Date.now() - started) / 1000 };
          process.stdout.write(`\n> npm run ${name}: ${result.code === 0 ? "ok" : `failed (exit ${result.code})`} after ${result.seconds.toFixed(1)} s\n`);
          if (result.output.length) process.stdout.write(result.output);
          resolve(result);
        });
      }),
  ),
);

const failed = results.filter((r) => r.code !== 0);
if (failed.length) process.stderr.write(`\nfailed: ${failed.map((r) => `npm run ${r.name}`).join(", ")}\n`);
process.exit(failed.length ? 1 : 0);
