import { describe, expect, it } from "vitest";
import { cultivationStages, esopEntries, policyPosts, reportPacks, serviceRequests, serviceVisits, visitFollowUps } from "@db/schema";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { demoWorldContext } from "@test/support/demo-world";

describe("staff demo world", () => {
  it("has service requests in every state (one escalated, some rated), visits with follow-ups, cultivation stages, and two past report packs", async () => {
    const { ctx } = await demoWorldContext();
    const requests = ctx.db.select().from(serviceRequests).all();
    expect(new Set(requests.map((r) => r.state))).toEqual(new Set(["open", "in_progress", "resolved", "closed"]));
    expect(requests.some((r) => r.escalatedAt !== null)).toBe(true);
    expect(requests.filter((r) => r.rating !== null).length).toBeGreaterThanOrEqual(3);
    expect(ctx.db.select().from(serviceVisits).all()).toHaveLength(3);
    expect(ctx.db.select().from(visitFollowUps).all().some((f) => f.serviceRequestId)).toBe(true);
    expect(ctx.db.select().from(cultivationStages).all()).toHaveLength(6);
    expect(ctx.db.select().from(policyPosts).all()).toHaveLength(2);
    expect(ctx.db.select().from(esopEntries).all()).toHaveLength(4);
    const packs = ctx.db.select({ kind: reportPacks.periodKind, period: reportPacks.period }).from(reportPacks).all();
    expect(packs.map((p) => p.kind).sort()).toEqual(["month", "quarter"]);
    expect(verifyAuditChain(ctx).ok).toBe(true);
  }, 120_000);
});
