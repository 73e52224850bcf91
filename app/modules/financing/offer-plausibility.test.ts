import { describe, expect, it } from "vitest";
import { confirmationToken, offerPlausibility } from "./offer-plausibility";

const need = { amount: 30_000_000, termMonths: 36 };

describe("offer plausibility", () => {
  it("says nothing when the offer is near the need's amount and on its term", () => {
    expect(offerPlausibility(need, { amount: 30_000_000, termMonths: 36 })).toEqual([]);
    expect(offerPlausibility(need, { amount: 15_000_000, termMonths: 36 })).toEqual([]);
    expect(offerPlausibility(need, { amount: 60_000_000, termMonths: 36 })).toEqual([]);
  });
  it("asks when an amount typed in the wrong unit lands far below the need (3000元 on a 3,000万元 need)", () => {
    expect(offerPlausibility(need, { amount: 3000, termMonths: 36 })).toEqual([{ kind: "amountBelow", offered: 3000, asked: 30_000_000 }]);
    expect(offerPlausibility(need, { amount: 14_999_999, termMonths: 36 })).toHaveLength(1);
  });
  it("asks when the offer is far above the need", () => {
    expect(offerPlausibility(need, { amount: 60_000_001, termMonths: 36 })).toEqual([{ kind: "amountAbove", offered: 60_000_001, asked: 30_000_000 }]);
  });
  it("asks when the term differs from the need's, and only when both have one", () => {
    expect(offerPlausibility(need, { amount: 30_000_000, termMonths: 12 })).toEqual([{ kind: "termDiffers", offered: 12, asked: 36 }]);
    expect(offerPlausibility({ amount: 30_000_000 }, { amount: 30_000_000, termMonths: 12 })).toEqual([]);
    expect(offerPlausibility(need, { amount: 30_000_000 })).toEqual([]);
  });
  it("ties a confirmation to the values confirmed", () => {
    expect(confirmationToken({ amount: 3000, termMonths: 12 })).not.toBe(confirmationToken({ amount: 30_000_000, termMonths: 12 }));
    expect(confirmationToken({ amount: 3000, termMonths: 12 })).toBe(confirmationToken({ amount: 3000, termMonths: 12 }));
  });
});
