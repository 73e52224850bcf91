import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import {
  boardApplications,
  boardRounds,
  boardViolations,
  organisations,
  REGULATOR_CODES,
  retieringRuns,
  tierDecisions,
  tierPlanApprovals,
  tierPlanExclusions,
  tierPlanItems,
  tierPlans,
  users,
  type RegulatorCode,
} from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { DomainError, ForbiddenError, NotFoundError } from "~/utils/errors";
import { shanghaiDate } from "~/utils/dates";
import { newId } from "~/utils/ids";
import { recordReview } from "./applications.server";
import { orgIdsOfKind } from "./board-notify.server";
import { notifyOrgs } from "~/modules/messaging/notifications.server";
import { publishNoticeForPlan } from "./notices.server";
import { exclusionsOf, type Plan } from "./plan-exclusions.server";
import { applyRetieringPlan } from "./retiering.server";
import { applyRemovalPlan } from "./violations.server";
import { moveRound } from "./rounds.server";
import { assertCan, can } from "~/modules/access";
import { violationFilesOf } from "./violation-files.server";

/**
 * 分层方案 and its joint approval (审定): the reviewer assembles the round's checked applications into
 * a plan and sends it to the three regulators. Each signs off (optionally excluding named
 * enterprises, with reasons) or returns it with comments. Approved only when all three approve the
 * same submission; a return sends it back to the exchange, and a resubmission starts a new count.
 */


export function loadPlan(ctx: Pick<AppContext, "db">, actor: Actor, planId: string): Plan {
  const plan = ctx.db.select().from(tierPlans).where(eq(tierPlans.id, planId)).get();
  if (!plan) throw new NotFoundError();
  assertCan(actor, "read:tier-plan:any", plan, { refusal: "not-found" });
  return plan;
}

function regulatorCodeOf(ctx: Pick<AppContext, "db">, actor: Actor): RegulatorCode {
  assertCan(actor, "decide:tier-plan:regulator", undefined);
  const org = ctx.db.select({ code: organisations.regulatorCode }).from(organisations).where(eq(organisations.id, actor.orgId)).get();
  if (!org?.code) throw new ForbiddenError();
  return org.code;
}

function auditPlan(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, plan: Plan, action: string, data: Record<string, unknown> = {}) {
  appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action, subjectType: "tier_plan", subjectId: plan.id, data });
}

/**
 * Builds (or rebuilds) the round's draft plan from every checked application's current decision.
 * A plan that regulators returned is rebuilt in place, keeping its submission count.
 */
export function assembleAdmissionPlan(ctx: AppContext, actor: Actor, roundId: string): Plan {
  assertCan(actor, "submit:tier-plan:any", undefined);
  const round = ctx.db.select().from(boardRounds).where(eq(boardRounds.id, roundId)).get();
  if (!round) throw new NotFoundError();
  if (round.state !== "under_review") throw new DomainError("board:errors.roundNotUnderReview", { round: round.name });
  const decisions = ctx.db
    .select({ decisionId: tierDecisions.id, enterpriseOrgId: tierDecisions.enterpriseOrgId })
    .from(tierDecisions)
    .innerJoin(boardApplications, eq(boardApplications.id, tierDecisions.applicationId))
    .where(and(eq(boardApplications.roundId, roundId), eq(boardApplications.state, "checked"), isNull(tierDecisions.supersededAt)))
    .orderBy(asc(tierDecisions.finalTier), asc(tierDecisions.decidedAt))
    .all();
  if (decisions.length === 0) throw new DomainError("board:errors.planEmpty");
  const existing = ctx.db
    .select()
    .from(tierPlans)
    .where(and(eq(tierPlans.roundId, roundId), eq(tierPlans.kind, "admission"), inArray(tierPlans.state, ["draft", "returned"])))
    .get();
  const plan: Plan = existing ?? {
    id: newId(),
    kind: "admission",
    roundId,
    retieringRunId: null,
    violationId: null,
    state: "draft",
    submission: 0,
    lateReason: null,
    createdBy: actor.userId,
    createdAt: ctx.clock.now(),
    submittedAt: null,
    approvedAt: null,
  };
  ctx.db.transaction(() => {
    if (!existing) ctx.db.insert(tierPlans).values(plan).run();
    else ctx.db.update(tierPlans).set({ state: "draft" }).where(eq(tierPlans.id, plan.id)).run();
    // Items of a returned submission keep their regulator exclusions for the record; a rebuild starts clean.
    const oldItems = ctx.db.select({ id: tierPlanItems.id }).from(tierPlanItems).where(eq(tierPlanItems.planId, plan.id)).all();
    if (oldItems.length > 0) {
      ctx.db.delete(tierPlanExclusions).where(inArray(tierPlanExclusions.planItemId, oldItems.map((i) => i.id))).run();
      ctx.db.delete(tierPlanItems).where(eq(tierPlanItems.planId, plan.id)).run();
    }
    decisions.forEach((d, i) =>
      ctx.db.insert(tierPlanItems).values({ id: newId(), planId: plan.id, tierDecisionId: d.decisionId, enterpriseOrgId: d.enterpriseOrgId, sortOrder: i }).run(),
    );
    auditPlan(ctx, actor, plan, "board.plan.assembled", { roundId, items: decisions.length });
  });
  return { ...plan, state: "draft" };
}

export const planSubmissionInput = z.object({ lateReason: z.string().trim().max(1000).optional() });

/**
 * An admission plan is due by its round's plan deadline (notice §四(三): "2024年1月26日前…拟订纳入相应层级方案，并报…共同审议"),
 * the day itself included, in Shanghai. Null when on time or when the plan has no deadline (re-tiering, removal).
 */
export function planLateness(ctx: Pick<AppContext, "db" | "clock">, plan: Pick<Plan, "kind" | "roundId">): { deadline: string } | null {
  if (plan.kind !== "admission" || !plan.roundId) return null;
  const round = ctx.db.select({ planDeadline: boardRounds.planDeadline }).from(boardRounds).where(eq(boardRounds.id, plan.roundId)).get();
  if (!round) return null;
  return shanghaiDate(ctx.clock.now()) > round.planDeadline ? { deadline: round.planDeadline } : null;
}

/**
 * Sends the plan to the three regulators; the round moves to in_approval. After the plan deadline the exchange may
 * still submit (refusing would leave the round's applicants with no decision), but only with its reason for the delay,
 * which the plan carries and the regulators see.
 */
export function submitPlan(ctx: AppContext, actor: Actor, planId: string, input: z.input<typeof planSubmissionInput> = {}): Plan {
  assertCan(actor, "submit:tier-plan:any", undefined);
  const plan = loadPlan(ctx, actor, planId);
  const late = planLateness(ctx, plan);
  const lateReason = late ? (planSubmissionInput.parse(input).lateReason ?? "") : "";
  if (late && lateReason.length < 4) throw new DomainError("boardRules:errors.pastPlanDeadline", { deadline: late.deadline }, "lateReason");
  // A returned removal plan has nothing to rebuild (one enterprise, one cited violation): it is resubmitted as it stands.
  const resubmittable = plan.state === "draft" || (plan.kind === "removal" && plan.state === "returned");
  if (!resubmittable) throw new DomainError("board:errors.planNotDraft", { state: plan.state });
  const items = ctx.db.select().from(tierPlanItems).where(eq(tierPlanItems.planId, plan.id)).all();
  if (items.length === 0) throw new DomainError("board:errors.planEmpty");
  const now = ctx.clock.now();
  const next = { ...plan, state: "submitted" as const, submission: plan.submission + 1, submittedAt: now, lateReason: late ? lateReason : null };
  ctx.db.transaction(() => {
    ctx.db.update(tierPlans).set({ state: next.state, submission: next.submission, submittedAt: now, lateReason: next.lateReason }).where(eq(tierPlans.id, plan.id)).run();
    if (plan.kind === "admission") {
      moveRound(ctx, actor, plan.roundId!, "in_approval");
      for (const app of itemApplications(ctx, items.map((i) => i.tierDecisionId))) {
        ctx.db.update(boardApplications).set({ state: "in_plan", updatedAt: now }).where(eq(boardApplications.id, app.id)).run();
        recordReview(ctx, actor, app, "comment", "in_plan", "plan_submitted");
      }
    } else if (plan.kind === "retiering") {
      ctx.db.update(retieringRuns).set({ state: "in_approval" }).where(eq(retieringRuns.id, plan.retieringRunId!)).run();
    }
    auditPlan(ctx, actor, plan, "board.plan.submitted", { submission: next.submission, items: items.length, ...(late ? { late: { deadline: late.deadline, reason: lateReason } } : {}) });
    notifyOrgs(ctx, orgIdsOfKind(ctx, "regulator"), {
      kind: "board",
      payload: late
        ? { key: "boardRules:notify.planSubmittedLate", values: { n: items.length, deadline: late.deadline }, href: `/board/plans/${plan.id}` }
        : { key: "board:notify.planSubmitted", values: { n: items.length }, href: `/board/plans/${plan.id}` },
    });
  });
  return next;
}

function itemApplications(ctx: Pick<AppContext, "db">, decisionIds: string[]) {
  if (decisionIds.length === 0) return [];
  return ctx.db
    .select({ id: boardApplications.id, state: boardApplications.state, enterpriseOrgId: boardApplications.enterpriseOrgId, decisionId: tierDecisions.id })
    .from(tierDecisions)
    .innerJoin(boardApplications, eq(boardApplications.id, tierDecisions.applicationId))
    .where(inArray(tierDecisions.id, decisionIds))
    .all();
}

export const planDecisionInput = z
  .object({
    decision: z.enum(["approved", "returned"]),
    comment: z.string().trim().max(2000).optional(),
    exclusions: z.array(z.object({ planItemId: z.string().min(1), reason: z.string().trim().min(2).max(500) })).max(500).default([]),
  })
  .refine((v) => v.decision === "approved" || (v.comment ?? "").length >= 2, { message: "board:errors.returnNeedsComment", path: ["comment"] });

/**
 * One regulator's sign-off or return on the current submission. When the third approval lands,
 * the plan is approved: an admission plan is published for notice (公示), a re-tiering plan applied.
 */
export function decidePlan(ctx: AppContext, actor: Actor, planId: string, input: z.input<typeof planDecisionInput>) {
  const code = regulatorCodeOf(ctx, actor);
  const parsed = planDecisionInput.parse(input);
  const plan = loadPlan(ctx, actor, planId);
  if (plan.state !== "submitted") throw new DomainError("board:errors.planNotSubmitted", { state: plan.state });
  const already = ctx.db
    .select({ id: tierPlanApprovals.id })
    .from(tierPlanApprovals)
    .where(and(eq(tierPlanApprovals.planId, plan.id), eq(tierPlanApprovals.submission, plan.submission), eq(tierPlanApprovals.regulatorCode, code)))
    .get();
  if (already) throw new DomainError("board:errors.alreadyDecided");
  const items = ctx.db.select({ id: tierPlanItems.id }).from(tierPlanItems).where(eq(tierPlanItems.planId, plan.id)).all();
  const itemIds = new Set(items.map((i) => i.id));
  for (const e of parsed.exclusions) if (!itemIds.has(e.planItemId)) throw new NotFoundError();
  if (parsed.decision === "approved" && parsed.exclusions.length >= items.length) throw new DomainError("board:errors.excludedEverything");
  const now = ctx.clock.now();
  let outcome: "pending" | "approved" | "returned" = "pending";
  ctx.db.transaction(() => {
    const approvalId = newId();
    ctx.db
      .insert(tierPlanApprovals)
      .values({ id: approvalId, planId: plan.id, submission: plan.submission, regulatorCode: code, regulatorOrgId: actor.orgId, decision: parsed.decision, comment: parsed.comment || null, decidedBy: actor.userId, decidedAt: now })
      .run();
    if (parsed.decision === "approved") {
      for (const e of parsed.exclusions) ctx.db.insert(tierPlanExclusions).values({ id: newId(), approvalId, planItemId: e.planItemId, reason: e.reason }).run();
    }
    auditPlan(ctx, actor, plan, parsed.decision === "approved" ? "board.plan.approved_by" : "board.plan.returned_by", {
      regulatorCode: code,
      submission: plan.submission,
      comment: parsed.comment ?? null,
      exclusions: parsed.exclusions,
    });
    if (parsed.decision === "returned") {
      outcome = "returned";
      ctx.db.update(tierPlans).set({ state: "returned" }).where(eq(tierPlans.id, plan.id)).run();
      if (plan.kind === "admission") {
        moveRound(ctx, actor, plan.roundId!, "under_review");
        const decisionIds = ctx.db.select({ d: tierPlanItems.tierDecisionId }).from(tierPlanItems).where(eq(tierPlanItems.planId, plan.id)).all().map((r) => r.d);
        for (const app of itemApplications(ctx, decisionIds)) {
          ctx.db.update(boardApplications).set({ state: "checked", updatedAt: now }).where(eq(boardApplications.id, app.id)).run();
          recordReview(ctx, actor, app, "comment", "checked", parsed.comment ?? null);
        }
      } else if (plan.kind === "retiering") {
        ctx.db.update(retieringRuns).set({ state: "draft" }).where(eq(retieringRuns.id, plan.retieringRunId!)).run();
      }
      notifyOrgs(ctx, orgIdsOfKind(ctx, "exchange"), { kind: "board", payload: { key: "board:notify.planReturned", values: { regulator: actor.orgName }, href: `/board/plans/${plan.id}` }, roles: ["reviewer", "exchange_admin"] });
      return;
    }
    const approvals = ctx.db
      .select({ code: tierPlanApprovals.regulatorCode, decision: tierPlanApprovals.decision })
      .from(tierPlanApprovals)
      .where(and(eq(tierPlanApprovals.planId, plan.id), eq(tierPlanApprovals.submission, plan.submission)))
      .all();
    const approvedBy = new Set(approvals.filter((a) => a.decision === "approved").map((a) => a.code));
    if (REGULATOR_CODES.every((c) => approvedBy.has(c))) {
      outcome = "approved";
      ctx.db.update(tierPlans).set({ state: "approved", approvedAt: now }).where(eq(tierPlans.id, plan.id)).run();
      auditPlan(ctx, actor, plan, "board.plan.approved", { submission: plan.submission });
      if (plan.kind === "admission") publishNoticeForPlan(ctx, actor, { ...plan, state: "approved" });
      else if (plan.kind === "retiering") applyRetieringPlan(ctx, actor, plan);
      else applyRemovalPlan(ctx, actor, plan, new Set(exclusionsOf(ctx, plan).map((e) => e.planItemId)));
    }
  });
  return { outcome };
}

/** Exclusions from the current (or approved) submission, per plan item, with who excluded it and why. */
/** The plan with its items (tier, rule, evidence), the approvals of every submission, and what the actor may do. */
export function getPlanDetail(ctx: AppContext, actor: Actor, planId: string) {
  const plan = loadPlan(ctx, actor, planId);
  const items = ctx.db
    .select({
      id: tierPlanItems.id,
      enterpriseOrgId: tierPlanItems.enterpriseOrgId,
      enterpriseName: organisations.name,
      uscc: organisations.uscc,
      decisionId: tierDecisions.id,
      action: tierDecisions.action,
      proposedTier: tierDecisions.proposedTier,
      finalTier: tierDecisions.finalTier,
      ruleMatched: tierDecisions.ruleMatched,
      evidenceText: tierDecisions.evidenceText,
      overrideReason: tierDecisions.overrideReason,
      removalReason: tierDecisions.removalReason,
      violationId: tierDecisions.violationId,
      thresholdVersionId: tierDecisions.thresholdVersionId,
      applicationId: tierDecisions.applicationId,
    })
    .from(tierPlanItems)
    .innerJoin(tierDecisions, eq(tierDecisions.id, tierPlanItems.tierDecisionId))
    .innerJoin(organisations, eq(organisations.id, tierPlanItems.enterpriseOrgId))
    .where(eq(tierPlanItems.planId, plan.id))
    .orderBy(asc(tierPlanItems.sortOrder))
    .all();
  const approvals = ctx.db
    .select({
      id: tierPlanApprovals.id,
      submission: tierPlanApprovals.submission,
      regulatorCode: tierPlanApprovals.regulatorCode,
      decision: tierPlanApprovals.decision,
      comment: tierPlanApprovals.comment,
      decidedAt: tierPlanApprovals.decidedAt,
      decidedByName: users.name,
    })
    .from(tierPlanApprovals)
    .leftJoin(users, eq(users.id, tierPlanApprovals.decidedBy))
    .where(eq(tierPlanApprovals.planId, plan.id))
    .orderBy(desc(tierPlanApprovals.submission), asc(tierPlanApprovals.decidedAt))
    .all();
  const round = plan.roundId ? (ctx.db.select().from(boardRounds).where(eq(boardRounds.id, plan.roundId)).get() ?? null) : null;
  const run = plan.retieringRunId ? (ctx.db.select().from(retieringRuns).where(eq(retieringRuns.id, plan.retieringRunId)).get() ?? null) : null;
  const violation = plan.violationId
    ? (ctx.db
        .select({ id: boardViolations.id, kind: boardViolations.kind, source: boardViolations.source, occurredOn: boardViolations.occurredOn, description: boardViolations.description, evidence: boardViolations.evidence, enterpriseName: organisations.name })
        .from(boardViolations)
        .innerJoin(organisations, eq(organisations.id, boardViolations.enterpriseOrgId))
        .where(eq(boardViolations.id, plan.violationId))
        .get() ?? null)
    : null;
  const myCode = can(actor, "decide:tier-plan:regulator") ? regulatorCodeOf(ctx, actor) : null;
  const myDecision = myCode ? approvals.find((a) => a.submission === plan.submission && a.regulatorCode === myCode) ?? null : null;
  return {
    plan,
    round,
    run,
    violation: violation ? { ...violation, files: violationFilesOf(ctx, [violation.id]).get(violation.id) ?? [] } : null,
    items,
    approvals,
    exclusions: exclusionsOf(ctx, plan),
    canSubmit: can(actor, "submit:tier-plan:any") && (plan.state === "draft" || (plan.kind === "removal" && plan.state === "returned")),
    /** Submitting today would be after the round's plan deadline (the reason is then required). */
    lateness: plan.state === "draft" ? planLateness(ctx, plan) : null,
    canDecide: myCode !== null && plan.state === "submitted" && !myDecision,
    myDecision,
  };
}

export function listPlans(ctx: Pick<AppContext, "db">, actor: Actor) {
  assertCan(actor, "read:tier-plan:any", undefined);
  const plans = ctx.db
    .select({ plan: tierPlans, roundName: boardRounds.name, runYear: retieringRuns.year, removalOf: organisations.name })
    .from(tierPlans)
    .leftJoin(boardRounds, eq(boardRounds.id, tierPlans.roundId))
    .leftJoin(retieringRuns, eq(retieringRuns.id, tierPlans.retieringRunId))
    .leftJoin(boardViolations, eq(boardViolations.id, tierPlans.violationId))
    .leftJoin(organisations, eq(organisations.id, boardViolations.enterpriseOrgId))
    .orderBy(desc(tierPlans.createdAt))
    .all()
    .filter((p) => can(actor, "read:tier-plan:any", p.plan));
  const counts = new Map<string, number>();
  for (const r of ctx.db.select({ planId: tierPlanItems.planId }).from(tierPlanItems).all()) counts.set(r.planId, (counts.get(r.planId) ?? 0) + 1);
  return plans.map((p) => ({ ...p.plan, roundName: p.roundName, runYear: p.runYear, removalOf: p.removalOf, items: counts.get(p.plan.id) ?? 0 }));
}
