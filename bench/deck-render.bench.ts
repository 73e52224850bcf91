/**
 * Deck page rendering: the first render of a page (parse the PDF, rasterise with pdf.js on @napi-rs/canvas,
 * burn the watermark, encode WebP) against the cached paths — another viewer on the same page (clean raster
 * cached, only the watermark is drawn) and the same viewer again (the finished WebP read from disk).
 * Run alone: node --import tsx bench/deck-render.bench.ts
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { renderViewerPage } from "../app/modules/roadshows/render.server";
import { buildSampleDeck } from "../app/modules/roadshows/sample-deck";

const PAGES = 8;
const ms = (t0: number) => performance.now() - t0;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!, mean: xs.reduce((a, b) => a + b, 0) / xs.length };
};
const fmt = (x: { median: number; p95: number; mean: number }) => `median ${x.median.toFixed(1)} ms  p95 ${x.p95.toFixed(1)} ms  mean ${x.mean.toFixed(1)} ms`;

export default async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deck-bench-"));
  try {
    const pdf = await buildSampleDeck({ title: "Bench Deck", pages: PAGES });
    const cache = { dir };
    const loadPdf = async () => pdf;
    const page = (versionId: string, p: number, viewer: string) =>
      renderViewerPage(cache, { versionId, page: p, viewerKey: viewer, locale: "zh-CN", watermark: [viewer, "天山商业银行乌鲁木齐分行", "2026-03-02 10:00"], bucket: "h0", loadPdf });

    // Warm up the module loads (pdf.js, fonts) so the first measured render is a page render, not an import.
    await page("warmup", 1, "warm");

    const first: number[] = [];
    const otherViewer: number[] = [];
    const sameViewer: number[] = [];
    let bytes = 0;
    for (let round = 0; round < 3; round++) {
      const versionId = `v${round}`;
      for (let p = 1; p <= PAGES; p++) {
        let t0 = performance.now();
        const r1 = await page(versionId, p, "王海燕");
        first.push(ms(t0));
        if (r1.cached !== "none") throw new Error("expected a cold render");
        bytes += r1.webp.byteLength;
        t0 = performance.now();
        const r2 = await page(versionId, p, "赵一鸣");
        otherViewer.push(ms(t0));
        if (r2.cached !== "base") throw new Error("expected the clean raster from cache");
        t0 = performance.now();
        const r3 = await page(versionId, p, "王海燕");
        sameViewer.push(ms(t0));
        if (r3.cached !== "full") throw new Error("expected the finished page from cache");
      }
    }
    const a = stats(first);
    const b = stats(otherViewer);
    const c = stats(sameViewer);
    console.log(`deck-render: ${first.length} page renders at 1.5x (960x540 pt slides → 1440x810 px WebP, avg ${(bytes / first.length / 1024).toFixed(0)} KB)`);
    console.log(`  first render (parse + rasterise + watermark + WebP): ${fmt(a)}`);
    console.log(`  cached raster, new viewer (watermark + WebP):        ${fmt(b)}`);
    console.log(`  cached page, same viewer (file read):                ${fmt(c)}`);
    console.log(`  speed-up vs first render: new viewer ×${(a.median / b.median).toFixed(1)}, same viewer ×${(a.median / c.median).toFixed(0)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run();
