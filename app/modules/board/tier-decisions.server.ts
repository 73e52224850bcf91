import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import {
  boardApplicationAssessments,
  boardApplicationFinancials,
  boardApplicationPeRounds,
  boardApplicationReviews,
  boardApplications,
  TIERS,
  tierDecisions,
  type Tier,
} from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { boardTranslator } from "./board-i18n.server";
import { renderProposal, type Translate } from "./evidence";
import { getBoardSettings } from "./settings.server";
import { currentThresholdSet } from "./thresholds.server";
import { assessEligibility, listingReadiness, proposeTierFromFacts, type TierFacts } from "./tier-rules";
import { assertCan, can } from "~/modules/access";

/** Gathers what the rules engine needs from an application, its child rows and the reviewer's assessment. */
export function loadApplicationFacts(ctx: Pick<AppContext, "db">, applicationId: string): TierFacts {
  const app = ctx.db.select().from(boardApplications).where(eq(boardApplications.id, applicationId)).get();
  if (!app) throw new NotFoundError();
  const peRounds = ctx.db
    .select({ round: boardApplicationPeRounds.round, closedOn: boardApplicationPeRounds.closedOn, govFund: boardApplicationPeRounds.govFund })
    .from(boardApplicationPeRounds)
    .where(eq(boardApplicationPeRounds.applicationId, applicationId))
    .orderBy(asc(boardApplicationPeRounds.closedOn))
    .all();
  const financials = ctx.db
    .select()
    .from(boardApplicationFinancials)
    .where(eq(boardApplicationFinancials.applicationId, applicationId))
    .orderBy(desc(boardApplicationFinancials.fiscalYear))
    .all();
  const assessment = ctx.db.select().from(boardApplicationAssessments).where(eq(boardApplicationAssessments.applicationId, applicationId)).get();
  return {
    srdiStatus: app.srdiStatus,
    smeSize: app.smeSize,
    peRounds,
    govFundInvested: app.govFundInvested,
    listingReserve: app.listingReserve,
    ipoTutoring: app.ipoTutoring,
    neeqStatus: app.neeqStatus,
    plansIpo: app.plansIpo,
    listingPlanMarket: app.listingPlanMarket,
    mainBusinessClear: assessment?.mainBusinessClear ?? false,
    goingConcern: assessment?.goingConcern ?? false,
    listingPotential: assessment?.listingPotential ?? false,
    potentialJustification: assessment?.potentialJustification ?? null,
    marketCapEstimate: app.marketCapEstimate,
    financials: financials.map((f) => ({
      fiscalYear: f.fiscalYear,
      revenue: f.revenue,
      netProfit: f.netProfit,
      netProfitDeducted: f.netProfitDeducted,
      netAssets: f.netAssets,
      rdExpense: f.rdExpense,
      operatingCashFlow: f.operatingCashFlow,
      totalShares: f.totalShares,
      shareCapital: f.shareCapital,
      weightedRoeBp: f.weightedRoeBp,
    })),
  };
}

const CHECKABLE_STATES = new Set(["forwarded", "checked"]);

/** An application the reviewer may look at: one the exchange can see at all (never a draft); others are "not found". */
function loadCheckable(ctx: Pick<AppContext, "db">, actor: Actor, applicationId: string) {
  assertCan(actor, "review:application:any", undefined);
  const app = ctx.db.select().from(boardApplications).where(eq(boardApplications.id, applicationId)).get();
  if (!app || !can(actor, "read:application:involved", app)) throw new NotFoundError();
  return app;
}

export const assessmentInput = z.object({
  applicationId: z.string().min(1),
  mainBusinessClear: z.boolean(),
  goingConcern: z.boolean(),
  listingPotential: z.boolean(),
  potentialJustification: z.string().trim().max(2000).optional(),
});

/** The reviewer's judgements the form cannot assert; they feed eligibility §二(一)3 and the 50% rule. */
export function recordAssessment(ctx: AppContext, actor: Actor, input: z.infer<typeof assessmentInput>): void {
  const parsed = assessmentInput.parse(input);
  const app = loadCheckable(ctx, actor, parsed.applicationId);
  // Notice §二(一)3 ("其他…具有相应潜力的企业") is the only basis that needs the reviewer's written case; where item 1 or 2
  // already admits the enterprise, none is asked for (and none is kept).
  if (parsed.potentialJustification) {
    const basis = assessEligibility({ ...loadApplicationFacts(ctx, app.id), potentialJustification: null }).basis;
    if (basis !== null) throw new DomainError("boardRules:errors.justificationNotNeeded", { clause: basis }, "potentialJustification");
  }
  // An assessment belongs to the preliminary check: not before the bureau forwards it, not after the decision stage.
  if (!CHECKABLE_STATES.has(app.state)) throw new DomainError("board:errors.applicationNotCheckable", { state: app.state });
  const values = {
    mainBusinessClear: parsed.mainBusinessClear,
    goingConcern: parsed.goingConcern,
    listingPotential: parsed.listingPotential,
    potentialJustification: parsed.potentialJustification ? parsed.potentialJustification : null,
    assessedBy: actor.userId,
    assessedAt: ctx.clock.now(),
  };
  ctx.db.transaction(() => {
    ctx.db
      .insert(boardApplicationAssessments)
      .values({ applicationId: app.id, ...values })
      .onConflictDoUpdate({ target: boardApplicationAssessments.applicationId, set: values })
      .run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "board.application.assessed",
      subjectType: "board_application",
      subjectId: app.id,
      enterpriseOrgId: app.enterpriseOrgId,
      data: { ...values, assessedBy: undefined, assessedAt: undefined },
    });
  });
}

/** What the rules say right now (no writes): eligibility, proposed tier with every rule, readiness gauge. */
export function previewTier(ctx: AppContext, actor: Actor, applicationId: string) {
  const app = loadCheckable(ctx, actor, applicationId);
  const facts = loadApplicationFacts(ctx, app.id);
  const thresholds = currentThresholdSet(ctx);
  const settings = getBoardSettings(ctx);
  return {
    facts,
    eligibility: assessEligibility(facts),
    proposal: proposeTierFromFacts(facts, thresholds, settings),
    readiness: listingReadiness(facts, thresholds, settings),
    thresholdVersion: { id: thresholds.id, label: thresholds.label },
  };
}

export const decideTierInput = z.object({
  applicationId: z.string().min(1),
  /** Omit to accept the proposal; a different tier needs a written reason. */
  finalTier: z.enum(TIERS).optional(),
  overrideReason: z.string().trim().max(2000).optional(),
});

/**
 * 初核: checks eligibility, runs the rules and records the decision with its evidence, the threshold
 * version and the settings used. A reviewer may choose another tier only with a written reason.
 * A later decision on the same application supersedes the earlier one (kept for the record).
 */
export function decideTier(ctx: AppContext, actor: Actor, input: z.infer<typeof decideTierInput>) {
  const parsed = decideTierInput.parse(input);
  const app = loadCheckable(ctx, actor, parsed.applicationId);
  if (!CHECKABLE_STATES.has(app.state)) throw new DomainError("board:errors.applicationNotCheckable", { state: app.state });
  const facts = loadApplicationFacts(ctx, app.id);
  const eligibility = assessEligibility(facts);
  if (!eligibility.eligible) {
    throw new DomainError(eligibility.needsJustification ? "board:errors.potentialNeedsJustification" : "board:errors.notEligible", {}, "potentialJustification");
  }
  const thresholds = currentThresholdSet(ctx);
  const settings = getBoardSettings(ctx);
  const proposal = proposeTierFromFacts(facts, thresholds, settings);
  const finalTier: Tier = parsed.finalTier ?? proposal.tier;
  const overridden = finalTier !== proposal.tier;
  const reason = parsed.overrideReason?.trim() ? parsed.overrideReason.trim() : null;
  if (overridden && !reason) throw new DomainError("board:errors.overrideNeedsReason", {}, "overrideReason");
  const t = boardTranslator("zh-CN") as unknown as Translate;
  const now = ctx.clock.now();
  const decision = {
    id: newId(),
    enterpriseOrgId: app.enterpriseOrgId,
    applicationId: app.id,
    retieringRunId: null,
    action: "admit" as const,
    proposedTier: proposal.tier,
    ruleMatched: proposal.matchedDetail,
    evidence: { proposal, eligibility },
    evidenceText: renderProposal(t, proposal, "zh-CN"),
    thresholdVersionId: thresholds.id,
    settingsSnapshot: settings,
    finalTier,
    overrideReason: overridden ? reason : null,
    removalReason: null,
    decidedBy: actor.userId,
    decidedAt: now,
    supersededAt: null,
  };
  ctx.db.transaction(() => {
    ctx.db
      .update(tierDecisions)
      .set({ supersededAt: now })
      .where(and(eq(tierDecisions.applicationId, app.id), isNull(tierDecisions.supersededAt)))
      .run();
    ctx.db.insert(tierDecisions).values(decision).run();
    if (app.state !== "checked") {
      ctx.db.update(boardApplications).set({ state: "checked", updatedAt: now }).where(eq(boardApplications.id, app.id)).run();
    }
    ctx.db
      .insert(boardApplicationReviews)
      .values({
        id: newId(),
        applicationId: app.id,
        action: "check",
        fromState: app.state,
        toState: "checked",
        comment: overridden ? reason : null,
        actorUserId: actor.userId,
        actorOrgId: actor.orgId,
        at: now,
      })
      .run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: overridden ? "board.tier.overridden" : "board.tier.decided",
      subjectType: "board_application",
      subjectId: app.id,
      enterpriseOrgId: app.enterpriseOrgId,
      data: {
        decisionId: decision.id,
        proposedTier: proposal.tier,
        finalTier,
        rule: proposal.matchedDetail,
        thresholdVersionId: thresholds.id,
        overrideReason: decision.overrideReason,
      },
    });
  });
  return decision;
}

/** The decision in force for an application, if any. */
export function currentTierDecision(ctx: Pick<AppContext, "db">, applicationId: string) {
  return (
    ctx.db
      .select()
      .from(tierDecisions)
      .where(and(eq(tierDecisions.applicationId, applicationId), isNull(tierDecisions.supersededAt)))
      .get() ?? null
  );
}
