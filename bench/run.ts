/**
 * `npm run bench [-- <name filter>]`: runs every bench/*.bench.ts in name order, one at a time (they measure, so
 * they must not compete for the CPU), each through its default export `run()`. A bench that throws is reported and
 * the rest still run; the exit code says whether any failed.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = fs
  .readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((name) => f.includes(name)))
  .sort();

if (files.length === 0) {
  console.error(`no benchmarks in bench/ match ${filters.join(", ") || "*.bench.ts"}`);
  process.exit(1);
}

const failed: string[] = [];
const started = Date.now();
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, "");
  const rule = "=".repeat(72);
  console.log(`\n${rule}\n${name}  (bench/${file})  ${new Date().toISOString()}\n${rule}`);
  const t0 = performance.now();
  try {
    const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { default?: () => unknown };
    if (typeof mod.default !== "function") throw new Error(`bench/${file} has no default export run()`);
    await mod.default();
    console.log(`-- ${name}: finished in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } catch (error) {
    failed.push(name);
    console.error(`-- ${name}: FAILED after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    console.error(error);
  }
}

console.log(`\n${files.length - failed.length}/${files.length} benchmarks ran in ${((Date.now() - started) / 1000).toFixed(0)} s${failed.length ? `; failed: ${failed.join(", ")}` : ""}`);
// Servers and engines the benches started are closed by them; exit explicitly so a stray handle cannot hang CI.
process.exit(failed.length ? 1 : 0);
