import fs from "node:fs";
import { z } from "zod";
import { creditProducts, financingNeeds, organisations } from "@db/schema";
import { discover } from "~/modules/search/discovery.server";
import { DISCOVERY_INDEXES, parseDiscoveryQuery, type DiscoveryIndex } from "~/modules/search/query";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";

/**
 * The judged relevance set (app/modules/search/relevance/judgments.json) and its measures. Judgments name documents
 * by what a person reads (enterprise name, need title, product name) and were written from the demo
 * world's data before any of these queries was run; a document not named is judged 0 (not relevant).
 * Each query is run the way the search page runs it (`discover`, as an alliance member), one tab at a time.
 */

const grades = z.record(z.string(), z.union([z.literal(1), z.literal(2)]));
const judgedQuery = z.object({
  q: z.string().min(1),
  kind: z.string(),
  note: z.string(),
  judgments: z.object({ enterprises: grades.optional(), financing_needs: grades.optional(), credit_products: grades.optional() }),
});
export const relevanceSet = z.object({ viewer: z.string(), queries: z.array(judgedQuery).min(60) });
export type RelevanceSet = z.infer<typeof relevanceSet>;
export type JudgedQuery = z.infer<typeof judgedQuery>;

export function loadRelevanceSet(): RelevanceSet {
  return relevanceSet.parse(JSON.parse(fs.readFileSync(new URL("./judgments.json", import.meta.url), "utf8")));
}

export const K = 10;

/** nDCG@k with gains 2^grade − 1 over the ideal ordering of every judged document. */
export function ndcg(ranked: number[], judged: number[], k = K): number {
  const dcg = (gs: number[]) => gs.slice(0, k).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...judged].sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(ranked) / ideal;
}

export interface TabScore {
  tab: DiscoveryIndex;
  ndcg: number;
  /** Share of the first five hits judged relevant (1 or 2); fewer than five hits count as misses. */
  p5: number;
  /** Relevant documents in the first ten, over min(10, relevant documents). */
  r10: number;
  hits: number;
}

export interface QueryScore {
  q: string;
  kind: string;
  /** Means over the tabs that have relevant documents. */
  ndcg: number;
  p5: number;
  r10: number;
  /** No tab returned anything. */
  zero: boolean;
  tabs: TabScore[];
}

export interface RelevanceReport {
  queries: QueryScore[];
  mean: { ndcg: number; p5: number; r10: number; zeroRate: number };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Ids of the demo world's documents by the names the judgments use. */
function idsByName(ctx: Pick<AppContext, "db">): Record<DiscoveryIndex, Map<string, string>> {
  return {
    enterprises: new Map(ctx.db.select({ id: organisations.id, name: organisations.name }).from(organisations).all().map((r) => [r.name, r.id])),
    financing_needs: new Map(ctx.db.select({ id: financingNeeds.id, name: financingNeeds.title }).from(financingNeeds).all().map((r) => [r.name, r.id])),
    credit_products: new Map(ctx.db.select({ id: creditProducts.id, name: creditProducts.name }).from(creditProducts).all().map((r) => [r.name, r.id])),
  };
}

export async function evaluateRelevance(
  ctx: Pick<AppContext, "db" | "clock" | "search" | "logger">,
  viewer: Actor,
  set: RelevanceSet = loadRelevanceSet(),
): Promise<RelevanceReport> {
  const names = idsByName(ctx);
  const queries: QueryScore[] = [];
  for (const judged of set.queries) {
    const tabs: TabScore[] = [];
    let anyHit = false;
    for (const tab of DISCOVERY_INDEXES) {
      const result = await discover(ctx, viewer, parseDiscoveryQuery(new URLSearchParams({ q: judged.q, index: tab })));
      if (result.status !== "ok") throw new Error(`search unavailable for ${judged.q}`);
      if (result.hits.length) anyHit = true;
      const judgments = judged.judgments[tab];
      if (!judgments) continue;
      const gradeById = new Map<string, number>();
      for (const [name, grade] of Object.entries(judgments)) {
        const id = names[tab].get(name);
        if (!id) throw new Error(`judgments for "${judged.q}" name an unknown ${tab} document: ${name}`);
        gradeById.set(id, grade);
      }
      const ranked = result.hits.slice(0, K).map((h) => gradeById.get(h.id) ?? 0);
      const relevant = [...gradeById.values()].length;
      tabs.push({
        tab,
        ndcg: ndcg(ranked, [...gradeById.values()]),
        p5: ranked.slice(0, 5).filter((g) => g > 0).length / 5,
        r10: ranked.filter((g) => g > 0).length / Math.min(K, relevant),
        hits: result.hits.length,
      });
    }
    queries.push({
      q: judged.q,
      kind: judged.kind,
      ndcg: mean(tabs.map((t) => t.ndcg)),
      p5: mean(tabs.map((t) => t.p5)),
      r10: mean(tabs.map((t) => t.r10)),
      zero: !anyHit,
      tabs,
    });
  }
  return {
    queries,
    mean: {
      ndcg: mean(queries.map((q) => q.ndcg)),
      p5: mean(queries.map((q) => q.p5)),
      r10: mean(queries.map((q) => q.r10)),
      zeroRate: queries.filter((q) => q.zero).length / queries.length,
    },
  };
}
