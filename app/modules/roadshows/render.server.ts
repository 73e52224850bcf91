import crypto from "node:crypto";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type * as Canvas from "@napi-rs/canvas";
import type Sharp from "sharp";
import { DomainError } from "~/utils/errors";
import { assertPageRenderable, openPdf, RENDER_SCALE } from "./pdf.server";

const require = createRequire(import.meta.url);
const WATERMARK_FONT = "NotoSansSC-Watermark";

// The native canvas and image libraries load on the first page render, not at server start (ADR 0901).
let graphics: Promise<{ canvas: typeof Canvas; sharp: typeof Sharp }> | undefined;
function loadGraphics() {
  return (graphics ??= Promise.all([import("@napi-rs/canvas"), import("sharp")]).then(([canvas, sharp]) => {
    // The server has no system fonts; without a registered CJK font the watermark would draw as tofu.
    canvas.GlobalFonts.registerFromPath(require.resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"), WATERMARK_FONT);
    return { canvas, sharp: sharp.default };
  }));
}

export { RENDER_SCALE };

/**
 * At most `concurrency` jobs run at once; up to `maxWaiting` more wait their turn in order; anything beyond is
 * refused at once ("busy, try again") rather than queued without bound.
 */
export class BoundedQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new DomainError("roadshows:errors.renderBusy");
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next job; only when nobody waits does it free up.
      if (next) next();
      else this.running--;
    }
  }
}

/** Rasterising is CPU and memory heavy: one page at a time per core, a short line behind, the rest refused. */
export const renderQueue = new BoundedQueue(2, 16);

export type RenderCache = { dir: string };

async function readIfExists(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch {
    return null;
  }
}

async function writeAtomically(file: string, bytes: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  await fs.writeFile(tmp, bytes);
  await fs.rename(tmp, file);
}

/**
 * The clean page raster (PNG), cached per deck version and page: it never leaves the server, it only
 * saves re-parsing the PDF when another viewer (with another watermark) opens the same page.
 */
export async function renderBasePage(cache: RenderCache, versionId: string, loadPdf: () => Promise<Uint8Array>, page: number): Promise<{ png: Buffer; cached: boolean }> {
  const file = path.join(cache.dir, versionId, `base-${page}.png`);
  const hit = await readIfExists(file);
  if (hit) return { png: hit, cached: true };
  return renderQueue.run(() => rasterise(file, loadPdf, page));
}

async function rasterise(file: string, loadPdf: () => Promise<Uint8Array>, page: number): Promise<{ png: Buffer; cached: boolean }> {
  const { canvas: { createCanvas } } = await loadGraphics();
  const doc = await openPdf(await loadPdf());
  try {
    const p = await doc.getPage(page);
    const size = p.getViewport({ scale: 1 });
    // Decks stored before the upload cap are held to it here too.
    assertPageRenderable(page, size.width, size.height);
    const viewport = p.getViewport({ scale: RENDER_SCALE });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    // pdf.js's Node build draws on @napi-rs/canvas; the DOM canvas types do not describe it.
    await p.render({ canvas: canvas as unknown as HTMLCanvasElement, canvasContext: ctx as unknown as CanvasRenderingContext2D, viewport }).promise;
    const png = await canvas.encode("png");
    await writeAtomically(file, png);
    return { png, cached: false };
  } finally {
    await doc.destroy();
  }
}

/**
 * Burns the viewer's watermark into the page: a tiled diagonal line of text across the whole page plus
 * a solid footer, so cropping one copy away leaves the others.
 */
export async function watermarkPage(basePng: Buffer, lines: string[]): Promise<Buffer> {
  const { canvas: { createCanvas, loadImage }, sharp } = await loadGraphics();
  const meta = await sharp(basePng).metadata();
  const w = meta.width ?? 1;
  const h = meta.height ?? 1;
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext("2d");
  // loadImage waits for the decode; an Image whose src was just set may still be empty when drawn.
  ctx.drawImage(await loadImage(basePng), 0, 0);
  const text = lines.join("  ·  ");
  const size = Math.max(14, Math.round(w / 60));
  ctx.save();
  ctx.font = `${size}px ${WATERMARK_FONT}`;
  ctx.fillStyle = "rgba(180, 30, 30, 0.16)";
  ctx.translate(w / 2, h / 2);
  ctx.rotate(-Math.PI / 7);
  const step = size * 5;
  for (let y = -h; y < h; y += step) {
    for (let x = -w * 1.2; x < w * 1.2; x += ctx.measureText(text).width + size * 4) ctx.fillText(text, x, y);
  }
  ctx.restore();
  ctx.font = `${Math.round(size * 0.9)}px ${WATERMARK_FONT}`;
  ctx.fillStyle = "rgba(255,255,255,0.85)";
  ctx.fillRect(0, h - size * 1.8, w, size * 1.8);
  ctx.fillStyle = "rgba(120, 20, 20, 0.9)";
  ctx.fillText(text, size * 0.6, h - size * 0.6);
  return sharp(await canvas.encode("png")).webp({ quality: 80 }).toBuffer();
}

/**
 * The page as one viewer sees it. Cached per (version, page, viewer, language, watermark hour bucket):
 * the time on the watermark is the hour the copy was made, so a cached copy never shows a wrong viewer,
 * and the language is part of the name so a copy made for a Chinese session is never served to an
 * English one (even where the lines happen to read the same).
 */
export async function renderViewerPage(
  cache: RenderCache,
  input: { versionId: string; page: number; viewerKey: string; locale: string; watermark: string[]; bucket: string; loadPdf: () => Promise<Uint8Array> },
): Promise<{ webp: Buffer; cached: "full" | "base" | "none" }> {
  const key = crypto.createHash("sha256").update(`${input.viewerKey}|${input.locale}|${input.bucket}|${input.watermark.join("|")}`).digest("hex").slice(0, 24);
  const file = path.join(cache.dir, input.versionId, `p${input.page}-${input.locale}-${key}.webp`);
  const hit = await readIfExists(file);
  if (hit) return { webp: hit, cached: "full" };
  const base = await renderBasePage(cache, input.versionId, input.loadPdf, input.page);
  const webp = await watermarkPage(base.png, input.watermark);
  await writeAtomically(file, webp);
  return { webp, cached: base.cached ? "base" : "none" };
}
