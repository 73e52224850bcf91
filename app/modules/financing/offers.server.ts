import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { financingNeeds, needResponseDeadlines, offerGuarantees, offerRevisions, offers, organisations, type OfferState } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { appendAudit } from "../audit/audit.server";
import type { Actor } from "../identity/actor";
import { registerSubjectAccess } from "../messaging/subject-access.server";
import { allInCostBp, headlineOf, impliedPostMoney } from "./cost";
import {
  declineInput,
  joinGuaranteeInput,
  reviseOfferInput,
  submitOfferInput,
  type DeclineInput,
  type JoinGuaranteeInput,
  type OfferTerms,
  type OutcomeInput,
  type ReviseOfferInput,
  type SubmitOfferInput,
} from "./financing-schemas";
import { endOfShanghaiDay, todayOf } from "~/utils/dates";
import { notifyOrgs } from "~/modules/messaging/notifications.server";
import { invalid } from "./input-errors";
import { inJsonList, preparedQuery } from "~/utils/sql.server";
import { visibleNeed } from "./needs-read.server";
import { markNeedMatched } from "./needs.server";
import { writeOutcome } from "./outcomes.server";
import { assertCan, can, offerRoleOf, type OfferRole } from "~/modules/access";

export type Offer = typeof offers.$inferSelect;
type Action = "revise" | "withdraw" | "shortlist" | "accept" | "decline" | "close";

/** Which states each action may start from; everything else is an illegal transition. */
const FROM: Record<Action, readonly OfferState[]> = {
  revise: ["submitted", "revised", "shortlisted"],
  withdraw: ["submitted", "revised", "shortlisted"],
  shortlist: ["submitted", "revised"],
  accept: ["submitted", "revised", "shortlisted"],
  decline: ["submitted", "revised", "shortlisted"],
  close: ["accepted"],
};

function assertTransition(offer: Offer, action: Action): void {
  if (!FROM[action].includes(offer.state)) throw new DomainError("financing:matchingErrors.illegalTransition", { from: offer.state, action });
}

/**
 * Stored terms were validated when written; they are not validated again, so tightening a rule (a limit, the
 * plain-text rule) never makes an existing offer unreadable.
 */
export function parseTerms(offer: Offer): OfferTerms {
  return JSON.parse(offer.terms) as OfferTerms;
}

function joinedGuarantees(ctx: Pick<AppContext, "db">, offerId: string) {
  return ctx.db.select().from(offerGuarantees).where(and(eq(offerGuarantees.offerId, offerId), eq(offerGuarantees.state, "joined"))).all();
}

function loadOffer(ctx: Pick<AppContext, "db">, offerId: string): Offer {
  const offer = ctx.db.select().from(offers).where(eq(offers.id, offerId)).get();
  if (!offer) throw new NotFoundError("financing:matchingErrors.offerNotFound");
  return offer;
}

/** Who may read an offer: the two parties, joined guarantors, and the exchange and regulators. */
export function offerRole(ctx: Pick<AppContext, "db">, actor: Actor, offer: Offer): OfferRole | null {
  return offerRoleOf(actor, offerParties(ctx, offer));
}

/** The offer's parties as the access policy reads them: its institution, its enterprise, the guarantors on it. */
function offerParties(ctx: Pick<AppContext, "db">, offer: Offer) {
  const guarantorOrgIds = ctx.db.select({ orgId: offerGuarantees.guarantorOrgId }).from(offerGuarantees).where(and(eq(offerGuarantees.offerId, offer.id), inArray(offerGuarantees.state, ["proposed", "joined"]))).all().map((g) => g.orgId);
  return { institutionOrgId: offer.institutionOrgId, enterpriseOrgId: offer.enterpriseOrgId, guarantorOrgIds };
}

export function readableOffer(ctx: Pick<AppContext, "db">, actor: Actor, offerId: string): Offer {
  const offer = loadOffer(ctx, offerId);
  assertCan(actor, "read:offer:party", offerParties(ctx, offer), { refusal: "not-found", message: "financing:matchingErrors.offerNotFound" });
  return offer;
}

function ownOffer(ctx: Pick<AppContext, "db">, actor: Actor, offerId: string): Offer {
  const offer = loadOffer(ctx, offerId);
  const parties = offerParties(ctx, offer);
  assertCan(actor, "read:offer:party", parties, { refusal: "not-found", message: "financing:matchingErrors.offerNotFound" });
  assertCan(actor, "update:offer:own", parties, { message: "financing:matchingErrors.notYourOffer" });
  return offer;
}

function enterprisesOffer(ctx: Pick<AppContext, "db">, actor: Actor, offerId: string): Offer {
  const offer = loadOffer(ctx, offerId);
  const parties = offerParties(ctx, offer);
  assertCan(actor, "read:offer:party", parties, { refusal: "not-found", message: "financing:matchingErrors.offerNotFound" });
  assertCan(actor, "decide:offer:enterprise", parties, { message: "financing:matchingErrors.onlyEnterpriseDecides" });
  return offer;
}

/** Rules every version of an offer must meet, whichever path (submit or revise) wrote it. */
function checkTerms(ctx: Pick<AppContext, "clock">, actor: Actor, needInstrument: string, validUntil: string, terms: OfferTerms): void {
  if (!can(actor, "offer:need:member", terms)) throw new DomainError("financing:matchingErrors.instrumentNotForYou", { instrument: terms.instrument });
  if (terms.instrument !== needInstrument) throw new DomainError("financing:matchingErrors.instrumentMismatch", { instrument: needInstrument });
  if (validUntil < todayOf(ctx)) throw new DomainError("financing:matchingErrors.validityPast", {}, "validUntil");
  if (terms.instrument === "equity") {
    // A stake that contradicts the valuation is a typo the enterprise would otherwise discover in the term sheet.
    const post = terms.preMoneyValuation + terms.amount;
    const implied = impliedPostMoney(terms);
    if (Math.abs(implied - post) / post > 0.02) throw new DomainError("financing:matchingErrors.stakeInconsistent", {}, "terms.stakeBp");
  }
}

function snapshot(offer: Offer): string {
  return JSON.stringify({ state: offer.state, version: offer.version, validUntil: offer.validUntil, terms: JSON.parse(offer.terms), allInCostBp: offer.allInCostBp, late: offer.late });
}

function recordRevision(ctx: Pick<AppContext, "db">, offer: Offer, change: string, actor: Actor, at: number) {
  ctx.db.insert(offerRevisions).values({ id: newId(), offerId: offer.id, version: offer.version, change, snapshot: snapshot(offer), byUserId: actor.userId, at }).run();
}

function isLate(ctx: Pick<AppContext, "db">, needId: string, at: number): boolean {
  const deadline = ctx.db.select({ respondBy: needResponseDeadlines.respondBy }).from(needResponseDeadlines).where(eq(needResponseDeadlines.needId, needId)).get();
  return deadline ? at > endOfShanghaiDay(deadline.respondBy) : false;
}

/** The enterprise's "answer by" date; offers after its end are still taken but marked late. */
export function setResponseDeadline(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, needId: string, respondBy: string): void {
  const need = visibleNeed(ctx, actor, needId);
  if (need.enterpriseOrgId !== actor.orgId) throw new ForbiddenError("financing:matchingErrors.onlyEnterpriseDecides");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(respondBy)) throw new DomainError("financing:matchingErrors.dateInvalid", {}, "respondBy");
  if (respondBy < todayOf(ctx)) throw new DomainError("financing:matchingErrors.deadlinePast", {}, "respondBy");
  const at = ctx.clock.now();
  ctx.db
    .insert(needResponseDeadlines)
    .values({ needId, respondBy, setBy: actor.userId, updatedAt: at })
    .onConflictDoUpdate({ target: needResponseDeadlines.needId, set: { respondBy, setBy: actor.userId, updatedAt: at } })
    .run();
}

export function responseDeadlineOf(ctx: Pick<AppContext, "db">, needId: string): string | null {
  return (
    preparedQuery(ctx.db, "need-response-deadline", (db) =>
      db.select({ respondBy: needResponseDeadlines.respondBy }).from(needResponseDeadlines).where(eq(needResponseDeadlines.needId, sql.placeholder("needId"))).prepare(),
    ).get({ needId })?.respondBy ?? null
  );
}

/**
 * 提交报价. Idempotent on the client-generated id: the same id from the same institution returns the stored
 * offer unchanged (a double-clicked submit or a retried request never makes two). Only institutions, only on
 * a published need they can see, only with an instrument they may offer.
 */
export function submitOffer(ctx: AppContext, actor: Actor, raw: SubmitOfferInput): { offer: Offer; duplicate: boolean } {
  const parsed = submitOfferInput.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  const input = parsed.data;
  assertCan(actor, "offer:need:member", undefined, { message: "financing:matchingErrors.membersOnly" });

  const existing = ctx.db.select().from(offers).where(eq(offers.id, input.id)).get();
  if (existing) {
    if (existing.institutionOrgId !== actor.orgId || existing.needId !== input.needId) throw new ConflictError("financing:matchingErrors.idTaken");
    return { offer: existing, duplicate: true };
  }
  const need = visibleNeed(ctx, actor, input.needId);
  if (need.state !== "published") throw new DomainError("financing:matchingErrors.needNotOpen", { state: need.state });
  checkTerms(ctx, actor, need.instrument, input.validUntil, input.terms);
  // One institution holds one open offer per need: a better offer revises it (the enterprise compares
  // institutions, not drafts of one institution's offer). Sync better-sqlite3: check and insert are atomic.
  const open = openOfferOf(ctx, actor.orgId, need.id);
  if (open) throw new ConflictError("financing:matchingErrors.openOfferExists", { offerId: open.id });

  const at = ctx.clock.now();
  const head = headlineOf(input.terms);
  const row: Offer = {
    id: input.id,
    needId: need.id,
    institutionOrgId: actor.orgId,
    enterpriseOrgId: need.enterpriseOrgId,
    instrument: input.terms.instrument,
    state: "submitted",
    version: 1,
    amount: head.amount,
    termMonths: head.termMonths,
    rateBp: head.rateBp,
    allInCostBp: allInCostBp(input.terms),
    terms: JSON.stringify(input.terms),
    validUntil: input.validUntil,
    late: isLate(ctx, need.id, at),
    declineReason: null,
    declineNote: null,
    submittedBy: actor.userId,
    submittedAt: at,
    updatedAt: at,
    decidedAt: null,
  };
  ctx.db.transaction(() => {
    ctx.db.insert(offers).values(row).run();
    recordRevision(ctx, row, "submitted", actor, at);
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "offer.submitted",
      subjectType: "offer",
      subjectId: row.id,
      enterpriseOrgId: need.enterpriseOrgId,
      data: { needId: need.id, instrument: row.instrument, amount: row.amount, allInCostBp: row.allInCostBp, late: row.late },
    });
    return notifyOrgs(ctx, [need.enterpriseOrgId], { kind: "offer", payload: {
      key: row.late ? "financing:notify.offerSubmittedLate" : "financing:notify.offerSubmitted",
      values: { org: actor.orgName, need: need.title },
      href: `/market/needs/${need.id}/offers`,
    }, exceptUserId: actor.userId });
  });
  return { offer: row, duplicate: false };
}

/** A new version of the terms; the previous one stays in the history. A shortlisted offer stays shortlisted. */
export function reviseOffer(ctx: AppContext, actor: Actor, offerId: string, raw: ReviseOfferInput): Offer {
  const offer = ownOffer(ctx, actor, offerId);
  assertTransition(offer, "revise");
  const parsed = reviseOfferInput.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  const need = ctx.db.select().from(financingNeeds).where(eq(financingNeeds.id, offer.needId)).get()!;
  if (need.state !== "published") throw new DomainError("financing:matchingErrors.needNotOpen", { state: need.state });
  checkTerms(ctx, actor, need.instrument, parsed.data.validUntil, parsed.data.terms);
  const at = ctx.clock.now();
  const head = headlineOf(parsed.data.terms);
  const next: Offer = {
    ...offer,
    state: offer.state === "shortlisted" ? "shortlisted" : "revised",
    version: offer.version + 1,
    amount: head.amount,
    termMonths: head.termMonths,
    rateBp: head.rateBp,
    allInCostBp: allInCostBp(parsed.data.terms, joinedGuarantees(ctx, offer.id)),
    terms: JSON.stringify(parsed.data.terms),
    validUntil: parsed.data.validUntil,
    late: offer.late || isLate(ctx, offer.needId, at),
    updatedAt: at,
  };
  ctx.db.transaction(() => {
    ctx.db.update(offers).set(next).where(and(eq(offers.id, offer.id), eq(offers.version, offer.version))).run();
    recordRevision(ctx, next, "revised", actor, at);
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "offer.revised",
      subjectType: "offer",
      subjectId: offer.id,
      enterpriseOrgId: offer.enterpriseOrgId,
      data: { version: next.version, amount: next.amount, allInCostBp: next.allInCostBp },
    });
    return notifyOrgs(ctx, [offer.enterpriseOrgId], { kind: "offer", payload: {
      key: "financing:notify.offerRevised",
      values: { org: actor.orgName, need: need.title, version: next.version },
      href: `/market/needs/${need.id}/offers`,
    }, exceptUserId: actor.userId });
  });
  return next;
}

type Move = {
  action: Action;
  to: OfferState;
  by: "institution" | "enterprise";
  notifyKey: string;
  extra?: Partial<Offer>;
  /** Checked inside the transaction that makes the move, so two concurrent decisions cannot both pass it. */
  guard?: () => void;
};

function move(ctx: AppContext, actor: Actor, offer: Offer, m: Move): Offer {
  assertTransition(offer, m.action);
  const at = ctx.clock.now();
  const next: Offer = { ...offer, ...m.extra, state: m.to, updatedAt: at, decidedAt: m.by === "enterprise" ? at : offer.decidedAt };
  const need = ctx.db.select({ id: financingNeeds.id, title: financingNeeds.title }).from(financingNeeds).where(eq(financingNeeds.id, offer.needId)).get()!;
  ctx.db.transaction(() => {
    m.guard?.();
    // The state in the WHERE makes a concurrent second decision a no-op rather than a double transition.
    const res = ctx.db.update(offers).set(next).where(and(eq(offers.id, offer.id), eq(offers.state, offer.state))).run();
    if (res.changes !== 1) throw new ConflictError("financing:matchingErrors.offerChanged");
    recordRevision(ctx, next, m.to, actor, at);
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: `offer.${m.to}`,
      subjectType: "offer",
      subjectId: offer.id,
      enterpriseOrgId: offer.enterpriseOrgId,
      data: { from: offer.state, reason: next.declineReason },
    });
    const guarantors = joinedGuarantees(ctx, offer.id).map((g) => g.guarantorOrgId);
    const to = m.by === "institution" ? [offer.enterpriseOrgId, ...guarantors] : [offer.institutionOrgId, ...guarantors];
    return notifyOrgs(ctx, to, { kind: "offer", payload: {
      key: m.notifyKey,
      values: { org: actor.orgName, need: need.title },
      href: m.by === "institution" ? `/market/needs/${need.id}/offers` : `/market/offers/${offer.id}`,
    }, exceptUserId: actor.userId });
  });
  return next;
}

export function withdrawOffer(ctx: AppContext, actor: Actor, offerId: string): Offer {
  const offer = ownOffer(ctx, actor, offerId);
  return move(ctx, actor, offer, { action: "withdraw", to: "withdrawn", by: "institution", notifyKey: "financing:notify.offerWithdrawn" });
}

export function shortlistOffer(ctx: AppContext, actor: Actor, offerId: string): Offer {
  const offer = enterprisesOffer(ctx, actor, offerId);
  return move(ctx, actor, offer, { action: "shortlist", to: "shortlisted", by: "enterprise", notifyKey: "financing:notify.offerShortlisted" });
}

/** Offers that hold a share of a need's financing: accepted, or accepted and since closed with an outcome. */
const TAKEN: readonly OfferState[] = ["accepted", "closed"];

/**
 * 接受报价. Only while the need is open (published or paused). One offer per need, unless the enterprise has
 * marked the financing syndicated; then several, with the accepted amounts together within the need's amount.
 */
export function acceptOffer(ctx: AppContext, actor: Actor, offerId: string): Offer {
  const offer = enterprisesOffer(ctx, actor, offerId);
  assertTransition(offer, "accept");
  if (offer.validUntil < todayOf(ctx)) throw new DomainError("financing:matchingErrors.offerExpired", { date: offer.validUntil });
  const guard = () => {
    const need = ctx.db.select().from(financingNeeds).where(eq(financingNeeds.id, offer.needId)).get()!;
    if (need.state !== "published" && need.state !== "paused") throw new DomainError("financing:matchingErrors.needNotOpen", { state: need.state });
    const taken = ctx.db
      .select({ id: offers.id, amount: offers.amount })
      .from(offers)
      .where(and(eq(offers.needId, offer.needId), inArray(offers.state, [...TAKEN])))
      .all();
    if (taken.length > 0 && !need.syndicated) throw new ConflictError("financing:matchingErrors.alreadyAccepted");
    const total = taken.reduce((sum, o) => sum + o.amount, 0) + offer.amount;
    if (need.syndicated && total > need.amount) throw new DomainError("financing:matchingErrors.syndicateOverAmount", { total, amount: need.amount });
  };
  return move(ctx, actor, offer, { action: "accept", to: "accepted", by: "enterprise", notifyKey: "financing:notify.offerAccepted", guard });
}

export function declineOffer(ctx: AppContext, actor: Actor, offerId: string, raw: DeclineInput): Offer {
  const offer = enterprisesOffer(ctx, actor, offerId);
  const parsed = declineInput.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  return move(ctx, actor, offer, {
    action: "decline",
    to: "declined",
    by: "enterprise",
    notifyKey: "financing:notify.offerDeclined",
    extra: { declineReason: parsed.data.reason, declineNote: parsed.data.note },
  });
}

/** Closes an accepted offer with what was actually obtained; either party may record it, once. */
export function recordOfferOutcome(ctx: AppContext, actor: Actor, offerId: string, raw: OutcomeInput) {
  const offer = readableOffer(ctx, actor, offerId);
  assertCan(actor, "record:financing-outcome:party", offer, { message: "financing:matchingErrors.partiesOnly" });
  assertTransition(offer, "close");
  const at = ctx.clock.now();
  return ctx.db.transaction(() => {
    const res = ctx.db.update(offers).set({ state: "closed", updatedAt: at }).where(and(eq(offers.id, offer.id), eq(offers.state, "accepted"))).run();
    if (res.changes !== 1) throw new ConflictError("financing:matchingErrors.offerChanged");
    recordRevision(ctx, { ...offer, state: "closed" }, "closed", actor, at);
    const outcome = writeOutcome(
      ctx,
      actor,
      { type: "offer", id: offer.id, enterpriseOrgId: offer.enterpriseOrgId, institutionOrgId: offer.institutionOrgId, instrument: offer.instrument, defaultCostBp: offer.allInCostBp },
      raw,
    );
    // The enterprise found its funder: the need ends as matched (the outcome already recorded its disclosure duty).
    const need = ctx.db.select({ state: financingNeeds.state }).from(financingNeeds).where(eq(financingNeeds.id, offer.needId)).get();
    if (actor.orgId === offer.enterpriseOrgId && (need?.state === "published" || need?.state === "paused")) {
      markNeedMatched(ctx, actor, offer.needId, { matchedOrgId: offer.institutionOrgId, matchedAmount: outcome.amountObtained }, { viaOutcome: true });
    }
    return outcome;
  });
}

/**
 * 投担联动: a guarantor offers to back a bank's open loan offer, and only one whose terms ask for a guarantee.
 * The proposal changes nothing in the offer until the lender consents (consentGuarantee); the bank is told.
 */
export function joinGuarantee(ctx: AppContext, actor: Actor, offerId: string, raw: JoinGuaranteeInput) {
  assertCan(actor, "back:offer:guarantor", undefined, { message: "financing:matchingErrors.guarantorsOnly" });
  const offer = loadOffer(ctx, offerId);
  // The guarantor must be able to see the need the loan is for.
  visibleNeed(ctx, actor, offer.needId);
  if (offer.instrument !== "loan") throw new DomainError("financing:matchingErrors.guaranteeLoanOnly");
  if (!FROM.revise.includes(offer.state)) throw new DomainError("financing:matchingErrors.illegalTransition", { from: offer.state, action: "join" });
  const terms = parseTerms(offer);
  if (terms.instrument !== "loan" || !terms.guaranteeRequired) throw new DomainError("financing:matchingErrors.guaranteeNotRequested");
  const parsed = joinGuaranteeInput.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  const at = ctx.clock.now();
  ctx.db.transaction(() => {
    const prior = ctx.db.select().from(offerGuarantees).where(and(eq(offerGuarantees.offerId, offer.id), eq(offerGuarantees.guarantorOrgId, actor.orgId))).get();
    if (prior?.state === "joined" || prior?.state === "proposed") throw new ConflictError("financing:matchingErrors.alreadyJoined");
    if (prior) {
      ctx.db.update(offerGuarantees).set({ ...parsed.data, state: "proposed", joinedBy: actor.userId, updatedAt: at }).where(eq(offerGuarantees.id, prior.id)).run();
    } else {
      ctx.db.insert(offerGuarantees).values({ id: newId(), offerId: offer.id, guarantorOrgId: actor.orgId, ...parsed.data, state: "proposed", joinedBy: actor.userId, createdAt: at, updatedAt: at }).run();
    }
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "offer.guarantee_proposed",
      subjectType: "offer",
      subjectId: offer.id,
      enterpriseOrgId: offer.enterpriseOrgId,
      data: { coverageBp: parsed.data.coverageBp, feeBp: parsed.data.feeBp },
    });
    return notifyOrgs(ctx, [offer.institutionOrgId], { kind: "offer", payload: {
      key: "financing:notify.guarantorProposed",
      values: { org: actor.orgName },
      href: `/market/offers/${offer.id}`,
    }, exceptUserId: actor.userId });
  });
  return readableOffer(ctx, actor, offer.id);
}

/** Guarantees waiting for the lender's answer on one offer (the lender's offer page lists them). */
export function proposedGuarantees(ctx: Pick<AppContext, "db">, actor: Actor, offerId: string) {
  const offer = readableOffer(ctx, actor, offerId);
  if (actor.orgId !== offer.institutionOrgId) return [];
  return ctx.db
    .select({ guarantorOrgId: offerGuarantees.guarantorOrgId, guarantorName: organisations.name, coverageBp: offerGuarantees.coverageBp, feeBp: offerGuarantees.feeBp, conditions: offerGuarantees.conditions })
    .from(offerGuarantees)
    .innerJoin(organisations, eq(organisations.id, offerGuarantees.guarantorOrgId))
    .where(and(eq(offerGuarantees.offerId, offer.id), eq(offerGuarantees.state, "proposed")))
    .all();
}

/**
 * A new version of the offer whose cost counts the guarantees joined now: the lender's consent and a guarantor's
 * withdrawal both go through here, so the enterprise always compares a versioned, recorded cost.
 */
function guaranteeVersion(ctx: AppContext, actor: Actor, offer: Offer, change: string, at: number): Offer {
  const next: Offer = { ...offer, version: offer.version + 1, allInCostBp: allInCostBp(parseTerms(offer), joinedGuarantees(ctx, offer.id)), updatedAt: at };
  const res = ctx.db.update(offers).set(next).where(and(eq(offers.id, offer.id), eq(offers.version, offer.version))).run();
  if (res.changes !== 1) throw new ConflictError("financing:matchingErrors.offerChanged");
  recordRevision(ctx, next, change, actor, at);
  return next;
}

/** The lender agrees (or not) to a guarantor's proposal; agreeing makes a new offer version with the guarantee fee. */
function answerGuarantee(ctx: AppContext, actor: Actor, offerId: string, guarantorOrgId: string, agree: boolean): Offer {
  const offer = ownOffer(ctx, actor, offerId);
  if (!FROM.revise.includes(offer.state)) throw new DomainError("financing:matchingErrors.illegalTransition", { from: offer.state, action: agree ? "consent" : "refuse" });
  const at = ctx.clock.now();
  const next = ctx.db.transaction(() => {
    const g = ctx.db
      .select()
      .from(offerGuarantees)
      .where(and(eq(offerGuarantees.offerId, offer.id), eq(offerGuarantees.guarantorOrgId, guarantorOrgId), eq(offerGuarantees.state, "proposed")))
      .get();
    if (!g) throw new DomainError("financing:matchingErrors.noGuaranteeProposal");
    ctx.db.update(offerGuarantees).set({ state: agree ? "joined" : "declined", updatedAt: at }).where(eq(offerGuarantees.id, g.id)).run();
    const next = agree ? guaranteeVersion(ctx, actor, offer, `guarantee_joined:${guarantorOrgId}`, at) : offer;
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: agree ? "offer.guarantee_joined" : "offer.guarantee_declined",
      subjectType: "offer",
      subjectId: offer.id,
      enterpriseOrgId: offer.enterpriseOrgId,
      data: { guarantorOrgId, coverageBp: g.coverageBp, feeBp: g.feeBp, version: next.version, allInCostBp: next.allInCostBp },
    });
    notifyOrgs(ctx, agree ? [offer.enterpriseOrgId, guarantorOrgId] : [guarantorOrgId], { kind: "offer", payload: {
      key: agree ? "financing:notify.guarantorJoined" : "financing:notify.guaranteeDeclined",
      values: { org: actor.orgName },
      href: `/market/offers/${offer.id}`,
    }, exceptUserId: actor.userId });
    return next;
  });
  return next;
}

export function consentGuarantee(ctx: AppContext, actor: Actor, offerId: string, guarantorOrgId: string): Offer {
  return answerGuarantee(ctx, actor, offerId, guarantorOrgId, true);
}

export function refuseGuarantee(ctx: AppContext, actor: Actor, offerId: string, guarantorOrgId: string): Offer {
  return answerGuarantee(ctx, actor, offerId, guarantorOrgId, false);
}

/** A guarantor withdraws its proposal or its guarantee; leaving a joined guarantee makes a new offer version. */
export function leaveGuarantee(ctx: AppContext, actor: Actor, offerId: string): void {
  const offer = loadOffer(ctx, offerId);
  const g = ctx.db
    .select()
    .from(offerGuarantees)
    .where(and(eq(offerGuarantees.offerId, offerId), eq(offerGuarantees.guarantorOrgId, actor.orgId), inArray(offerGuarantees.state, ["proposed", "joined"])))
    .get();
  if (!g) throw new NotFoundError("financing:matchingErrors.offerNotFound");
  if (!FROM.revise.includes(offer.state)) throw new DomainError("financing:matchingErrors.illegalTransition", { from: offer.state, action: "leave" });
  const at = ctx.clock.now();
  ctx.db.transaction(() => {
    ctx.db.update(offerGuarantees).set({ state: "withdrawn", updatedAt: at }).where(eq(offerGuarantees.id, g.id)).run();
    const next = g.state === "joined" ? guaranteeVersion(ctx, actor, offer, `guarantee_left:${actor.orgId}`, at) : offer;
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "offer.guarantee_withdrawn",
      subjectType: "offer",
      subjectId: offer.id,
      enterpriseOrgId: offer.enterpriseOrgId,
      data: { from: g.state, version: next.version, allInCostBp: next.allInCostBp },
    });
    notifyOrgs(ctx, g.state === "joined" ? [offer.institutionOrgId, offer.enterpriseOrgId] : [offer.institutionOrgId], { kind: "offer", payload: {
      key: "financing:notify.guarantorLeft",
      values: { org: actor.orgName },
      href: `/market/offers/${offer.id}`,
    }, exceptUserId: actor.userId });
  });
}

export type OfferView = Offer & {
  termsParsed: OfferTerms;
  institutionName: string;
  institutionType: string | null;
  needTitle: string;
  guarantees: { guarantorOrgId: string; guarantorName: string; coverageBp: number; feeBp: number; conditions: string }[];
  role: OfferRole;
  history: { version: number; change: string; at: number }[];
};

export function getOffer(ctx: Pick<AppContext, "db">, actor: Actor, offerId: string): OfferView {
  const offer = readableOffer(ctx, actor, offerId);
  const inst = ctx.db.select().from(organisations).where(eq(organisations.id, offer.institutionOrgId)).get()!;
  const need = ctx.db.select({ title: financingNeeds.title }).from(financingNeeds).where(eq(financingNeeds.id, offer.needId)).get()!;
  return {
    ...offer,
    termsParsed: parseTerms(offer),
    institutionName: inst.name,
    institutionType: inst.institutionType,
    needTitle: need.title,
    guarantees: guaranteesOf(ctx, [offer.id]).get(offer.id) ?? [],
    role: offerRole(ctx, actor, offer)!,
    history: ctx.db
      .select({ version: offerRevisions.version, change: offerRevisions.change, at: offerRevisions.at })
      .from(offerRevisions)
      .where(eq(offerRevisions.offerId, offer.id))
      .orderBy(asc(offerRevisions.at))
      .all(),
  };
}

export function guaranteesOf(ctx: Pick<AppContext, "db">, offerIds: string[]) {
  const out = new Map<string, OfferView["guarantees"]>();
  if (offerIds.length === 0) return out;
  // Prepared once per connection, the offer ids as one JSON parameter (the compare page and offer lists, ADR 0915).
  const rows = preparedQuery(ctx.db, "joined-guarantees-of-offers", (db) =>
    db
      .select({ offerId: offerGuarantees.offerId, guarantorOrgId: offerGuarantees.guarantorOrgId, guarantorName: organisations.name, coverageBp: offerGuarantees.coverageBp, feeBp: offerGuarantees.feeBp, conditions: offerGuarantees.conditions })
      .from(offerGuarantees)
      .innerJoin(organisations, eq(organisations.id, offerGuarantees.guarantorOrgId))
      .where(and(inJsonList(offerGuarantees.offerId, sql.placeholder("ids")), eq(offerGuarantees.state, "joined")))
      .prepare(),
  ).all({ ids: JSON.stringify(offerIds) });
  for (const { offerId, ...g } of rows) out.set(offerId, [...(out.get(offerId) ?? []), g]);
  return out;
}

/** The institution's own offers, and for guarantors the offers they back, newest first. */
export function listMyOffers(ctx: Pick<AppContext, "db">, actor: Actor) {
  assertCan(actor, "list:offer:own", undefined, { message: "financing:matchingErrors.membersOnly" });
  const backed = ctx.db
    .select({ offerId: offerGuarantees.offerId })
    .from(offerGuarantees)
    .where(and(eq(offerGuarantees.guarantorOrgId, actor.orgId), inArray(offerGuarantees.state, ["proposed", "joined"])))
    .all()
    .map((r) => r.offerId);
  const own = ctx.db.select().from(offers).where(eq(offers.institutionOrgId, actor.orgId)).all();
  const others = backed.length ? ctx.db.select().from(offers).where(inArray(offers.id, backed)).all() : [];
  const all = [...own, ...others.filter((o) => o.institutionOrgId !== actor.orgId)];
  const needs = new Map(
    all.length ? ctx.db.select({ id: financingNeeds.id, title: financingNeeds.title }).from(financingNeeds).where(inArray(financingNeeds.id, [...new Set(all.map((o) => o.needId))])).all().map((n) => [n.id, n.title]) : [],
  );
  return all.sort((a, b) => b.updatedAt - a.updatedAt).map((o) => ({ ...o, needTitle: needs.get(o.needId) ?? "", backing: o.institutionOrgId !== actor.orgId }));
}

/** Open loan offers a guarantor could back: asking for a guarantee, on needs it can see, still undecided. */
export function loanOffersToBack(ctx: Pick<AppContext, "db">, actor: Actor) {
  assertCan(actor, "back:offer:guarantor", undefined, { message: "financing:matchingErrors.guarantorsOnly" });
  const rows = ctx.db
    .select({ offer: offers, needTitle: financingNeeds.title, institutionName: organisations.name })
    .from(offers)
    .innerJoin(financingNeeds, eq(financingNeeds.id, offers.needId))
    .innerJoin(organisations, eq(organisations.id, offers.institutionOrgId))
    .where(and(eq(offers.instrument, "loan"), inArray(offers.state, ["submitted", "revised", "shortlisted"]), eq(financingNeeds.state, "published")))
    .orderBy(desc(offers.updatedAt))
    .all();
  const backed = new Set(
    ctx.db
      .select({ offerId: offerGuarantees.offerId })
      .from(offerGuarantees)
      .where(and(eq(offerGuarantees.guarantorOrgId, actor.orgId), inArray(offerGuarantees.state, ["proposed", "joined"])))
      .all()
      .map((r) => r.offerId),
  );
  return rows
    .filter((r) => {
      const terms = parseTerms(r.offer);
      if (terms.instrument !== "loan" || !terms.guaranteeRequired) return false;
      try {
        visibleNeed(ctx, actor, r.offer.needId);
        return true;
      } catch {
        return false;
      }
    })
    .map((r) => ({ ...r.offer, needTitle: r.needTitle, institutionName: r.institutionName, terms: parseTerms(r.offer), backed: backed.has(r.offer.id) }));
}

// Conversations "about this offer" are between the offer's enterprise and its institution (or a joined guarantor).
registerSubjectAccess("offer", (ctx, actor, { subjectId, withOrgId }) => {
  const offer = readableOffer(ctx, actor, subjectId);
  const members = [offer.institutionOrgId, ...joinedGuarantees(ctx, offer.id).map((g) => g.guarantorOrgId)];
  if (actor.orgId === offer.enterpriseOrgId && members.includes(withOrgId)) return { enterpriseOrgId: offer.enterpriseOrgId, memberOrgId: withOrgId };
  if (members.includes(actor.orgId) && withOrgId === offer.enterpriseOrgId) return { enterpriseOrgId: offer.enterpriseOrgId, memberOrgId: actor.orgId };
  throw new ForbiddenError("messaging:errors.pairNotAllowed");
});

/**
 * What the offer page needs: the need as this member may see it, the enterprise's deadline, and the
 * institution's own offers on it (to revise or withdraw). A fresh client id makes the form idempotent.
 */
/** The institution's open offer on a need, if it has one (at most one: see submitOffer). */
export function openOfferOf(ctx: Pick<AppContext, "db">, institutionOrgId: string, needId: string): { id: string } | undefined {
  return ctx.db
    .select({ id: offers.id })
    .from(offers)
    .where(and(eq(offers.needId, needId), eq(offers.institutionOrgId, institutionOrgId), inArray(offers.state, FROM.revise)))
    .get();
}

export function offerFormContext(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, needId: string) {
  assertCan(actor, "offer:need:member", undefined, { message: "financing:matchingErrors.membersOnly" });
  const need = visibleNeed(ctx, actor, needId);
  const enterprise = ctx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, need.enterpriseOrgId)).get();
  const mine = ctx.db
    .select()
    .from(offers)
    .where(and(eq(offers.needId, needId), eq(offers.institutionOrgId, actor.orgId)))
    .orderBy(desc(offers.submittedAt))
    .all()
    .map((o) => ({ ...o, termsParsed: parseTerms(o) }));
  return {
    need: {
      id: need.id,
      title: need.title,
      summary: need.summary,
      instrument: need.instrument,
      amount: need.amount,
      termMonths: needTermMonths(need.details),
      state: need.state,
      expiresOn: need.expiresOn,
      enterpriseName: enterprise?.name ?? "",
    },
    respondBy: responseDeadlineOf(ctx, needId),
    canOffer: need.state === "published" && can(actor, "offer:need:member", need),
    mine,
    today: todayOf(ctx),
  };
}

/** The term the need asks for, where its instrument has one (loans, leasing, guarantees, convertibles). */
export function needTermMonths(details: string): number | null {
  try {
    const value = (JSON.parse(details) as { termMonths?: unknown }).termMonths;
    return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}
