import fs from "node:fs";
import { createRequire } from "node:module";
import type Fontkit from "@pdf-lib/fontkit";
import { onFirstUse } from "./on-first-use.server";
import type { PDFDocument, PDFFont } from "pdf-lib";

const fontkit = onFirstUse<typeof Fontkit>("@pdf-lib/fontkit");

/**
 * The CJK face (Noto Sans SC Regular) embedded in our PDFs, subset to the glyphs used (ADR 0705).
 *
 * @pdf-lib/fontkit 1.1's TrueType subsetter copies each glyph's bytes as they are and then writes a *short* `loca`
 * table (offsets stored halved) whenever the subset is under 128 KB. Noto Sans SC has glyphs of odd length (its own
 * `loca` is long), so every glyph after the first odd one is read from the wrong place: the text extracts (ToUnicode
 * is right) but most characters print as blanks or garbage. Padding each copied glyph to an even length — what the
 * TrueType spec asks of a short `loca` — makes the offsets exact. The patch is applied once to the subsetter class.
 */

const require = createRequire(import.meta.url);
let fontBytes: Buffer | null = null;
export const cjkFontBytes = (): Buffer => (fontBytes ??= fs.readFileSync(require.resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf")));

/** fontkit's bundled Buffer (not Node's: its stream code accepts only its own), with the static alloc of Buffer. */
type GlyphBytes = Uint8Array & { constructor: { alloc(n: number): Uint8Array } };
type SubsetInternals = { glyf: GlyphBytes[]; offset: number; _addGlyph(gid: number): number; __evenGlyphs?: true };
let patched = false;

function padSubsetGlyphs() {
  if (patched) return;
  const probe = fontkit().create(cjkFontBytes()) as unknown as { createSubset(): object };
  const proto = Object.getPrototypeOf(probe.createSubset()) as SubsetInternals;
  if (!proto.__evenGlyphs) {
    const addGlyph = proto._addGlyph;
    proto._addGlyph = function (this: SubsetInternals, gid: number) {
      const index = addGlyph.call(this, gid);
      const last = this.glyf[this.glyf.length - 1]!;
      if (last.length % 2 === 1) {
        const padded = last.constructor.alloc(last.length + 1) as GlyphBytes;
        padded.set(last, 0);
        this.glyf[this.glyf.length - 1] = padded;
        this.offset += 1;
      }
      return index;
    };
    proto.__evenGlyphs = true;
  }
  patched = true;
}

/** Registers fontkit on the document and embeds the CJK face, subset, with glyphs that print. */
export async function embedCjkFont(doc: PDFDocument): Promise<PDFFont> {
  padSubsetGlyphs();
  doc.registerFontkit(fontkit());
  return doc.embedFont(cjkFontBytes(), { subset: true });
}
