import { and, asc, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { z } from "zod";
import {
  boardApplicationPeRounds,
  boardApplications,
  boardFactUpdates,
  boardMemberships,
  DISCLOSURE_FREQUENCIES,
  disclosureDuties,
  disclosureObligations,
  financingNeeds,
  financingOutcomes,
  offerProgress,
  offers,
  organisations,
  type DisclosureDutySource,
  type DisclosureFrequency,
  type Instrument,
} from "@db/schema";
import { assertCan } from "~/modules/access";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { changeObligationFrequency, openDisclosureObligation } from "./disclosures.server";

/**
 * 定向披露 from every financing (Attachment 1 §(七): "进行过股权或债权融资的企业应根据外部投资人要求或有关监管要求定期定向披露信息").
 * Each equity or debt financing the enterprise has is a duty: a PE/VC round or government fund it declared (in the
 * admitted application or a confirmed fact update), an outcome recorded on the platform, or a need it marked as matched
 * or closed as funded elsewhere. The duty's frequency comes from the financing's terms (quarterly for equity, half-yearly
 * for debt) and the exchange may set another with a reason. Its recipients are the investor when it is on the board and
 * always the three regulators; each recipient gets one schedule, at the most frequent of the duties owed to it.
 */

type Ctx = Pick<AppContext, "db" | "clock">;
export type DisclosureDuty = typeof disclosureDuties.$inferSelect;

/** Equity and debt financing. A guarantee (增信) backs someone else's loan and is not financing of its own. */
export const FINANCING_INSTRUMENTS: readonly Instrument[] = ["equity", "convertible", "loan", "leasing"];

/** What the terms give when they say nothing else: quarterly for equity, half-yearly for debt (convertibles are debt until converted). */
export function termsFrequency(instrument: Instrument): DisclosureFrequency {
  return instrument === "equity" ? "quarterly" : "semiannual";
}

const RANK: Record<DisclosureFrequency, number> = { quarterly: 0, semiannual: 1, annual: 2 };
const mostFrequent = (a: DisclosureFrequency | undefined, b: DisclosureFrequency): DisclosureFrequency => (a === undefined || RANK[b] < RANK[a] ? b : a);

export type FinancingSource = {
  enterpriseOrgId: string;
  sourceKind: DisclosureDutySource;
  sourceRef: string;
  instrument: Instrument;
  investorOrgId?: string | null;
  investorName?: string | null;
  amount?: number | null;
  financedOn?: string | null;
};

/**
 * Records the duty a financing creates (once per source; recording it again is a no-op) and brings the enterprise's
 * schedules up to date. A guarantee creates none. `sameFinancing` names other sources that may already stand for this
 * financing (a need matched, an offer's first disbursement, its recorded outcome), so one financing never counts twice.
 */
type SourceRef = { kind: DisclosureDutySource; ref: string };

export function recordFinancingDuty(ctx: Ctx, source: FinancingSource, opts: { actorUserId?: string | null; sameFinancing?: SourceRef | SourceRef[] } = {}): string | null {
  if (!FINANCING_INSTRUMENTS.includes(source.instrument)) return null;
  const same = opts.sameFinancing === undefined ? [] : Array.isArray(opts.sameFinancing) ? opts.sameFinancing : [opts.sameFinancing];
  let existing = dutyBySource(ctx, source.sourceKind, source.sourceRef);
  for (const s of same) existing ??= dutyBySource(ctx, s.kind, s.ref);
  if (existing) return existing.id;
  const investorName = source.investorName ?? (source.investorOrgId ? orgName(ctx, source.investorOrgId) : "");
  const row: DisclosureDuty = {
    id: newId(),
    enterpriseOrgId: source.enterpriseOrgId,
    sourceKind: source.sourceKind,
    sourceRef: source.sourceRef,
    instrument: source.instrument,
    investorOrgId: source.investorOrgId ?? null,
    investorName,
    amount: source.amount ?? null,
    financedOn: source.financedOn ?? null,
    frequency: termsFrequency(source.instrument),
    frequencySetBy: null,
    frequencySetAt: null,
    frequencyReason: null,
    startsOn: shanghaiDate(ctx.clock.now()),
    createdAt: ctx.clock.now(),
  };
  ctx.db.transaction(() => {
    ctx.db.insert(disclosureDuties).values(row).run();
    appendAudit(ctx, {
      actorUserId: opts.actorUserId ?? null,
      action: "enterprise.disclosure.duty_recorded",
      subjectType: "disclosure_duty",
      subjectId: row.id,
      enterpriseOrgId: row.enterpriseOrgId,
      data: { sourceKind: row.sourceKind, sourceRef: row.sourceRef, instrument: row.instrument, investorOrgId: row.investorOrgId, frequency: row.frequency },
    });
    reconcileObligations(ctx, row.enterpriseOrgId, opts.actorUserId ?? null);
  });
  return row.id;
}

function dutyBySource(ctx: Pick<AppContext, "db">, kind: DisclosureDutySource, ref: string): DisclosureDuty | null {
  return ctx.db.select().from(disclosureDuties).where(and(eq(disclosureDuties.sourceKind, kind), eq(disclosureDuties.sourceRef, ref))).get() ?? null;
}

function orgName(ctx: Pick<AppContext, "db">, orgId: string): string {
  return ctx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, orgId)).get()?.name ?? "";
}

function regulatorOrgIds(ctx: Pick<AppContext, "db">): string[] {
  return ctx.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, "regulator")).all().map((r) => r.id);
}

/** Who receives what, from the enterprise's duties: the regulators from every one, an investor from its own. */
export function recipientSchedules(duties: Pick<DisclosureDuty, "investorOrgId" | "frequency">[], regulatorIds: string[]): Map<string, DisclosureFrequency> {
  const wanted = new Map<string, DisclosureFrequency>();
  for (const d of duties) {
    for (const r of [...regulatorIds, ...(d.investorOrgId ? [d.investorOrgId] : [])]) wanted.set(r, mostFrequent(wanted.get(r), d.frequency));
  }
  return wanted;
}

function reconcileObligations(ctx: Ctx, enterpriseOrgId: string, actorUserId: string | null): void {
  const duties = ctx.db.select().from(disclosureDuties).where(eq(disclosureDuties.enterpriseOrgId, enterpriseOrgId)).all();
  const today = shanghaiDate(ctx.clock.now());
  for (const [recipientOrgId, frequency] of recipientSchedules(duties, regulatorOrgIds(ctx))) {
    const ob = ctx.db
      .select()
      .from(disclosureObligations)
      .where(and(eq(disclosureObligations.enterpriseOrgId, enterpriseOrgId), eq(disclosureObligations.recipientOrgId, recipientOrgId)))
      .get();
    if (!ob) openDisclosureObligation(ctx, { enterpriseOrgId, recipientOrgId, frequency, startsOn: today, actorUserId });
    else if (ob.frequency !== frequency || ob.endedAt) changeObligationFrequency(ctx, ob.id, frequency, actorUserId);
  }
}

/**
 * The financing the enterprise declared: the PE/VC rounds and government fund of its admitted application and of every
 * confirmed fact update. A round is one financing wherever it is declared (keyed by round and closing date); a
 * government fund not tied to a declared round is one more. Only listed enterprises owe board disclosure for these.
 */
export function recordDeclaredFinancing(ctx: Ctx, enterpriseOrgId: string, actorUserId: string | null = null): number {
  const listed = ctx.db.select({ id: boardMemberships.id }).from(boardMemberships).where(and(eq(boardMemberships.enterpriseOrgId, enterpriseOrgId), eq(boardMemberships.status, "listed"))).get();
  if (!listed) return 0;
  const app = ctx.db
    .select()
    .from(boardApplications)
    .where(and(eq(boardApplications.enterpriseOrgId, enterpriseOrgId), eq(boardApplications.state, "admitted")))
    .orderBy(desc(boardApplications.updatedAt))
    .get();
  type Round = { round: string; investors: string; closedOn: string; govFund: boolean; amount: number | null };
  const rounds: Round[] = app
    ? ctx.db.select().from(boardApplicationPeRounds).where(eq(boardApplicationPeRounds.applicationId, app.id)).all().map((r) => ({ ...r, amount: r.amount }))
    : [];
  let govFund = app ? { invested: app.govFundInvested, name: app.govFundName, amount: app.govFundAmount } : { invested: false, name: null as string | null, amount: null as number | null };
  const confirmed = ctx.db
    .select({ facts: boardFactUpdates.facts })
    .from(boardFactUpdates)
    .where(and(eq(boardFactUpdates.enterpriseOrgId, enterpriseOrgId), eq(boardFactUpdates.state, "confirmed")))
    .orderBy(asc(boardFactUpdates.version))
    .all();
  for (const { facts } of confirmed) {
    const f = facts as { govFundInvested?: boolean; peRounds?: { round: string; investors: string; closedOn: string; govFund?: boolean }[] };
    for (const r of f.peRounds ?? []) rounds.push({ round: r.round, investors: r.investors, closedOn: r.closedOn, govFund: !!r.govFund, amount: null });
    if (f.govFundInvested) govFund = { ...govFund, invested: true };
  }
  let recorded = 0;
  for (const r of rounds) {
    const id = recordFinancingDuty(
      ctx,
      { enterpriseOrgId, sourceKind: "declared_pe_round", sourceRef: `${enterpriseOrgId}:${r.round}:${r.closedOn}`, instrument: "equity", investorName: r.investors, amount: r.amount, financedOn: r.closedOn },
      { actorUserId },
    );
    if (id) recorded++;
  }
  if (govFund.invested && !rounds.some((r) => r.govFund)) {
    recordFinancingDuty(ctx, { enterpriseOrgId, sourceKind: "declared_gov_fund", sourceRef: enterpriseOrgId, instrument: "equity", investorName: govFund.name ?? "", amount: govFund.amount }, { actorUserId });
    recorded++;
  }
  return recorded;
}

/**
 * The scheduled sweep (the disclosure job runs it before reminding): every financing on record has its duty, including
 * those recorded before duties existed. Idempotent. Returns how many duties the board now holds.
 */
export function sweepFinancingDuties(ctx: Ctx): number {
  for (const m of ctx.db.selectDistinct({ id: boardMemberships.enterpriseOrgId }).from(boardMemberships).where(eq(boardMemberships.status, "listed")).all()) {
    recordDeclaredFinancing(ctx, m.id);
  }
  const outcomes = ctx.db.select().from(financingOutcomes).where(inArray(financingOutcomes.instrument, [...FINANCING_INSTRUMENTS])).all();
  for (const o of outcomes) {
    recordFinancingDuty(ctx, outcomeSource(o), { sameFinancing: o.subjectType === "offer" ? { kind: "offer_disbursed", ref: o.subjectId } : undefined });
  }
  // An accepted offer's first disbursement is financing obtained even before (or without) an outcome being recorded.
  const outcomeOfOffer = new Map(outcomes.filter((o) => o.subjectType === "offer").map((o) => [o.subjectId, o.id]));
  const firstDisbursements = ctx.db
    .select({ offerId: offers.id, needId: offers.needId, enterpriseOrgId: offers.enterpriseOrgId, instrument: offers.instrument, institutionOrgId: offers.institutionOrgId, amount: offerProgress.amount, happenedOn: offerProgress.happenedOn })
    .from(offerProgress)
    .innerJoin(offers, eq(offers.id, offerProgress.offerId))
    .where(and(eq(offerProgress.kind, "disbursed"), inArray(offers.instrument, [...FINANCING_INSTRUMENTS])))
    .orderBy(asc(offerProgress.happenedOn), asc(offerProgress.recordedAt))
    .all();
  const seen = new Set<string>();
  for (const d of firstDisbursements) {
    if (seen.has(d.offerId)) continue;
    seen.add(d.offerId);
    const outcomeId = outcomeOfOffer.get(d.offerId);
    recordFinancingDuty(
      ctx,
      { enterpriseOrgId: d.enterpriseOrgId, sourceKind: "offer_disbursed", sourceRef: d.offerId, instrument: d.instrument, investorOrgId: d.institutionOrgId, amount: d.amount, financedOn: d.happenedOn },
      { sameFinancing: [{ kind: "need_matched", ref: d.needId }, ...(outcomeId ? [{ kind: "financing_outcome" as const, ref: outcomeId }] : [])] },
    );
  }
  const disbursedNeedIds = new Set(firstDisbursements.map((d) => d.needId));
  const viaOutcome = new Set(
    ctx.db
      .select({ needId: offers.needId })
      .from(financingOutcomes)
      .innerJoin(offers, and(eq(financingOutcomes.subjectType, "offer"), eq(offers.id, financingOutcomes.subjectId)))
      .all()
      .map((r) => r.needId),
  );
  const needs = ctx.db.select().from(financingNeeds).where(and(inArray(financingNeeds.instrument, [...FINANCING_INSTRUMENTS]), isNotNull(financingNeeds.endedAt))).all();
  for (const n of needs) {
    if (viaOutcome.has(n.id) || disbursedNeedIds.has(n.id)) continue;
    if (n.state === "matched") recordFinancingDuty(ctx, needMatchedSource(n));
    else if (n.state === "closed" && n.closeOutcome === "funded_elsewhere") recordFinancingDuty(ctx, needFundedElsewhereSource(n));
  }
  return ctx.db.select({ id: disclosureDuties.id }).from(disclosureDuties).all().length;
}

type OutcomeRow = typeof financingOutcomes.$inferSelect;
type NeedRow = typeof financingNeeds.$inferSelect;

export function outcomeSource(o: Pick<OutcomeRow, "id" | "enterpriseOrgId" | "instrument" | "institutionOrgId" | "amountObtained" | "obtainedOn">): FinancingSource {
  return {
    enterpriseOrgId: o.enterpriseOrgId,
    sourceKind: "financing_outcome",
    sourceRef: o.id,
    instrument: o.instrument,
    investorOrgId: o.institutionOrgId,
    amount: o.amountObtained,
    financedOn: o.obtainedOn,
  };
}

export function needMatchedSource(n: Pick<NeedRow, "id" | "enterpriseOrgId" | "instrument" | "matchedOrgId" | "matchedAmount" | "endedAt">): FinancingSource {
  return {
    enterpriseOrgId: n.enterpriseOrgId,
    sourceKind: "need_matched",
    sourceRef: n.id,
    instrument: n.instrument,
    investorOrgId: n.matchedOrgId,
    amount: n.matchedAmount,
    financedOn: n.endedAt ? shanghaiDate(n.endedAt) : null,
  };
}

export function needFundedElsewhereSource(n: Pick<NeedRow, "id" | "enterpriseOrgId" | "instrument" | "endedAt">): FinancingSource {
  return { enterpriseOrgId: n.enterpriseOrgId, sourceKind: "need_funded_elsewhere", sourceRef: n.id, instrument: n.instrument, financedOn: n.endedAt ? shanghaiDate(n.endedAt) : null };
}

export const dutyFrequencyInput = z.object({
  frequency: z.enum(DISCLOSURE_FREQUENCIES),
  reason: z.string().trim().min(4, "enterprises:duties.reasonRequired").max(500),
});

/** The exchange sets a duty's frequency (the terms may say otherwise than the default); the schedules follow from today. */
export function setDutyFrequency(ctx: Ctx, actor: Actor, dutyId: string, input: z.input<typeof dutyFrequencyInput>): DisclosureDuty {
  assertCan(actor, "set:disclosure-duty:any", undefined);
  const parsed = dutyFrequencyInput.safeParse(input);
  if (!parsed.success) throw new DomainError(parsed.error.issues[0]!.message, {}, String(parsed.error.issues[0]!.path[0] ?? ""));
  const duty = ctx.db.select().from(disclosureDuties).where(eq(disclosureDuties.id, dutyId)).get();
  if (!duty) throw new NotFoundError();
  const now = ctx.clock.now();
  const next = { ...duty, frequency: parsed.data.frequency, frequencySetBy: actor.userId, frequencySetAt: now, frequencyReason: parsed.data.reason };
  ctx.db.transaction(() => {
    ctx.db
      .update(disclosureDuties)
      .set({ frequency: next.frequency, frequencySetBy: actor.userId, frequencySetAt: now, frequencyReason: next.frequencyReason })
      .where(eq(disclosureDuties.id, duty.id))
      .run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "enterprise.disclosure.duty_frequency_set",
      subjectType: "disclosure_duty",
      subjectId: duty.id,
      enterpriseOrgId: duty.enterpriseOrgId,
      data: { from: duty.frequency, to: next.frequency, reason: next.frequencyReason },
    });
    reconcileObligations(ctx, duty.enterpriseOrgId, actor.userId);
  });
  return next;
}

/** An enterprise's duties with where each comes from and who receives it: for the enterprise itself and for supervisors. */
export function listDisclosureDuties(ctx: Pick<AppContext, "db">, actor: Actor, enterpriseOrgId: string) {
  assertCan(actor, "view:disclosure-duty:own", { enterpriseOrgId }, { refusal: "not-found" });
  const regulators = ctx.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.kind, "regulator")).orderBy(asc(organisations.name)).all();
  return ctx.db
    .select()
    .from(disclosureDuties)
    .where(eq(disclosureDuties.enterpriseOrgId, enterpriseOrgId))
    .orderBy(asc(disclosureDuties.createdAt))
    .all()
    .map((d) => ({ ...d, recipients: [...(d.investorOrgId ? [{ id: d.investorOrgId, name: d.investorName }] : []), ...regulators], setByExchange: d.frequencySetBy !== null }));
}

/** Every enterprise's duties, for the exchange (which may set frequencies) and the regulators. */
export function listAllDisclosureDuties(ctx: Pick<AppContext, "db">, actor: Actor) {
  assertCan(actor, "view:disclosure-duty:any", undefined);
  return ctx.db
    .select({ d: disclosureDuties, enterpriseName: organisations.name })
    .from(disclosureDuties)
    .innerJoin(organisations, eq(organisations.id, disclosureDuties.enterpriseOrgId))
    .orderBy(asc(organisations.name), asc(disclosureDuties.createdAt))
    .all()
    .map((r) => ({ ...r.d, enterpriseName: r.enterpriseName }));
}
