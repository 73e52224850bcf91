import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, boardMemberships, notifications, retieringRuns, searchOutbox, tierDecisions, type SrdiStatus, type Tier } from "@db/schema";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import { newId } from "~/utils/ids";
import { decidePlan, getPlanDetail, listPlans, submitPlan } from "./plans.server";
import { adjustRetieringDecision, assembleRetieringPlan, getRetieringRun, startRetieringRun } from "./retiering.server";
import { currentThresholdSet } from "./thresholds.server";
import { decideViolation, recordViolation } from "./violations.server";
import { makeApplication, makeRound } from "@test/support/board";
import { world, type World } from "@test/support/board-world";
import { makeActor } from "@test/support/actors";
import { makeUscc } from "@test/support/uscc";

/** A listed enterprise whose newest admitted application carries the facts the yearly run re-reads. */
function listedEnterprise(w: World, n: number, name: string, tier: Tier, srdiStatus: SrdiStatus, peRoundA = false): Actor {
  const ent = makeActor(w.ctx, { orgKind: "enterprise", prefectureCode: "6501", uscc: makeUscc(100 + n), orgName: name });
  makeApplication(w.ctx, {
    roundId: makeRound(w.ctx, "closed"),
    enterpriseOrgId: ent.orgId,
    state: "admitted",
    values: { srdiStatus },
    peRounds: peRoundA ? [{ round: "a", investors: "天山创投", amount: 30_000_000, closedOn: "2024-06-30" }] : [],
  });
  w.ctx.db.insert(boardMemberships).values({ id: newId(), enterpriseOrgId: ent.orgId, tier, entryDate: "2025-06-02", status: "listed" }).run();
  return ent;
}

const membership = (w: World, orgId: string) => w.ctx.db.select().from(boardMemberships).where(eq(boardMemberships.enterpriseOrgId, orgId)).get()!;

describe("annual re-tiering (年度调层)", () => {
  let w: World;
  let up: Actor, down: Actor, gone: Actor, same: Actor;
  beforeEach(() => {
    w = world();
    up = listedEnterprise(w, 1, "天池小巨人", "incubation", "little_giant");
    down = listedEnterprise(w, 2, "博州新材", "cultivation", "innovative_sme");
    gone = listedEnterprise(w, 3, "哈密物流", "standardisation", "none");
    same = listedEnterprise(w, 4, "昌吉数控", "standardisation", "srdi_sme", true);
  });

  it("proposes moves up and down and removals with the rule and the threshold version in force", () => {
    const run = startRetieringRun(w.ctx, w.admin, 2026);
    expect(run.thresholdVersionId).toBe(currentThresholdSet(w.ctx).id);
    const { decisions } = getRetieringRun(w.ctx, w.reviewer, run.id);
    const by = (a: Actor) => decisions.find((d) => d.enterpriseOrgId === a.orgId)!;
    expect(by(up)).toMatchObject({ action: "move", currentTier: "incubation", proposedTier: "cultivation", ruleMatched: "cultivation.littleGiant" });
    expect(by(down)).toMatchObject({ action: "move", currentTier: "cultivation", proposedTier: "incubation" });
    expect(by(gone)).toMatchObject({ action: "remove", removalReason: "no_longer_eligible" });
    expect(by(same)).toMatchObject({ action: "keep", proposedTier: "standardisation" });
    for (const d of decisions) {
      expect(d.thresholdVersionId).toBe(run.thresholdVersionId);
      expect(d.evidenceText.length).toBeGreaterThan(0);
    }
    expect(() => startRetieringRun(w.ctx, w.admin, 2026)).toThrow(/runExists/);
    expect(() => startRetieringRun(w.ctx, w.reviewer, 2027)).toThrow(/forbidden/);
  });

  it("a removal for a violation needs the reviewer's reason; then the changes go through joint approval and apply", () => {
    const run = startRetieringRun(w.ctx, w.admin, 2026);
    const sameDecision = getRetieringRun(w.ctx, w.reviewer, run.id).decisions.find((d) => d.enterpriseOrgId === same.orgId)!;
    // A removal for a violation cites a violation the exchange confirmed (recorded after the run started here).
    const violation = recordViolation(w.ctx, w.reviewer, { enterpriseOrgId: same.orgId, kind: "disclosure_failure", source: "股交中心公开谴责决定", occurredOn: "2026-02-20", description: "年报未按期披露", evidence: "自律监管决定书" });
    expect(() => adjustRetieringDecision(w.ctx, w.reviewer, { decisionId: sameDecision.id, action: "remove", removalReason: "violation", violationId: violation.id, reason: "违规" })).toThrow(/violationNotCitable/);
    decideViolation(w.ctx, w.reviewer, violation.id, { decision: "confirm" });
    expect(() => adjustRetieringDecision(w.ctx, w.reviewer, { decisionId: sameDecision.id, action: "remove", removalReason: "violation", violationId: violation.id })).toThrow(/overrideNeedsReason/);
    expect(() => adjustRetieringDecision(w.ctx, w.reviewer, { decisionId: sameDecision.id, action: "remove" })).toThrow(/removalReasonRequired/);
    expect(() => adjustRetieringDecision(w.ctx, w.reviewer, { decisionId: sameDecision.id, action: "remove", removalReason: "violation", reason: "违规" })).toThrow(/violationRequired/);
    adjustRetieringDecision(w.ctx, w.reviewer, { decisionId: sameDecision.id, action: "remove", removalReason: "violation", violationId: violation.id, reason: "2026年信息披露违规，已被公开谴责" });

    // Only changes go to the regulators: the kept enterprise is not in the plan.
    const plan = assembleRetieringPlan(w.ctx, w.reviewer, run.id);
    const names = getPlanDetail(w.ctx, w.reviewer, plan.id).items.map((i) => i.enterpriseName).sort();
    expect(names).toEqual(["哈密物流", "博州新材", "天池小巨人", "昌吉数控"].sort());
    expect(listPlans(w.ctx, w.regulators[0]!)).toHaveLength(0); // a draft is the exchange's working paper

    submitPlan(w.ctx, w.reviewer, plan.id);
    expect(w.ctx.db.select({ s: retieringRuns.state }).from(retieringRuns).where(eq(retieringRuns.id, run.id)).get()!.s).toBe("in_approval");
    // Once with the regulators, the proposals are locked (the superseded one is gone altogether).
    const adjusted = getRetieringRun(w.ctx, w.reviewer, run.id).decisions.find((d) => d.enterpriseOrgId === same.orgId)!;
    expect(adjusted).toMatchObject({ action: "remove", removalReason: "violation", violationId: violation.id, overrideReason: "2026年信息披露违规，已被公开谴责" });
    expect(() => adjustRetieringDecision(w.ctx, w.reviewer, { decisionId: adjusted.id, action: "keep" })).toThrow(/runLocked/);
    expect(() => adjustRetieringDecision(w.ctx, w.reviewer, { decisionId: sameDecision.id, action: "keep" })).toThrow(/notFound/);
    // Two approvals are not enough; nothing changes yet.
    decidePlan(w.ctx, w.regulators[0]!, plan.id, { decision: "approved" });
    decidePlan(w.ctx, w.regulators[1]!, plan.id, { decision: "approved" });
    expect(membership(w, up.orgId).tier).toBe("incubation");
    const outboxBefore = w.ctx.db.select().from(searchOutbox).all().length;
    decidePlan(w.ctx, w.regulators[2]!, plan.id, { decision: "approved" });

    expect(membership(w, up.orgId)).toMatchObject({ tier: "cultivation", status: "listed" });
    expect(membership(w, down.orgId)).toMatchObject({ tier: "incubation", status: "listed" });
    expect(membership(w, gone.orgId)).toMatchObject({ status: "removed", removalReason: "no_longer_eligible" });
    expect(membership(w, same.orgId)).toMatchObject({ status: "removed", removalReason: "violation" });
    expect(w.ctx.db.select().from(retieringRuns).where(eq(retieringRuns.id, run.id)).get()).toMatchObject({ state: "applied" });

    // Each changed enterprise is queued for reindexing (tier facet) in the approving transaction.
    const queued = w.ctx.db.select().from(searchOutbox).all().slice(outboxBefore).filter((r) => r.indexName === "enterprises").map((r) => r.docId);
    expect(new Set(queued)).toEqual(new Set([up.orgId, down.orgId, gone.orgId, same.orgId]));

    const notes = (a: Actor) =>
      w.ctx.db.select().from(notifications).where(eq(notifications.userId, a.userId)).all().map((n) => (JSON.parse(n.payload) as { key: string }).key);
    expect(notes(up)).toContain("board:notify.movedUp");
    expect(notes(down)).toContain("board:notify.movedDown");
    expect(notes(gone)).toContain("board:notify.removed");
    const actions = w.ctx.db.select({ a: auditLog.action }).from(auditLog).all().map((r) => r.a);
    expect(actions.filter((a) => a === "board.membership.retiered")).toHaveLength(2);
    expect(actions.filter((a) => a === "board.membership.removed")).toHaveLength(2);
    expect(actions).toContain("board.retiering.adjusted");
    expect(verifyAuditChain(w.ctx).ok).toBe(true);
  });

  it("a regulator's exclusion keeps that enterprise where it is; a return sends the run back to the reviewer", () => {
    const run = startRetieringRun(w.ctx, w.admin, 2026);
    const plan = assembleRetieringPlan(w.ctx, w.reviewer, run.id);
    submitPlan(w.ctx, w.reviewer, plan.id);
    decidePlan(w.ctx, w.regulators[0]!, plan.id, { decision: "returned", comment: "请补充清退企业的核查材料" });
    expect(w.ctx.db.select({ s: retieringRuns.state }).from(retieringRuns).where(eq(retieringRuns.id, run.id)).get()!.s).toBe("draft");
    assembleRetieringPlan(w.ctx, w.reviewer, run.id);
    submitPlan(w.ctx, w.reviewer, plan.id);
    const goneItem = getPlanDetail(w.ctx, w.regulators[0]!, plan.id).items.find((i) => i.enterpriseName === "哈密物流")!;
    decidePlan(w.ctx, w.regulators[0]!, plan.id, { decision: "approved", exclusions: [{ planItemId: goneItem.id, reason: "企业已提交整改材料，暂缓清退" }] });
    decidePlan(w.ctx, w.regulators[1]!, plan.id, { decision: "approved" });
    decidePlan(w.ctx, w.regulators[2]!, plan.id, { decision: "approved" });
    expect(membership(w, gone.orgId)).toMatchObject({ status: "listed", tier: "standardisation" });
    expect(membership(w, up.orgId).tier).toBe("cultivation");
    const current = w.ctx.db
      .select()
      .from(tierDecisions)
      .where(and(eq(tierDecisions.retieringRunId, run.id), eq(tierDecisions.enterpriseOrgId, gone.orgId)))
      .all();
    expect(current).toHaveLength(1);
  });
});
