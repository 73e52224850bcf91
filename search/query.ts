import { MAX_HITS_PER_PAGE, MAX_TOTAL_HITS, type Filter, type SearchQuery, type SearchResult, type SortClause } from "./engine";
import type { IndexDefinition } from "./indexes";
import { sanitiseQuery } from "./text";

/** A query both engines can run as-is: every part checked against the index settings. */
export interface PreparedQuery {
  q: string;
  /** null = no filter; false = matches nothing (so the engine need not be asked). */
  filter: Filter | null | false;
  facets: string[];
  sort: SortClause[];
  page: number;
  hitsPerPage: number;
  highlight: string[];
  matching: "all" | "most";
  /** The searchable attributes this query may match in (members-only ones left out unless allowed). */
  searchOn: string[];
  /** Attributes removed from returned documents (members-only ones, unless allowed). */
  hidden: string[];
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function filterFields(filter: Filter, out: string[] = []): string[] {
  switch (filter.kind) {
    case "and":
    case "or":
      filter.filters.forEach((f) => filterFields(f, out));
      break;
    case "not":
      filterFields(filter.filter, out);
      break;
    default:
      out.push(filter.field);
  }
  return out;
}

const isFilterValue = (v: unknown): boolean =>
  typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));

/**
 * Reduces a filter to a canonical shape, or to true/false when it is constant. A filter naming a
 * field the index cannot filter on matches nothing as a whole: failing closed keeps a typo in a
 * visibility filter from ever widening what a viewer sees.
 */
export function normaliseFilter(filter: Filter | null | undefined, def: IndexDefinition): Filter | true | false {
  if (!filter) return true;
  if (!filterFields(filter).every((f) => FIELD_NAME.test(f) && def.filterable.includes(f))) return false;
  const walk = (f: Filter): Filter | boolean => {
    switch (f.kind) {
      case "eq":
        return isFilterValue(f.value) ? f : false;
      case "in": {
        const values = Array.isArray(f.values) ? f.values.filter(isFilterValue) : [];
        return values.length ? { ...f, values } : false;
      }
      case "range": {
        if (!def.rangeFields.includes(f.field)) return false;
        const bounds = (["gte", "lte", "gt", "lt"] as const).filter((k) => f[k] !== undefined);
        if (bounds.length === 0) return true;
        return bounds.every((k) => Number.isFinite(f[k])) ? f : false;
      }
      case "not": {
        const inner = walk(f.filter);
        return typeof inner === "boolean" ? !inner : { kind: "not", filter: inner };
      }
      case "and": {
        const parts: Filter[] = [];
        for (const part of f.filters.map(walk)) {
          if (part === false) return false;
          if (part !== true) parts.push(part);
        }
        return parts.length === 0 ? true : parts.length === 1 ? parts[0]! : { kind: "and", filters: parts };
      }
      case "or": {
        const parts: Filter[] = [];
        for (const part of f.filters.map(walk)) {
          if (part === true) return true;
          if (part !== false) parts.push(part);
        }
        return parts.length === 0 ? false : parts.length === 1 ? parts[0]! : { kind: "or", filters: parts };
      }
      default:
        return false;
    }
  };
  return walk(filter);
}

const clampInt = (v: unknown, min: number, max: number, fallback: number): number => {
  const n = typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : fallback;
  return Math.min(max, Math.max(min, n));
};

export function prepareQuery(query: SearchQuery, def: IndexDefinition): PreparedQuery {
  const hitsPerPage = clampInt(query.hitsPerPage, 1, MAX_HITS_PER_PAGE, 20);
  const maxPage = Math.max(1, Math.floor(MAX_TOTAL_HITS / hitsPerPage));
  const filter = normaliseFilter(query.filter, def);
  const hidden = query.membersText === true ? [] : def.membersOnly;
  const highlight = (
    query.highlight === true
      ? def.highlight
      : Array.isArray(query.highlight)
        ? query.highlight.filter((a) => def.searchable.includes(a))
        : []
  ).filter((a) => !hidden.includes(a));
  return {
    q: sanitiseQuery(query.q),
    filter: filter === true ? null : filter,
    facets: [...new Set((query.facets ?? []).filter((f) => def.facetable.includes(f)))],
    sort: (query.sort ?? []).filter(
      (s) => s && def.sortable.includes(s.field) && (s.direction === "asc" || s.direction === "desc"),
    ),
    page: clampInt(query.page, 1, maxPage, 1),
    hitsPerPage,
    highlight,
    matching: query.matching === "most" ? "most" : "all",
    searchOn: def.searchable.filter((a) => !hidden.includes(a)),
    hidden,
  };
}

export function emptyResult<D>(p: PreparedQuery): SearchResult<D> {
  return { hits: [], ids: [], total: 0, page: p.page, hitsPerPage: p.hitsPerPage, totalPages: 0, facets: Object.fromEntries(p.facets.map((f) => [f, {}])), query: p.q };
}
