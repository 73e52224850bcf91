import type { HighlightSegment } from "./engine";
import type { SynonymGroup } from "./indexes";
import { synonymGroups } from "./registry";

/**
 * Text handling shared by both engines: query sanitising (so both engines see the same words),
 * Chinese-aware tokens for the embedded engine, and highlighting.
 */

export const MAX_QUERY_CHARS = 64;
/** Meilisearch only ever considers the first 10 words of a query; the embedded engine does the same. */
export const MAX_QUERY_WORDS = 10;

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });
/** A Chinese run, or a word of any other script ("B超声波" is the word "b" and the run 超声波). */
const HAN_RUN_OR_WORD = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}\p{M}])+/gu;
const IS_HAN = /^\p{Script=Han}/u;
/** Put between two Chinese runs of one field so a bigram phrase never spans punctuation. */
const RUN_BOUNDARY = "ˌ";

/**
 * What the user typed, reduced to words: operator characters of either engine (quotes, `*`, `-`,
 * `^`, parentheses...), emoji and control characters become spaces; length and word count are
 * capped. Never throws, whatever `raw` is.
 */
export function sanitiseQuery(raw: unknown): string {
  if (typeof raw !== "string" || raw.length === 0) return "";
  const cleaned = raw
    .slice(0, MAX_QUERY_CHARS * 16)
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, " ")
    .trim();
  let out = "";
  let words = 0;
  for (const { segment, isWordLike } of segmenter.segment(cleaned)) {
    if (isWordLike) {
      if (words >= MAX_QUERY_WORDS) break;
      words++;
    }
    if (out.length + segment.length > MAX_QUERY_CHARS) break;
    out += segment;
  }
  return out.trim();
}

const chars = (s: string): string[] => Array.from(s);

function bigrams(run: string): string[] {
  const cs = chars(run);
  if (cs.length < 2) return cs;
  const out: string[] = [];
  for (let i = 0; i + 1 < cs.length; i++) out.push(cs[i]! + cs[i + 1]!);
  return out;
}

/**
 * A run's tokens in the index: its bigrams, then its last character on its own. A one-character query
 * is a prefix query over bigrams, which finds every character but the last of a run; the extra token
 * finds that one too (贷 in 天山知识产权质押贷). It follows the bigrams, so phrases of bigrams are unchanged.
 */
function runTokens(run: string): string[] {
  const grams = bigrams(run);
  const cs = chars(run);
  return cs.length < 2 ? grams : [...grams, cs[cs.length - 1]!];
}

/**
 * Short values (names, places, tags) repeat across thousands of documents, so their
 * tokens are remembered. Long free text (summaries) is rarely repeated and is not cached.
 */
const PART_CACHE_MAX_CHARS = 48;
const PART_CACHE_MAX_ENTRIES = 20_000;
const partCache = new Map<string, string[]>();

function partTokens(part: string): string[] {
  const cacheable = part.length <= PART_CACHE_MAX_CHARS;
  const cached = cacheable ? partCache.get(part) : undefined;
  if (cached) return cached;
  const tokens: string[] = [];
  let lastWasHan = false;
  for (const [atom] of part.normalize("NFKC").toLowerCase().matchAll(HAN_RUN_OR_WORD)) {
    if (IS_HAN.test(atom)) {
      if (lastWasHan) tokens.push(RUN_BOUNDARY);
      tokens.push(...runTokens(atom));
      lastWasHan = true;
    } else {
      tokens.push(atom);
      lastWasHan = false;
    }
  }
  if (cacheable) {
    if (partCache.size >= PART_CACHE_MAX_ENTRIES) partCache.clear();
    partCache.set(part, tokens);
  }
  return tokens;
}

/**
 * Tokens for one field value, space-separated for FTS5's unicode61 tokenizer: Latin/Uyghur words
 * as words; each Chinese run as overlapping character bigrams, so any 2+ character substring is a
 * phrase of consecutive bigrams (no dictionary needed: 新能 finds 新能源 and brand names alike).
 */
export function indexTokens(value: string | string[] | null | undefined): string {
  if (value == null) return "";
  const parts = Array.isArray(value) ? value : [value];
  const tokens: string[] = [];
  for (const part of parts) {
    if (typeof part !== "string" || !part) continue;
    if (tokens.length) tokens.push(RUN_BOUNDARY);
    tokens.push(...partTokens(part));
  }
  return tokens.join(" ");
}

/** One unit of a parsed query; a unit with several variants matches if any variant does. */
export interface QueryUnit {
  variants: string[][]; // each variant is a sequence of atoms (Chinese runs or words), all required
}

export type Atom = { text: string; han: boolean };

export function atomsOf(text: string): Atom[] {
  return [...text.normalize("NFKC").toLowerCase().matchAll(HAN_RUN_OR_WORD)].map(([t]) => ({ text: t, han: IS_HAN.test(t) }));
}

/** The registered vocabulary in the shapes parseQuery matches against, worked out once per registration. */
type SynonymForms = { variants: string[][][]; latinForms: string[][][]; hanSynonyms: { word: string; gi: number }[] };
let formsOf: { groups: readonly SynonymGroup[]; forms: SynonymForms } | null = null;

function synonymForms(): SynonymForms {
  const groups = synonymGroups();
  if (formsOf?.groups === groups) return formsOf.forms;
  const forms: SynonymForms = {
    variants: groups.map((group) => group.words.map((w) => atomsOf(w).map((a) => a.text))),
    /** What a sequence of non-Chinese words may spell to stand for a group: its words and its pinyin triggers. */
    latinForms: groups.map((group) =>
      [...group.words, ...group.triggers].map((w) => atomsOf(w)).filter((atoms) => atoms.length > 0 && atoms.every((a) => !a.han)).map((atoms) => atoms.map((a) => a.text)),
    ),
    hanSynonyms: groups.flatMap((group, gi) => group.words.filter((w) => IS_HAN.test(w) && atomsOf(w).length === 1).map((w) => ({ word: w, gi }))).sort((a, b) => b.word.length - a.word.length),
  };
  formsOf = { groups, forms };
  return forms;
}

/**
 * Splits a sanitised query into units, recognising synonym phrases: inside a Chinese run
 * (a registered phrase followed by more characters splits after the phrase) and across words (a two-word phrase).
 */
export function parseQuery(query: string): QueryUnit[] {
  const { variants: synonymVariants, latinForms, hanSynonyms } = synonymForms();
  const pieces: { atom: Atom; group?: number }[] = [];
  for (const atom of atomsOf(query)) {
    if (!atom.han) {
      pieces.push({ atom });
      continue;
    }
    let rest = atom.text;
    while (rest) {
      let best: { at: number; word: string; gi: number } | null = null;
      for (const s of hanSynonyms) {
        const at = rest.indexOf(s.word);
        if (at >= 0 && (!best || at < best.at)) best = { at, word: s.word, gi: s.gi };
      }
      if (!best) {
        pieces.push({ atom: { text: rest, han: true } });
        break;
      }
      if (best.at > 0) pieces.push({ atom: { text: rest.slice(0, best.at), han: true } });
      pieces.push({ atom: { text: best.word, han: true }, group: best.gi });
      rest = rest.slice(best.at + best.word.length);
    }
  }
  const units: QueryUnit[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (piece.group !== undefined) {
      units.push({ variants: synonymVariants[piece.group]! });
      continue;
    }
    let matched = false;
    if (!piece.atom.han) {
      for (const [gi, group] of latinForms.entries()) {
        const hit = group.find(
          (v) => v.length > 0 && v.every((w, k) => pieces[i + k] && pieces[i + k]!.group === undefined && pieces[i + k]!.atom.text === w),
        );
        if (hit) {
          units.push({ variants: synonymVariants[gi]! });
          i += hit.length - 1;
          matched = true;
          break;
        }
      }
    }
    if (!matched) units.push({ variants: [[piece.atom.text]] });
  }
  return units;
}

export const isHan = (text: string): boolean => IS_HAN.test(text);

/** The token indexTokens puts between two Chinese runs (it is no word). */
export const isRunBoundary = (token: string): boolean => token === RUN_BOUNDARY;

export { bigrams };

/** Quotes a string for an FTS5 MATCH expression: user text only ever appears inside quotes. */
export const ftsString = (text: string): string => `"${text.replaceAll('"', '""')}"`;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export interface HighlightTerm {
  text: string;
  prefix: boolean;
}

/** The literal strings a query would highlight (every variant, the last word as a prefix). */
export function highlightTerms(units: QueryUnit[]): HighlightTerm[] {
  const terms: HighlightTerm[] = [];
  units.forEach((unit, ui) => {
    for (const variant of unit.variants) {
      variant.forEach((text, ai) => {
        const last = ui === units.length - 1 && unit.variants.length === 1 && ai === variant.length - 1;
        terms.push({ text, prefix: last || isHan(text) });
      });
    }
  });
  return terms;
}

/** Splits `text` into plain and matched segments. */
export function highlightText(text: string, terms: HighlightTerm[]): HighlightSegment[] {
  if (!text) return [];
  if (terms.length === 0) return [{ text, match: false }];
  const alternatives = [...terms]
    .sort((a, b) => b.text.length - a.text.length)
    .map((t) =>
      isHan(t.text)
        ? escapeRegExp(t.text)
        : `(?<![\\p{L}\\p{N}])${escapeRegExp(t.text)}${t.prefix ? "" : "(?![\\p{L}\\p{N}])"}`,
    );
  const re = new RegExp(alternatives.join("|"), "giu");
  const out: HighlightSegment[] = [];
  let at = 0;
  for (const m of text.matchAll(re)) {
    if (m[0].length === 0) continue;
    if (m.index > at) out.push({ text: text.slice(at, m.index), match: false });
    const prev = out[out.length - 1];
    if (prev?.match && m.index === at) prev.text += m[0];
    else out.push({ text: m[0], match: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at), match: false });
  return out;
}

/** Damerau–Levenshtein distance with an early exit above `max` (typo tolerance for Latin words). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return d[a.length]![b.length]!;
}

/** Meilisearch's defaults: 1 typo from 5 characters, 2 from 9, none on the first letter. */
export const typoBudget = (word: string): number => (word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0);
