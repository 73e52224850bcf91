import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { boardSettings, tierDecisions } from "@db/schema";
import { createTestContext, type TestContext } from "@test/support/context";
import type { Actor } from "~/modules/identity/actor";
import { getBoardSettings } from "./settings.server";
import { decideTier } from "./tier-decisions.server";
import { currentThresholdSet, listThresholdVersions, publishThresholdVersion, saveThresholdDraft } from "./thresholds.server";
import { makeApplication, makeRound } from "@test/support/board";
import { makeActor } from "@test/support/actors";
import { makeUscc } from "@test/support/uscc";

let ctx: TestContext;
let admin: Actor;
beforeEach(() => {
  ctx = createTestContext();
  admin = makeActor(ctx, { orgKind: "exchange", roles: ["exchange_admin", "reviewer"] });
});

describe("seeded thresholds and settings (custom migration)", () => {
  it("holds DOMAIN.md's figures", () => {
    const set = currentThresholdSet(ctx);
    const crit = (code: string) => set.standards.find((s) => s.code === code)!.criteria;
    expect(set.standards.map((s) => s.code)).toEqual(["bse1", "bse2", "bse3", "bse4", "star1", "chinext1", "main1", "neeq1", "neeq2", "neeq3"]);
    expect(crit("bse1")).toEqual(
      expect.arrayContaining([
        { clause: "a", metric: "marketCap", aggregation: "current", years: 1, op: "gte", value: 200_000_000, unit: "yuan" },
        { clause: "a", metric: "netProfit", aggregation: "each", years: 2, op: "gte", value: 15_000_000, unit: "yuan" },
        { clause: "b", metric: "netProfit", aggregation: "last", years: 1, op: "gte", value: 25_000_000, unit: "yuan" },
        { clause: "*", metric: "netAssets", aggregation: "last", years: 1, op: "gte", value: 50_000_000, unit: "yuan" },
      ]),
    );
    expect(crit("bse4")).toContainEqual({ clause: "a", metric: "rdExpense", aggregation: "total", years: 2, op: "gte", value: 50_000_000, unit: "yuan" });
    expect(crit("chinext1")).toContainEqual({ clause: "a", metric: "netProfit", aggregation: "last", years: 1, op: "gte", value: 60_000_000, unit: "yuan" });
    expect(crit("main1")).toContainEqual({ clause: "b", metric: "revenue", aggregation: "total", years: 3, op: "gte", value: 1_500_000_000, unit: "yuan" });
    // NEEQ innovation layer checked against the 2019 text: 股本总额 on every alternative; 持续增长 and a two-year
    // 年均复合增长率 (compound, so three fiscal years of revenue) for the revenue alternative.
    expect(crit("neeq1")).toContainEqual({ clause: "a", metric: "shareCapital", aggregation: "last", years: 1, op: "gte", value: 20_000_000, unit: "yuan" });
    expect(crit("neeq2")).toEqual([
      { clause: "a", metric: "revenue", aggregation: "avg", years: 2, op: "gte", value: 60_000_000, unit: "yuan" },
      { clause: "a", metric: "revenueGrowth", aggregation: "each", years: 2, op: "gt", value: 0, unit: "bp" },
      { clause: "a", metric: "revenueGrowth", aggregation: "growth", years: 2, op: "gte", value: 5000, unit: "bp" },
      { clause: "a", metric: "shareCapital", aggregation: "last", years: 1, op: "gte", value: 20_000_000, unit: "yuan" },
    ]);
    expect(crit("neeq3")).toEqual([
      { clause: "a", metric: "marketCap", aggregation: "current", years: 1, op: "gte", value: 600_000_000, unit: "yuan" },
      { clause: "a", metric: "shareCapital", aggregation: "last", years: 1, op: "gte", value: 50_000_000, unit: "yuan" },
    ]);
    // BSE std 2's growth is a single year's rate (最近一年营业收入增长率), not compounded.
    expect(crit("bse2")).toContainEqual({ clause: "a", metric: "revenueGrowth", aggregation: "growth", years: 1, op: "gte", value: 3000, unit: "bp" });
    // Every standard carries its wording and its source.
    for (const st of set.standards) {
      expect(st.ruleText?.length).toBeGreaterThan(10);
      expect(st.source).toMatch(/《.+》/);
    }
    expect(set.standards.find((x) => x.code === "neeq2")!.ruleText).toContain("年均复合增长率不低于50%");
    expect(getBoardSettings(ctx)).toMatchObject({ minPeRound: "a", halveRatios: false, custodyWorkingDays: 60, custodyRatioBp: 7500, custodyRatioCultivationBp: 8000 });
    expect(ctx.db.select().from(boardSettings).all()).toHaveLength(1);
  });
});

describe("editing thresholds as versions", () => {
  it("a published version becomes current; earlier decisions keep citing the version they used", () => {
    const enterprise = makeActor(ctx, { orgKind: "enterprise", uscc: makeUscc(1), prefectureCode: "6501" });
    const appId = makeApplication(ctx, { roundId: makeRound(ctx, "under_review"), enterpriseOrgId: enterprise.orgId, values: { srdiStatus: "srdi_sme" } });
    const before = currentThresholdSet(ctx);
    const first = decideTier(ctx, admin, { applicationId: appId });

    const edited = before.standards.map((s) =>
      s.code === "chinext1" ? { ...s, criteria: s.criteria.map((c) => (c.aggregation === "last" ? { ...c, value: 80_000_000 } : c)) } : s,
    );
    const draftId = saveThresholdDraft(ctx, admin, { label: "2027 修订", effectiveFrom: "2027-01-01", standards: edited });
    expect(currentThresholdSet(ctx).id).toBe(before.id); // a draft is not used yet
    publishThresholdVersion(ctx, admin, draftId);
    ctx.clock.advance(1000);
    const now = currentThresholdSet(ctx);
    expect(now.id).toBe(draftId);
    expect(now.standards.find((s) => s.code === "chinext1")!.criteria.find((c) => c.aggregation === "last")!.value).toBe(80_000_000);

    const second = decideTier(ctx, admin, { applicationId: appId });
    const rows = ctx.db.select().from(tierDecisions).where(eq(tierDecisions.applicationId, appId)).all();
    expect(rows.find((r) => r.id === first.id)!.thresholdVersionId).toBe(before.id);
    expect(rows.find((r) => r.id === second.id)!.thresholdVersionId).toBe(draftId);
    expect(listThresholdVersions(ctx)).toHaveLength(3); // the two seeded versions and this one
  });

  it("published versions cannot change, and only admins edit", () => {
    const set = currentThresholdSet(ctx);
    expect(() => saveThresholdDraft(ctx, admin, { versionId: set.id, label: "x", effectiveFrom: "2027-01-01", standards: set.standards })).toThrow(
      expect.objectContaining({ message: "board:errors.thresholdVersionPublished" }),
    );
    const reviewer = makeActor(ctx, { orgKind: "exchange", roles: ["reviewer"] });
    expect(() => saveThresholdDraft(ctx, reviewer, { label: "x", effectiveFrom: "2027-01-01", standards: set.standards })).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() =>
      saveThresholdDraft(ctx, admin, { label: "x", effectiveFrom: "2027-01-01", standards: [set.standards[0]!, set.standards[0]!] }),
    ).toThrow(expect.objectContaining({ message: "board:errors.duplicateStandard" }));
  });
});
