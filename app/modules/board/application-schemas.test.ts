import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { financialsStep, recognitionStep } from "./application-schemas";

/** As the browser posts it: every value a string, parsed by conform the way the route's action does. */
function post<S extends typeof financialsStep | typeof recognitionStep>(schema: S, fields: Record<string, string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return parseWithZod(form, { schema });
}
const year = (over: Record<string, string> = {}) =>
  post(financialsStep, {
    "years[0].fiscalYear": "2025",
    "years[0].revenueWan": "16000",
    "years[0].netProfitWan": "1800",
    "years[0].netAssetsWan": "9000",
    "years[0].rdExpenseWan": "1200",
    "years[0].operatingCashFlowWan": "1500",
    "years[0].totalShares": "50000000",
    ...Object.fromEntries(Object.entries(over).map(([k, v]) => [`years[0].${k}`, v])),
  });
const stored = (s: ReturnType<typeof year>) => (s.status === "success" ? s.value.years[0] : s.error);

describe("board application money typed in 万元 and ROE in %", () => {
  it("reads decimals, commas, full-width digits and 亿 into integer 元", () => {
    expect(stored(year({ revenueWan: "1,500.5", netProfitWan: "１８００", netAssetsWan: "1.2亿", rdExpenseWan: "0.0001", shareCapitalWan: "5000" }))).toMatchObject({
      revenue: 15_005_000,
      netProfit: 18_000_000,
      netAssets: 120_000_000,
      rdExpense: 1,
      shareCapital: 50_000_000,
    });
  });

  it("takes a loss and a negative ROE where the figure can be one, and refuses a negative revenue", () => {
    expect(stored(year({ netProfitWan: "-200.5", operatingCashFlowWan: "-300", weightedRoePct: "-3.25%" }))).toMatchObject({ netProfit: -2_005_000, operatingCashFlow: -3_000_000, weightedRoeBp: -325 });
    expect(stored(year({ revenueWan: "-1" }))).toEqual({ "years[0].revenueWan": ["common:money.negative"] });
  });

  it("refuses more precision than a whole 元 or a hundredth of a percent instead of rounding, and text that is no amount", () => {
    expect(stored(year({ revenueWan: "0.00001" }))).toEqual({ "years[0].revenueWan": ["common:money.tooPrecise"] });
    expect(stored(year({ weightedRoePct: "8.125" }))).toEqual({ "years[0].weightedRoePct": ["common:rate.tooPrecise"] });
    expect(stored(year({ netAssetsWan: "约九千" }))).toEqual({ "years[0].netAssetsWan": ["common:money.invalid"] });
  });

  it("reads numbers (seeds, tests, services called directly) in the field's unit: 1500 is 1,500万元, 8.5 is 8.5%", () => {
    const out = financialsStep.parse({ years: [{ fiscalYear: 2025, revenueWan: 1500, netProfitWan: -20, netAssetsWan: 900, rdExpenseWan: 120.5, operatingCashFlowWan: 150, totalShares: 1000, weightedRoePct: 8.5 }] }).years[0]!;
    expect(out).toMatchObject({ revenue: 15_000_000, netProfit: -200_000, rdExpense: 1_205_000, weightedRoeBp: 850 });
  });

  it("stores PE rounds, the government fund's amount and the market-cap estimate in 元", () => {
    const s = post(recognitionStep, {
      srdiStatus: "none",
      smeSize: "small",
      govFundInvested: "on",
      govFundName: "新疆产业基金",
      govFundAmountWan: "２５０.５",
      marketCapEstimateWan: "3.5亿",
      "peRounds[0].round": "a",
      "peRounds[0].investors": "雪莲创投",
      "peRounds[0].amountWan": "3,000",
      "peRounds[0].closedOn": "2024-06-01",
    });
    expect(s.status === "success" ? s.value : s.error).toMatchObject({ govFundAmount: 2_505_000, marketCapEstimate: 350_000_000, peRounds: [{ amount: 30_000_000 }] });
  });
});
