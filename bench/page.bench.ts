import type { AddressInfo } from "node:net";
import os from "node:os";
import { pathToFileURL } from "node:url";
import autocannon, { type Result } from "autocannon";
import express from "express";
import { startTempServer } from "../test/support/server";

/**
 * Server-rendered page benchmark: GET / (the landing page, through Express, helmet, compression, the root loader
 * with its session and locale lookups, and React SSR) against a bare Express "hello" in the same process and run,
 * so the ratio says what the app's stack costs on this machine rather than how fast the machine is.
 * Loopback only; each run is bounded (BENCH_PAGE_CONNECTIONS, default 10; BENCH_PAGE_SECONDS, default 8).
 * autocannon shares the process with both servers, so absolute figures are lower than with a separate load
 * generator; both sides carry the same handicap.
 */

const CONNECTIONS = Number(process.env.BENCH_PAGE_CONNECTIONS ?? 10);
const SECONDS = Number(process.env.BENCH_PAGE_SECONDS ?? 8);
const WARMUP_SECONDS = 2;

type Figures = { label: string; reqPerSec: number; p50: number; p99: number; kbPerReq: number; requests: number };

async function measure(label: string, url: string, headers: Record<string, string> = {}): Promise<Figures> {
  // Warm-up: JIT, module caches, SQLite page cache; its numbers are thrown away.
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_SECONDS, headers });
  const result: Result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers, timeout: 10 });
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(`${label}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx of ${result.requests.total}`);
  }
  return {
    label,
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    kbPerReq: result.throughput.total / Math.max(1, result.requests.total) / 1024,
    requests: result.requests.total,
  };
}

function printTable(rows: Figures[]): void {
  const head = ["target", "req/s", "p50 ms", "p99 ms", "KB/req", "requests"];
  const lines = rows.map((r) => [r.label, r.reqPerSec.toFixed(0), r.p50.toFixed(1), r.p99.toFixed(1), r.kbPerReq.toFixed(1), String(r.requests)]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(fmt(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  lines.forEach((l) => console.log(fmt(l)));
}

export default async function run(): Promise<{ page: Figures; pageGzip: Figures; hello: Figures }> {
  const app = await startTempServer({ seed: true, build: "fresh" });
  if (app.built === "built") console.log("built the app for the benchmark");

  const hello = express();
  hello.disable("x-powered-by");
  hello.get("/", (_req, res) => {
    res.send("hello");
  });
  const helloServer = await new Promise<ReturnType<typeof hello.listen>>((resolve) => {
    const s = hello.listen(0, "127.0.0.1", () => resolve(s));
  });

  try {
    const appUrl = `${app.base}/`;
    const helloUrl = `http://127.0.0.1:${(helloServer.address() as AddressInfo).port}/`;
    const probe = await fetch(appUrl);
    const html = await probe.text();
    if (probe.status !== 200 || !html.includes("专精特新")) throw new Error(`GET / did not serve the landing page (status ${probe.status})`);

    console.log(`page bench: ${CONNECTIONS} connections, ${SECONDS} s per target after ${WARMUP_SECONDS} s warm-up, loopback, ${os.cpus().length} CPUs, Node ${process.version}`);
    const page = await measure("GET / (SSR landing, identity)", appUrl);
    const pageGzip = await measure("GET / (SSR landing, gzip)", appUrl, { "Accept-Encoding": "gzip" });
    const helloFigures = await measure("bare Express hello", helloUrl);
    console.log("");
    printTable([page, pageGzip, helloFigures]);
    console.log("");
    console.log(`ratio hello/page throughput: ${(helloFigures.reqPerSec / page.reqPerSec).toFixed(1)}x  (gzip page: ${(helloFigures.reqPerSec / pageGzip.reqPerSec).toFixed(1)}x)`);
    console.log(`ratio page/hello p99 latency: ${(page.p99 / Math.max(helloFigures.p99, 0.001)).toFixed(1)}x  (gzip page: ${(pageGzip.p99 / Math.max(helloFigures.p99, 0.001)).toFixed(1)}x)`);
    return { page, pageGzip, hello: helloFigures };
  } finally {
    await new Promise<void>((resolve) => helloServer.close(() => resolve()));
    await app.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  run().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
