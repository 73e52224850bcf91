import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { cjkFontBytes, embedCjkFont } from "./pdf-cjk-font.server";

beforeAll(() => {
  if (spawnSync("pdftoppm", ["-v"]).error) execFileSync("sh", ["-c", "apt-get install -y poppler-utils >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y poppler-utils >/dev/null 2>&1)"], { stdio: "ignore" });
}, 300_000);

const LINE = "新疆专精特新专板季报 2026-01-01 至 2026-03-31 收集服务需求数 4 按时办结率 66.67%";

async function page(embed: (doc: PDFDocument) => Promise<Awaited<ReturnType<PDFDocument["embedFont"]>>>): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await embed(doc);
  doc.addPage([600, 60]).drawText(LINE, { x: 10, y: 25, size: 14, font });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cjk-"));
  fs.writeFileSync(path.join(dir, "a.pdf"), await doc.save({ useObjectStreams: false }));
  execFileSync("pdftoppm", ["-png", "-r", "72", "-singlefile", path.join(dir, "a.pdf"), path.join(dir, "a")]);
  return sharp(path.join(dir, "a.png")).greyscale().raw().toBuffer();
}

describe("the embedded CJK font subset", () => {
  it("prints every glyph exactly as the whole font does (fontkit's short-loca subset misplaced odd-length glyphs)", async () => {
    const subset = await page(embedCjkFont);
    const whole = await page(async (doc) => {
      doc.registerFontkit(fontkit);
      return doc.embedFont(cjkFontBytes(), { subset: false });
    });
    expect(subset.length).toBe(whole.length);
    let differing = 0;
    for (let i = 0; i < whole.length; i++) if (Math.abs(whole[i]! - subset[i]!) > 8) differing++;
    expect(differing).toBe(0);
    // And the line is really there (dark pixels), not two equally blank pages.
    expect([...whole].filter((v) => v < 128).length).toBeGreaterThan(1000);
  });
});
