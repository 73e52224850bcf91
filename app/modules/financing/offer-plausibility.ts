/**
 * Whether an offer's headline looks like what the need asked for. A bank typing "3000" meaning 万元 into
 * a 元 field, or quoting 12 months on a 36-month need, is usually a slip: the form asks the person to
 * confirm rather than refusing, because a smaller or shorter offer can be a real offer.
 *
 * Far means below half or above twice the need's amount.
 */
export const FAR_BELOW = 0.5;
export const FAR_ABOVE = 2;

export type PlausibilityPrompt =
  | { kind: "amountBelow"; offered: number; asked: number }
  | { kind: "amountAbove"; offered: number; asked: number }
  | { kind: "termDiffers"; offered: number; asked: number };

export function offerPlausibility(need: { amount: number; termMonths?: number | null }, offer: { amount: number; termMonths?: number | null }): PlausibilityPrompt[] {
  const prompts: PlausibilityPrompt[] = [];
  if (need.amount > 0) {
    if (offer.amount < need.amount * FAR_BELOW) prompts.push({ kind: "amountBelow", offered: offer.amount, asked: need.amount });
    else if (offer.amount > need.amount * FAR_ABOVE) prompts.push({ kind: "amountAbove", offered: offer.amount, asked: need.amount });
  }
  if (need.termMonths && offer.termMonths && offer.termMonths !== need.termMonths) prompts.push({ kind: "termDiffers", offered: offer.termMonths, asked: need.termMonths });
  return prompts;
}

/**
 * What the person confirmed: the amount and term they saw the prompt for. A confirmation only counts
 * for those values — change the amount after the prompt and the form asks again.
 */
export function confirmationToken(offer: { amount: number; termMonths?: number | null }): string {
  return `${offer.amount}:${offer.termMonths ?? ""}`;
}
