import { eq } from "drizzle-orm";
import { users } from "@db/schema";
import { actorForUser } from "~/modules/identity/sessions.server";
import { indexedDemoWorld, runtimeFor } from "./search-world";
import type { SearchEngine } from "@search/engine";
import { MeiliSearchEngine } from "@search/meilisearch/engine";
import { startTestMeili } from "@search/testing/meili";
import { evaluateRelevance, loadRelevanceSet, type RelevanceReport } from "~/modules/search/relevance/evaluate.server";

/**
 * The relevance set run on both engines over one seeded demo world: the embedded engine first, then a
 * throwaway Meilisearch (the bundled binary) indexed from the same database. Used by
 * `npm run bench -- relevance` (prints the tables) and relevance.test.ts (keeps the means up).
 */
export async function relevanceReports(progress: (message: string) => void = () => {}): Promise<{ embedded: RelevanceReport; meilisearch: RelevanceReport }> {
  const set = loadRelevanceSet();
  progress("seeding the demo world (embedded engine)");
  const { ctx } = await indexedDemoWorld();
  const viewer = actorForUser(ctx, ctx.db.select().from(users).where(eq(users.email, `${set.viewer}@inst.demo`)).get()!)!;
  const embedded = await evaluateRelevance(ctx, viewer, set);
  progress("starting Meilisearch and indexing the same database");
  const server = await startTestMeili();
  const meili: SearchEngine = new MeiliSearchEngine(() => server, { prefix: "relevance_" });
  const embeddedRuntime = ctx.search;
  try {
    ctx.search = runtimeFor(ctx, meili);
    await ctx.search.indexer.bootstrap();
    const meilisearch = await evaluateRelevance(ctx, viewer, set);
    return { embedded, meilisearch };
  } finally {
    await ctx.search.close();
    await embeddedRuntime.close();
    await server.stop();
  }
}
