import { and, eq, inArray } from "drizzle-orm";
import { creditProducts } from "@db/schema";
import {
  MAX_TOTAL_HITS,
  SearchUnavailableError,
  where,
  type Filter,
  type HighlightSegment,
  type SearchQuery,
  type SearchResult,
  type SortClause,
} from "@search/engine";
import type { CreditProductDocument, EnterpriseDocument, FinancingNeedDocument } from "./documents";
import { loadEnterpriseDocuments } from "~/modules/search/organisation-sources.server";
import { searchAssisted, type SearchMode } from "./assist";
import { searchFor, type Viewer } from "./visibility";
import { visibleNeedListing } from "~/modules/financing/needs-read.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { EXAMPLE_CANDIDATES, FACET_GROUPS, FACETS_BY_INDEX, WAN, type DiscoveryIndex, type DiscoveryQuery, type FacetGroup } from "./query";

export const HITS_PER_PAGE = 20;
const SNIPPET_CHARS = 140;

/** Which document field each URL facet group filters and counts on, per index. */
const FACET_FIELDS: Record<DiscoveryIndex, Partial<Record<FacetGroup, string>>> = {
  financing_needs: { type: "financingType", prefecture: "prefectureCode", industry: "industrySection", tier: "tier", collateral: "collateralTypes" },
  enterprises: { tier: "tier", srdi: "srdiLevels", prefecture: "prefectureCode", industry: "industrySection" },
  credit_products: { type: "institutionType", collateral: "collateralTypes", prefecture: "prefectureCodes" },
};


const shanghaiDayStart = (day: string): number => Date.parse(`${day}T00:00:00+08:00`);

function facetFilter(index: DiscoveryIndex, group: FacetGroup, values: string[]): Filter | null {
  const field = FACET_FIELDS[index][group];
  if (!field || values.length === 0) return null;
  return where.anyOf(field, values);
}

/** Everything but the text and one (optional) facet group: the disjunctive counts leave out their own group. */
function buildFilter(query: DiscoveryQuery, except?: FacetGroup): Filter {
  const { index } = query;
  const parts: (Filter | null)[] = FACET_GROUPS.filter((g) => g !== except).map((g) => facetFilter(index, g, query.facets[g]));
  const min = query.amountMin !== null ? query.amountMin * WAN : undefined;
  const max = query.amountMax !== null ? query.amountMax * WAN : undefined;
  if (index === "financing_needs" && (min !== undefined || max !== undefined)) parts.push(where.range("amountYuan", { gte: min, lte: max }));
  if (index === "credit_products") {
    // A product fits the wanted range if its own range overlaps it.
    if (min !== undefined) parts.push(where.range("maxAmountYuan", { gte: min }));
    if (max !== undefined) parts.push(where.range("minAmountYuan", { lte: max }));
  }
  if (query.updatedFrom || query.updatedTo) {
    parts.push(
      where.range("updatedAt", {
        gte: query.updatedFrom ? shanghaiDayStart(query.updatedFrom) : undefined,
        lt: query.updatedTo ? shanghaiDayStart(query.updatedTo) + 86_400_000 : undefined,
      }),
    );
  }
  if (index === "credit_products") parts.push(where.eq("status", "published"));
  return where.and(...parts);
}

function sortOf(query: DiscoveryQuery): SortClause[] {
  if (query.sort === "newest") return [{ field: "updatedAt", direction: "desc" }];
  if (query.sort === "amount") {
    if (query.index === "financing_needs") return [{ field: "amountYuan", direction: "desc" }];
    if (query.index === "credit_products") return [{ field: "maxAmountYuan", direction: "desc" }];
  }
  // Without words there is no relevance to rank by: newest first reads better than index order.
  return query.q.trim() ? [] : [{ field: "updatedAt", direction: "desc" }];
}

/** The engine query for a page query: also what saved-search alerts match new needs against. */
export function toEngineQuery(query: DiscoveryQuery): SearchQuery {
  return { q: query.q, filter: buildFilter(query), sort: sortOf(query), page: query.page, hitsPerPage: HITS_PER_PAGE };
}


export type FacetCount = { value: string; count: number; selected: boolean };

type Common = { id: string; href: string; title: HighlightSegment[]; snippet: HighlightSegment[] };
export type NeedHit = Common & {
  kind: "financing_needs";
  enterpriseName: string;
  financingType: string;
  amountYuan: number;
  prefectureZh: string | null;
  industrySection: string | null;
  tier: string | null;
  updatedAt: number;
  /** From the database (not the index): who the need is shown to and its last day on the market. */
  audience: string;
  expiresOn: string;
};
export type EnterpriseHit = Common & {
  kind: "enterprises";
  nameEn: string | null;
  prefectureZh: string | null;
  prefectureEn: string | null;
  industrySection: string | null;
  tier: string | null;
  srdi: string[];
};
export type ProductHit = Common & {
  kind: "credit_products";
  institutionName: string;
  collateralTypes: string[];
  minAmountYuan: number | null;
  maxAmountYuan: number | null;
  rateBpsMin: number | null;
  termMonthsMax: number | null;
};
export type DiscoveryHit = NeedHit | EnterpriseHit | ProductHit;

export type DiscoveryResult =
  | {
      status: "ok";
      index: DiscoveryIndex;
      hits: DiscoveryHit[];
      total: number;
      /** The engines stop counting at MAX_TOTAL_HITS: the page says "N+" rather than an exact number. */
      capped: boolean;
      page: number;
      totalPages: number;
      facets: Partial<Record<FacetGroup, FacetCount[]>>;
      /** The words actually searched (after sanitising): shown when they differ from what was typed. */
      searched: string;
      /**
       * exact (with `suggestion`: a "did you mean" offered beside the results); corrected (nothing matched,
       * results for `suggestion`); relaxed (most of the words, `relaxedTo`).
       */
      mode: SearchMode;
      suggestion: string | null;
      relaxedTo: string | null;
      /** When nothing is found: example searches that do find something on this tab for this viewer. */
      examples: string[];
    }
  | { status: "unavailable" };

const plain = (text: string | null | undefined): HighlightSegment[] => (text ? [{ text, match: false }] : []);

/** A window of the highlighted text around its first match, so long summaries stay one or two lines. */
export function snippet(segments: HighlightSegment[], max = SNIPPET_CHARS): HighlightSegment[] {
  const total = segments.reduce((n, s) => n + s.text.length, 0);
  if (total <= max) return segments;
  let offset = 0;
  for (const s of segments) {
    if (s.match) break;
    offset += s.text.length;
  }
  const start = offset >= total ? 0 : Math.max(0, offset - Math.floor(max / 4));
  const end = start + max;
  const out: HighlightSegment[] = [];
  let at = 0;
  for (const s of segments) {
    const from = Math.max(start, at);
    const to = Math.min(end, at + s.text.length);
    if (to > from) out.push({ text: s.text.slice(from - at, to - at), match: s.match });
    at += s.text.length;
  }
  if (start > 0) out.unshift({ text: "…", match: false });
  if (end < total) out.push({ text: "…", match: false });
  return out;
}

const highlighted = (hl: Record<string, HighlightSegment[]>, field: string, fallback: string | null | undefined) =>
  hl[field]?.length ? hl[field]! : plain(fallback);

/**
 * Re-checks every hit against the owning module before anything is shown: the index may lag behind
 * the database (a need made directed a moment ago), and the page must follow the database.
 */
function recheck(ctx: Pick<AppContext, "db" | "clock">, actor: Actor | null, index: DiscoveryIndex, result: SearchResult<unknown>): DiscoveryHit[] {
  const ids = result.ids;
  if (index === "financing_needs") {
    const ok = visibleNeedListing(ctx, actor, ids);
    return (result as SearchResult<FinancingNeedDocument>).hits
      .filter((h) => ok.has(h.id))
      .map(({ id, doc, highlights }) => ({
        kind: "financing_needs",
        id,
        href: `/needs/${id}`,
        title: highlighted(highlights, "title", doc.title),
        snippet: snippet(highlighted(highlights, "summary", doc.summary)),
        enterpriseName: doc.enterpriseName,
        financingType: doc.financingType,
        amountYuan: doc.amountYuan,
        prefectureZh: doc.prefectureZh,
        industrySection: doc.industrySection,
        tier: doc.tier,
        updatedAt: doc.updatedAt,
        audience: ok.get(id)!.audience,
        expiresOn: ok.get(id)!.expiresOn,
      }));
  }
  if (index === "enterprises") {
    // Rebuilt from the database: only the public business card, as it is now.
    const current = new Map(loadEnterpriseDocuments(ctx.db, ids).map((d) => [d.id, d]));
    return (result as SearchResult<EnterpriseDocument>).hits
      .filter((h) => current.has(h.id))
      .map(({ id, highlights }) => {
        const doc = current.get(id)!;
        return {
          kind: "enterprises",
          id,
          href: `/enterprises/${id}`,
          title: highlighted(highlights, "name", doc.name),
          // A summary that is no longer public (or changed) is shown as it is now, without highlights.
          snippet: snippet(doc.summary && highlights.summary?.map((s) => s.text).join("") === doc.summary ? highlights.summary : plain(doc.summary)),
          nameEn: doc.nameEn,
          prefectureZh: doc.prefectureZh,
          prefectureEn: doc.prefectureEn,
          industrySection: doc.industrySection,
          tier: doc.tier,
          srdi: doc.srdiLevels,
        };
      });
  }
  const published = new Set(
    ids.length
      ? ctx.db
          .select({ id: creditProducts.id })
          .from(creditProducts)
          .where(and(inArray(creditProducts.id, ids), eq(creditProducts.state, "published")))
          .all()
          .map((r) => r.id)
      : [],
  );
  return (result as SearchResult<CreditProductDocument>).hits
    .filter((h) => published.has(h.id))
    .map(({ id, doc, highlights }) => ({
      kind: "credit_products",
      id,
      href: `/market/products/${id}`,
      title: highlighted(highlights, "name", doc.name),
      snippet: snippet(highlighted(highlights, "summary", doc.summary)),
      institutionName: doc.institutionName,
      collateralTypes: doc.collateralTypes,
      minAmountYuan: doc.minAmountYuan,
      maxAmountYuan: doc.maxAmountYuan,
      rateBpsMin: doc.rateBpsMin,
      termMonthsMax: doc.termMonthsMax,
    }));
}

function countsFor(raw: Record<string, number> | undefined, selected: string[]): FacetCount[] {
  const out = new Map<string, number>(Object.entries(raw ?? {}));
  // A selected value with no matches stays listed (with 0) so it can be unticked.
  for (const v of selected) if (!out.has(v)) out.set(v, 0);
  return [...out]
    .map(([value, count]) => ({ value, count, selected: selected.includes(value) }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/**
 * Example searches for the empty page, computed for this tab and viewer: the candidates (fixed words,
 * never drawn from data) that find something here, so every example shown leads somewhere. Running
 * them as the viewer means an example never points at something the viewer may not see.
 */
export async function workingExamples(ctx: Pick<AppContext, "search">, viewer: Viewer, index: DiscoveryIndex, max = 5): Promise<string[]> {
  const out: string[] = [];
  for (const q of EXAMPLE_CANDIDATES[index]) {
    if (out.length >= max) break;
    const found = await searchFor(ctx.search.engine, viewer, index, { q, hitsPerPage: 1, filter: index === "credit_products" ? where.eq("status", "published") : null });
    if (found.total > 0) out.push(q);
  }
  return out;
}

/**
 * The search page's service: text + facets + sort + page for one index, as `actor` (null =
 * anonymous) may see it. Hits, totals and facet counts are all computed under the viewer's
 * visibility filter (searchFor), and hits are re-checked against the owning module's rules.
 * Facet counts are disjunctive: a group's counts ignore that group's own selection, so ticking
 * 乌鲁木齐 still shows how many there are in 喀什.
 */
export async function discover(ctx: Pick<AppContext, "db" | "clock" | "search" | "logger">, actor: Actor | null, query: DiscoveryQuery): Promise<DiscoveryResult> {
  const viewer: Viewer = actor;
  const { index } = query;
  const groups = FACETS_BY_INDEX[index];
  const fieldOf = (g: FacetGroup) => FACET_FIELDS[index][g]!;
  try {
    const assisted = await searchAssisted(ctx.search.engine, viewer, index, {
      ...toEngineQuery(query),
      facets: [...new Set(groups.filter((g) => query.facets[g].length === 0).map(fieldOf))],
      highlight: true,
    });
    const main = assisted.result;
    // Facet counts follow the words actually searched (corrected or relaxed).
    const words = assisted.mode === "corrected" ? assisted.suggestion! : assisted.mode === "relaxed" ? assisted.relaxedTo! : query.q;
    const facets: Partial<Record<FacetGroup, FacetCount[]>> = {};
    for (const g of groups) {
      if (query.facets[g].length === 0) {
        facets[g] = countsFor(main.facets[fieldOf(g)], []);
        continue;
      }
      const own = await searchFor(ctx.search.engine, viewer, index, {
        q: words,
        matching: assisted.mode === "relaxed" ? "most" : "all",
        filter: buildFilter(query, g),
        facets: [fieldOf(g)],
        hitsPerPage: 1,
      });
      facets[g] = countsFor(own.facets[fieldOf(g)], query.facets[g]);
    }
    const hits = recheck(ctx, actor, index, main);
    const dropped = main.hits.length - hits.length;
    if (dropped > 0) ctx.logger.warn({ index, dropped }, "search hits failed the visibility re-check (index behind the database)");
    return {
      status: "ok",
      index,
      hits,
      total: Math.max(0, main.total - dropped),
      capped: main.total >= MAX_TOTAL_HITS,
      page: main.page,
      totalPages: main.totalPages,
      facets,
      searched: assisted.mode === "exact" ? main.query : query.q.trim(),
      mode: assisted.mode,
      suggestion: assisted.suggestion,
      relaxedTo: assisted.relaxedTo,
      examples: hits.length === 0 ? await workingExamples(ctx, viewer, index) : [],
    };
  } catch (error) {
    if (error instanceof SearchUnavailableError) {
      ctx.logger.warn({ err: error }, "search unavailable");
      return { status: "unavailable" };
    }
    throw error;
  }
}
