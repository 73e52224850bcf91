/**
 * The search contract every engine implements (embedded SQLite FTS5, Meilisearch). Callers build
 * filters as data, never as engine syntax: each engine compiles them itself and quotes every value,
 * so tenant ids or user-typed facet values can never change a filter's meaning.
 */

/** An index's name, as the app registered it (search/registry.ts). */
export type IndexName = string;

/** Who may find a document. Visibility is re-checked by the owning module before rendering. */
export type Audience = "public" | "members" | "directed";

export interface BaseDocument {
  id: string;
  audience: Audience;
  /** For `directed` documents: the organisations the owner chose. */
  audienceOrgIds: string[];
  /** The organisation that owns the underlying object (always sees its own). */
  ownerOrgId: string | null;
  /** Unix ms of the last change to the underlying data. */
  updatedAt: number;
}

/** Any document of any index: the app's own document types extend BaseDocument. */
export type AnyDocument = BaseDocument;

export type FilterValue = string | number | boolean;

/** A filter as data. On array fields `eq` means "contains". */
export type Filter =
  | { kind: "eq"; field: string; value: FilterValue }
  | { kind: "in"; field: string; values: FilterValue[] }
  | { kind: "range"; field: string; gte?: number; lte?: number; gt?: number; lt?: number }
  | { kind: "and"; filters: Filter[] }
  | { kind: "or"; filters: Filter[] }
  | { kind: "not"; filter: Filter };

export const where = {
  eq: (field: string, value: FilterValue): Filter => ({ kind: "eq", field, value }),
  anyOf: (field: string, values: FilterValue[]): Filter => ({ kind: "in", field, values }),
  range: (field: string, bounds: { gte?: number; lte?: number; gt?: number; lt?: number }): Filter => ({
    kind: "range",
    field,
    ...bounds,
  }),
  and: (...filters: (Filter | null | undefined)[]): Filter => ({ kind: "and", filters: filters.filter((f): f is Filter => !!f) }),
  or: (...filters: (Filter | null | undefined)[]): Filter => ({ kind: "or", filters: filters.filter((f): f is Filter => !!f) }),
  not: (filter: Filter): Filter => ({ kind: "not", filter }),
  /** Matches nothing (an empty "or"). */
  nothing: (): Filter => ({ kind: "or", filters: [] }),
};

export interface SortClause {
  field: string;
  direction: "asc" | "desc";
}

export interface SearchQuery {
  /** Free text as the user typed it; engines sanitise it (see search/text.ts). */
  q?: string;
  filter?: Filter | null;
  /** Facet attributes to count under the same query and filter. */
  facets?: string[];
  sort?: SortClause[];
  /** 1-based. */
  page?: number;
  hitsPerPage?: number;
  /** Attributes to highlight; `true` = the index's default highlight attributes. */
  highlight?: boolean | string[];
  /**
   * "all" (default): every query word must match. "most": documents matching any word, those matching
   * more words first — the relaxed search the page falls back to when "all" finds nothing.
   */
  matching?: "all" | "most";
  /** Also search the members-only attributes (and return them). Only searchFor sets it, for viewers who may read them. */
  membersText?: boolean;
}

/** Highlighted text as segments, so pages render it without injecting HTML. */
export type HighlightSegment = { text: string; match: boolean };

export interface SearchHit<D> {
  id: string;
  doc: D;
  highlights: Record<string, HighlightSegment[]>;
}

export interface SearchResult<D> {
  hits: SearchHit<D>[];
  /** Hit ids in rank order: owning modules re-check visibility by id before rendering. */
  ids: string[];
  /**
   * Number of matching documents, capped by MAX_TOTAL_HITS. Exact for small result sets; for large
   * ones Meilisearch reports its estimate (estimatedTotalHits); the embedded engine counts exactly
   * and reports the cap.
   */
  total: number;
  page: number;
  hitsPerPage: number;
  totalPages: number;
  /** Counts per facet value over every document the query and filter match (not capped like `total`). */
  facets: Record<string, Record<string, number>>;
  /** The query after sanitising: what was actually searched. */
  query: string;
}

export interface SearchEngine {
  readonly kind: "meilisearch" | "embedded";
  /** Creates the index with its settings if needed (idempotent). */
  ensureIndex(index: IndexName): Promise<void>;
  upsert(index: IndexName, docs: AnyDocument[]): Promise<void>;
  remove(index: IndexName, ids: string[]): Promise<void>;
  /** `D` is the document type the caller registered for this index (the engine returns what was stored). */
  search<D extends BaseDocument = BaseDocument>(index: IndexName, query: SearchQuery): Promise<SearchResult<D>>;
  count(index: IndexName): Promise<number>;
  /**
   * Builds a fresh copy of the index from `batches` and swaps it in atomically; searches keep
   * answering from the old copy until the swap.
   */
  rebuild(index: IndexName, batches: AsyncIterable<AnyDocument[]>): Promise<number>;
  health(): Promise<boolean>;
  close(): Promise<void>;
}

/** Thrown when the engine cannot be reached (after retries). Pages show "search unavailable". */
export class SearchUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SearchUnavailableError";
  }
}

export const MAX_HITS_PER_PAGE = 100;
export const MAX_TOTAL_HITS = 10_000;
export const MAX_FACET_VALUES = 100;
