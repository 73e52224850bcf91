import { z } from "zod";
import type { AnyDocument, IndexName } from "./engine";
import { pinyinKeys, shortInitials } from "./pinyin";
import vocabulary from "./vocabulary/finance-synonyms.json";

/**
 * Per-index settings shared by both engines. `searchable` is ordered by importance: Meilisearch's
 * "attribute" ranking rule uses that order; the embedded engine ranks a document higher for each query
 * word found in its `headline` attributes (the leading searchable ones that name the thing).
 */
export interface IndexDefinition {
  name: IndexName;
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
  /** Only exchange staff and regulators may search it. */
  staffOnly: boolean;
  /** Searchable attributes only members may search and receive (SearchQuery.membersText). */
  membersOnly: string[];
  /** The names whose two-letter initials the engines index in INITIALS_FIELD (the last headline attribute). */
  initialsOf: string[];
}

/**
 * Two-letter initials of a document's names (search/pinyin.ts `shortInitials`): derived by the engines when they
 * write a document, searched like any attribute, never returned (a leading underscore). It is the last headline
 * attribute, so `bz` finds 巴州塔里木石化助剂 ranked as a match in the name, while full-pinyin prefix matches
 * (`bz` → nothing; `sh` → shanshan) and English words in the text rank below it.
 */
export const INITIALS_FIELD = "_initials";

/** What an engine indexes for a document: the document plus the attributes derived from it. */
export function indexedRecord(def: IndexDefinition, doc: AnyDocument): Record<string, unknown> {
  const record = doc as unknown as Record<string, unknown>;
  return { ...record, [INITIALS_FIELD]: shortInitials(def.initialsOf.map((f) => record[f])) };
}

/**
 * The shape of the documents the sources build. Meilisearch keeps documents across a settings change, so
 * its index names carry this version: after a change of shape the app starts on fresh, empty indexes and
 * the start-up count check rebuilds them from the database (the embedded engine starts a new table
 * generation when its settings hash changes, to the same effect). 2: readable labels, pinyin, members-only text (issue 15); 3: county and district names (USCC division);
 * 4: two-letter initials of names, more English county names.
 */
export const DOCUMENTS_VERSION = 4;

/** Every index can filter on visibility, and on `id` (saved-search matching asks "does this one document match?"). */
const AUDIENCE_FIELDS = ["id", "audience", "audienceOrgIds", "ownerOrgId"];

export const INDEX_DEFINITIONS: Record<IndexName, IndexDefinition> = {
  enterprises: {
    name: "enterprises",
    searchable: ["name", "nameEn", "tags", "srdi", INITIALS_FIELD, "industry", "prefectureZh", "prefectureEn", "county", "summary", "tierName", "uscc", "pinyin", "membersText"],
    headline: ["name", "nameEn", "tags", "srdi", INITIALS_FIELD],
    filterable: [...AUDIENCE_FIELDS, "prefectureCode", "industrySection", "tier", "srdiLevels", "updatedAt"],
    arrayFields: ["audienceOrgIds", "srdiLevels"],
    rangeFields: ["updatedAt"],
    sortable: ["name", "updatedAt"],
    facetable: ["prefectureCode", "industrySection", "tier", "srdiLevels"],
    highlight: ["name", "summary"],
    staffOnly: false,
    membersOnly: ["membersText"],
    initialsOf: ["name"],
  },
  financing_needs: {
    name: "financing_needs",
    searchable: ["title", "enterpriseName", "tags", INITIALS_FIELD, "srdi", "industry", "prefectureZh", "prefectureEn", "county", "summary", "tierName", "pinyin", "membersText"],
    headline: ["title", "enterpriseName", "tags", INITIALS_FIELD],
    filterable: [...AUDIENCE_FIELDS, "enterpriseOrgId", "financingType", "collateralTypes", "amountYuan", "prefectureCode", "industrySection", "tier", "status", "updatedAt"],
    arrayFields: ["audienceOrgIds", "collateralTypes"],
    rangeFields: ["amountYuan", "updatedAt"],
    sortable: ["amountYuan", "publishedAt", "updatedAt"],
    facetable: ["financingType", "collateralTypes", "prefectureCode", "industrySection", "tier", "status"],
    highlight: ["title", "summary"],
    staffOnly: false,
    membersOnly: ["membersText"],
    initialsOf: ["title", "enterpriseName"],
  },
  credit_products: {
    name: "credit_products",
    searchable: ["name", "institutionName", "tags", INITIALS_FIELD, "summary", "prefectures", "pinyin"],
    headline: ["name", "institutionName", "tags", INITIALS_FIELD],
    filterable: [
      ...AUDIENCE_FIELDS,
      "institutionOrgId",
      "institutionType",
      "collateralTypes",
      "minAmountYuan",
      "maxAmountYuan",
      "rateBpsMin",
      "termMonthsMax",
      "prefectureCodes",
      "status",
      "updatedAt",
    ],
    arrayFields: ["audienceOrgIds", "collateralTypes", "prefectureCodes"],
    rangeFields: ["minAmountYuan", "maxAmountYuan", "rateBpsMin", "termMonthsMax", "updatedAt"],
    sortable: ["rateBpsMin", "maxAmountYuan", "publishedAt", "updatedAt"],
    facetable: ["institutionType", "collateralTypes", "prefectureCodes", "status"],
    highlight: ["name", "summary"],
    staffOnly: false,
    membersOnly: [],
    initialsOf: ["name", "institutionName"],
  },
  staff_organisations: {
    name: "staff_organisations",
    searchable: ["name", "nameEn", INITIALS_FIELD, "uscc", "prefectureZh", "tags", "pinyin"],
    headline: ["name", "nameEn", INITIALS_FIELD],
    filterable: [...AUDIENCE_FIELDS, "kind", "prefectureCode", "institutionType", "industrySection"],
    arrayFields: ["audienceOrgIds"],
    rangeFields: [],
    sortable: ["name", "updatedAt"],
    facetable: ["kind", "prefectureCode", "institutionType"],
    highlight: ["name"],
    staffOnly: true,
    membersOnly: [],
    initialsOf: ["name"],
  },
};

/**
 * Words users type for the same thing: the reviewed vocabulary in search/vocabulary/finance-synonyms.json
 * (贷/贷款/loan/credit, 质押/pledge, 知识产权/IP, 租赁/leasing, 专精特新/SRDI, 小巨人/little giant...).
 * Groups are symmetric; matching is case-insensitive. The full pinyin and initials of a group's Chinese
 * words are triggers: typing `daikuan` or `zjtx` finds the group's words, while typing the words does
 * not look for the pinyin. Both engines expand them (Meilisearch through its synonyms setting, the
 * embedded engine at query time).
 */
export interface SynonymGroup {
  words: readonly string[];
  triggers: readonly string[];
}

const vocabularyFile = z.object({ groups: z.array(z.object({ words: z.array(z.string().min(1)).min(2), note: z.string().optional() })) });

function loadSynonymGroups(): SynonymGroup[] {
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

export const SYNONYM_GROUPS: readonly SynonymGroup[] = loadSynonymGroups();

/** Meilisearch's synonyms setting: every word maps to the group's other words, every trigger to all its words. */
export function meiliSynonyms(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of SYNONYM_GROUPS) {
    for (const word of group.words) out[word] = group.words.filter((w) => w !== word);
    for (const trigger of group.triggers) out[trigger] = [...group.words];
  }
  return out;
}
