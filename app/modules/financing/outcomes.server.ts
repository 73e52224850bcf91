import { and, eq, gte, lte } from "drizzle-orm";
import { financingOutcomes, offers, organisations, type Instrument } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { DomainError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { appendAudit } from "../audit/audit.server";
import type { Actor } from "../identity/actor";
import { outcomeInput, periodInput, type OutcomeInput } from "./financing-schemas";
import { todayOf } from "~/utils/dates";
import { enterpriseFacts } from "./enterprise-facts.server";
import { assertCan } from "~/modules/access";
import { outcomeSource, recordFinancingDuty } from "~/modules/enterprises/disclosure-duties.server";

type Tx = Pick<AppContext, "db" | "clock">;

/**
 * Writes the outcome record of an accepted offer or an approved product application (call inside the
 * caller's transaction, after it has checked the transition). The cost defaults to the offer's own
 * all-in cost; the enterprise may correct it to what it actually pays.
 */
export function writeOutcome(
  ctx: Tx,
  actor: Actor,
  subject: { type: "offer" | "product_application"; id: string; enterpriseOrgId: string; institutionOrgId: string; instrument: Instrument; defaultCostBp: number | null },
  raw: OutcomeInput,
) {
  const parsed = outcomeInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError(issue.message, {}, String(issue.path[0] ?? ""));
  }
  const input = parsed.data;
  if (input.obtainedOn > todayOf(ctx)) throw new DomainError("financing:matchingErrors.outcomeInFuture", {}, "obtainedOn");
  const facts = enterpriseFacts(ctx, subject.enterpriseOrgId);
  const row = {
    id: newId(),
    subjectType: subject.type,
    subjectId: subject.id,
    enterpriseOrgId: subject.enterpriseOrgId,
    institutionOrgId: subject.institutionOrgId,
    instrument: subject.instrument,
    amountObtained: input.amountObtained,
    allInCostBp: subject.instrument === "equity" ? null : (input.allInCostBp ?? subject.defaultCostBp),
    channel: input.channel,
    obtainedOn: input.obtainedOn,
    prefectureCode: facts.prefectureCode,
    industrySection: facts.industrySection,
    tier: facts.tier,
    recordedBy: actor.userId,
    recordedAt: ctx.clock.now(),
  };
  ctx.db.insert(financingOutcomes).values(row).run();
  appendAudit(ctx, {
    actorUserId: actor.userId,
    actorOrgId: actor.orgId,
    action: "financing.outcome_recorded",
    subjectType: subject.type,
    subjectId: subject.id,
    enterpriseOrgId: subject.enterpriseOrgId,
    data: { amountObtained: row.amountObtained, allInCostBp: row.allInCostBp, channel: row.channel, obtainedOn: row.obtainedOn },
  });
  // Equity or debt financing obtained on the platform owes directed disclosure to the funder and the regulators; a need
  // the enterprise already marked matched for this offer stands for the same financing.
  const needId = subject.type === "offer" ? ctx.db.select({ needId: offers.needId }).from(offers).where(eq(offers.id, subject.id)).get()?.needId : undefined;
  // A disbursement the lender recorded on this offer may already have recorded the same financing.
  recordFinancingDuty(ctx, outcomeSource(row), {
    actorUserId: actor.userId,
    sameFinancing: [...(needId ? [{ kind: "need_matched" as const, ref: needId }] : []), ...(subject.type === "offer" ? [{ kind: "offer_disbursed" as const, ref: subject.id }] : [])],
  });
  return row;
}

export type Bucket = { key: string; count: number; amount: number; averageCostBp: number | null };
export type FinancingSummary = {
  from: string;
  to: string;
  count: number;
  total: number;
  /** Amount-weighted average all-in cost over outcomes that have one (debt-like). */
  averageCostBp: number | null;
  byChannel: Bucket[];
  byInstrument: Bucket[];
  byPrefecture: Bucket[];
  byTier: Bucket[];
  byInstitutionType: Bucket[];
};

/**
 * 融资情况: the figures the regulators evaluate the board on (Attachment 1 §(十)) — financing obtained, its
 * cost and its channels — for outcomes obtained within [from, to] (Shanghai dates, inclusive).
 */
export function summariseFinancing(ctx: Pick<AppContext, "db">, actor: Actor, raw: { from: string; to: string }): FinancingSummary {
  assertCan(actor, "read:financing-outcome:any", undefined);
  const parsed = periodInput.safeParse(raw);
  if (!parsed.success) throw new DomainError(parsed.error.issues[0]!.message, {}, String(parsed.error.issues[0]!.path[0] ?? ""));
  const { from, to } = parsed.data;
  const rows = ctx.db
    .select({
      amount: financingOutcomes.amountObtained,
      cost: financingOutcomes.allInCostBp,
      channel: financingOutcomes.channel,
      instrument: financingOutcomes.instrument,
      prefecture: financingOutcomes.prefectureCode,
      tier: financingOutcomes.tier,
      institutionType: organisations.institutionType,
    })
    .from(financingOutcomes)
    .innerJoin(organisations, eq(organisations.id, financingOutcomes.institutionOrgId))
    .where(and(gte(financingOutcomes.obtainedOn, from), lte(financingOutcomes.obtainedOn, to)))
    .all();
  type R = (typeof rows)[number];
  const bucket = (keyOf: (r: R) => string | null): Bucket[] => {
    const groups = new Map<string, R[]>();
    for (const r of rows) {
      const key = keyOf(r) ?? "unknown";
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    return [...groups.entries()]
      .map(([key, rs]) => ({ key, count: rs.length, amount: rs.reduce((s, r) => s + r.amount, 0), averageCostBp: weightedCost(rs) }))
      // Rows whose dimension is unknown (not on the board yet, no prefecture on record) go last, never on top.
      .sort((a, b) => Number(a.key === "unknown") - Number(b.key === "unknown") || b.amount - a.amount || a.key.localeCompare(b.key));
  };
  return {
    from,
    to,
    count: rows.length,
    total: rows.reduce((s, r) => s + r.amount, 0),
    averageCostBp: weightedCost(rows),
    byChannel: bucket((r) => r.channel),
    byInstrument: bucket((r) => r.instrument),
    byPrefecture: bucket((r) => r.prefecture),
    byTier: bucket((r) => r.tier),
    byInstitutionType: bucket((r) => r.institutionType),
  };
}

function weightedCost(rows: { amount: number; cost: number | null }[]): number | null {
  const priced = rows.filter((r) => r.cost !== null);
  const weight = priced.reduce((s, r) => s + r.amount, 0);
  if (weight === 0) return null;
  return Math.round(priced.reduce((s, r) => s + r.amount * (r.cost ?? 0), 0) / weight);
}
