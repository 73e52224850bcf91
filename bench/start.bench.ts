import { spawn } from "node:child_process";
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import { ensureBuild, repoRoot } from "../scripts/build";
import { tempServerEnv } from "../test/support/server";

/**
 * Cold start to first page: `node --import tsx server.ts` (what `npm run start:prod` runs, and `npm start` after its
 * up-to-date check) over an already seeded database, timed from spawn to the first 200 on GET /. Same-run baseline:
 * a bare Express hello started the same way (Node + tsx), so the figure says what the app adds to process start.
 * Three runs each (BENCH_START_RUNS); the search engine is the embedded one so no Meilisearch start is counted.
 */
const RUNS = Number(process.env.BENCH_START_RUNS ?? 3);

const HELLO = `import express from "express"; const app = express(); app.get("/", (_q, r) => { r.send("hello"); });
const s = app.listen(0, "127.0.0.1", () => console.log("LISTENING " + s.address().port));`;
const APP = `import { startServer } from "./server.ts"; const s = await startServer(); console.log("LISTENING " + s.port);`;

async function timeToFirstPage(script: string, env: NodeJS.ProcessEnv, expect: string): Promise<{ listen: number; page: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const match = /LISTENING (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code} before listening`)));
    });
    const listen = performance.now() - t0;
    const response = await fetch(`http://127.0.0.1:${port}/`);
    const body = await response.text();
    if (response.status !== 200 || !body.includes(expect)) throw new Error(`first page: status ${response.status}`);
    return { listen, page: performance.now() - t0 };
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("close", resolve));
  }
}

export default async function run(): Promise<void> {
  if (ensureBuild() === "built") console.log("built the app for the benchmark");
  const env = tempServerEnv({ seed: true });
  try {
    // The first start seeds the demo world; it is not measured.
    await timeToFirstPage(APP, env, "专精特新");
    const noSeed = { ...env, SEED_ON_START: "false" };
    const rows: Array<[string, number, number]> = [];
    for (let i = 0; i < RUNS; i++) {
      const hello = await timeToFirstPage(HELLO, process.env, "hello");
      rows.push(["bare Express hello (node + tsx)", hello.listen, hello.page]);
      const app = await timeToFirstPage(APP, env, "专精特新");
      rows.push(["app, seeded database", app.listen, app.page]);
      const app2 = await timeToFirstPage(APP, noSeed, "专精特新");
      rows.push(["app, SEED_ON_START=false", app2.listen, app2.page]);
    }
    console.log(`start bench: ${RUNS} runs, Node ${process.version}; ms from spawn`);
    for (const label of new Set(rows.map((r) => r[0]))) {
      const mine = rows.filter((r) => r[0] === label);
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      console.log(`${label.padEnd(34)} listening ${median(mine.map((r) => r[1])).toFixed(0).padStart(5)}  first page ${median(mine.map((r) => r[2])).toFixed(0).padStart(5)}`);
    }
  } finally {
    fs.rmSync(env.DATA_DIR!, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await run();
}
