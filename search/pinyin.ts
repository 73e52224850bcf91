import { pinyin } from "pinyin-pro";

/**
 * Pinyin for search (ADR 0106): people type 金沙锂电 as `jinsha`, `lidian` or `jsld`. Each run of
 * Chinese characters in a short field (names, titles, labels) yields, for every window of two to four
 * consecutive characters, its full pinyin joined (`lidian`) and its initials (from three characters on:
 * `jsld`). Two-letter initials go to an attribute of their own (`shortInitials`), of names only and at word
 * starts, so they do not match every place and label. Both engines index these
 * words in a `pinyin` attribute, so a pinyin query is an ordinary word query (prefixes and typos
 * included). Polyphones are read in the context of the whole run (pinyin-pro), `ü` is typed `v`.
 */

const HAN_RUN = /\p{Script=Han}+/gu;
const MIN_WINDOW = 2;
const MAX_WINDOW = 4;
const MIN_INITIALS_WINDOW = 3;

const cache = new Map<string, string[]>();
const CACHE_MAX = 50_000;

/** Syllables of a Chinese run, one per character, lower case, no tones. */
export function syllables(run: string): string[] {
  return pinyin(run, { toneType: "none", type: "array", v: true }).map((s) => s.toLowerCase());
}

function runWords(run: string): string[] {
  const cached = cache.get(run);
  if (cached) return cached;
  const sy = syllables(run);
  const words = new Set<string>();
  for (let size = MIN_WINDOW; size <= Math.min(MAX_WINDOW, sy.length); size++) {
    for (let i = 0; i + size <= sy.length; i++) {
      const window = sy.slice(i, i + size);
      words.add(window.join(""));
      if (size >= MIN_INITIALS_WINDOW) words.add(window.map((s) => s[0]).join(""));
    }
  }
  const out = [...words];
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(run, out);
  return out;
}

/** The pinyin words of some short values, space-separated (the `pinyin` attribute of a document). */
export function pinyinWords(values: (string | null | undefined)[]): string {
  const words = new Set<string>();
  for (const value of values) {
    if (!value) continue;
    for (const [run] of value.matchAll(HAN_RUN)) for (const w of runWords(run)) words.add(w);
  }
  return [...words].join(" ");
}

const wordSegmenter = new Intl.Segmenter("zh", { granularity: "word" });
const shortCache = new Map<string, string[]>();

/**
 * Two-letter initials of a run: of its first two characters and of the first two of each word of two or more
 * characters (新疆|金沙|锂电 → xj js ld). One-character words are skipped: the segmenter splits names it does not
 * know into characters (鄯|善|红枣), and 善红 is no word anyone types.
 */
function runShortInitials(run: string): string[] {
  const cached = shortCache.get(run);
  if (cached) return cached;
  const sy = syllables(run);
  const chars = Array.from(run);
  const out = new Set<string>();
  let at = 0;
  for (const { segment } of wordSegmenter.segment(run)) {
    const length = Array.from(segment).length;
    if (at + 1 < chars.length && (at === 0 || length >= 2)) {
      const initials = sy[at]![0]! + sy[at + 1]![0]!;
      if (/^[a-z]{2}$/.test(initials)) out.add(initials);
    }
    at += length;
  }
  const words = [...out];
  if (shortCache.size >= CACHE_MAX) shortCache.clear();
  shortCache.set(run, words);
  return words;
}

/**
 * Two-letter initials of names and titles (`bz` for 巴州, `sh` for 石化), for the engines' `_initials` attribute
 * (INITIALS_FIELD). Only the two characters at each word start count (not every window: 疆金 in 新疆金沙 is
 * nothing anyone types), so a two-letter query matches names holding a word with those initials and little else.
 * The attribute follows the headline attributes, so such a match ranks like a match in the name and above
 * the prefix matches of full pinyin (`sh` → shanshan) that come later.
 */
export function shortInitials(values: unknown[]): string {
  const words = new Set<string>();
  for (const value of values) {
    if (typeof value !== "string" || !value) continue;
    for (const [run] of value.matchAll(HAN_RUN)) for (const w of runShortInitials(run)) words.add(w);
  }
  return [...words].join(" ");
}

/** Full pinyin (`lidianchi`) and, from three characters on, initials (`ldc`) of one Chinese word. */
export function pinyinKeys(word: string): string[] {
  const sy = syllables(word);
  if (sy.length < MIN_WINDOW || !/^\p{Script=Han}+$/u.test(word)) return [];
  const keys = [sy.join("")];
  if (sy.length >= MIN_INITIALS_WINDOW) keys.push(sy.map((s) => s[0]).join(""));
  return keys;
}
