import { eq, isNotNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { boardApplications, boardMemberships, boardRounds, custodyRecords, noticeObjections } from "@db/schema";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { demoWorldContext } from "@test/support/demo-world";

describe("board demo world", () => {
  it("has a round in every state, admitted enterprises with service persons and custody, and an intact audit chain", async () => {
    const { ctx } = await demoWorldContext();
    const states = ctx.db.select({ s: boardRounds.state }).from(boardRounds).all().map((r) => r.s).sort();
    expect(states).toEqual(["closed", "in_approval", "on_notice", "open", "under_review"]);
    const listed = ctx.db.select().from(boardMemberships).where(eq(boardMemberships.status, "listed")).all();
    expect(listed.length).toBe(30);
    expect(listed.every((m) => m.servicePersonUserId && m.admittedByPlanItemId)).toBe(true);
    expect(new Set(listed.map((m) => m.tier)).size).toBe(3);
    expect(ctx.db.select().from(custodyRecords).all()).toHaveLength(30);
    expect(ctx.db.select().from(noticeObjections).all()).toHaveLength(1);
    const appStates = new Set(ctx.db.select({ s: boardApplications.state }).from(boardApplications).all().map((r) => r.s));
    for (const s of ["admitted", "on_notice", "in_plan", "forwarded", "checked", "submitted", "returned", "draft"]) expect(appStates).toContain(s);
    expect(ctx.db.select().from(boardApplications).where(isNotNull(boardApplications.sponsorOrgId)).all()).toHaveLength(1);
    expect(verifyAuditChain(ctx).ok).toBe(true);
  }, 60_000);
});
