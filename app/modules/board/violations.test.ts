import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, boardMemberships, boardViolations, tierDecisions, type SrdiStatus, type Tier } from "@db/schema";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import { feedFor, follow } from "~/modules/financing/follows.server";
import { newId } from "~/utils/ids";
import { decidePlan, getPlanDetail, listPlans, submitPlan } from "./plans.server";
import { adjustRetieringDecision, getRetieringRun, startRetieringRun } from "./retiering.server";
import { makeActor, makeApplication, makeRound, testUscc } from "./testing";
import { pdf, world, type World } from "./testing-world";
import { addViolationFile, openViolationFile } from "./violation-files.server";
import { assessEligibility, removalGrounds, type TierFacts } from "./tier-rules";
import { decideViolation, listViolations, proposeRemoval, recordViolation, removalOf } from "./violations.server";

function listedEnterprise(w: World, n: number, name: string, tier: Tier, srdiStatus: SrdiStatus): Actor {
  const ent = makeActor(w.ctx, { orgKind: "enterprise", prefectureCode: "6501", uscc: testUscc(300 + n), orgName: name });
  makeApplication(w.ctx, { roundId: makeRound(w.ctx, "closed"), enterpriseOrgId: ent.orgId, state: "admitted", values: { srdiStatus } });
  w.ctx.db.insert(boardMemberships).values({ id: newId(), enterpriseOrgId: ent.orgId, tier, entryDate: "2025-06-02", status: "listed" }).run();
  return ent;
}

const membership = (w: World, orgId: string) => w.ctx.db.select().from(boardMemberships).where(eq(boardMemberships.enterpriseOrgId, orgId)).get()!;
const penalty = (enterpriseOrgId: string, occurredOn = "2026-02-27") => ({
  enterpriseOrgId,
  kind: "regulatory_penalty" as const,
  source: "新疆证监局行政处罚决定书〔2026〕3号",
  occurredOn,
  description: "未按规定披露对外担保事项",
  evidence: "处罚决定书文号及公开链接",
});

describe("violations and removal at any time (Attachment 1 §(五))", () => {
  let w: World;
  let giant: Actor;
  let specialist: Actor;
  beforeEach(() => {
    w = world();
    specialist = makeActor(w.ctx, { orgKind: "exchange", roles: ["service_specialist"], orgId: w.admin.orgId });
    giant = listedEnterprise(w, 1, "天池小巨人", "cultivation", "little_giant");
  });

  it("a violation recorded mid-year, confirmed and proposed for removal, applies only when all three regulators approve", () => {
    follow(w.ctx, w.sponsor, "enterprise", giant.orgId); // an alliance member follows the enterprise
    w.ctx.clock.ms = Date.UTC(2026, 6, 15, 2); // 2026-07-15, far from any yearly run
    const v = recordViolation(w.ctx, specialist, penalty(giant.orgId, "2026-06-30"));
    expect(recordViolation(w.ctx, specialist, { ...penalty(giant.orgId, "2026-06-30"), id: v.id }).id).toBe(v.id); // idempotent on its id
    expect(() => proposeRemoval(w.ctx, w.reviewer, { violationId: v.id })).toThrow(/violationNotCitable/); // not yet confirmed
    decideViolation(w.ctx, w.reviewer, v.id, { decision: "confirm" });
    const plan = proposeRemoval(w.ctx, w.reviewer, { violationId: v.id, note: "情节严重，拟清退" });
    expect(() => proposeRemoval(w.ctx, w.reviewer, { violationId: v.id })).toThrow(/removalAlreadyProposed/);
    expect(listPlans(w.ctx, w.regulators[0]!)).toHaveLength(0); // a draft stays with the exchange

    submitPlan(w.ctx, w.reviewer, plan.id);
    const detail = getPlanDetail(w.ctx, w.regulators[0]!, plan.id);
    expect(detail.violation).toMatchObject({ id: v.id, kind: "regulatory_penalty", source: penalty("").source, enterpriseName: "天池小巨人" });
    expect(detail.items).toHaveLength(1);
    expect(detail.items[0]).toMatchObject({ action: "remove", removalReason: "violation", violationId: v.id, proposedTier: "cultivation" });
    expect(detail.items[0]!.evidenceText).toContain("三（五）");
    expect(detail.items[0]!.evidenceText).toContain(penalty("").source);

    decidePlan(w.ctx, w.regulators[0]!, plan.id, { decision: "approved" });
    decidePlan(w.ctx, w.regulators[1]!, plan.id, { decision: "approved" });
    expect(membership(w, giant.orgId).status).toBe("listed");
    expect(removalOf(w.ctx, giant.orgId)).toBeNull();
    decidePlan(w.ctx, w.regulators[2]!, plan.id, { decision: "approved" });

    const m = membership(w, giant.orgId);
    expect(m).toMatchObject({ status: "removed", removalReason: "violation" });
    expect(w.ctx.db.select().from(tierDecisions).where(eq(tierDecisions.id, m.removalDecisionId!)).get()!.violationId).toBe(v.id);
    expect(removalOf(w.ctx, giant.orgId)).toEqual({
      removedAt: Date.UTC(2026, 6, 15, 2),
      removedOn: "2026-07-15",
      reason: "violation",
      violation: { kind: "regulatory_penalty", source: penalty("").source, occurredOn: "2026-06-30" },
    });
    expect(w.ctx.db.select().from(boardViolations).where(eq(boardViolations.id, v.id)).get()!.resolvedAt).not.toBeNull();
    // The follower's feed shows the removal with the cited violation.
    const feedItem = feedFor(w.ctx, w.sponsor).find((i) => i.kind === "tier_changed" && i.tier === null);
    expect(feedItem).toMatchObject({ enterpriseOrgId: giant.orgId, from: "cultivation", removal: { reason: "violation", violation: { kind: "regulatory_penalty", source: penalty("").source, occurredOn: "2026-06-30" } } });
    const removed = w.ctx.db.select().from(auditLog).where(eq(auditLog.action, "board.membership.removed")).get()!;
    expect(JSON.parse(removed.data)).toMatchObject({ violationId: v.id, violationKind: "regulatory_penalty", violationOn: "2026-06-30", from: "cultivation" });
    const actions = w.ctx.db.select({ a: auditLog.action }).from(auditLog).all().map((r) => r.a);
    expect(actions).toEqual(expect.arrayContaining(["board.violation.recorded", "board.violation.confirmed", "board.removal.proposed", "board.plan.approved"]));
    expect(verifyAuditChain(w.ctx).ok).toBe(true);
  });

  it("a return sends the removal back; it is resubmitted as it stands and the approvals start again", () => {
    const v = recordViolation(w.ctx, w.reviewer, penalty(giant.orgId, "2026-03-02"));
    decideViolation(w.ctx, w.reviewer, v.id, { decision: "confirm" });
    const plan = proposeRemoval(w.ctx, w.reviewer, { violationId: v.id });
    submitPlan(w.ctx, w.reviewer, plan.id);
    decidePlan(w.ctx, w.regulators[0]!, plan.id, { decision: "approved" });
    decidePlan(w.ctx, w.regulators[1]!, plan.id, { decision: "returned", comment: "请补充企业陈述意见" });
    submitPlan(w.ctx, w.reviewer, plan.id);
    decidePlan(w.ctx, w.regulators[1]!, plan.id, { decision: "approved" });
    decidePlan(w.ctx, w.regulators[2]!, plan.id, { decision: "approved" });
    expect(membership(w, giant.orgId).status).toBe("listed"); // the first approval was for the returned submission
    decidePlan(w.ctx, w.regulators[0]!, plan.id, { decision: "approved" });
    expect(membership(w, giant.orgId).status).toBe("removed");
  });

  it.each([
    ["today (2026-03-02) is accepted", "2026-03-02", null],
    ["tomorrow is refused", "2026-03-03", /dateInFuture/],
  ])("the violation's date: %s", (_name, occurredOn, error) => {
    const record = () => recordViolation(w.ctx, w.reviewer, penalty(giant.orgId, occurredOn));
    if (error) expect(record).toThrow(error);
    else expect(record().occurredOn).toBe(occurredOn);
  });

  it("who may: staff record, reviewers confirm and propose, regulators and the enterprise only read", () => {
    expect(() => recordViolation(w.ctx, giant, penalty(giant.orgId))).toThrow(/forbidden/);
    expect(() => recordViolation(w.ctx, w.regulators[0]!, penalty(giant.orgId))).toThrow(/forbidden/);
    const v = recordViolation(w.ctx, specialist, penalty(giant.orgId));
    expect(() => decideViolation(w.ctx, specialist, v.id, { decision: "confirm" })).toThrow(/forbidden/);
    expect(listViolations(w.ctx, giant)).toHaveLength(0); // unconfirmed: not shown to the enterprise
    expect(listViolations(w.ctx, w.otherEnt)).toHaveLength(0);
    decideViolation(w.ctx, w.reviewer, v.id, { decision: "confirm" });
    expect(() => decideViolation(w.ctx, w.reviewer, v.id, { decision: "dismiss", reason: "重复记录" })).toThrow(/violationDecided/);
    expect(listViolations(w.ctx, giant).map((r) => r.id)).toEqual([v.id]);
    expect(listViolations(w.ctx, w.otherEnt)).toHaveLength(0);
    expect(listViolations(w.ctx, w.regulators[0]!)[0]).toMatchObject({ canDecide: false, canProposeRemoval: false });
    expect(() => proposeRemoval(w.ctx, w.regulators[0]!, { violationId: v.id })).toThrow(/forbidden/);
    expect(() => proposeRemoval(w.ctx, specialist, { violationId: v.id })).toThrow(/forbidden/);
    expect(listViolations(w.ctx, w.reviewer)[0]).toMatchObject({ canProposeRemoval: true });
  });

  it("a dismissed violation needs a reason and can never be cited; only listed enterprises can be recorded against", () => {
    const v = recordViolation(w.ctx, w.reviewer, penalty(giant.orgId));
    expect(() => decideViolation(w.ctx, w.reviewer, v.id, { decision: "dismiss", reason: "" })).toThrow();
    decideViolation(w.ctx, w.reviewer, v.id, { decision: "dismiss", reason: "经核实系他人冒名" });
    expect(() => proposeRemoval(w.ctx, w.reviewer, { violationId: v.id })).toThrow(/violationNotCitable/);
    expect(() => recordViolation(w.ctx, w.reviewer, penalty(w.otherEnt.orgId))).toThrow(/notListed/);
  });
});

describe("the tier engine treats a confirmed violation as grounds for removal whatever the tier", () => {
  const base: TierFacts = {
    srdiStatus: "little_giant",
    peRounds: [],
    govFundInvested: false,
    listingReserve: false,
    ipoTutoring: false,
    neeqStatus: "never",
    plansIpo: false,
    listingPlanMarket: null,
    mainBusinessClear: true,
    goingConcern: true,
    listingPotential: true,
    potentialJustification: null,
    marketCapEstimate: null,
    financials: [],
  };
  const v1 = { id: "v1", kind: "disclosure_failure" as const, source: "股交中心自律检查", occurredOn: "2026-05-01" };
  const v0 = { id: "v0", kind: "false_information" as const, source: "投资人举报", occurredOn: "2026-01-10" };
  it.each([
    ["little giant (培育层) with a violation", { ...base, violations: [v1] }, "violation", "v1"],
    ["the earliest of two violations is cited", { ...base, violations: [v1, v0] }, "violation", "v0"],
    ["ineligible and a violation: the violation is the reason", { ...base, srdiStatus: "none" as const, violations: [v1] }, "violation", "v1"],
    ["ineligible, no violation", { ...base, srdiStatus: "none" as const }, "no_longer_eligible", null],
    ["eligible, no violation", base, null, null],
  ])("%s", (_name, facts, reason, violationId) => {
    const g = removalGrounds(facts, assessEligibility(facts));
    expect(g?.reason ?? null).toBe(reason);
    expect(g?.violationId ?? null).toBe(violationId);
  });

  it("the yearly run proposes removal citing the confirmed violation, and a manual removal for a violation must cite one", () => {
    const w = world();
    const giant = listedEnterprise(w, 2, "博州新材", "cultivation", "little_giant");
    const clean = listedEnterprise(w, 3, "昌吉数控", "standardisation", "srdi_sme");
    const v = recordViolation(w.ctx, w.reviewer, penalty(giant.orgId));
    decideViolation(w.ctx, w.reviewer, v.id, { decision: "confirm" });
    const run = startRetieringRun(w.ctx, w.admin, 2026);
    const decisions = getRetieringRun(w.ctx, w.reviewer, run.id).decisions;
    const d = decisions.find((x) => x.enterpriseOrgId === giant.orgId)!;
    expect(d).toMatchObject({ action: "remove", removalReason: "violation", violationId: v.id, proposedTier: "cultivation" });
    expect(d.evidenceText).toContain(penalty("").source);
    const keep = decisions.find((x) => x.enterpriseOrgId === clean.orgId)!;
    expect(() => adjustRetieringDecision(w.ctx, w.reviewer, { decisionId: keep.id, action: "remove", removalReason: "violation", reason: "违规" })).toThrow(/violationRequired/);
    expect(() => adjustRetieringDecision(w.ctx, w.reviewer, { decisionId: keep.id, action: "remove", removalReason: "violation", violationId: v.id, reason: "违规" })).toThrow(
      /violationNotCitable/,
    );
  });
});

describe("violation evidence as files (checked by content, read by the exchange and the regulators, audited)", () => {
  let w: World;
  let ent: Actor;
  let specialist: Actor;
  beforeEach(() => {
    w = world();
    specialist = makeActor(w.ctx, { orgKind: "exchange", roles: ["service_specialist"], orgId: w.admin.orgId });
    ent = listedEnterprise(w, 2, "昆仑新材", "standardisation", "srdi_sme");
  });

  it.each([
    ["a PDF", pdf, null],
    ["a PNG", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), null],
    ["HTML named .pdf", new TextEncoder().encode("<html><script>alert(1)</script></html>"), /fileType/],
    ["an empty file", new Uint8Array(0), /fileEmpty/],
    ["a file over 10 MB", new Uint8Array(10 * 1024 * 1024 + 1).fill(0x25), /fileTooLarge/],
  ] as const)("%s", (_name, bytes, error) => {
    const v = recordViolation(w.ctx, specialist, penalty(ent.orgId));
    if (error) {
      expect(() => addViolationFile(w.ctx, specialist, v.id, { fileName: "处罚决定书.pdf", bytes })).toThrow(error);
      expect(listViolations(w.ctx, w.reviewer)[0]!.files).toEqual([]);
    } else {
      const f = addViolationFile(w.ctx, specialist, v.id, { fileName: "../处罚决定书.pdf", bytes });
      expect(f.fileName).toBe("处罚决定书.pdf");
      expect(listViolations(w.ctx, w.reviewer)[0]!.files.map((x) => x.id)).toEqual([f.id]);
    }
  });

  it("who may attach and read; the enterprise sees its confirmed violation but not the files; each step is audited", () => {
    const v = recordViolation(w.ctx, specialist, penalty(ent.orgId));
    expect(() => addViolationFile(w.ctx, ent, v.id, { fileName: "x.pdf", bytes: pdf })).toThrow();
    expect(() => addViolationFile(w.ctx, w.regulators[0]!, v.id, { fileName: "x.pdf", bytes: pdf })).toThrow();
    const f = addViolationFile(w.ctx, specialist, v.id, { fileName: "处罚决定书.pdf", bytes: pdf });
    decideViolation(w.ctx, w.reviewer, v.id, { decision: "confirm" });

    expect(Buffer.from(openViolationFile(w.ctx, w.regulators[1]!, f.id).bytes).toString()).toBe(Buffer.from(pdf).toString());
    expect(() => openViolationFile(w.ctx, ent, f.id)).toThrow(/notFound/i);
    expect(() => openViolationFile(w.ctx, w.sponsor, f.id)).toThrow(/notFound/i);
    const own = listViolations(w.ctx, ent);
    expect(own).toHaveLength(1);
    expect(own[0]!.files).toEqual([]);

    // The removal plan the regulators decide on lists the evidence files.
    const plan = proposeRemoval(w.ctx, w.reviewer, { violationId: v.id });
    expect(getPlanDetail(w.ctx, w.reviewer, plan.id).violation!.files.map((x) => x.fileName)).toEqual(["处罚决定书.pdf"]);

    const actions = w.ctx.db.select({ a: auditLog.action }).from(auditLog).where(eq(auditLog.enterpriseOrgId, ent.orgId)).all().map((r) => r.a);
    expect(actions).toEqual(expect.arrayContaining(["board.violation.file_added", "board.violation.file_opened"]));
    expect(verifyAuditChain(w.ctx).ok).toBe(true);
  });

  it("a dismissed violation takes no more evidence", () => {
    const v = recordViolation(w.ctx, specialist, penalty(ent.orgId));
    decideViolation(w.ctx, w.reviewer, v.id, { decision: "dismiss", reason: "处罚已被撤销" });
    expect(() => addViolationFile(w.ctx, specialist, v.id, { fileName: "x.pdf", bytes: pdf })).toThrow(/violationClosed/);
    expect(listViolations(w.ctx, w.reviewer)[0]!.canAttach).toBe(false);
  });
});
