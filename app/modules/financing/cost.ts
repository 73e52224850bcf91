import type { OfferTerms } from "./financing-schemas";

export type JoinedGuarantee = { coverageBp: number; feeBp: number };

/**
 * The one all-in annual cost used everywhere an offer is compared or an outcome recorded, so that a
 * bank quoting 3.65% with a 1% arrangement fee is not shown as cheaper than one quoting 3.9% with none:
 *
 *   all-in = headline rate + upfront fees spread over the term (per year) + annual guarantee fee.
 *
 * Fixed fees (yuan) become basis points of the amount first. The guarantee fee is what joined guarantors
 * charge (weighted by the share each covers); only when none has joined does the bank's own estimate count.
 * Equity has no annual cost: null.
 */
export type CostBreakdown = { rateBp: number; feesBp: number; guaranteeFeeBp: number; totalBp: number };

export function costBreakdown(terms: OfferTerms, guarantees: readonly JoinedGuarantee[] = []): CostBreakdown | null {
  const perYear = (bp: number, months: number) => (bp * 12) / months;
  // Parts are rounded first and the total is their sum, so the breakdown always adds up on screen.
  const of = (rateBp: number, feesBp: number, guaranteeFeeBp: number): CostBreakdown => {
    const parts = { rateBp, feesBp: Math.round(feesBp), guaranteeFeeBp: Math.round(guaranteeFeeBp) };
    return { ...parts, totalBp: parts.rateBp + parts.feesBp + parts.guaranteeFeeBp };
  };
  switch (terms.instrument) {
    case "loan": {
      const fixedFeeBp = terms.feeAmount > 0 ? (terms.feeAmount / terms.amount) * 10_000 : 0;
      const joined = guarantees.reduce((sum, g) => sum + (g.feeBp * g.coverageBp) / 10_000, 0);
      const guaranteeFee = guarantees.length > 0 ? joined : terms.guaranteeFeeBp;
      return of(terms.rateBp, perYear(terms.upfrontFeeBp + fixedFeeBp, terms.termMonths), guaranteeFee);
    }
    case "leasing":
      return of(terms.leaseRateBp, perYear(terms.handlingFeeBp, terms.termMonths), 0);
    case "convertible":
      return of(terms.couponBp, perYear(terms.issuanceFeeBp, terms.termMonths), 0);
    case "guarantee":
      return of(0, 0, terms.feeBp);
    case "equity":
      return null;
  }
}

export function allInCostBp(terms: OfferTerms, guarantees: readonly JoinedGuarantee[] = []): number | null {
  return costBreakdown(terms, guarantees)?.totalBp ?? null;
}

/** The figures every offer row carries in columns, whatever the instrument. */
export function headlineOf(terms: OfferTerms): { amount: number; termMonths: number | null; rateBp: number | null } {
  switch (terms.instrument) {
    case "loan":
      return { amount: terms.amount, termMonths: terms.termMonths, rateBp: terms.rateBp };
    case "leasing":
      return { amount: terms.amount, termMonths: terms.termMonths, rateBp: terms.leaseRateBp };
    case "convertible":
      return { amount: terms.amount, termMonths: terms.termMonths, rateBp: terms.couponBp };
    case "guarantee":
      return { amount: terms.amount, termMonths: terms.termMonths, rateBp: terms.feeBp };
    case "equity":
      return { amount: terms.amount, termMonths: null, rateBp: null };
  }
}

/** Equity: the post-money valuation the offer implies, and the one it states, for a consistency check. */
export function impliedPostMoney(terms: { amount: number; stakeBp: number }): number {
  return Math.round((terms.amount * 10_000) / terms.stakeBp);
}
