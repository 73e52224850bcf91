import { createRequire } from "node:module";
import path from "node:path";
import type * as PdfJsModule from "pdfjs-dist/legacy/build/pdf.mjs";
import { loadKeepingBuiltIns } from "~/utils/built-ins.server";
import { DomainError } from "~/utils/errors";

import { DECK_MAX_BYTES } from "./schemas";
export { DECK_MAX_BYTES };
export const DECK_MAX_PAGES = 200;
/** Longest page side accepted (points; 2,000 pt ≈ 70 cm). Slides are ~960 pt wide, A3 is 1,191 pt high. */
export const PAGE_MAX_SIDE_PT = 2_000;
/** Page images are rendered at this scale (1.5 × 72 dpi): legible slides, ~100–300 KB per WebP page. */
export const RENDER_SCALE = 1.5;
/** Most pixels one rendered page may have (~24 MB of RGBA); 1,920 × 1,080 pt at 1.5× is 4.7 M. */
export const RENDER_MAX_PIXELS = 6_000_000;

/** Why a page of this size (points) may not be rendered, or null when it may. */
export function pageSizeProblem(width: number, height: number): "pageTooLarge" | null {
  if (!(width > 0 && height > 0)) return "pageTooLarge";
  if (Math.max(width, height) > PAGE_MAX_SIDE_PT) return "pageTooLarge";
  if (Math.ceil(width * RENDER_SCALE) * Math.ceil(height * RENDER_SCALE) > RENDER_MAX_PIXELS) return "pageTooLarge";
  return null;
}

/** Throws the clear refusal for a page that is too large to render (at upload and again at render). */
export function assertPageRenderable(page: number, width: number, height: number): void {
  if (pageSizeProblem(width, height)) {
    throw new DomainError("roadshows:errors.pageTooLarge", { page, width: Math.round(width), height: Math.round(height), max: PAGE_MAX_SIDE_PT }, "file");
  }
}

const require = createRequire(import.meta.url);
const pdfjsRoot = path.dirname(require.resolve("pdfjs-dist/package.json"));

type PdfJs = typeof PdfJsModule;
let pdfjsPromise: Promise<PdfJs> | null = null;
// pdf.js runs its "worker" in this thread under Node, from this module (it registers itself as globalThis.pdfjsWorker,
// which pdf.js uses instead of importing it later); a variable keeps TypeScript from looking for its types.
const PDFJS_WORKER = "pdfjs-dist/legacy/build/pdf.worker.mjs";
/**
 * pdf.js is large; load it on first use, once per process. Both of its modules bundle core-js: what core-js replaces
 * among Node's own built-ins is put back (`loadKeepingBuiltIns`, ADR 0907), what it adds stays.
 */
export function pdfjs(): Promise<PdfJs> {
  pdfjsPromise ??= loadKeepingBuiltIns(async () => {
    const lib = await import("pdfjs-dist/legacy/build/pdf.mjs");
    await import(/* @vite-ignore */ PDFJS_WORKER);
    return lib;
  });
  return pdfjsPromise;
}

/**
 * Opens a document the way every caller must: no eval, no font-face injection, no XFA/scripting, and
 * pdf.js's own CMaps and standard fonts so CJK text renders without system fonts.
 */
export async function openPdf(bytes: Uint8Array, password?: string) {
  const lib = await pdfjs();
  return lib.getDocument({
    data: new Uint8Array(bytes),
    password,
    cMapUrl: `${pdfjsRoot}/cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${pdfjsRoot}/standard_fonts/`,
    isEvalSupported: false,
    enableXfa: false,
    verbosity: 0,
  }).promise;
}

// Names of PDF actions and objects that run or carry active content. We never execute any of them
// (pages are rasterised on the server), but a deck that contains them is refused outright: it may be
// downloaded by its owner or shown elsewhere, and a pitch deck has no reason to hold them.
const ACTIVE_NAMES = ["/JavaScript", "/JS", "/OpenAction", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/SubmitForm", "/ImportData", "/XFA"];

function hasName(latin1: string, name: string): boolean {
  // A PDF name ends at whitespace or a delimiter; "/JS" must not match "/JSomething".
  const re = new RegExp(`${name.replace("/", "\\/")}(?=[\\s/<>\\[\\]()%{}]|$)`);
  return re.test(latin1);
}

export type PdfFacts = { pageCount: number };

/**
 * Checks an uploaded deck by content: size, the %PDF header, encryption, active content (raw object
 * syntax and what pdf.js reports after parsing, which also sees inside compressed object streams),
 * and page count. Throws a DomainError on the first problem; nothing is stored by the caller then.
 */
export async function inspectPdf(bytes: Uint8Array): Promise<PdfFacts> {
  if (bytes.byteLength === 0) throw new DomainError("roadshows:errors.empty", {}, "file");
  if (bytes.byteLength > DECK_MAX_BYTES) throw new DomainError("roadshows:errors.tooLarge", { mb: DECK_MAX_BYTES / 1024 / 1024 }, "file");
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  if (!head.includes("%PDF-")) throw new DomainError("roadshows:errors.notPdf", {}, "file");
  const latin1 = Buffer.from(bytes).toString("latin1");
  if (hasName(latin1, "/Encrypt")) throw new DomainError("roadshows:errors.encrypted", {}, "file");
  if (ACTIVE_NAMES.some((n) => hasName(latin1, n))) throw new DomainError("roadshows:errors.activeContent", {}, "file");
  let doc;
  try {
    doc = await openPdf(bytes);
  } catch (error) {
    if ((error as { name?: string }).name === "PasswordException") throw new DomainError("roadshows:errors.encrypted", {}, "file");
    throw new DomainError("roadshows:errors.unreadable", {}, "file");
  }
  try {
    const info = (await doc.getMetadata()).info as Record<string, unknown>;
    if (info.EncryptFilterName) throw new DomainError("roadshows:errors.encrypted", {}, "file");
    const [js, attachments, openAction] = await Promise.all([doc.getJSActions(), doc.getAttachments(), doc.getOpenAction()]);
    if ((js && Object.keys(js).length) || (attachments && Object.keys(attachments).length) || openAction) {
      throw new DomainError("roadshows:errors.activeContent", {}, "file");
    }
    if (doc.numPages > DECK_MAX_PAGES) throw new DomainError("roadshows:errors.tooManyPages", { max: DECK_MAX_PAGES, pages: doc.numPages }, "file");
    if (doc.numPages < 1) throw new DomainError("roadshows:errors.unreadable", {}, "file");
    // Every page's declared size, before anyone renders it: a few hundred bytes can declare a page that takes
    // gigabytes and minutes to rasterise.
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const { width, height } = page.getViewport({ scale: 1 });
      page.cleanup();
      assertPageRenderable(n, width, height);
    }
    return { pageCount: doc.numPages };
  } finally {
    await doc.destroy();
  }
}
