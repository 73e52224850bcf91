import { and, asc, eq, inArray } from "drizzle-orm";
import { financingNeeds, financingOutcomes, offerProgress, offers, organisations, type OfferProgressKind } from "@db/schema";
import { assertCan, can } from "~/modules/access";
import { appendAudit } from "~/modules/audit/audit.server";
import { recordFinancingDuty } from "~/modules/enterprises/disclosure-duties.server";
import type { Actor } from "~/modules/identity/actor";
import { notifyOrgs } from "~/modules/messaging/notifications.server";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate, todayOf } from "~/utils/dates";
import { toUnitText } from "~/utils/money";
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";
import { offerProgressInput, type OfferProgressInput } from "./financing-schemas";
import { invalid } from "./input-errors";

/**
 * After acceptance (ADR 0810): the lender of an accepted offer records credit approval (once), each disbursement (several
 * may add up to the offer's amount, never more) and, if it falls through, the failure with its reason. The enterprise
 * reads the same record as the last steps of its need's timeline: published → offers → accepted → approval → funds.
 * The first disbursement is the moment the enterprise has obtained the financing, so it records the disclosure duty.
 */

type Offer = typeof offers.$inferSelect;
export type ProgressEvent = typeof offerProgress.$inferSelect;

/** Offers whose acceptance stands (closed = accepted and its outcome recorded since). */
const ACCEPTED = ["accepted", "closed"] as const;

function partiesOffer(ctx: Pick<AppContext, "db">, actor: Actor, offerId: string): Offer {
  const offer = ctx.db.select().from(offers).where(eq(offers.id, offerId)).get();
  if (!offer || !can(actor, "read:offer-progress:party", offer)) throw new NotFoundError("financing:matchingErrors.offerNotFound");
  return offer;
}

function eventsOf(ctx: Pick<AppContext, "db">, offerIds: string[]): ProgressEvent[] {
  if (offerIds.length === 0) return [];
  return ctx.db.select().from(offerProgress).where(inArray(offerProgress.offerId, offerIds)).orderBy(asc(offerProgress.happenedOn), asc(offerProgress.recordedAt)).all();
}

export type OfferProgressSummary = {
  offerId: string;
  amount: number;
  approvedOn: string | null;
  disbursed: number;
  lastDisbursedOn: string | null;
  failed: { on: string; reason: string } | null;
  /** Every disbursed: the whole offered amount is with the enterprise. */
  complete: boolean;
  events: ProgressEvent[];
};

export function summarise(offer: Pick<Offer, "id" | "amount">, events: ProgressEvent[]): OfferProgressSummary {
  const own = events.filter((e) => e.offerId === offer.id);
  const approved = own.find((e) => e.kind === "approved");
  const failed = own.find((e) => e.kind === "failed");
  const disbursements = own.filter((e) => e.kind === "disbursed");
  const disbursed = disbursements.reduce((sum, e) => sum + (e.amount ?? 0), 0);
  return {
    offerId: offer.id,
    amount: offer.amount,
    approvedOn: approved?.happenedOn ?? null,
    disbursed,
    lastDisbursedOn: disbursements.at(-1)?.happenedOn ?? null,
    failed: failed ? { on: failed.happenedOn, reason: failed.reason ?? "" } : null,
    complete: disbursed >= offer.amount,
    events: own,
  };
}

/** The progress of one offer, for its two parties (anyone else: 404). */
export function getOfferProgress(ctx: Pick<AppContext, "db">, actor: Actor, offerId: string): OfferProgressSummary & { canRecord: boolean } {
  const offer = partiesOffer(ctx, actor, offerId);
  const canRecord = (ACCEPTED as readonly string[]).includes(offer.state) && can(actor, "record:offer-progress:lender", offer);
  return { ...summarise(offer, eventsOf(ctx, [offer.id])), canRecord };
}

/** The same, for a page that shows it only to the parties: null for anyone else and before the offer is accepted. */
export function visibleOfferProgress(ctx: Pick<AppContext, "db">, actor: Actor, offer: Offer) {
  if (!(ACCEPTED as readonly string[]).includes(offer.state) || !can(actor, "read:offer-progress:party", offer)) return null;
  return getOfferProgress(ctx, actor, offer.id);
}

/**
 * Records one step. Illegal: any step before the offer is accepted, a second approval or failure, a disbursement before
 * approval or after failure, disbursements adding up to more than the offer, a date in the future or before the step it
 * follows. Resending the same id returns the stored step and records nothing.
 */
export function recordOfferProgress(ctx: AppContext, actor: Actor, offerId: string, raw: OfferProgressInput): { event: ProgressEvent; duplicate: boolean } {
  const offer = partiesOffer(ctx, actor, offerId);
  assertCan(actor, "record:offer-progress:lender", offer, { message: "financing:progress.lenderOnly" });
  const parsed = offerProgressInput.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  const input = parsed.data;
  return ctx.db.transaction(() => {
    const prior = ctx.db.select().from(offerProgress).where(eq(offerProgress.id, input.id)).get();
    if (prior) {
      if (prior.offerId !== offer.id || prior.kind !== input.kind) throw new ConflictError("financing:matchingErrors.idInvalid");
      return { event: prior, duplicate: true };
    }
    if (!(ACCEPTED as readonly string[]).includes(offer.state)) throw new DomainError("financing:progress.notAccepted", { state: offer.state });
    const today = todayOf(ctx);
    if (input.happenedOn > today) throw new DomainError("financing:progress.inFuture", {}, "happenedOn");
    const acceptedOn = offer.decidedAt ? shanghaiDate(offer.decidedAt) : null;
    if (acceptedOn && input.happenedOn < acceptedOn) throw new DomainError("financing:progress.beforeAcceptance", { date: acceptedOn }, "happenedOn");
    const now = summarise(offer, eventsOf(ctx, [offer.id]));
    if (now.failed) throw new DomainError("financing:progress.alreadyFailed");
    if (input.kind === "approved" && now.approvedOn) throw new ConflictError("financing:progress.alreadyApproved");
    if (input.kind === "disbursed") {
      if (!now.approvedOn) throw new DomainError("financing:progress.disburseBeforeApproval");
      if (input.happenedOn < now.approvedOn) throw new DomainError("financing:progress.beforeApproval", { date: now.approvedOn }, "happenedOn");
      if (now.disbursed + input.amount > offer.amount) {
        throw new DomainError("financing:progress.overAmount", { remaining: toUnitText(offer.amount - now.disbursed) }, "amount");
      }
    }
    if (input.kind === "failed" && now.complete) throw new DomainError("financing:progress.alreadyComplete");
    const event: ProgressEvent = {
      id: input.id,
      offerId: offer.id,
      kind: input.kind,
      happenedOn: input.happenedOn,
      amount: input.kind === "disbursed" ? input.amount : null,
      reason: input.kind === "failed" ? input.reason : null,
      recordedBy: actor.userId,
      recordedAt: ctx.clock.now(),
    };
    ctx.db.insert(offerProgress).values(event).run();
    const disbursedAfter = now.disbursed + (event.amount ?? 0);
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: `offer.progress.${event.kind}`,
      subjectType: "offer",
      subjectId: offer.id,
      enterpriseOrgId: offer.enterpriseOrgId,
      data: { progressId: event.id, happenedOn: event.happenedOn, amount: event.amount, reason: event.reason, disbursedTotal: disbursedAfter, offerAmount: offer.amount },
    });
    if (event.kind === "disbursed" && now.disbursed === 0) {
      // The money reached the enterprise: financing obtained on the platform owes directed disclosure (one duty per
      // financing — an outcome recorded for this offer, or the need marked matched, stands for the same one).
      recordFinancingDuty(ctx, disbursedSource(offer, event), {
        actorUserId: actor.userId,
        sameFinancing: [{ kind: "need_matched", ref: offer.needId }, ...outcomeRefOf(ctx, offer.id)],
      });
    }
    const need = ctx.db.select({ title: financingNeeds.title }).from(financingNeeds).where(eq(financingNeeds.id, offer.needId)).get();
    notifyOrgs(ctx, [offer.enterpriseOrgId], {
      kind: "offer",
      payload: { key: `financing:notify.progress.${event.kind}` satisfies `financing:notify.progress.${OfferProgressKind}`, values: { org: actor.orgName, need: need?.title ?? "" }, href: `/needs/${offer.needId}#progress` },
      exceptUserId: actor.userId,
    });
    return { event, duplicate: false };
  });
}

export function disbursedSource(offer: Pick<Offer, "id" | "enterpriseOrgId" | "instrument" | "institutionOrgId">, first: Pick<ProgressEvent, "amount" | "happenedOn">) {
  return {
    enterpriseOrgId: offer.enterpriseOrgId,
    sourceKind: "offer_disbursed" as const,
    sourceRef: offer.id,
    instrument: offer.instrument,
    investorOrgId: offer.institutionOrgId,
    amount: first.amount,
    financedOn: first.happenedOn,
  };
}

function outcomeRefOf(ctx: Pick<AppContext, "db">, offerId: string): { kind: "financing_outcome"; ref: string }[] {
  const row = ctx.db
    .select({ id: financingOutcomes.id })
    .from(financingOutcomes)
    .where(and(eq(financingOutcomes.subjectType, "offer"), eq(financingOutcomes.subjectId, offerId)))
    .get();
  return row ? [{ kind: "financing_outcome", ref: row.id }] : [];
}

export type TimelineStepKey = "published" | "offers" | "accepted" | "approval" | "funds";
export type TimelineStep = {
  key: TimelineStepKey;
  /** done: happened; current: the next thing that should happen; failed: fell through; pending: later. */
  status: "done" | "current" | "failed" | "pending";
  /** When it happened: epoch ms for the marketplace's own steps, a date the lender gave for approval and funds. */
  at: number | null;
  on: string | null;
  count?: number;
  amount?: number;
  of?: number;
  reason?: string;
};
export type AcceptedLane = { offerId: string; institutionName: string; amount: number; progress: OfferProgressSummary };
export type NeedTimeline = { needId: string; steps: TimelineStep[]; lanes: AcceptedLane[] };

/**
 * The enterprise's timelines for its needs (its need page and "my needs"), in one pass over the needs, their offers and
 * progress. A need whose financing was syndicated has one lane per accepted offer; its approval and funds steps sum them.
 * Needs of another organisation are left out (the caller's list is the enterprise's own).
 */
export function needTimelines(ctx: Pick<AppContext, "db">, actor: Actor, needIds: string[]): Map<string, NeedTimeline> {
  const out = new Map<string, NeedTimeline>();
  if (needIds.length === 0) return out;
  const needs = ctx.db
    .select({ id: financingNeeds.id, enterpriseOrgId: financingNeeds.enterpriseOrgId, state: financingNeeds.state, publishedAt: financingNeeds.publishedAt })
    .from(financingNeeds)
    .where(inArray(financingNeeds.id, needIds))
    .all()
    .filter((n) => can(actor, "read:need-timeline:own", n));
  if (needs.length === 0) return out;
  const allOffers = ctx.db
    .select({ id: offers.id, needId: offers.needId, state: offers.state, amount: offers.amount, submittedAt: offers.submittedAt, decidedAt: offers.decidedAt, institutionName: organisations.name })
    .from(offers)
    .innerJoin(organisations, eq(organisations.id, offers.institutionOrgId))
    .where(inArray(offers.needId, needs.map((n) => n.id)))
    .all();
  const accepted = allOffers.filter((o) => (ACCEPTED as readonly string[]).includes(o.state));
  const events = eventsOf(ctx, accepted.map((o) => o.id));
  for (const need of needs) {
    const mine = allOffers.filter((o) => o.needId === need.id);
    const lanes = accepted
      .filter((o) => o.needId === need.id)
      .map((o) => ({ offerId: o.id, institutionName: o.institutionName, amount: o.amount, progress: summarise(o, events), decidedAt: o.decidedAt }));
    out.set(need.id, { needId: need.id, steps: stepsOf(need, mine, lanes), lanes: lanes.map(({ decidedAt: _d, ...lane }) => lane) });
  }
  return out;
}

export function needTimeline(ctx: Pick<AppContext, "db">, actor: Actor, needId: string): NeedTimeline | null {
  return needTimelines(ctx, actor, [needId]).get(needId) ?? null;
}

function stepsOf(
  need: { state: string; publishedAt: number | null },
  mine: { submittedAt: number; state: string }[],
  lanes: { amount: number; progress: OfferProgressSummary; decidedAt: number | null }[],
): TimelineStep[] {
  const blank = { at: null, on: null };
  const published: TimelineStep = { key: "published", status: need.publishedAt ? "done" : "current", ...blank, at: need.publishedAt };
  const firstOffer = mine.length ? Math.min(...mine.map((o) => o.submittedAt)) : null;
  const offersStep: TimelineStep = { key: "offers", status: firstOffer ? "done" : need.publishedAt ? "current" : "pending", ...blank, at: firstOffer, count: mine.length };
  const acceptedAt = lanes.length ? Math.min(...lanes.map((l) => l.decidedAt ?? Number.MAX_SAFE_INTEGER)) : null;
  const acceptedStep: TimelineStep = { key: "accepted", status: lanes.length ? "done" : firstOffer ? "current" : "pending", ...blank, at: acceptedAt, count: lanes.length };
  const live = lanes.filter((l) => !l.progress.failed);
  const allFailed = lanes.length > 0 && live.length === 0;
  const failure = lanes.find((l) => l.progress.failed)?.progress.failed ?? null;
  const approvedDates = lanes.map((l) => l.progress.approvedOn).filter((d): d is string => d !== null).sort();
  const allApproved = lanes.length > 0 && approvedDates.length === lanes.length;
  const approval: TimelineStep = {
    key: "approval",
    status: lanes.length === 0 ? "pending" : allApproved ? "done" : allFailed ? "failed" : "current",
    ...blank,
    on: approvedDates.at(-1) ?? null,
    reason: allFailed && !allApproved ? failure?.reason : undefined,
  };
  const received = lanes.reduce((s, l) => s + l.progress.disbursed, 0);
  const lastFunds = lanes.map((l) => l.progress.lastDisbursedOn).filter((d): d is string => d !== null).sort().at(-1) ?? null;
  const fundsStatus: TimelineStep["status"] =
    lanes.length === 0 ? "pending" : live.length > 0 && live.every((l) => l.progress.complete) ? "done" : allFailed ? (allApproved || received > 0 ? "failed" : "pending") : approvedDates.length > 0 || received > 0 ? "current" : "pending";
  const funds: TimelineStep = {
    key: "funds",
    status: fundsStatus,
    ...blank,
    on: lastFunds,
    amount: received,
    of: (live.length ? live : lanes).reduce((s, l) => s + l.amount, 0),
    reason: fundsStatus === "failed" ? failure?.reason : undefined,
  };
  return [published, offersStep, acceptedStep, approval, funds];
}
