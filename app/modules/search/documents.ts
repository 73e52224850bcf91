import type { BaseDocument, SearchEngine, SearchQuery, SearchResult } from "@search/engine";

/**
 * The documents of this app's search indexes. The engine layer (search/) knows none of them: the app registers the
 * indexes (./indexes.ts) and their sources (./sources.server.ts) at start.
 */
export const INDEX_NAMES = ["enterprises", "financing_needs", "credit_products", "staff_organisations"] as const;
export type IndexName = (typeof INDEX_NAMES)[number];

export const isIndexName = (value: unknown): value is IndexName => typeof value === "string" && (INDEX_NAMES as readonly string[]).includes(value);

/**
 * Documents carry readable words in both languages (industry, tier, instrument, collateral, SRDI
 * title, place) as searchable text; the codes behind them (industrySection C, tier cultivation...)
 * are filterable attributes only, so a query never matches a code. `pinyin` holds the pinyin words
 * of the names and titles (search/pinyin.ts). `membersText` holds what only alliance members may
 * read: it is searched only for viewers who may read it and never returned to anyone else.
 */
/** Where an enterprise is, its industry and its board tier: on its own document and on each of its needs. */
export interface EnterprisePlaceAndTier {
  prefectureCode: string | null;
  prefectureZh: string | null;
  prefectureEn: string | null;
  /** The county or district of its registration division code (USCC characters 3–8), in Chinese and English. */
  county: string[];
  /** GB/T 4754 section code (filter). */
  industrySection: string | null;
  /** The section's name in Chinese and English. */
  industry: string[];
  /** Board tier once admitted: incubation | standardisation | cultivation (filter). */
  tier: string | null;
  tierName: string[];
}

export interface EnterpriseDocument extends BaseDocument, EnterprisePlaceAndTier {
  name: string;
  nameEn: string | null;
  uscc: string | null;
  /** Readable keywords. */
  tags: string[];
  /** SRDI titles as published and their level's names (only from a public business section). */
  srdi: string[];
  /** SRDI levels little_giant | srdi_sme | innovative_sme (filter, facet). */
  srdiLevels: string[];
  summary: string;
  pinyin: string;
  /** The business section and SRDI titles when only members may read them. */
  membersText: string;
}

/** A need carries its enterprise's place, industry and tier. */
export interface FinancingNeedDocument extends BaseDocument, EnterprisePlaceAndTier {
  title: string;
  summary: string;
  enterpriseOrgId: string;
  enterpriseName: string;
  /** equity | loan | convertible | leasing | guarantee | factoring | other (filter). */
  financingType: string;
  /** Readable keywords: the instrument's and the collateral's names. */
  tags: string[];
  /** Collateral offered: equity_pledge | ip | receivables | orders | equipment | real_estate | credit (filter, facet). */
  collateralTypes: string[];
  amountYuan: number;
  /** The enterprise's SRDI titles and their level's names, when its business section is public. */
  srdi: string[];
  status: string;
  publishedAt: number | null;
  pinyin: string;
  /** The enterprise's SRDI titles when its business section is for members only. */
  membersText: string;
}

export interface CreditProductDocument extends BaseDocument {
  name: string;
  summary: string;
  institutionOrgId: string;
  institutionName: string;
  /** bank | pe_vc | guarantor | leasing ... (filter). */
  institutionType: string;
  /** Product kind, institution type and collateral names in both languages. */
  tags: string[];
  /** equity_pledge | ip | receivables | orders | equipment | credit | ... (filter, facet). */
  collateralTypes: string[];
  minAmountYuan: number | null;
  maxAmountYuan: number | null;
  rateBpsMin: number | null;
  termMonthsMax: number | null;
  prefectureCodes: string[];
  /** Names of the prefectures the product is limited to. */
  prefectures: string[];
  status: string;
  publishedAt: number | null;
  pinyin: string;
}

/** Exchange-staff directory of every organisation on the board (enterprises, institutions, bureaus...). */
export interface StaffOrganisationDocument extends BaseDocument {
  kind: string;
  name: string;
  nameEn: string | null;
  uscc: string | null;
  prefectureCode: string | null;
  prefectureZh: string | null;
  institutionType: string | null;
  industrySection: string | null;
  /** Industry and institution type names in both languages. */
  tags: string[];
  pinyin: string;
}


export interface DocumentTypes {
  enterprises: EnterpriseDocument;
  financing_needs: FinancingNeedDocument;
  credit_products: CreditProductDocument;
  staff_organisations: StaffOrganisationDocument;
}
export type DocumentOf<I extends IndexName> = DocumentTypes[I];
export type AnyDocument = DocumentTypes[IndexName];

/** Searches one of this app's indexes, typed by its document. */
export function searchIndex<I extends IndexName>(engine: SearchEngine, index: I, query: SearchQuery): Promise<SearchResult<DocumentOf<I>>> {
  return engine.search<DocumentOf<I>>(index, query);
}

