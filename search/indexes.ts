import { z } from "zod";
import type { AnyDocument } from "./engine";
import { pinyinKeys, shortInitials } from "./pinyin";

/**
 * Per-index settings shared by both engines; the app defines its indexes and registers them (search/registry.ts).
 * `searchable` is ordered by importance: Meilisearch's
 * "attribute" ranking rule uses that order; the embedded engine ranks a document higher for each query
 * word found in its `headline` attributes (the leading searchable ones that name the thing).
 */
export interface IndexDefinition {
  name: string;
  searchable: string[];
  /** The first searchable attributes: names, titles, tags. A word found here outranks one found only in the text. */
  headline: string[];
  filterable: string[];
  /** Filterable attributes that hold arrays (on these, `eq` means "contains"). */
  arrayFields: string[];
  /** Numeric filterable attributes: the only ones range filters may use. */
  rangeFields: string[];
  sortable: string[];
  facetable: string[];
  highlight: string[];
  /** A restricted index: the app decides who may search it (it is never searched for other viewers). */
  staffOnly: boolean;
  /** Searchable attributes only members may search and receive (SearchQuery.membersText). */
  membersOnly: string[];
  /** The names whose two-letter initials the engines index in INITIALS_FIELD (none when left out). */
  initialsOf?: string[];
}

/**
 * Two-letter initials of a document's names (search/pinyin.ts `shortInitials`): derived by the engines when they
 * write a document, searched like any attribute, never returned (a leading underscore). Placed last among the headline
 * attributes, an initials query ranks as a match in the name, above full-pinyin prefix matches and words in the text.
 */
export const INITIALS_FIELD = "_initials";

/** What an engine indexes for a document: the document plus the attributes derived from it. */
export function indexedRecord(def: IndexDefinition, doc: AnyDocument): Record<string, unknown> {
  const record = doc as unknown as Record<string, unknown>;
  return { ...record, [INITIALS_FIELD]: shortInitials((def.initialsOf ?? []).map((f) => record[f])) };
}

/**
 * Words users type for the same thing, as the app registers them (search/registry.ts) from its reviewed vocabulary.
 * Groups are symmetric; matching is case-insensitive. The full pinyin and initials of a group's Chinese words are
 * triggers: typing a word's pinyin or initials finds the group's words, while typing the words does not look for the
 * pinyin. Both engines expand them (Meilisearch through its synonyms setting, the embedded engine at query time).
 */
export interface SynonymGroup {
  words: readonly string[];
  triggers: readonly string[];
}

/** A vocabulary file: groups of two or more words that stand for one thing (each may carry a reviewer's note). */
export const vocabularyFile = z.object({ groups: z.array(z.object({ words: z.array(z.string().min(1)).min(2), note: z.string().optional() })) });

/** The synonym groups of a vocabulary, with the pinyin triggers no other group's words take. */
export function synonymGroupsOf(vocabulary: unknown): SynonymGroup[] {
  const { groups } = vocabularyFile.parse(vocabulary);
  const taken = new Set(groups.flatMap((g) => g.words.map((w) => w.toLowerCase())));
  return groups.map((g) => {
    const words = [...new Set(g.words.map((w) => w.normalize("NFKC").toLowerCase()))];
    const triggers: string[] = [];
    for (const key of words.flatMap(pinyinKeys)) {
      if (!taken.has(key)) {
        taken.add(key);
        triggers.push(key);
      }
    }
    return { words, triggers };
  });
}

/** Meilisearch's synonyms setting: every word maps to the group's other words, every trigger to all its words. */
export function meiliSynonyms(groups: readonly SynonymGroup[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of groups) {
    for (const word of group.words) out[word] = group.words.filter((w) => w !== word);
    for (const trigger of group.triggers) out[trigger] = [...group.words];
  }
  return out;
}
