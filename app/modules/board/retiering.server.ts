import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { boardApplications, boardMemberships, organisations, REMOVAL_REASONS, retieringRuns, TIERS, tierDecisions, tierPlanItems, tierPlans, type Tier } from "@db/schema";
import { organisationChanged } from "@search/sources/organisations";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { boardTranslator } from "./board-i18n.server";
import { notifyOrgs } from "~/modules/messaging/notifications.server";
import { renderProposal, renderRemovalGrounds, type Translate } from "./evidence";
import { exclusionsOf, type Plan } from "./plan-exclusions.server";
import { getBoardSettings } from "./settings.server";
import { currentThresholdSet } from "./thresholds.server";
import { currentFacts, type FactsSource } from "./fact-updates.server";
import { assessEligibility, proposeTierFromFacts, removalGrounds, TIER_RANK } from "./tier-rules";
import { applyRemoval, citableViolation, confirmedViolationsOf } from "./violations.server";
import { assertCan } from "~/modules/access";

/**
 * 年度调层 (Attachment 2 §一): once a year the current rules are re-applied to every listed
 * enterprise's latest financials and statuses (its newest application on file). The run proposes
 * keep / move up or down / remove (清退: no longer eligible, or a violation the reviewer records),
 * then goes through the same plan and joint approval as admission; approval applies it.
 */

export type RetieringRun = typeof retieringRuns.$inferSelect;

/** The line a re-tiering decision starts with: which facts version and which financial years it read. */
export function renderFactsSource(t: Translate, s: FactsSource): string {
  const facts = s.factUpdate ? t("boardRules:retiering.factsVersion", { version: s.factUpdate.version, date: s.factUpdate.confirmedOn }) : t("boardRules:retiering.factsApplication");
  const years = s.financialYears.map((y) => t(`boardRules:retiering.year.${y.from}`, { year: y.fiscalYear })).join("、");
  return t("boardRules:retiering.basis", { facts, years: years || t("boardRules:retiering.noFinancials") });
}

/** The newest application of an enterprise that reached the exchange: its latest facts on file. */
function latestApplicationId(ctx: Pick<AppContext, "db">, enterpriseOrgId: string): string | null {
  return (
    ctx.db
      .select({ id: boardApplications.id })
      .from(boardApplications)
      .where(and(eq(boardApplications.enterpriseOrgId, enterpriseOrgId), eq(boardApplications.state, "admitted")))
      .orderBy(desc(boardApplications.updatedAt))
      .get()?.id ?? null
  );
}

export function startRetieringRun(ctx: AppContext, actor: Actor, year: number): RetieringRun {
  assertCan(actor, "start:retiering:any", undefined);
  if (!Number.isInteger(year) || year < 2024 || year > 2100) throw new DomainError("board:errors.badYear", { year }, "year");
  if (ctx.db.select({ id: retieringRuns.id }).from(retieringRuns).where(eq(retieringRuns.year, year)).get()) throw new ConflictError("board:errors.runExists", { year }, "year");
  const thresholds = currentThresholdSet(ctx);
  const settings = getBoardSettings(ctx);
  const t = boardTranslator("zh-CN") as unknown as Translate;
  const now = ctx.clock.now();
  const run: RetieringRun = { id: newId(), year, thresholdVersionId: thresholds.id, state: "draft", startedBy: actor.userId, startedAt: now, appliedAt: null };
  const members = ctx.db.select().from(boardMemberships).where(eq(boardMemberships.status, "listed")).orderBy(asc(boardMemberships.entryDate)).all();
  ctx.db.transaction(() => {
    ctx.db.insert(retieringRuns).values(run).run();
    for (const m of members) {
      const appId = latestApplicationId(ctx, m.enterpriseOrgId);
      if (!appId) continue;
      // The latest confirmed facts and financials, and which version of them, not only the admission file.
      const current = currentFacts(ctx, m.enterpriseOrgId, appId);
      const facts = { ...current.facts, violations: confirmedViolationsOf(ctx, m.enterpriseOrgId) };
      const proposal = proposeTierFromFacts(facts, thresholds, settings);
      const eligibility = assessEligibility(facts);
      // A confirmed violation removes whatever the tier; so does no longer meeting any admission basis.
      const grounds = removalGrounds(facts, eligibility);
      const action = grounds ? "remove" : proposal.tier === m.tier ? "keep" : "move";
      ctx.db
        .insert(tierDecisions)
        .values({
          id: newId(),
          enterpriseOrgId: m.enterpriseOrgId,
          applicationId: null,
          retieringRunId: run.id,
          action,
          proposedTier: proposal.tier,
          ruleMatched: proposal.matchedDetail,
          evidence: { proposal, eligibility, currentTier: m.tier, removal: grounds, factsSource: current.source },
          evidenceText: [
            renderFactsSource(t, current.source),
            ...(grounds ? [renderRemovalGrounds(t, grounds, "zh-CN")] : []),
            renderProposal(t, proposal, "zh-CN"),
          ].join("\n"),
          thresholdVersionId: thresholds.id,
          settingsSnapshot: settings,
          finalTier: proposal.tier,
          overrideReason: null,
          removalReason: grounds?.reason ?? null,
          violationId: grounds?.violationId ?? null,
          decidedBy: actor.userId,
          decidedAt: now,
          supersededAt: null,
        })
        .run();
    }
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "board.retiering.started", subjectType: "retiering_run", subjectId: run.id, data: { year, thresholdVersionId: thresholds.id, members: members.length } });
  });
  return run;
}

export const retieringDecisionInput = z
  .object({
    decisionId: z.string().min(1),
    action: z.enum(["keep", "move", "remove"]),
    finalTier: z.enum(TIERS).optional(),
    removalReason: z.enum(REMOVAL_REASONS).optional(),
    /** A removal for a violation cites a confirmed violation of that enterprise (Attachment 1 §(五)). */
    violationId: z.string().min(1).optional(),
    reason: z.string().trim().max(2000).optional(),
  })
  .refine((v) => v.action !== "remove" || v.removalReason, { message: "board:errors.removalReasonRequired", path: ["removalReason"] })
  .refine((v) => v.action !== "remove" || v.removalReason !== "violation" || v.violationId, { message: "boardRules:errors.violationRequired", path: ["violationId"] });

/** The reviewer adjusts one proposal (another tier, or removal for a violation), always with a reason. */
export function adjustRetieringDecision(ctx: AppContext, actor: Actor, input: z.input<typeof retieringDecisionInput>): void {
  assertCan(actor, "review:application:any", undefined);
  const parsed = retieringDecisionInput.parse(input);
  const d = ctx.db.select().from(tierDecisions).where(eq(tierDecisions.id, parsed.decisionId)).get();
  if (!d?.retieringRunId || d.supersededAt) throw new NotFoundError();
  const run = ctx.db.select().from(retieringRuns).where(eq(retieringRuns.id, d.retieringRunId)).get()!;
  if (run.state !== "draft") throw new DomainError("board:errors.runLocked");
  const membership = ctx.db.select().from(boardMemberships).where(and(eq(boardMemberships.enterpriseOrgId, d.enterpriseOrgId), eq(boardMemberships.status, "listed"))).get();
  if (!membership) throw new NotFoundError();
  const finalTier: Tier = parsed.action === "keep" ? membership.tier : (parsed.finalTier ?? d.proposedTier);
  const reason = parsed.reason?.trim() || null;
  const differs = parsed.action === "remove" ? d.action !== "remove" : finalTier !== d.proposedTier;
  if (differs && !reason) throw new DomainError("board:errors.overrideNeedsReason", {}, "reason");
  if (parsed.action === "move" && finalTier === membership.tier) throw new DomainError("board:errors.moveToSameTier", {}, "finalTier");
  const violationId = parsed.action === "remove" && parsed.removalReason === "violation" ? citableViolation(ctx, d.enterpriseOrgId, parsed.violationId!).id : null;
  ctx.db.transaction(() => {
    ctx.db.update(tierDecisions).set({ supersededAt: ctx.clock.now() }).where(eq(tierDecisions.id, d.id)).run();
    ctx.db
      .insert(tierDecisions)
      .values({
        ...d,
        id: newId(),
        action: parsed.action,
        finalTier: parsed.action === "remove" ? d.finalTier : finalTier,
        overrideReason: reason,
        removalReason: parsed.action === "remove" ? parsed.removalReason! : null,
        violationId,
        decidedBy: actor.userId,
        decidedAt: ctx.clock.now(),
        supersededAt: null,
      })
      .run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "board.retiering.adjusted",
      subjectType: "retiering_run",
      subjectId: run.id,
      enterpriseOrgId: d.enterpriseOrgId,
      data: { action: parsed.action, finalTier, removalReason: parsed.removalReason ?? null, violationId, reason },
    });
  });
}

/** The run's plan: only changes (moves and removals) go to the regulators. */
export function assembleRetieringPlan(ctx: AppContext, actor: Actor, runId: string): Plan {
  assertCan(actor, "review:application:any", undefined);
  const run = ctx.db.select().from(retieringRuns).where(eq(retieringRuns.id, runId)).get();
  if (!run) throw new NotFoundError();
  if (run.state !== "draft") throw new DomainError("board:errors.runLocked");
  const changes = ctx.db
    .select()
    .from(tierDecisions)
    .where(and(eq(tierDecisions.retieringRunId, run.id), isNull(tierDecisions.supersededAt)))
    .all()
    .filter((d) => d.action === "move" || d.action === "remove");
  if (changes.length === 0) throw new DomainError("board:errors.planEmpty");
  const existing = ctx.db.select().from(tierPlans).where(and(eq(tierPlans.retieringRunId, run.id))).orderBy(desc(tierPlans.createdAt)).get();
  const plan: Plan = existing ?? { id: newId(), kind: "retiering", roundId: null, retieringRunId: run.id, violationId: null, state: "draft", submission: 0, createdBy: actor.userId, createdAt: ctx.clock.now(), submittedAt: null, approvedAt: null, lateReason: null };
  ctx.db.transaction(() => {
    if (!existing) ctx.db.insert(tierPlans).values(plan).run();
    else ctx.db.update(tierPlans).set({ state: "draft" }).where(eq(tierPlans.id, plan.id)).run();
    ctx.db.delete(tierPlanItems).where(eq(tierPlanItems.planId, plan.id)).run();
    changes.forEach((d, i) => ctx.db.insert(tierPlanItems).values({ id: newId(), planId: plan.id, tierDecisionId: d.id, enterpriseOrgId: d.enterpriseOrgId, sortOrder: i }).run());
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "board.plan.assembled", subjectType: "tier_plan", subjectId: plan.id, data: { retieringRunId: run.id, items: changes.length } });
  });
  return { ...plan, state: "draft" };
}

/** Applies an approved re-tiering plan (inside the approving transaction); excluded items stay as they are. */
export function applyRetieringPlan(ctx: AppContext, actor: Actor, plan: Plan): void {
  const items = ctx.db
    .select({ item: tierPlanItems, decision: tierDecisions })
    .from(tierPlanItems)
    .innerJoin(tierDecisions, eq(tierDecisions.id, tierPlanItems.tierDecisionId))
    .where(eq(tierPlanItems.planId, plan.id))
    .all();
  const excluded = new Set(exclusionsOf(ctx, plan).map((e) => e.planItemId));
  const now = ctx.clock.now();
  for (const { item, decision } of items) {
    if (excluded.has(item.id)) continue;
    const m = ctx.db.select().from(boardMemberships).where(and(eq(boardMemberships.enterpriseOrgId, decision.enterpriseOrgId), eq(boardMemberships.status, "listed"))).get();
    if (!m) continue;
    if (decision.action === "remove") {
      applyRemoval(ctx, actor, decision, m);
      continue;
    } else if (decision.finalTier && decision.finalTier !== m.tier) {
      ctx.db.update(boardMemberships).set({ tier: decision.finalTier, updatedAt: now }).where(eq(boardMemberships.id, m.id)).run();
      notifyOrgs(ctx, [decision.enterpriseOrgId], { kind: "board", payload: { key: TIER_RANK[decision.finalTier] > TIER_RANK[m.tier] ? "board:notify.movedUp" : "board:notify.movedDown", values: { tier: decision.finalTier }, href: "/board/membership" } });
    }
    organisationChanged(ctx.db, decision.enterpriseOrgId);
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "board.membership.retiered",
      subjectType: "board_membership",
      subjectId: m.id,
      enterpriseOrgId: decision.enterpriseOrgId,
      data: { from: m.tier, to: decision.finalTier, decisionId: decision.id },
    });
  }
  ctx.db.update(retieringRuns).set({ state: "applied", appliedAt: now }).where(eq(retieringRuns.id, plan.retieringRunId!)).run();
}

export function listRetieringRuns(ctx: Pick<AppContext, "db">, actor: Actor) {
  assertCan(actor, "review:application:any", undefined);
  return ctx.db.select().from(retieringRuns).orderBy(desc(retieringRuns.year)).all();
}

export function getRetieringRun(ctx: Pick<AppContext, "db">, actor: Actor, runId: string) {
  assertCan(actor, "review:application:any", undefined);
  const run = ctx.db.select().from(retieringRuns).where(eq(retieringRuns.id, runId)).get();
  if (!run) throw new NotFoundError();
  const decisions = ctx.db
    .select({ d: tierDecisions, enterpriseName: organisations.name, currentTier: boardMemberships.tier })
    .from(tierDecisions)
    .innerJoin(organisations, eq(organisations.id, tierDecisions.enterpriseOrgId))
    .leftJoin(boardMemberships, and(eq(boardMemberships.enterpriseOrgId, tierDecisions.enterpriseOrgId), eq(boardMemberships.status, "listed")))
    .where(and(eq(tierDecisions.retieringRunId, run.id), isNull(tierDecisions.supersededAt)))
    .orderBy(asc(organisations.name))
    .all()
    .map((r) => ({ ...r.d, enterpriseName: r.enterpriseName, currentTier: r.currentTier, citableViolations: confirmedViolationsOf(ctx, r.d.enterpriseOrgId) }));
  const plan = ctx.db.select().from(tierPlans).where(eq(tierPlans.retieringRunId, run.id)).orderBy(desc(tierPlans.createdAt)).get() ?? null;
  return { run, decisions, plan };
}
