import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { creditProducts, financingNeeds, financingOutcomes, mandates, offerGuarantees, offers, organisations, users } from "@db/schema";
import { compareOffers } from "~/modules/financing/comparison.server";
import { needTimelines } from "~/modules/financing/offer-progress.server";
import { summariseFinancing } from "~/modules/financing/outcomes.server";
import { recommendNeedsForInstitution } from "~/modules/financing/recommendations.server";
import { actorForUser } from "~/modules/identity/sessions.server";
import { demoWorldContext } from "@test/support/demo-world";

describe("financing demo data", () => {
  it("gives every member a mandate, lenders products, and needs at each stage with offers from each kind of member", async () => {
    const { ctx } = await demoWorldContext(Date.UTC(2026, 10, 20, 2));
    const actor = (email: string) => actorForUser(ctx, ctx.db.select().from(users).where(eq(users.email, email)).get()!)!;
    const institutions = ctx.db.select().from(organisations).where(eq(organisations.kind, "institution")).all();
    const withMandate = new Set(ctx.db.select({ org: mandates.institutionOrgId }).from(mandates).all().map((m) => m.org));
    expect(institutions.every((i) => withMandate.has(i.id))).toBe(true);
    expect(ctx.db.select().from(creditProducts).where(eq(creditProducts.state, "published")).all()).toHaveLength(7);

    const all = ctx.db.select({ state: offers.state, type: organisations.institutionType }).from(offers).innerJoin(organisations, eq(organisations.id, offers.institutionOrgId)).all();
    expect(new Set(all.map((o) => o.type))).toEqual(new Set(["bank", "pe_vc", "guarantor", "leasing", "securities"]));
    expect(new Set(all.map((o) => o.state))).toEqual(new Set(["submitted", "shortlisted", "declined", "accepted", "closed"]));
    expect(ctx.db.select().from(offerGuarantees).all().length).toBeGreaterThanOrEqual(2);

    const summary = summariseFinancing(ctx, actor("finance@reg.demo"), { from: "2026-01-01", to: "2026-12-31" });
    expect(summary.count).toBe(5);
    expect(summary.byChannel.map((b) => b.key).sort()).toEqual(["board_offer", "credit_product"]);

    // The compared loan need: a guarantor-backed offer, and a late one.
    const compared = ctx.db.select().from(financingNeeds).where(eq(financingNeeds.title, "风电装备零部件扩产流动资金贷款")).get()!;
    const table = compareOffers(ctx, actor("ent02@demo.xj"), compared.id);
    expect(table.rows).toHaveLength(3);
    expect(table.rows.some((r) => r.guarantees.length === 1)).toBe(true);
    expect(table.rows.every((r) => r.late)).toBe(true);
    expect(table.best.allInCostBp).toHaveLength(1);
    expect(ctx.db.select().from(financingOutcomes).all().every((o) => o.obtainedOn <= "2026-11-20")).toBe(true);

    // One need at each step of the progress timeline: accepted, approved, partly and fully funded, fallen through.
    const ent21 = actor("ent21@demo.xj");
    const own = ctx.db.select({ id: financingNeeds.id }).from(financingNeeds).where(eq(financingNeeds.enterpriseOrgId, ent21.orgId)).all();
    const shapes = [...needTimelines(ctx, ent21, own.map((n) => n.id)).values()].map((tl) => {
      const s = Object.fromEntries(tl.steps.map((x) => [x.key, x.status]));
      return `${s.approval}/${s.funds}`;
    });
    expect(new Set(shapes)).toEqual(new Set(["current/pending", "done/current", "done/done", "failed/pending"]));

    // The e2e journey's need is recommended to the first bank, with reasons.
    const recs = recommendNeedsForInstitution(ctx, actor("bank1@inst.demo"), 50);
    expect(recs.find((r) => r.need.title.includes("正极材料扩产"))?.reasons.map((r) => r.rule)).toEqual(expect.arrayContaining(["instrument", "amount", "industry", "collateral"]));
  }, 120_000);
});
