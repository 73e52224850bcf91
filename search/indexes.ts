import type { IndexName } from "./engine";

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
}

/** Every index can filter on visibility, and on `id` (saved-search matching asks "does this one document match?"). */
const AUDIENCE_FIELDS = ["id", "audience", "audienceOrgIds", "ownerOrgId"];

export const INDEX_DEFINITIONS: Record<IndexName, IndexDefinition> = {
  enterprises: {
    name: "enterprises",
    searchable: ["name", "nameEn", "tags", "summary", "prefectureZh", "prefectureEn", "industrySection", "uscc"],
    headline: ["name", "nameEn", "tags"],
    filterable: [...AUDIENCE_FIELDS, "prefectureCode", "industrySection", "tier", "tags", "updatedAt"],
    arrayFields: ["audienceOrgIds", "tags"],
    rangeFields: ["updatedAt"],
    sortable: ["name", "updatedAt"],
    facetable: ["prefectureCode", "industrySection", "tier", "tags"],
    highlight: ["name", "summary"],
    staffOnly: false,
  },
  financing_needs: {
    name: "financing_needs",
    searchable: ["title", "enterpriseName", "tags", "summary", "prefectureZh", "industrySection"],
    headline: ["title", "enterpriseName", "tags"],
    filterable: [...AUDIENCE_FIELDS, "enterpriseOrgId", "financingType", "amountYuan", "prefectureCode", "industrySection", "tier", "status", "tags", "updatedAt"],
    arrayFields: ["audienceOrgIds", "tags"],
    rangeFields: ["amountYuan", "updatedAt"],
    sortable: ["amountYuan", "publishedAt", "updatedAt"],
    facetable: ["financingType", "prefectureCode", "industrySection", "tier", "status", "tags"],
    highlight: ["title", "summary"],
    staffOnly: false,
  },
  credit_products: {
    name: "credit_products",
    searchable: ["name", "institutionName", "collateralTypes", "summary"],
    headline: ["name", "institutionName", "collateralTypes"],
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
  },
  staff_organisations: {
    name: "staff_organisations",
    searchable: ["name", "nameEn", "uscc", "prefectureZh", "industrySection"],
    headline: ["name", "nameEn"],
    filterable: [...AUDIENCE_FIELDS, "kind", "prefectureCode", "institutionType", "industrySection"],
    arrayFields: ["audienceOrgIds"],
    rangeFields: [],
    sortable: ["name", "updatedAt"],
    facetable: ["kind", "prefectureCode", "institutionType"],
    highlight: ["name"],
    staffOnly: true,
  },
};

/**
 * Words users type for the same thing. Groups are symmetric; matching is case-insensitive.
 * Both engines expand them (Meilisearch through its synonyms setting, the embedded engine at query time).
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ["专精特新", "srdi"],
  ["小巨人", "little giant"],
  ["融资租赁", "leasing"],
  ["股权质押", "equity pledge"],
  ["知识产权", "intellectual property"],
  ["应收账款", "receivables"],
  ["乌鲁木齐", "urumqi"],
  ["喀什", "kashgar"],
  ["克拉玛依", "karamay"],
  ["新能源", "new energy"],
  ["贷款", "loan"],
  ["股权融资", "equity"],
  ["锂电池", "lithium battery"],
];

/** Meilisearch's synonyms setting: every variant maps to all the others. */
export function meiliSynonyms(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of SYNONYM_GROUPS) {
    for (const word of group) out[word] = group.filter((w) => w !== word);
  }
  return out;
}
