import { asc, eq, sql } from "drizzle-orm";
import { offers, organisations } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import type { Actor } from "../identity/actor";
import { costBreakdown, type CostBreakdown } from "./cost";
import type { OfferTerms } from "./financing-schemas";
import { todayOf } from "~/utils/dates";
import { preparedQuery } from "~/utils/sql.server";
import { visibleNeed } from "./needs-read.server";
import { guaranteesOf, parseTerms, responseDeadlineOf, type OfferView } from "./offers.server";
import { assertCan } from "~/modules/access";

/** Columns the table can rank; each says which direction is better for the enterprise. */
export const COMPARE_COLUMNS = {
  amount: "max",
  termMonths: "max",
  rateBp: "min",
  allInCostBp: "min",
  collateralCount: "min",
  validUntil: "max",
  preMoneyValuation: "max",
} as const;
export type CompareColumn = keyof typeof COMPARE_COLUMNS;

export type ComparisonRow = {
  offerId: string;
  state: string;
  version: number;
  late: boolean;
  expired: boolean;
  institutionOrgId: string;
  institutionName: string;
  institutionType: string | null;
  terms: OfferTerms;
  amount: number;
  termMonths: number | null;
  rateBp: number | null;
  /** Rate + annualised fees + guarantee fee, the same formula for every loan-like offer. */
  cost: CostBreakdown | null;
  allInCostBp: number | null;
  collateralCount: number | null;
  validUntil: string;
  preMoneyValuation: number | null;
  /** 投担联动: the guarantors backing this offer; the row then shows both parties and the total cost. */
  guarantees: OfferView["guarantees"];
  declineReason: string | null;
};

const LIVE = new Set(["submitted", "revised", "shortlisted", "accepted", "closed"]);

/**
 * 比价: every offer on one of the enterprise's needs in one table, with the best value per column marked.
 * Only offers still on the table (not withdrawn or declined, not expired) compete for "best"; the others are
 * listed below so the history stays visible.
 */
export function compareOffers(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, needId: string) {
  const need = visibleNeed(ctx, actor, needId);
  assertCan(actor, "compare:offer:own", need, { message: "financing:matchingErrors.onlyEnterpriseDecides" });
  const today = todayOf(ctx);
  // Prepared once per connection: the enterprise opens this table for every decision it takes (ADR 0915).
  const rows = preparedQuery(ctx.db, "compare-offers-of-need", (db) =>
    db
      .select({ offer: offers, institutionName: organisations.name, institutionType: organisations.institutionType })
      .from(offers)
      .innerJoin(organisations, eq(organisations.id, offers.institutionOrgId))
      .where(eq(offers.needId, sql.placeholder("needId")))
      .orderBy(asc(offers.submittedAt))
      .prepare(),
  ).all({ needId });
  const guarantees = guaranteesOf(
    ctx,
    rows.map((r) => r.offer.id),
  );
  const table: ComparisonRow[] = rows.map(({ offer, institutionName, institutionType }) => {
    const terms = parseTerms(offer);
    const g = guarantees.get(offer.id) ?? [];
    const cost = costBreakdown(terms, g);
    return {
      offerId: offer.id,
      state: offer.state,
      version: offer.version,
      late: offer.late,
      expired: offer.validUntil < today && (offer.state === "submitted" || offer.state === "revised" || offer.state === "shortlisted"),
      institutionOrgId: offer.institutionOrgId,
      institutionName,
      institutionType,
      terms,
      amount: offer.amount,
      termMonths: offer.termMonths,
      rateBp: offer.rateBp,
      cost,
      allInCostBp: cost?.totalBp ?? null,
      collateralCount: terms.instrument === "loan" ? terms.collateral.length : null,
      validUntil: offer.validUntil,
      preMoneyValuation: terms.instrument === "equity" ? terms.preMoneyValuation : null,
      guarantees: g,
      declineReason: offer.declineReason,
    };
  });
  const competing = table.filter((r) => LIVE.has(r.state) && !r.expired);
  const best: Partial<Record<CompareColumn, string[]>> = {};
  for (const [column, direction] of Object.entries(COMPARE_COLUMNS) as [CompareColumn, "max" | "min"][]) {
    const values = competing.map((r) => ({ id: r.offerId, v: r[column] })).filter((x): x is { id: string; v: number | string } => x.v !== null);
    // A column where every offer says the same thing has no "best".
    if (values.length < 2 || values.every((x) => x.v === values[0]!.v)) continue;
    const top = values.reduce((acc, x) => ((direction === "max" ? x.v > acc : x.v < acc) ? x.v : acc), values[0]!.v);
    best[column] = values.filter((x) => x.v === top).map((x) => x.id);
  }
  return {
    need: { id: need.id, title: need.title, instrument: need.instrument, amount: need.amount, state: need.state, syndicated: need.syndicated, respondBy: responseDeadlineOf(ctx, need.id) },
    rows: competing,
    others: table.filter((r) => !competing.includes(r)),
    best,
  };
}
