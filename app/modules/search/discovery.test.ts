import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mailOutbox, notifications } from "@db/schema";
import type { SeededWorld } from "@seed/index";
import { MeiliSearchEngine } from "@search/meilisearch/engine";
import { startTestMeili, type TestMeili } from "@search/testing/meili";
import { updateNeed } from "~/modules/financing/needs.server";
import { runDailyDigest } from "~/modules/messaging/digest.server";
import { MAX_TOTAL_HITS, type SearchResult } from "@search/engine";
import { createTestContext, type TestContext } from "@test/support/context";
import { alertSavedSearches, startSavedSearchAlerts } from "./alerts.server";
import { discover, type DiscoveryHit, type DiscoveryResult } from "./discovery.server";
import { parseDiscoveryQuery } from "./query";
import { deleteSavedSearch, listSavedSearches, saveSearch } from "./saved-searches.server";
import { enterpriseActor, indexedDemoWorld, institutionActor, loanNeed, publishedNeed } from "@test/support/search-world";

const q = (query: string) => parseDiscoveryQuery(new URLSearchParams(query));
const ok = (r: DiscoveryResult) => {
  if (r.status !== "ok") throw new Error("search unavailable");
  return r;
};
const text = (hit: DiscoveryHit) => hit.title.map((s) => s.text).join("");

function discoverySuite(name: string, engineFactory: () => Promise<{ engine?: MeiliSearchEngine; stop(): Promise<void> }>) {
  describe(`discovery on the demo world (${name})`, () => {
    let ctx: TestContext;
    let world: SeededWorld;
    let stop: () => Promise<void>;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const made = await engineFactory();
      stop = made.stop;
      ({ ctx, world } = await indexedDemoWorld(made.engine));
      startSavedSearchAlerts(ctx);
      // Needs the relevance tests name (the demo world's own needs expire by the test clock's date).
      ids.jinshaLoan = publishedNeed(ctx, enterpriseActor(world, 1), loanNeed("锂电池正极材料产线流动资金贷款"));
      ids.hamiLoan = publishedNeed(ctx, enterpriseActor(world, 9), loanNeed("风电场智能运维设备贷款"));
      ids.directed = publishedNeed(
        ctx,
        enterpriseActor(world, 2),
        loanNeed("新能源装备定向授信贷款", { audience: "directed", directedOrgIds: [world.orgIdByKey.get("bank2")!] }),
      );
      ids.membersEquity = publishedNeed(ctx, enterpriseActor(world, 31), {
        instrument: "equity",
        title: "储能电池系统 A 轮股权融资",
        summary: "储能电池系统扩产。",
        amount: 80_000_000,
        audience: "members",
        directedOrgIds: [],
        expiresOn: "2030-12-31",
        details: { valuationMin: 400_000_000, valuationMax: 500_000_000, stakeOfferedBp: 1500, useOfFunds: "扩产", stage: "a" },
      });
      await ctx.search.indexer.drain();
    }, 120_000);

    afterAll(async () => {
      await ctx?.search.close();
      await stop?.();
    });

    const bank1 = () => institutionActor(world, "bank1");
    const bank2 = () => institutionActor(world, "bank2");

    it("锂电池 finds the battery maker among enterprises, and its loan need", async () => {
      const ents = ok(await discover(ctx, bank1(), q("index=enterprises&q=锂电池")));
      expect(ents.hits.map((h) => h.id)).toContain(world.enterpriseOrgIds[0]);
      const needs = ok(await discover(ctx, bank1(), q("q=锂电池")));
      expect(needs.hits[0]?.id).toBe(ids.jinshaLoan);
      expect(needs.hits[0]!.title.some((s) => s.match && s.text.includes("锂电"))).toBe(true);
    });

    it("English: lithium battery finds the same maker", async () => {
      const ents = ok(await discover(ctx, null, q("index=enterprises&q=lithium%20battery")));
      expect(ents.hits.map((h) => h.id)).toContain(world.enterpriseOrgIds[0]);
    });

    it("乌鲁木齐 贷款 finds loan needs in Urumqi, not in Hami", async () => {
      const r = ok(await discover(ctx, bank1(), q("q=乌鲁木齐%20贷款")));
      const found = r.hits.map((h) => h.id);
      expect(found).toContain(ids.jinshaLoan);
      expect(found).not.toContain(ids.hamiLoan);
      for (const h of r.hits) expect(h.kind === "financing_needs" && h.prefectureZh).toContain("乌鲁木齐");
    });

    it("a 2-character query (新能) matches inside longer words", async () => {
      const r = ok(await discover(ctx, null, q("index=enterprises&q=新能")));
      expect(r.hits.map((h) => h.id)).toContain(world.enterpriseOrgIds[1]);
      expect(r.hits.every((h) => text(h).includes("新能") || h.snippet.some((s) => s.text.includes("新能")))).toBe(true);
    });

    it("facets filter and count disjunctively", async () => {
      const r = ok(await discover(ctx, bank1(), q("q=贷款&prefecture=6501&type=loan")));
      expect(r.hits.length).toBeGreaterThan(0);
      for (const h of r.hits) expect(h.kind === "financing_needs" && h.financingType).toBe("loan");
      const prefectures = r.facets.prefecture!;
      expect(prefectures.find((f) => f.value === "6501")).toMatchObject({ selected: true });
      // The Hami loan is still counted under its own prefecture while Urumqi is ticked.
      expect(prefectures.find((f) => f.value === "6505")?.count).toBeGreaterThan(0);
      // Collateral offered by loan needs is a facet too.
      const pledged = ok(await discover(ctx, bank1(), q("collateral=receivables&q=锂电池")));
      expect(pledged.hits.map((h) => h.id)).toContain(ids.jinshaLoan);
      expect(pledged.facets.collateral!.find((f) => f.value === "receivables")).toMatchObject({ selected: true });
      expect(ok(await discover(ctx, bank1(), q("collateral=real_estate&q=锂电池"))).total).toBe(0);
    });

    it("a directed need is invisible to an unpermitted member in hits and facet counts", async () => {
      const other = ok(await discover(ctx, bank1(), q("q=定向授信")));
      expect(other.hits.map((h) => h.id)).not.toContain(ids.directed);
      expect(other.total).toBe(0);
      expect(Object.values(other.facets).flat().every((f) => f.count === 0)).toBe(true);
      const anonymous = ok(await discover(ctx, null, q("q=定向授信")));
      expect(anonymous.total).toBe(0);
      const chosen = ok(await discover(ctx, bank2(), q("q=定向授信")));
      expect(chosen.hits.map((h) => h.id)).toEqual([ids.directed]);
      expect(chosen.facets.type!.find((f) => f.value === "loan")?.count).toBe(1);
      // All needs, no words: the unpermitted bank's loan count is one lower than the chosen bank's.
      const all1 = ok(await discover(ctx, bank1(), q("type=loan")));
      const all2 = ok(await discover(ctx, bank2(), q("type=loan")));
      expect(all2.total - all1.total).toBe(1);
    });

    it("members-only needs: institutions see them, the public does not", async () => {
      expect(ok(await discover(ctx, bank1(), q("q=储能电池"))).hits.map((h) => h.id)).toContain(ids.membersEquity);
      expect(ok(await discover(ctx, null, q("q=储能电池"))).hits.map((h) => h.id)).not.toContain(ids.membersEquity);
    });

    it("bad input gives sane results, never a throw", async () => {
      const nasty = [
        "",
        "锂".repeat(10_000),
        '"锂电池',
        "锂*",
        "锂电 NEAR 贷款",
        "锂电 OR 贷款",
        "-贷款",
        "^贷款",
        "🔋🔋 锂电池 🚀",
        "'; DROP TABLE financing_needs; --",
        "%_\\",
        "a".repeat(300),
      ];
      for (const words of nasty) {
        for (const index of ["financing_needs", "enterprises", "credit_products"]) {
          const r = await discover(ctx, bank1(), q(new URLSearchParams({ q: words, index }).toString()));
          expect(r.status).toBe("ok");
        }
      }
      const withEmoji = ok(await discover(ctx, bank1(), q("q=" + encodeURIComponent("🔋锂电池"))));
      expect(withEmoji.hits.map((h) => h.id)).toContain(ids.jinshaLoan);
      const unknown = ok(await discover(ctx, bank1(), q("prefecture=9999&type=spaceship&tier=%3Cscript%3E&amountMin=-5&amountMax=abc&updatedFrom=2026-13-45&page=99999")));
      expect(unknown.total).toBe(0);
      expect(unknown.facets.prefecture!.find((f) => f.value === "9999")).toMatchObject({ count: 0, selected: true });
    });

    it("saved-search alert fires once for a matching new need, not for a non-matching or invisible one", async () => {
      const rm = bank1();
      const savedId = saveSearch(ctx, rm, { name: "乌鲁木齐贷款", query: "q=乌鲁木齐%20贷款&type=loan" });
      expect(listSavedSearches(ctx, rm).map((s) => s.id)).toEqual([savedId]);
      const alertsOf = (userId: string) =>
        ctx.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.userId, userId), eq(notifications.kind, "need")))
          .all()
          .filter((n) => n.payload.includes("search:alerts.matched"));

      const kunlun = enterpriseActor(world, 5); // 昆仑光伏, Urumqi
      const matching = publishedNeed(ctx, kunlun, loanNeed("光伏材料扩产流动资金贷款"));
      publishedNeed(ctx, enterpriseActor(world, 10), loanNeed("煤基新材料技改贷款")); // Hami: does not match
      publishedNeed(ctx, enterpriseActor(world, 3), loanNeed("数据中心定向贷款", { audience: "directed", directedOrgIds: [world.orgIdByKey.get("bank2")!] })); // Urumqi, but not for bank1
      await ctx.search.indexer.drain();

      let alerts = alertsOf(rm.userId);
      expect(alerts).toHaveLength(1);
      expect(JSON.parse(alerts[0]!.payload)).toMatchObject({ key: "search:alerts.matched", href: `/needs/${matching}` });

      // Replaying the same change (a restart, a second node) does not alert again.
      await alertSavedSearches(ctx, [matching]);
      expect(alertsOf(rm.userId)).toHaveLength(1);

      // A changed need (new version) that still matches is news.
      updateNeed(ctx, kunlun, matching, loanNeed("光伏材料扩产流动资金贷款（追加）"));
      await ctx.search.indexer.drain();
      alerts = alertsOf(rm.userId);
      expect(alerts).toHaveLength(2);

      // The daily digest carries the alert, rendered in the member's language.
      await runDailyDigest(ctx);
      const mail = ctx.db.select().from(mailOutbox).all().find((m) => m.to === rm.email || m.body.includes("乌鲁木齐贷款"));
      expect(mail?.body).toContain("您保存的搜索“乌鲁木齐贷款”有新的匹配需求");

      deleteSavedSearch(ctx, rm, savedId);
      expect(listSavedSearches(ctx, rm)).toEqual([]);
      expect(() => deleteSavedSearch(ctx, bank2(), savedId)).toThrow();
    });
  });
}

discoverySuite("embedded", async () => ({ stop: async () => {} }));

discoverySuite("Meilisearch", async () => {
  let server: TestMeili | null = await startTestMeili();
  const engine = new MeiliSearchEngine(() => server!, { prefix: `disc_${Date.now()}_` });
  return {
    engine,
    async stop() {
      await server?.stop();
      server = null;
    },
  };
});

describe("result counts beyond what the engines count", () => {
  it("says N+ when the engine stopped counting at MAX_TOTAL_HITS, and an exact count below it", async () => {
    const ctx = createTestContext();
    const answer = (total: number): SearchResult<never> => ({ hits: [], ids: [], total, page: 1, hitsPerPage: 20, totalPages: Math.ceil(total / 20), facets: {}, query: "" });
    const search = vi.spyOn(ctx.search.engine, "search").mockResolvedValue(answer(MAX_TOTAL_HITS));
    expect(ok(await discover(ctx, null, q("q=贷款")))).toMatchObject({ total: MAX_TOTAL_HITS, capped: true });
    search.mockResolvedValue(answer(MAX_TOTAL_HITS - 1));
    expect(ok(await discover(ctx, null, q("q=贷款")))).toMatchObject({ total: MAX_TOTAL_HITS - 1, capped: false });
  });
});
