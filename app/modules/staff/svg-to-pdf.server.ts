import type * as PdfLib from "pdf-lib";
import type { Color, PDFFont, PDFPage } from "pdf-lib";
import { onFirstUse } from "~/utils/on-first-use.server";

const pdfLib = onFirstUse<typeof PdfLib>("pdf-lib");
const rgb = (...args: Parameters<typeof PdfLib.rgb>) => pdfLib().rgb(...args);
const degrees = (...args: Parameters<typeof PdfLib.degrees>) => pdfLib().degrees(...args);
const pushGraphicsState = () => pdfLib().pushGraphicsState();
const popGraphicsState = () => pdfLib().popGraphicsState();
const concatTransformationMatrix = (...args: Parameters<typeof PdfLib.concatTransformationMatrix>) => pdfLib().concatTransformationMatrix(...args);

/**
 * Draws a chart's SVG, as ECharts' SSR renderer writes it (ADR 0701), onto a pdf-lib page as vectors (ADR 0705):
 * every <path> and <rect> through pdf-lib's SVG path operators under the element's transform, every <text> with the
 * document's embedded CJK font. So the report pack prints the very charts /stats shows, sharp at any zoom, with
 * searchable text, and the same SVG always gives the same PDF operators. Only what that renderer emits is read:
 * path, rect and text with fill/stroke colours and opacities, translate/rotate/scale/matrix transforms; clip paths
 * (used by ECharts only for its entry animation, which is off) are ignored.
 */

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** a·b: apply b first, then a. */
function multiply(a: Matrix, b: Matrix): Matrix {
  return [a[0] * b[0] + a[2] * b[1], a[1] * b[0] + a[3] * b[1], a[0] * b[2] + a[2] * b[3], a[1] * b[2] + a[3] * b[3], a[0] * b[4] + a[2] * b[5] + a[4], a[1] * b[4] + a[3] * b[5] + a[5]];
}

export function parseTransform(s: string | undefined): Matrix {
  let m: Matrix = IDENTITY;
  if (!s) return m;
  for (const [, fn, args] of s.matchAll(/(matrix|translate|scale|rotate)\s*\(([^)]*)\)/g)) {
    const n = args!.split(/[\s,]+/).filter(Boolean).map(Number);
    let t: Matrix = IDENTITY;
    if (fn === "matrix" && n.length === 6) t = n as Matrix;
    else if (fn === "translate") t = [1, 0, 0, 1, n[0] ?? 0, n[1] ?? 0];
    else if (fn === "scale") t = [n[0] ?? 1, 0, 0, n[1] ?? n[0] ?? 1, 0, 0];
    else if (fn === "rotate") {
      const r = ((n[0] ?? 0) * Math.PI) / 180;
      t = [Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0];
    }
    m = multiply(m, t);
  }
  return m;
}

/** A colour and its alpha, or null for none. */
export function parseColor(s: string | undefined): { color: Color; alpha: number } | null {
  if (!s || s === "none" || s === "transparent") return null;
  let m = /^#([0-9a-f]{3})$/i.exec(s);
  if (m) {
    const [r, g, b] = [...m[1]!].map((c) => parseInt(c + c, 16) / 255);
    return { color: rgb(r!, g!, b!), alpha: 1 };
  }
  m = /^#([0-9a-f]{6})$/i.exec(s);
  if (m) {
    const v = parseInt(m[1]!, 16);
    return { color: rgb(((v >> 16) & 255) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255), alpha: 1 };
  }
  m = /^rgba?\(([^)]*)\)$/i.exec(s);
  if (m) {
    const [r = 0, g = 0, b = 0, a = 1] = m[1]!.split(",").map((x) => Number(x.trim()));
    return { color: rgb(r / 255, g / 255, b / 255), alpha: a };
  }
  return null;
}

const attributes = (raw: string): Record<string, string> => Object.fromEntries([...raw.matchAll(/([\w:-]+)="([^"]*)"/g)].map(([, k, v]) => [k!, v!]));
const decode = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
const clamp01 = (x: number) => Math.min(1, Math.max(0, Number.isFinite(x) ? x : 1));
const round = (x: number) => Math.round(x * 1000) / 1000;
const charsets = new WeakMap<PDFFont, Set<number>>();
const charsetOf = (font: PDFFont) => {
  let set = charsets.get(font);
  if (!set) charsets.set(font, (set = new Set(font.getCharacterSet())));
  return set;
};

export type SvgBox = { width: number; height: number };

/** The SVG's own size (its width and height attributes). */
export function svgSize(svg: string): SvgBox {
  const a = attributes(/<svg\b([^>]*)>/.exec(svg)?.[1] ?? "");
  return { width: Number(a.width) || 640, height: Number(a.height) || 320 };
}

/**
 * Draws `svg` with its top-left corner at (x, top) on the page (PDF points, y up), scaled by `scale`.
 * Glyphs the embedded font does not have are left out rather than failing the whole pack.
 */
export function drawSvg(page: PDFPage, font: PDFFont, svg: string, at: { x: number; top: number; scale: number }) {
  // SVG user space (y down) → page space (y up).
  const toPage: Matrix = [at.scale, 0, 0, -at.scale, at.x, at.top];
  const body = svg.replace(/<defs\b[\s\S]*?<\/defs>/g, "").replace(/<style\b[\s\S]*?<\/style>/g, "");
  // Groups only carry clip paths in ECharts' output; their children are drawn as if the group were not there.
  for (const m of body.matchAll(/<(path|rect|text)\b([^>]*)>(?:([^<]*)<\/text>)?/g)) {
    const [, tag, raw, content] = m;
    const a = attributes(raw!);
    const local = parseTransform(a.transform);
    const fill = parseColor(a.fill);
    const fillAlpha = clamp01(Number(a["fill-opacity"] ?? 1) * (fill?.alpha ?? 1) * Number(a.opacity ?? 1));
    if (tag === "text") {
      const text = decode(content ?? "").trim();
      if (!text || !fill || fillAlpha === 0) continue;
      const size = Number(/font-size:\s*([\d.]+)px/.exec(a.style ?? "")?.[1] ?? 12);
      const charset = charsetOf(font);
      const printable = [...text].filter((c) => charset.has(c.codePointAt(0)!)).join("");
      if (!printable) continue;
      const width = font.widthOfTextAtSize(printable, size);
      const anchor = a["text-anchor"] === "middle" ? width / 2 : a["text-anchor"] === "end" ? width : 0;
      const baseline = a["dominant-baseline"] === "central" ? size * 0.35 : a["dominant-baseline"] === "hanging" ? size * 0.8 : 0;
      const m2 = multiply(toPage, local);
      const lx = Number(a.x ?? 0) - anchor;
      const ly = Number(a.y ?? 0) + baseline;
      const px = m2[0] * lx + m2[2] * ly + m2[4];
      const py = m2[1] * lx + m2[3] * ly + m2[5];
      const scale = Math.hypot(m2[0], m2[1]);
      page.drawText(printable, { x: round(px), y: round(py), size: round(size * scale), font, color: fill.color, opacity: fillAlpha, rotate: degrees(round((Math.atan2(m2[1], m2[0]) * 180) / Math.PI)) });
      continue;
    }
    const d =
      tag === "rect"
        ? `M${Number(a.x ?? 0)} ${Number(a.y ?? 0)}h${Number(a.width ?? 0)}v${Number(a.height ?? 0)}h${-Number(a.width ?? 0)}Z`
        : (a.d ?? "");
    if (!d) continue;
    const stroke = parseColor(a.stroke);
    const strokeWidth = Number(a["stroke-width"] ?? 1);
    const strokeAlpha = clamp01(Number(a["stroke-opacity"] ?? 1) * (stroke?.alpha ?? 1) * Number(a.opacity ?? 1));
    const filled = fill !== null && fillAlpha > 0;
    const stroked = stroke !== null && strokeWidth > 0 && strokeAlpha > 0;
    if (!filled && !stroked) continue;
    // The element's transform as a CTM; drawSvgPath flips y itself, so undo that flip inside.
    const ctm = multiply(multiply(toPage, local), [1, 0, 0, -1, 0, 0]);
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(...(ctm.map(round) as Matrix)));
    page.drawSvgPath(d, {
      x: 0,
      y: 0,
      ...(filled ? { color: fill.color, opacity: fillAlpha } : {}),
      ...(stroked ? { borderColor: stroke.color, borderWidth: strokeWidth, borderOpacity: strokeAlpha, borderLineCap: a["stroke-linecap"] === "round" ? pdfLib().LineCapStyle.Round : undefined } : {}),
    });
    page.pushOperators(popGraphicsState());
  }
}
