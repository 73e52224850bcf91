import { and, eq, inArray } from "drizzle-orm";
import { financingNeedAudienceOrgs, financingNeedRevisions, financingNeeds, offers, organisations, type Instrument, type NeedState } from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import { needFundedElsewhereSource, needMatchedSource, recordFinancingDuty } from "~/modules/enterprises/disclosure-duties.server";
import type { Actor } from "~/modules/identity/actor";
import { notifyOrgs } from "~/modules/messaging/notifications.server";
import type { AppContext } from "~/utils/context.server";
import { todayOf } from "~/utils/dates";
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import type { NeedInput } from "./needs-schemas";
import { onNeedPublished } from "./recommendations.server";
import { move, snapshot, type NeedRow } from "./need-lifecycle.server";
import { needChanged } from "./search-documents.server";
import { assertCan, can } from "~/modules/access";

type Ctx = Pick<AppContext, "db" | "clock">;

/** Which lifecycle moves are allowed from which state. Ended states (matched, closed, expired) are final. */
const TRANSITIONS: Record<string, readonly NeedState[]> = {
  publish: ["draft"],
  pause: ["published"],
  resume: ["paused"],
  match: ["published", "paused"],
  close: ["draft", "published", "paused"],
  edit: ["draft", "published", "paused"],
};

function ownNeed(ctx: Pick<AppContext, "db">, actor: Actor, needId: string): NeedRow {
  const need = ctx.db.select().from(financingNeeds).where(eq(financingNeeds.id, needId)).get();
  // Another organisation's need: answer as if it did not exist.
  if (!need || !can(actor, "update:need:own", need)) throw new NotFoundError("financing:errors.notFound");
  return need;
}

function requireEnterprise(actor: Actor): void {
  assertCan(actor, "create:need:own", undefined);
}

function requireState(need: NeedRow, move: keyof typeof TRANSITIONS): void {
  if (!TRANSITIONS[move]!.includes(need.state)) throw new ConflictError("financing:errors.badTransition", { state: need.state, move });
}

function validateAudience(ctx: Pick<AppContext, "db">, actor: Actor, input: Pick<NeedInput, "audience" | "directedOrgIds">): string[] {
  if (input.audience !== "directed") return [];
  const ids = [...new Set(input.directedOrgIds)].filter((id) => id !== actor.orgId);
  if (ids.length === 0) throw new DomainError("financing:errors.directedEmpty", {}, "directedOrgIds");
  const found = ctx.db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(inArray(organisations.id, ids), eq(organisations.kind, "institution")))
    .all();
  if (found.length !== ids.length) throw new DomainError("financing:errors.directedInstitutions", {}, "directedOrgIds");
  return ids;
}

function setDirected(ctx: Pick<AppContext, "db">, needId: string, orgIds: string[]): void {
  ctx.db.delete(financingNeedAudienceOrgs).where(eq(financingNeedAudienceOrgs.needId, needId)).run();
  if (orgIds.length) ctx.db.insert(financingNeedAudienceOrgs).values(orgIds.map((orgId) => ({ needId, orgId }))).run();
}

export function createNeed<I extends Instrument>(ctx: Ctx, actor: Actor, input: NeedInput<I>): string {
  requireEnterprise(actor);
  const directed = validateAudience(ctx, actor, input);
  if (input.expiresOn < todayOf(ctx)) throw new DomainError("financing:errors.expiryPast", {}, "expiresOn");
  const id = newId();
  const at = ctx.clock.now();
  ctx.db.transaction(() => {
    ctx.db
      .insert(financingNeeds)
      .values({
        id,
        enterpriseOrgId: actor.orgId,
        instrument: input.instrument,
        title: input.title,
        summary: input.summary,
        amount: input.amount,
        details: JSON.stringify(input.details),
        audience: input.audience,
        expiresOn: input.expiresOn,
        createdBy: actor.userId,
        createdAt: at,
        updatedAt: at,
      })
      .run();
    setDirected(ctx, id, directed);
    snapshot(ctx, id, "created", actor);
  });
  return id;
}

/** Edits keep the history: the version goes up and the full new state is kept as a revision. */
export function updateNeed<I extends Instrument>(ctx: Ctx, actor: Actor, needId: string, input: NeedInput<I>): void {
  const need = ownNeed(ctx, actor, needId);
  requireState(need, "edit");
  if (input.instrument !== need.instrument) throw new DomainError("financing:errors.instrumentFixed");
  const directed = validateAudience(ctx, actor, input);
  if (input.expiresOn < todayOf(ctx)) throw new DomainError("financing:errors.expiryPast", {}, "expiresOn");
  ctx.db.transaction(() => {
    ctx.db
      .update(financingNeeds)
      .set({
        title: input.title,
        summary: input.summary,
        amount: input.amount,
        details: JSON.stringify(input.details),
        audience: input.audience,
        expiresOn: input.expiresOn,
        version: need.version + 1,
        updatedAt: ctx.clock.now(),
      })
      .where(eq(financingNeeds.id, needId))
      .run();
    setDirected(ctx, needId, directed);
    snapshot(ctx, needId, "edited", actor);
    needChanged(ctx.db, needId);
  });
}

/**
 * Publishing a directed need tells the named institutions (and nobody else). Members-only and public
 * needs are found through lists and search, each filtered by who may see them.
 */
export function publishNeed(ctx: Ctx, actor: Actor, needId: string): void {
  const need = ownNeed(ctx, actor, needId);
  requireState(need, "publish");
  if (need.expiresOn < todayOf(ctx)) throw new DomainError("financing:errors.expiryPast", {}, "expiresOn");
  move(ctx, actor, need, "published", "published", { publishedAt: need.publishedAt ?? ctx.clock.now() });
  // Financing hook: members whose mandates fit, and followers of the enterprise, are alerted.
  onNeedPublished(ctx, needId);
  if (need.audience === "directed") {
    const directed = ctx.db.select({ orgId: financingNeedAudienceOrgs.orgId }).from(financingNeedAudienceOrgs).where(eq(financingNeedAudienceOrgs.needId, needId)).all();
    ctx.db.transaction(() => {
      notifyOrgs(ctx, directed.map((d) => d.orgId), { kind: "need", payload: { key: "financing:notify.directed", values: { org: actor.orgName, title: need.title }, href: `/needs/${needId}` } });
    });
  }
}

export function pauseNeed(ctx: Ctx, actor: Actor, needId: string): void {
  const need = ownNeed(ctx, actor, needId);
  requireState(need, "pause");
  move(ctx, actor, need, "paused", "paused");
}

export function resumeNeed(ctx: Ctx, actor: Actor, needId: string): void {
  const need = ownNeed(ctx, actor, needId);
  requireState(need, "resume");
  if (need.expiresOn < todayOf(ctx)) throw new DomainError("financing:errors.expiryPast", {}, "expiresOn");
  move(ctx, actor, need, "published", "resumed");
}

/**
 * The enterprise says whether it takes several funders for this need (syndicated financing). Only then may more
 * than one offer be accepted, and together they never exceed the need's amount (offers.server acceptOffer).
 */
export function setNeedSyndicated(ctx: Ctx, actor: Actor, needId: string, syndicated: boolean): void {
  requireEnterprise(actor);
  const need = ownNeed(ctx, actor, needId);
  if (need.syndicated === syndicated) return;
  ctx.db.transaction(() => {
    ctx.db.update(financingNeeds).set({ syndicated, updatedAt: ctx.clock.now() }).where(eq(financingNeeds.id, needId)).run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "need.syndicated_set",
      subjectType: "financing_need",
      subjectId: needId,
      enterpriseOrgId: need.enterpriseOrgId,
      data: { syndicated },
    });
  });
}

/** Closed as funded elsewhere: equity or debt financing off the platform, which owes directed disclosure like any other. */
export function closeNeed(ctx: Ctx, actor: Actor, needId: string, input: { outcome: NonNullable<NeedRow["closeOutcome"]>; note?: string }): void {
  const need = ownNeed(ctx, actor, needId);
  requireState(need, "close");
  const endedAt = ctx.clock.now();
  ctx.db.transaction(() => {
    move(ctx, actor, need, "closed", "closed", { closeOutcome: input.outcome, outcomeNote: input.note ?? null, endedAt });
    if (input.outcome === "funded_elsewhere") recordFinancingDuty(ctx, needFundedElsewhereSource({ ...need, endedAt }), { actorUserId: actor.userId });
  });
}

/**
 * Matched: the enterprise found its funder, on the platform or off it. Equity, convertible bond, loan and leasing are
 * equity or debt financing, so it owes periodic directed disclosure to the funder (when named) and the regulators
 * (disclosure-duties.server). `viaOutcome`: the match comes from an offer's recorded outcome, whose duty stands for it.
 */
export function markNeedMatched(ctx: Ctx, actor: Actor, needId: string, input: { matchedOrgId?: string; matchedAmount?: number; note?: string }, opts: { viaOutcome?: boolean } = {}): void {
  const need = ownNeed(ctx, actor, needId);
  requireState(need, "match");
  if (input.matchedOrgId) {
    const org = ctx.db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, input.matchedOrgId)).get();
    if (org?.kind !== "institution") throw new DomainError("financing:errors.matchedInstitution", {}, "matchedOrgId");
  }
  ctx.db.transaction(() => {
    const endedAt = ctx.clock.now();
    move(ctx, actor, need, "matched", "matched", {
      matchedOrgId: input.matchedOrgId ?? null,
      matchedAmount: input.matchedAmount ?? null,
      outcomeNote: input.note ?? null,
      endedAt,
    });
    if (!opts.viaOutcome) {
      // The matched lender's accepted offer on this need may have disbursed already: that duty is the same financing.
      const acceptedOffers = input.matchedOrgId
        ? ctx.db
            .select({ id: offers.id })
            .from(offers)
            .where(and(eq(offers.needId, need.id), eq(offers.institutionOrgId, input.matchedOrgId), inArray(offers.state, ["accepted", "closed"])))
            .all()
        : [];
      recordFinancingDuty(ctx, needMatchedSource({ ...need, matchedOrgId: input.matchedOrgId ?? null, matchedAmount: input.matchedAmount ?? null, endedAt }), {
        actorUserId: actor.userId,
        sameFinancing: acceptedOffers.map((o) => ({ kind: "offer_disbursed" as const, ref: o.id })),
      });
    }
  });
}

export function needRevisions(ctx: Pick<AppContext, "db">, actor: Actor, needId: string) {
  ownNeed(ctx, actor, needId);
  return ctx.db
    .select()
    .from(financingNeedRevisions)
    .where(eq(financingNeedRevisions.needId, needId))
    .orderBy(financingNeedRevisions.version)
    .all()
    .map((r) => ({ ...r, snapshot: JSON.parse(r.snapshot) as Record<string, unknown> }));
}
