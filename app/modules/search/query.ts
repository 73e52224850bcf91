// The search page's query as data, parsed from and written back to the URL. Browser-safe (no
// server imports): the page builds its links with the same functions the server parses with, so a
// shared or saved URL always means the same search.

export const DISCOVERY_INDEXES = ["financing_needs", "enterprises", "credit_products"] as const;
export type DiscoveryIndex = (typeof DISCOVERY_INDEXES)[number];

export const DISCOVERY_SORTS = ["relevance", "newest", "amount"] as const;
export type DiscoverySort = (typeof DISCOVERY_SORTS)[number];

export const SRDI_LEVELS = ["little_giant", "srdi_sme", "innovative_sme"] as const;

/** Facet groups as they appear in the URL; which of them an index offers is in FACETS_BY_INDEX. */
export const FACET_GROUPS = ["type", "tier", "prefecture", "industry", "collateral", "srdi"] as const;
export type FacetGroup = (typeof FACET_GROUPS)[number];

export const FACETS_BY_INDEX: Record<DiscoveryIndex, FacetGroup[]> = {
  financing_needs: ["type", "prefecture", "industry", "tier", "collateral"],
  enterprises: ["tier", "srdi", "prefecture", "industry"],
  credit_products: ["type", "collateral", "prefecture"],
};

export const SORTS_BY_INDEX: Record<DiscoveryIndex, DiscoverySort[]> = {
  financing_needs: ["relevance", "newest", "amount"],
  enterprises: ["relevance", "newest"],
  credit_products: ["relevance", "newest", "amount"],
};

/** The amount range is entered in 万元 (what people think in) and searched in yuan. */
export const WAN = 10_000;
/** What is kept of the typed text; the engines sanitise and cap it further. */
export const MAX_Q_CHARS = 200;
const MAX_VALUES_PER_FACET = 20;

export interface DiscoveryQuery {
  q: string;
  index: DiscoveryIndex;
  facets: Record<FacetGroup, string[]>;
  /** 万元 */
  amountMin: number | null;
  amountMax: number | null;
  /** YYYY-MM-DD, Asia/Shanghai days. */
  updatedFrom: string | null;
  updatedTo: string | null;
  sort: DiscoverySort;
  page: number;
}

type Params = Pick<URLSearchParams, "get" | "getAll">;

const oneOf = <T extends string>(values: readonly T[], raw: string | null, fallback: T): T =>
  raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : fallback;

/** A facet value is a short code (prefecture 6501, section C, instrument loan...): anything else is dropped. */
const FACET_VALUE = /^[A-Za-z0-9_]{1,40}$/;

function amount(raw: string | null): number | null {
  if (raw === null || raw.trim() === "") return null;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 && n <= 1e8 ? Math.round(n) : null;
}

function isoDay(raw: string | null): string | null {
  if (!raw || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return null;
  return Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) ? null : raw;
}

/** Never throws: whatever the URL holds becomes a valid query (unknown values are dropped). */
export function parseDiscoveryQuery(params: Params): DiscoveryQuery {
  const index = oneOf(DISCOVERY_INDEXES, params.get("index"), "financing_needs");
  const offered = FACETS_BY_INDEX[index];
  const facets = Object.fromEntries(
    FACET_GROUPS.map((g) => [
      g,
      offered.includes(g) ? [...new Set(params.getAll(g).filter((v) => FACET_VALUE.test(v)))].slice(0, MAX_VALUES_PER_FACET) : [],
    ]),
  ) as Record<FacetGroup, string[]>;
  let amountMin = amount(params.get("amountMin"));
  let amountMax = amount(params.get("amountMax"));
  if (index === "enterprises") amountMin = amountMax = null;
  if (amountMin !== null && amountMax !== null && amountMin > amountMax) [amountMin, amountMax] = [amountMax, amountMin];
  const page = Number(params.get("page"));
  return {
    q: (params.get("q") ?? "").slice(0, MAX_Q_CHARS),
    index,
    facets,
    amountMin,
    amountMax,
    updatedFrom: isoDay(params.get("updatedFrom")),
    updatedTo: isoDay(params.get("updatedTo")),
    sort: oneOf(SORTS_BY_INDEX[index], params.get("sort"), "relevance"),
    page: Number.isInteger(page) && page >= 1 && page <= 500 ? page : 1,
  };
}

/** The canonical URL query string (stable order, defaults left out): shareable, and what saved searches store. */
export function discoveryQueryString(query: DiscoveryQuery, changes: Partial<DiscoveryQuery> = {}): string {
  const q = { ...query, ...changes };
  const out = new URLSearchParams();
  if (q.q.trim()) out.set("q", q.q.trim());
  if (q.index !== "financing_needs") out.set("index", q.index);
  for (const g of FACET_GROUPS) for (const v of q.facets[g] ?? []) out.append(g, v);
  if (q.amountMin !== null) out.set("amountMin", String(q.amountMin));
  if (q.amountMax !== null) out.set("amountMax", String(q.amountMax));
  if (q.updatedFrom) out.set("updatedFrom", q.updatedFrom);
  if (q.updatedTo) out.set("updatedTo", q.updatedTo);
  if (q.sort !== "relevance") out.set("sort", q.sort);
  if (q.page > 1) out.set("page", String(q.page));
  return out.toString();
}

export const withFacet = (query: DiscoveryQuery, group: FacetGroup, value: string, on: boolean): DiscoveryQuery => ({
  ...query,
  page: 1,
  facets: { ...query.facets, [group]: on ? [...new Set([...query.facets[group], value])] : query.facets[group].filter((v) => v !== value) },
});

/** Whether anything narrows the search beyond the text (for the empty state's "broaden" advice). */
export const hasFilters = (query: DiscoveryQuery): boolean =>
  FACET_GROUPS.some((g) => query.facets[g].length > 0) || query.amountMin !== null || query.amountMax !== null || !!query.updatedFrom || !!query.updatedTo;

export const clearFilters = (query: DiscoveryQuery): DiscoveryQuery => ({
  ...query,
  page: 1,
  facets: Object.fromEntries(FACET_GROUPS.map((g) => [g, []])) as unknown as Record<FacetGroup, string[]>,
  amountMin: null,
  amountMax: null,
  updatedFrom: null,
  updatedTo: null,
});

/**
 * Candidate example queries for the empty state, per tab: fixed words, never drawn from data (a
 * suggestion must not leak a directed need). The page shows those that find something on that tab
 * for the viewer (discovery.server.ts, workingExamples).
 */
export const EXAMPLE_CANDIDATES: Record<DiscoveryIndex, readonly string[]> = {
  financing_needs: ["流动资金贷款", "乌鲁木齐 贷款", "融资租赁", "股权融资", "可转债", "担保", "新能源", "lithium battery", "loan"],
  enterprises: ["锂电池", "小巨人", "新能源", "乌鲁木齐", "制造业", "软件", "lithium battery", "Kashgar"],
  credit_products: ["知识产权质押", "贷款", "融资租赁", "应收账款", "信用贷", "IP pledge", "leasing", "loan"],
};
