import pino from "pino";
import type { SearchEngine } from "@search/engine";
import { SearchIndexer } from "@search/indexer";
import type { SearchRuntime } from "@search/index";
import { registerAllDocumentSources } from "~/modules/search/sources.server";
import { seedDemoWorld, type SeededWorld } from "@seed/index";
import { demoActor } from "@seed/enterprises";
import { ENTERPRISES, INSTITUTIONS } from "@seed/world";
import { createNeed, publishNeed } from "~/modules/financing/needs.server";
import type { NeedInput } from "~/modules/financing/needs-schemas";
import type { Actor } from "~/modules/identity/actor";
import { createTestContext, type TestContext } from "./context";

/** Far enough ahead that the needs index (which drops expired needs by the real date) keeps them. */
export const VALID_UNTIL = "2030-12-31";

export const enterpriseActor = (world: SeededWorld, n: number): Actor => demoActor(world, `ent:${n}`, "enterprise", ENTERPRISES[n - 1]![0]);
export const institutionActor = (world: SeededWorld, key: string): Actor =>
  demoActor(world, key, "institution", INSTITUTIONS.find((i) => i.key === key)!.name);

export function loanNeed(title: string, overrides: Partial<NeedInput<"loan">> = {}): NeedInput<"loan"> {
  return {
    instrument: "loan",
    title,
    summary: `${title}，期限一年，以应收账款质押。`,
    amount: 20_000_000,
    audience: "public",
    directedOrgIds: [],
    expiresOn: VALID_UNTIL,
    details: { termMonths: 12, purpose: "补充流动资金", collateral: ["receivables"] },
    ...overrides,
  };
}

export function publishedNeed(ctx: TestContext, owner: Actor, input: NeedInput): string {
  const id = createNeed(ctx, owner, input);
  publishNeed(ctx, owner, id);
  return id;
}

/** A search runtime over another engine (the throwaway Meilisearch), with an indexer that is not running. */
export function runtimeFor(ctx: TestContext, engine: SearchEngine): SearchRuntime {
  registerAllDocumentSources();
  const indexer = new SearchIndexer(ctx.db, engine, pino({ level: "silent" }));
  return {
    engine,
    indexer,
    status: () => {
      throw new Error("not used in tests");
    },
    counts: () => indexer.counts(),
    async close() {
      await indexer.stop();
      await engine.close();
    },
  };
}

/** The demo world in a fresh test context, indexed. */
export async function indexedDemoWorld(engine?: SearchEngine): Promise<{ ctx: TestContext; world: SeededWorld }> {
  const ctx = createTestContext();
  if (engine) {
    await ctx.search.close();
    ctx.search = runtimeFor(ctx, engine);
  }
  const world = await seedDemoWorld(ctx);
  await ctx.search.indexer.bootstrap();
  await ctx.search.indexer.drain();
  return { ctx, world };
}
