import { registerSearchSchema, type SearchSchema } from "@search/registry";
import { INITIALS_FIELD, type IndexDefinition } from "@search/indexes";
import type { IndexName } from "./documents";
import vocabulary from "./vocabulary/finance-synonyms.json";

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

export const INDEX_DEFINITIONS: Record<IndexName, IndexDefinition & { name: IndexName }> = {
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
 * This app's search schema: its indexes, the documents' shape version and the reviewed finance vocabulary
 * (./vocabulary/finance-synonyms.json: 贷/贷款/loan/credit, 质押/pledge, 知识产权/IP, 租赁/leasing, 专精特新/SRDI,
 * 小巨人/little giant…), registered with the engine layer before a runtime is created (./sources.server.ts).
 */
export const APP_SEARCH_SCHEMA: SearchSchema = {
  documentsVersion: DOCUMENTS_VERSION,
  indexes: Object.values(INDEX_DEFINITIONS),
  vocabulary,
};

export function registerAppSearchIndexes(): void {
  registerSearchSchema(APP_SEARCH_SCHEMA);
}
