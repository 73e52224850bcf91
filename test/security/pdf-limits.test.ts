// ASVS V5.2 (file handling) / V15 (resource limits): a PDF that declares a huge page is refused at upload and at
// render, and renders run through a bounded queue that refuses work beyond it.
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { inspectPdf } from "~/modules/roadshows/pdf.server";
import { BoundedQueue, renderBasePage } from "~/modules/roadshows/render.server";

async function pdfWithPage(width: number, height: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  doc.addPage([width, height]);
  return doc.save();
}

describe("page size caps", () => {
  it("refuses at upload a deck with a 9,000 × 9,000 pt page, with a clear message", async () => {
    const bytes = await pdfWithPage(9_000, 9_000);
    expect(bytes.byteLength).toBeLessThan(2_000);
    await expect(inspectPdf(bytes)).rejects.toMatchObject({ message: "roadshows:errors.pageTooLarge", values: { page: 2 } });
  });

  it("accepts ordinary slide sizes (16:9 at 1920 × 1080 pt, A4)", async () => {
    await expect(inspectPdf(await pdfWithPage(1_920, 1_080))).resolves.toEqual({ pageCount: 2 });
  });

  it("refuses to render such a page from a deck stored before the cap", async () => {
    const bytes = await pdfWithPage(9_000, 9_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "render-cap-"));
    try {
      await expect(renderBasePage({ dir }, "v1", async () => bytes, 2)).rejects.toMatchObject({ message: "roadshows:errors.pageTooLarge" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the render queue", () => {
  it("runs at most `concurrency` jobs at once and refuses work beyond its waiting room", async () => {
    const queue = new BoundedQueue(2, 3);
    let running = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const job = () =>
      queue.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
      });
    const accepted = [job(), job(), job(), job(), job()];
    await expect(job()).rejects.toMatchObject({ message: "roadshows:errors.renderBusy" });
    while (gates.length || running) {
      await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    await Promise.all(accepted);
    expect(peak).toBe(2);
  });
});
