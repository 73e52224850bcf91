import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { boardMemberships, boardViolations, organisations, tierDecisions, tierPlanItems, tierPlans, users, type Tier } from "@db/schema";
import { enqueueSearchUpdate } from "@search/outbox";
import { assertCan, can } from "~/modules/access";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { violationInput } from "./violation-schemas";
export { violationInput };
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { boardTranslator } from "./board-i18n.server";
import { notifyOrgs } from "~/modules/messaging/notifications.server";
import type { Translate } from "./evidence";
import { getBoardSettings } from "./settings.server";
import { currentThresholdSet } from "./thresholds.server";
import type { ConfirmedViolation } from "./tier-rules";
import { violationFilesOf, type ViolationFile } from "./violation-files.server";

/**
 * Violations and removal for them (Attachment 1 §(五): "及时清退…存在违法违规行为的企业"). Exchange staff
 * record a violation of a listed enterprise with its source, date and evidence; a reviewer confirms
 * or dismisses it. For a confirmed violation the exchange may propose removal (清退) at any time —
 * not only in the yearly re-tiering — as a one-enterprise removal plan that goes to the three
 * regulators exactly like a tier plan; the removal it applies cites the violation, and the
 * enterprise's profile and its followers' feed show it.
 */

export type Violation = typeof boardViolations.$inferSelect;



function listedMembership(ctx: Pick<AppContext, "db">, enterpriseOrgId: string) {
  return ctx.db.select().from(boardMemberships).where(and(eq(boardMemberships.enterpriseOrgId, enterpriseOrgId), eq(boardMemberships.status, "listed"))).get() ?? null;
}

function auditViolation(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, v: Pick<Violation, "id" | "enterpriseOrgId">, action: string, data: Record<string, unknown>) {
  appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action, subjectType: "board_violation", subjectId: v.id, enterpriseOrgId: v.enterpriseOrgId, data });
}

/** Records a violation of a listed enterprise. Idempotent on the client-generated id. */
export function recordViolation(ctx: AppContext, actor: Actor, input: z.input<typeof violationInput>): Violation {
  assertCan(actor, "record:violation:any", undefined);
  const parsed = violationInput.parse(input);
  const id = parsed.id ?? newId();
  const existing = ctx.db.select().from(boardViolations).where(eq(boardViolations.id, id)).get();
  if (existing) return existing;
  if (!listedMembership(ctx, parsed.enterpriseOrgId)) throw new DomainError("boardRules:errors.notListed", {}, "enterpriseOrgId");
  if (parsed.occurredOn > shanghaiDate(ctx.clock.now())) throw new DomainError("boardRules:errors.dateInFuture", { date: parsed.occurredOn }, "occurredOn");
  const row: Violation = {
    id,
    enterpriseOrgId: parsed.enterpriseOrgId,
    kind: parsed.kind,
    source: parsed.source,
    occurredOn: parsed.occurredOn,
    description: parsed.description,
    evidence: parsed.evidence,
    state: "recorded",
    recordedBy: actor.userId,
    recordedAt: ctx.clock.now(),
    decidedBy: null,
    decidedAt: null,
    dismissalReason: null,
    resolvedAt: null,
  };
  ctx.db.transaction(() => {
    ctx.db.insert(boardViolations).values(row).run();
    auditViolation(ctx, actor, row, "board.violation.recorded", { kind: row.kind, source: row.source, occurredOn: row.occurredOn });
  });
  return row;
}

export const violationDecisionInput = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("confirm") }),
  z.object({ decision: z.literal("dismiss"), reason: z.string().trim().min(4).max(2000) }),
]);

/** A reviewer confirms the violation (it becomes grounds for removal) or dismisses it with a reason. */
export function decideViolation(ctx: AppContext, actor: Actor, violationId: string, input: z.input<typeof violationDecisionInput>): Violation {
  assertCan(actor, "confirm:violation:any", undefined);
  const parsed = violationDecisionInput.parse(input);
  const v = ctx.db.select().from(boardViolations).where(eq(boardViolations.id, violationId)).get();
  if (!v) throw new NotFoundError();
  if (v.state !== "recorded") throw new ConflictError("boardRules:errors.violationDecided", { state: v.state });
  const now = ctx.clock.now();
  const next: Violation =
    parsed.decision === "confirm"
      ? { ...v, state: "confirmed", decidedBy: actor.userId, decidedAt: now }
      : { ...v, state: "dismissed", decidedBy: actor.userId, decidedAt: now, dismissalReason: parsed.reason };
  ctx.db.transaction(() => {
    ctx.db.update(boardViolations).set({ state: next.state, decidedBy: next.decidedBy, decidedAt: now, dismissalReason: next.dismissalReason }).where(eq(boardViolations.id, v.id)).run();
    auditViolation(ctx, actor, v, parsed.decision === "confirm" ? "board.violation.confirmed" : "board.violation.dismissed", {
      reason: parsed.decision === "dismiss" ? parsed.reason : null,
    });
    if (parsed.decision === "confirm") notifyOrgs(ctx, [v.enterpriseOrgId], { kind: "board", payload: { key: "boardRules:notify.violationConfirmed", values: { source: v.source, date: v.occurredOn }, href: "/board/membership" } });
  });
  return next;
}

/** Confirmed violations no applied removal has resolved yet: what the tier engine treats as grounds for removal. */
export function confirmedViolationsOf(ctx: Pick<AppContext, "db">, enterpriseOrgId: string): ConfirmedViolation[] {
  return ctx.db
    .select({ id: boardViolations.id, kind: boardViolations.kind, source: boardViolations.source, occurredOn: boardViolations.occurredOn })
    .from(boardViolations)
    .where(and(eq(boardViolations.enterpriseOrgId, enterpriseOrgId), eq(boardViolations.state, "confirmed"), isNull(boardViolations.resolvedAt)))
    .orderBy(asc(boardViolations.occurredOn))
    .all();
}

/** The one violation a removal for a violation cites: confirmed, unresolved, of that enterprise. */
export function citableViolation(ctx: Pick<AppContext, "db">, enterpriseOrgId: string, violationId: string): Violation {
  const v = ctx.db.select().from(boardViolations).where(eq(boardViolations.id, violationId)).get();
  if (!v || v.enterpriseOrgId !== enterpriseOrgId) throw new DomainError("boardRules:errors.violationNotCitable", {}, "violationId");
  if (v.state !== "confirmed" || v.resolvedAt !== null) throw new DomainError("boardRules:errors.violationNotCitable", {}, "violationId");
  return v;
}

/** The frozen zh-CN text a removal decision carries: which violation, from where, when. */
export function renderViolationCitation(t: Translate, v: Pick<Violation, "kind" | "source" | "occurredOn">, note: string | null): string {
  const head = t("boardRules:removal.citation", { kind: t(`boardRules:violationKinds.${v.kind}`), source: v.source, date: v.occurredOn });
  return note ? `${head}\n${note}` : head;
}

const OPEN_PLAN_STATES: string[] = ["draft", "submitted", "returned"];

/** A removal plan still open (draft, submitted or returned) for this violation, if any. */
function openRemovalPlan(ctx: Pick<AppContext, "db">, violationId: string) {
  return ctx.db
    .select()
    .from(tierPlans)
    .where(and(eq(tierPlans.kind, "removal"), eq(tierPlans.violationId, violationId), inArray(tierPlans.state, ["draft", "submitted", "returned"])))
    .get();
}

export const removalProposalInput = z.object({ violationId: z.string().min(1), note: z.string().trim().max(2000).optional() });

/**
 * Proposes removal (清退) for a confirmed violation at any time of the year: a removal plan with one
 * item whose decision cites the violation. It is a draft until submitted to the three regulators
 * with the other plans' submit step (submitPlan), and applies when all three approve.
 */
export function proposeRemoval(ctx: AppContext, actor: Actor, input: z.input<typeof removalProposalInput>) {
  assertCan(actor, "propose:removal:any", undefined);
  const parsed = removalProposalInput.parse(input);
  const v = ctx.db.select().from(boardViolations).where(eq(boardViolations.id, parsed.violationId)).get();
  if (!v) throw new NotFoundError();
  citableViolation(ctx, v.enterpriseOrgId, v.id);
  const membership = listedMembership(ctx, v.enterpriseOrgId);
  if (!membership) throw new DomainError("boardRules:errors.notListed");
  if (openRemovalPlan(ctx, v.id)) throw new ConflictError("boardRules:errors.removalAlreadyProposed");
  const thresholds = currentThresholdSet(ctx);
  const settings = getBoardSettings(ctx);
  const t = boardTranslator("zh-CN") as unknown as Translate;
  const now = ctx.clock.now();
  const note = parsed.note?.trim() || null;
  const decisionId = newId();
  const plan = {
    id: newId(),
    kind: "removal" as const,
    roundId: null,
    retieringRunId: null,
    violationId: v.id,
    state: "draft" as const,
    submission: 0,
    createdBy: actor.userId,
    createdAt: now,
    submittedAt: null,
    approvedAt: null,
  };
  ctx.db.transaction(() => {
    ctx.db
      .insert(tierDecisions)
      .values({
        id: decisionId,
        enterpriseOrgId: v.enterpriseOrgId,
        applicationId: null,
        retieringRunId: null,
        violationId: v.id,
        action: "remove",
        proposedTier: membership.tier,
        ruleMatched: "removal.violation",
        evidence: { violation: { id: v.id, kind: v.kind, source: v.source, occurredOn: v.occurredOn }, currentTier: membership.tier },
        evidenceText: renderViolationCitation(t, v, note),
        thresholdVersionId: thresholds.id,
        settingsSnapshot: settings,
        finalTier: null,
        overrideReason: note,
        removalReason: "violation",
        decidedBy: actor.userId,
        decidedAt: now,
        supersededAt: null,
      })
      .run();
    ctx.db.insert(tierPlans).values(plan).run();
    ctx.db.insert(tierPlanItems).values({ id: newId(), planId: plan.id, tierDecisionId: decisionId, enterpriseOrgId: v.enterpriseOrgId, sortOrder: 0 }).run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "board.removal.proposed",
      subjectType: "tier_plan",
      subjectId: plan.id,
      enterpriseOrgId: v.enterpriseOrgId,
      data: { violationId: v.id, decisionId, tier: membership.tier, note },
    });
  });
  return plan;
}

type RemovalDecision = Pick<typeof tierDecisions.$inferSelect, "id" | "enterpriseOrgId" | "removalReason" | "violationId" | "finalTier">;

/**
 * Ends a listed membership for an approved removal decision (inside the approving transaction): the
 * membership keeps the decision it was removed by, a cited violation is resolved, the enterprise is
 * told why, search is reindexed, and the audit entry carries the cited reason for the follow feed.
 */
export function applyRemoval(ctx: AppContext, actor: Actor, decision: RemovalDecision, m: { id: string; tier: Tier }): void {
  const now = ctx.clock.now();
  const violation = decision.violationId ? (ctx.db.select().from(boardViolations).where(eq(boardViolations.id, decision.violationId)).get() ?? null) : null;
  ctx.db
    .update(boardMemberships)
    .set({ status: "removed", removedAt: now, removalReason: decision.removalReason, removalDecisionId: decision.id, updatedAt: now })
    .where(eq(boardMemberships.id, m.id))
    .run();
  if (violation) ctx.db.update(boardViolations).set({ resolvedAt: now }).where(eq(boardViolations.id, violation.id)).run();
  enqueueSearchUpdate(ctx.db, { index: "enterprises", id: decision.enterpriseOrgId, op: "upsert" });
  notifyOrgs(ctx, [decision.enterpriseOrgId], {
    kind: "board",
    payload: violation
      ? { key: "boardRules:notify.removedForViolation", values: { kind: violation.kind, source: violation.source, date: violation.occurredOn }, href: "/board/membership" }
      : { key: "board:notify.removed", values: { reason: decision.removalReason ?? "" }, href: "/board/membership" },
  });
  appendAudit(ctx, {
    actorUserId: actor.userId,
    actorOrgId: actor.orgId,
    action: "board.membership.removed",
    subjectType: "board_membership",
    subjectId: m.id,
    enterpriseOrgId: decision.enterpriseOrgId,
    data: {
      from: m.tier,
      to: decision.finalTier,
      removalReason: decision.removalReason,
      decisionId: decision.id,
      violationId: violation?.id ?? null,
      violationKind: violation?.kind ?? null,
      violationSource: violation?.source ?? null,
      violationOn: violation?.occurredOn ?? null,
    },
  });
}

/** Applies an approved removal plan: its one item, unless a regulator excluded it (then nothing changes). */
export function applyRemovalPlan(ctx: AppContext, actor: Actor, plan: { id: string }, excluded: Set<string>): void {
  const rows = ctx.db
    .select({ item: tierPlanItems, decision: tierDecisions })
    .from(tierPlanItems)
    .innerJoin(tierDecisions, eq(tierDecisions.id, tierPlanItems.tierDecisionId))
    .where(eq(tierPlanItems.planId, plan.id))
    .all();
  for (const { item, decision } of rows) {
    if (excluded.has(item.id)) continue;
    const m = listedMembership(ctx, decision.enterpriseOrgId);
    if (m) applyRemoval(ctx, actor, decision, m);
  }
}

/** What a removal shows publicly (profile, feed): the reason and, for a violation, its kind, source and date. */
export type RemovalNotice = {
  removedAt: number;
  /** The Shanghai calendar date of the removal. */
  removedOn: string;
  reason: "violation" | "no_longer_eligible" | null;
  violation: { kind: Violation["kind"]; source: string; occurredOn: string } | null;
};

/** The removal of an enterprise's latest membership, if it was removed. */
export function removalOf(ctx: Pick<AppContext, "db">, enterpriseOrgId: string): RemovalNotice | null {
  const m = ctx.db.select().from(boardMemberships).where(eq(boardMemberships.enterpriseOrgId, enterpriseOrgId)).orderBy(desc(boardMemberships.createdAt)).get();
  if (!m || m.status !== "removed" || m.removedAt === null) return null;
  const cited = m.removalDecisionId
    ? ctx.db
        .select({ kind: boardViolations.kind, source: boardViolations.source, occurredOn: boardViolations.occurredOn })
        .from(tierDecisions)
        .innerJoin(boardViolations, eq(boardViolations.id, tierDecisions.violationId))
        .where(eq(tierDecisions.id, m.removalDecisionId))
        .get()
    : undefined;
  return { removedAt: m.removedAt, removedOn: shanghaiDate(m.removedAt), reason: m.removalReason, violation: cited ?? null };
}

/** The exchange's and the regulators' list (newest first); an enterprise sees its own confirmed ones. */
export function listViolations(ctx: Pick<AppContext, "db">, actor: Actor, opts: { enterpriseOrgId?: string } = {}) {
  const rows = ctx.db
    .select({ v: boardViolations, enterpriseName: organisations.name, recordedByName: users.name })
    .from(boardViolations)
    .innerJoin(organisations, eq(organisations.id, boardViolations.enterpriseOrgId))
    .leftJoin(users, eq(users.id, boardViolations.recordedBy))
    .where(opts.enterpriseOrgId ? eq(boardViolations.enterpriseOrgId, opts.enterpriseOrgId) : undefined)
    .orderBy(desc(boardViolations.recordedAt))
    .all()
    .filter((r) => can(actor, "view:violation:any") || can(actor, "view:violation:own", r.v));
  // The latest removal plan per violation (ordered oldest first, so later ones overwrite).
  const openPlans = new Map(
    ctx.db
      .select({ violationId: tierPlans.violationId, id: tierPlans.id, state: tierPlans.state })
      .from(tierPlans)
      .where(eq(tierPlans.kind, "removal"))
      .orderBy(asc(tierPlans.createdAt))
      .all()
      .map((p) => [p.violationId, { id: p.id, state: p.state }]),
  );
  // Evidence files stay with the exchange and the regulators (the enterprise sees its confirmed violations, not the evidence).
  const files = can(actor, "view:violation:any") ? violationFilesOf(ctx, rows.map((r) => r.v.id)) : new Map<string, ViolationFile[]>();
  return rows.map((r) => ({
    ...r.v,
    enterpriseName: r.enterpriseName,
    recordedByName: r.recordedByName,
    files: files.get(r.v.id) ?? [],
    canAttach: r.v.state !== "dismissed" && r.v.resolvedAt === null && can(actor, "record:violation:any"),
    removalPlan: openPlans.get(r.v.id) ?? null,
    canDecide: r.v.state === "recorded" && can(actor, "confirm:violation:any"),
    canProposeRemoval:
      r.v.state === "confirmed" && r.v.resolvedAt === null && !OPEN_PLAN_STATES.includes(openPlans.get(r.v.id)?.state ?? "approved") && can(actor, "propose:removal:any"),
  }));
}

/** Listed enterprises to pick from when recording a violation. */
export function listedEnterprises(ctx: Pick<AppContext, "db">, actor: Actor) {
  assertCan(actor, "record:violation:any", undefined);
  return ctx.db
    .select({ id: organisations.id, name: organisations.name, tier: boardMemberships.tier })
    .from(boardMemberships)
    .innerJoin(organisations, eq(organisations.id, boardMemberships.enterpriseOrgId))
    .where(eq(boardMemberships.status, "listed"))
    .orderBy(asc(organisations.name))
    .all();
}
