import type { SearchEngine, SearchQuery, SearchResult } from "@search/engine";
import type { DocumentOf, IndexName } from "./documents";
import { INDEX_DEFINITIONS } from "./indexes";
import { collateralLabels, industryLabels, institutionTypeLabels, instrumentLabels, productKindLabels, srdiLabels, tierLabels } from "./labels";
import { syllables } from "@search/pinyin";
import { synonymGroups } from "@search/registry";
import { atomsOf, editDistance, parseQuery, sanitiseQuery } from "@search/text";
import { searchFor, type Viewer } from "./visibility";

/**
 * What the search page does when the words find nothing (ADR 0108), the same for both engines because
 * it only uses `searchFor`:
 * 1. "Did you mean": a query word the index does not know is corrected — a Chinese word of three or
 *    more characters by one character (a homophone first: 锂电吃 → 锂电池), a Latin word by one or two
 *    letters (leasnig → leasing) — from the reviewed vocabulary and labels, then from the words of the
 *    documents the rest of the word finds. If the corrected query finds documents, they are shown and
 *    the page says so.
 * 2. Relaxed: otherwise documents matching most of the words, those matching more first (a single
 *    Chinese word is split into its parts: 棉花 → 棉 花), and the page says the query was relaxed.
 * Everything runs under the viewer's visibility: a suggestion only ever comes from what the viewer may see.
 */

export type SearchMode = "exact" | "corrected" | "relaxed";

export interface AssistedResult<D> {
  result: SearchResult<D>;
  mode: SearchMode;
  /**
   * Mode "corrected": the corrected query whose results are shown. Mode "exact": a "did you mean" offered
   * beside the results (see suggestBeside), null when there is none.
   */
  suggestion: string | null;
  /** The words of the relaxed search (mode "relaxed"). */
  relaxedTo: string | null;
}

/** Words of the vocabulary and of the labels documents carry: where corrections are looked for first. */
let lexicon: { han: string[]; latin: string[] } | null = null;
function vocabulary(): { han: string[]; latin: string[] } {
  if (lexicon) return lexicon;
  const codes = {
    sections: "ABCDEFGHIJKLMNOPQRST".split(""),
    tiers: ["incubation", "standardisation", "cultivation"],
    instruments: ["equity", "convertible", "loan", "guarantee", "leasing", "factoring"],
    collateral: ["equity_pledge", "ip", "receivables", "orders", "equipment", "real_estate", "credit"],
    kinds: ["ip_pledge", "receivables", "order_loan", "equipment_leasing", "equity_pledge", "credit_loan", "tech_loan"],
    srdi: ["little_giant", "srdi_sme", "innovative_sme"],
    institutions: ["bank", "securities", "pe_vc", "guarantor", "leasing", "microloan", "factoring", "other"],
  };
  const texts = [
    ...synonymGroups().flatMap((g) => g.words),
    ...codes.sections.flatMap(industryLabels),
    ...codes.tiers.flatMap(tierLabels),
    ...codes.instruments.flatMap(instrumentLabels),
    ...codes.collateral.flatMap(collateralLabels),
    ...codes.kinds.flatMap(productKindLabels),
    ...codes.srdi.flatMap(srdiLabels),
    ...codes.institutions.flatMap(institutionTypeLabels),
  ];
  const han = new Set<string>();
  const latin = new Set<string>();
  for (const text of texts) for (const atom of atomsOf(text)) (atom.han ? han : latin).add(atom.text);
  lexicon = { han: [...han], latin: [...latin].filter((w) => w.length >= 3) };
  return lexicon;
}

const sameSyllable = (a: string, b: string): boolean => syllables(a)[0] === syllables(b)[0];

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Up to this many results of the words alone (no filter chosen), a Chinese word of the query is compared with the
 * index's own names (a few extra searches); otherwise only when the word occurs in none of the first page's
 * results. A correction must find at least twice as many, so a word that already finds many is rarely worth it.
 */
const NAME_PROBE_MAX_TOTAL = 10;
/** A word is compared with the index's names up to this length (one search per character): what people type of a name, not a whole registered name. */
const NAME_PROBE_MAX_CHARS = 8;

/**
 * Words of the documents one character off `word`: for each position, the documents its other characters find
 * (锂电 + ? in what 锂电 finds) are read for `left + X + right` in `attributes`. Scores add up per candidate,
 * a character with the same pinyin syllable as the one typed counting most (typed with pinyin input).
 * Runs under the viewer's visibility, so a candidate only ever comes from text the viewer may see.
 */
async function neighboursInDocuments<I extends IndexName>(
  engine: SearchEngine,
  viewer: Viewer,
  index: I,
  word: string,
  attributes: string[],
): Promise<Map<string, number>> {
  const chars = Array.from(word);
  const score = new Map<string, number>();
  for (let at = 0; at < chars.length; at++) {
    const left = chars.slice(0, at).join("");
    const right = chars.slice(at + 1).join("");
    const probe = [left, right].filter(Boolean).join(" ");
    const found = await searchFor(engine, viewer, index, { q: probe, hitsPerPage: 20 });
    const pattern = new RegExp(`${escapeRegExp(left)}(\\p{Script=Han})${escapeRegExp(right)}`, "gu");
    for (const hit of found.hits) {
      const texts: string[] = [];
      for (const attr of attributes) collectStrings((hit.doc as unknown as Record<string, unknown>)[attr], texts);
      for (const text of texts) {
        for (const m of text.matchAll(pattern)) {
          if (m[1] === chars[at]) continue;
          const candidate = left + m[1] + right;
          score.set(candidate, (score.get(candidate) ?? 0) + (sameSyllable(m[1]!, chars[at]!) ? 1000 : 0) + 1);
        }
      }
    }
  }
  return score;
}

const best = (score: Map<string, number>): string | null => {
  let top: [string, number] | null = null;
  for (const entry of score) if (!top || entry[1] > top[1]) top = entry;
  return top?.[0] ?? null;
};

/** One character of a Chinese word replaced: from the vocabulary, else from the documents its other characters find. */
async function correctHan<I extends IndexName>(engine: SearchEngine, viewer: Viewer, index: I, word: string): Promise<string | null> {
  const chars = Array.from(word);
  const score = new Map<string, number>();
  for (const known of vocabulary().han) {
    const k = Array.from(known);
    if (k.length !== chars.length) continue;
    const diff = k.map((c, i) => (c === chars[i] ? -1 : i)).filter((i) => i >= 0);
    if (diff.length === 1) score.set(known, (score.get(known) ?? 0) + (sameSyllable(k[diff[0]!]!, chars[diff[0]!]!) ? 1000 : 0) + 100);
  }
  if (score.size > 0) return best(score);
  return best(await neighboursInDocuments(engine, viewer, index, word, INDEX_DEFINITIONS[index].searchable));
}

/**
 * The names of the index one character off a Chinese word of three to eight characters (金沙锂店 → 金沙锂电): words
 * of the headline attributes (names, titles, the other party's name, tags) of the documents the word's other
 * characters find. Not for vocabulary words (they are corrected only to the vocabulary).
 */
async function nearIndexName<I extends IndexName>(engine: SearchEngine, viewer: Viewer, index: I, word: string): Promise<string | null> {
  const length = Array.from(word).length;
  if (length < 3 || length > NAME_PROBE_MAX_CHARS || vocabulary().han.includes(word)) return null;
  const names = INDEX_DEFINITIONS[index].headline.filter((a) => !a.startsWith("_"));
  return best(await neighboursInDocuments(engine, viewer, index, word, names));
}

/** A vocabulary word one character off a Chinese word of two or more characters (for two characters: one that sounds the same). */
function nearVocabularyHan(word: string): string | null {
  const chars = Array.from(word);
  if (chars.length === 2) return homophoneFromVocabulary(word);
  let best: { w: string; homophone: boolean } | null = null;
  for (const known of vocabulary().han) {
    const k = Array.from(known);
    if (k.length !== chars.length || known === word) continue;
    const diff = k.map((c, i) => (c === chars[i] ? -1 : i)).filter((i) => i >= 0);
    if (diff.length !== 1) continue;
    const homophone = sameSyllable(k[diff[0]!]!, chars[diff[0]!]!);
    if (!best || (homophone && !best.homophone)) best = { w: known, homophone };
  }
  return best?.w ?? null;
}

/** Does any searchable text of these hits contain `word` as typed (a Latin word at a word start, as the engines' prefix match)? */
function occursIn<I extends IndexName>(index: I, hits: SearchResult<DocumentOf<I>>["hits"], word: string): boolean {
  const pattern = isHanWord(word) ? new RegExp(escapeRegExp(word), "u") : new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}`, "iu");
  for (const hit of hits) {
    const texts: string[] = [];
    for (const attr of INDEX_DEFINITIONS[index].searchable) collectStrings((hit.doc as unknown as Record<string, unknown>)[attr], texts);
    if (texts.some((t) => pattern.test(t.normalize("NFKC")))) return true;
  }
  return false;
}

const isHanWord = (word: string): boolean => /^\p{Script=Han}+$/u.test(word);

/**
 * "Did you mean" beside results (ADR 0111, 0115). The query found something, but one of its words is one
 * character or letter off a vocabulary word (the reviewed finance vocabulary and the labels documents
 * carry), or a Chinese word of three or more characters is one character off a name in the index (its
 * documents' names, titles, the other party's name, tags: 金沙锂店 → 金沙锂电). The corrected query is offered when
 * - the word is a typo of a vocabulary word: it occurs in none of the results as typed (they matched through
 *   the engine's typo tolerance, or Meilisearch's single characters: 光扶 finds documents with 光 and 扶 apart), or
 * - the corrected query finds clearly more: at least twice as many and at least two more (the only way a
 *   name from the index is offered).
 * A word that is itself in the vocabulary is never corrected. Runs under the viewer's visibility.
 */
export async function suggestBeside<I extends IndexName>(
  engine: SearchEngine,
  viewer: Viewer,
  index: I,
  query: SearchQuery,
  q: string,
  exact: SearchResult<DocumentOf<I>>,
): Promise<string | null> {
  let changed = false;
  let typo = false;
  const out: string[] = [];
  // With filters chosen, few results say little about the words (the filter narrowed them).
  const unfiltered = !query.filter;
  for (const atom of atomsOf(q)) {
    let typed: boolean | undefined;
    const asTyped = (): boolean => (typed ??= occursIn(index, exact.hits, atom.text));
    const fromVocabulary = atom.han ? (Array.from(atom.text).length >= 2 ? nearVocabularyHan(atom.text) : null) : correctLatin(atom.text);
    // The index's own names are read only when a correction could be offered: the words alone found few, or the word is
    // in none of the results. A name is offered only when it finds clearly more: one character off may be another name.
    const probe = atom.han && ((unfiltered && exact.total <= NAME_PROBE_MAX_TOTAL) || !asTyped());
    const fixed = fromVocabulary ?? (probe ? await nearIndexName(engine, viewer, index, atom.text) : null);
    if (fixed && fixed !== atom.text) {
      changed = true;
      if (fromVocabulary && !asTyped()) typo = true;
    }
    out.push(fixed ?? atom.text);
  }
  if (!changed) return null;
  const suggestion = out.join(" ");
  const corrected = await searchFor(engine, viewer, index, { ...query, q: suggestion, page: 1, hitsPerPage: 1, facets: [], highlight: false });
  if (corrected.total === 0) return null;
  const clearlyMore = corrected.total >= 2 * exact.total && corrected.total >= exact.total + 2;
  return typo || clearlyMore ? suggestion : null;
}

/** A two-character word is only corrected to a vocabulary word that sounds the same (光扶 → 光伏). */
function homophoneFromVocabulary(word: string): string | null {
  const chars = Array.from(word);
  for (const known of vocabulary().han) {
    const k = Array.from(known);
    if (k.length !== 2) continue;
    const diff = k.map((c, i) => (c === chars[i] ? -1 : i)).filter((i) => i >= 0);
    if (diff.length === 1 && sameSyllable(k[diff[0]!]!, chars[diff[0]!]!)) return known;
  }
  return null;
}

/** A Latin word within one or two edits (same first letter) of a vocabulary word. */
function correctLatin(word: string): string | null {
  if (word.length < 4 || /\d/.test(word)) return null;
  const budget = word.length >= 8 ? 2 : 1;
  let best: { w: string; d: number } | null = null;
  for (const known of vocabulary().latin) {
    if (known === word) return null;
    if (known[0] !== word[0]) continue;
    const d = editDistance(word, known, budget);
    if (d <= budget && (!best || d < best.d)) best = { w: known, d };
  }
  return best?.w ?? null;
}

/** The query with its unknown words corrected, or null when there is nothing to correct. */
export async function suggestCorrection<I extends IndexName>(engine: SearchEngine, viewer: Viewer, index: I, query: string): Promise<string | null> {
  const atoms = atomsOf(query);
  let changed = false;
  const out: string[] = [];
  for (const atom of atoms) {
    let fixed: string | null = null;
    const length = Array.from(atom.text).length;
    if (atom.han && length >= 2) {
      const alone = await searchFor(engine, viewer, index, { q: atom.text, hitsPerPage: 1 });
      if (alone.total === 0) fixed = length === 2 ? homophoneFromVocabulary(atom.text) : await correctHan(engine, viewer, index, atom.text);
    } else if (!atom.han) {
      fixed = correctLatin(atom.text);
    }
    if (fixed && fixed !== atom.text) changed = true;
    out.push(fixed ?? atom.text);
  }
  return changed ? out.join(" ") : null;
}

/** The words to relax to: the query's units (synonym phrases kept whole), or a lone Chinese word's parts. */
export function relaxedWords(query: string): string[] {
  const units = parseQuery(query);
  if (units.length > 1) {
    return units.map((u) => {
      const typed = u.variants.find((v) => query.toLowerCase().includes(v.join(" ")) || query.toLowerCase().includes(v.join("")));
      return (typed ?? u.variants[0]!).join(" ");
    });
  }
  const only = units[0]?.variants.length === 1 ? units[0].variants[0] : null;
  if (only && only.length === 1 && /^\p{Script=Han}+$/u.test(only[0]!)) {
    const chars = Array.from(only[0]!);
    if (chars.length === 2) return chars;
    if (chars.length > 2) {
      const parts: string[] = [];
      for (let i = 0; i < chars.length; i += 2) parts.push(chars.slice(i, i + 2).join(""));
      return parts;
    }
  }
  return [];
}

export async function searchAssisted<I extends IndexName>(
  engine: SearchEngine,
  viewer: Viewer,
  index: I,
  query: SearchQuery,
): Promise<AssistedResult<DocumentOf<I>>> {
  const exact = await searchFor(engine, viewer, index, query);
  const q = sanitiseQuery(query.q);
  if (!q || (query.page ?? 1) > 1) return { result: exact, mode: "exact", suggestion: null, relaxedTo: null };
  if (exact.total > 0) return { result: exact, mode: "exact", suggestion: await suggestBeside(engine, viewer, index, query, q, exact), relaxedTo: null };
  const suggestion = await suggestCorrection(engine, viewer, index, q);
  if (suggestion) {
    const corrected = await searchFor(engine, viewer, index, { ...query, q: suggestion });
    if (corrected.total > 0) return { result: corrected, mode: "corrected", suggestion, relaxedTo: null };
  }
  const words = relaxedWords(q);
  if (words.length > 1) {
    const relaxedTo = words.join(" ");
    const relaxed = await searchFor(engine, viewer, index, { ...query, q: relaxedTo, matching: "most" });
    if (relaxed.total > 0) return { result: relaxed, mode: "relaxed", suggestion: null, relaxedTo };
  }
  return { result: exact, mode: "exact", suggestion: null, relaxedTo: null };
}
