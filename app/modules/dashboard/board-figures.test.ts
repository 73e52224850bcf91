import { describe, expect, it } from "vitest";
import { boardViolations } from "@db/schema";
import { openDisclosureObligation } from "~/modules/enterprises/disclosures.server";
import { makeActor } from "@test/support/actors";
import { at, staffWorld } from "@test/support/staff-world";
import { newId } from "~/utils/ids";
import { boardFigures } from "./board-figures.server";

const byKey = (f: ReturnType<typeof boardFigures>) => Object.fromEntries(f.figures.map((x) => [x.key, { value: x.value, href: x.href, tone: x.tone }]));

describe("the board's figures on the dashboard, per role", () => {
  it("regulators get enterprises per tier, approvals, notices, disclosures overdue to them and violations, each linked to its list", () => {
    const w = staffWorld();
    w.ctx.db.insert(boardViolations).values({ id: newId(), enterpriseOrgId: w.ent.orgId, kind: "disclosure_failure", source: "巡查", occurredOn: "2026-02-01", description: "未按期披露", evidence: "[]", recordedBy: w.admin.userId, recordedAt: w.ctx.clock.now() }).run();
    // A quarterly report owed to the regulator since January is overdue in the second quarter; one owed to the bank does not count.
    openDisclosureObligation(w.ctx, { enterpriseOrgId: w.ent.orgId, recipientOrgId: w.regulator.orgId, frequency: "quarterly", startsOn: "2026-01-01" });
    openDisclosureObligation(w.ctx, { enterpriseOrgId: w.ent2.orgId, recipientOrgId: w.bank.orgId, frequency: "quarterly", startsOn: "2026-01-01" });
    w.ctx.clock.ms = at("2026-06-01");
    const f = boardFigures(w.ctx, w.regulator);
    expect(f.audience).toBe("regulator");
    const k = byKey(f);
    expect(k["tier.standardisation"]).toEqual({ value: 1, href: "/search?index=enterprises&tier=standardisation", tone: "neutral" });
    expect(k["tier.cultivation"]!.value).toBe(1);
    expect(k["tier.incubation"]!.value).toBe(1);
    expect(k.violations).toMatchObject({ value: 1, href: "/board/violations", tone: "attention" });
    expect(k.overdueDisclosures).toMatchObject({ value: 1, href: "/disclosures?overdue=1", tone: "urgent" });
    expect(k.awaitingApproval).toMatchObject({ value: 0, href: "/board/plans", tone: "neutral" });
    expect(k.noticesRunning).toMatchObject({ value: 0, href: "/notices" });
  });

  it("the exchange's staff get their queue; a specialist also the custody overdue among the enterprises they serve", () => {
    const w = staffWorld();
    w.ctx.db.insert(boardViolations).values({ id: newId(), enterpriseOrgId: w.ent.orgId, kind: "other", source: "举报", occurredOn: "2026-02-01", description: "待核实", evidence: "[]", recordedBy: w.admin.userId, recordedAt: w.ctx.clock.now() }).run();
    const reviewer = byKey(boardFigures(w.ctx, w.reviewer));
    expect(Object.keys(reviewer)).toEqual(["toCheck", "openObjections", "violationsToConfirm", "overdueDisclosuresAll"]);
    expect(reviewer.violationsToConfirm).toMatchObject({ value: 1, href: "/board/violations" });
    expect(reviewer.toCheck!.href).toBe("/board/review?show=toCheck");
    expect(Object.keys(byKey(boardFigures(w.ctx, w.specialist)))).toContain("custodyOverdue");
  });

  it("a bureau sees its prefecture's enterprises per tier; members and enterprises the board's", () => {
    const w = staffWorld();
    const bureau = makeActor(w.ctx, { orgKind: "bureau", prefectureCode: "6523" });
    const own = boardFigures(w.ctx, bureau);
    expect(own.audience).toBe("prefecture");
    expect(byKey(own)["tier.cultivation"]).toEqual({ value: 1, href: "/search?index=enterprises&tier=cultivation&prefecture=6523", tone: "neutral" });
    expect(byKey(own)["tier.standardisation"]!.value).toBe(0);
    const bank = boardFigures(w.ctx, w.bank);
    expect(bank.audience).toBe("board");
    expect(bank.figures.map((x) => x.value)).toEqual([1, 1, 1]);
  });
});
