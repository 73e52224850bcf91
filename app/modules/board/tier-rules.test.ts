import { createInstance } from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestContext } from "@test/support/context";
import { i18nServerConfig } from "~/i18n/resources";
import { renderEvidence, renderProposal, type Translate } from "./evidence";
import { currentThresholdSet } from "./thresholds.server";
import { PE_ROUNDS } from "@db/schema";
import {
  PE_ROUND_ORDER,
  assessEligibility,
  DEFAULT_TIER_SETTINGS,
  listingReadiness,
  measure,
  proposeTierFromFacts,
  type FinancialYear,
  type ThresholdSet,
  type TierFacts,
} from "./tier-rules";

const WAN = 10_000;
const YI = 100_000_000;

let thresholds: ThresholdSet;
beforeAll(() => {
  // The seeded version from the custom migration: the test proves the data as well as the engine.
  thresholds = currentThresholdSet(createTestContext());
});

const base: TierFacts = {
  srdiStatus: "none",
  peRounds: [],
  govFundInvested: false,
  listingReserve: false,
  ipoTutoring: false,
  neeqStatus: "never",
  plansIpo: false,
  listingPlanMarket: "bse",
  mainBusinessClear: true,
  goingConcern: true,
  listingPotential: false,
  potentialJustification: null,
  marketCapEstimate: null,
  financials: [],
};

function year(fiscalYear: number, f: Partial<FinancialYear> = {}): FinancialYear {
  return {
    fiscalYear,
    revenue: 0,
    netProfit: 0,
    netAssets: 0,
    rdExpense: 0,
    operatingCashFlow: 0,
    totalShares: 10_000_000,
    shareCapital: null,
    weightedRoeBp: null,
    ...f,
  };
}

/** Exactly 50% of BSE standard 1 (clause a) in every money figure; ROE at the full 8%. */
const bse1AtHalf: Partial<TierFacts> = {
  marketCapEstimate: 1 * YI,
  financials: [
    year(2025, { netProfit: 750 * WAN, weightedRoeBp: 800, netAssets: 2500 * WAN, revenue: 3000 * WAN }),
    year(2024, { netProfit: 750 * WAN, weightedRoeBp: 800, netAssets: 2200 * WAN, revenue: 2800 * WAN }),
  ],
};
const bse1JustBelow: Partial<TierFacts> = {
  ...bse1AtHalf,
  financials: [
    year(2025, { netProfit: 750 * WAN, weightedRoeBp: 800, netAssets: 2500 * WAN, revenue: 3000 * WAN }),
    year(2024, { netProfit: 750 * WAN - 1, weightedRoeBp: 800, netAssets: 2200 * WAN, revenue: 2800 * WAN }),
  ],
};

type Case = {
  name: string;
  facts: Partial<TierFacts>;
  settings?: Partial<typeof DEFAULT_TIER_SETTINGS>;
  tier: "incubation" | "standardisation" | "cultivation";
  rule: string;
  /** Standards that must also be met at 50%, with the clause that met. */
  standardsMet?: Record<string, string>;
};

const cases: Case[] = [
  // 培育层 — each clause of Attachment 2 §一
  { name: "little giant", facts: { srdiStatus: "little_giant" }, tier: "cultivation", rule: "cultivation.littleGiant" },
  { name: "listing-reserve database", facts: { listingReserve: true }, tier: "cultivation", rule: "cultivation.listingReserve" },
  { name: "IPO tutoring", facts: { ipoTutoring: true }, tier: "cultivation", rule: "cultivation.ipoTutoring" },
  { name: "NEEQ-delisted planning an IPO", facts: { neeqStatus: "delisted", plansIpo: true }, tier: "cultivation", rule: "cultivation.neeqDelistedIpo" },
  { name: "NEEQ-delisted without IPO plan", facts: { neeqStatus: "delisted", plansIpo: false }, tier: "incubation", rule: "incubation.default" },
  { name: "still NEEQ-listed planning an IPO", facts: { neeqStatus: "listed", plansIpo: true }, tier: "incubation", rule: "incubation.default" },
  { name: "exactly 50% of BSE std 1", facts: bse1AtHalf, tier: "cultivation", rule: "cultivation.financial.bse1" },
  { name: "one yuan below 50% of BSE std 1", facts: bse1JustBelow, tier: "incubation", rule: "incubation.default" },
  {
    name: "50% of BSE std 1 but main business unclear",
    facts: { ...bse1AtHalf, mainBusinessClear: false },
    tier: "incubation",
    rule: "incubation.default",
  },
  { name: "50% of BSE std 1 but no going concern", facts: { ...bse1AtHalf, goingConcern: false }, tier: "incubation", rule: "incubation.default" },
  {
    name: "50% of BSE std 1, no listing plan and no potential",
    facts: { ...bse1AtHalf, listingPlanMarket: null, listingPotential: false },
    tier: "incubation",
    rule: "incubation.default",
  },
  {
    name: "50% of BSE std 1, no plan but potential noted by reviewer",
    facts: { ...bse1AtHalf, listingPlanMarket: null, listingPotential: true },
    tier: "cultivation",
    rule: "cultivation.financial.bse1",
  },
  {
    name: "ROE at half of 8% counts only when ratios are halved (off)",
    facts: { ...bse1AtHalf, financials: bse1AtHalf.financials!.map((y) => ({ ...y, weightedRoeBp: 400 })) },
    tier: "incubation",
    rule: "incubation.default",
  },
  {
    name: "ROE at half of 8% counts only when ratios are halved (on)",
    facts: { ...bse1AtHalf, financials: bse1AtHalf.financials!.map((y) => ({ ...y, weightedRoeBp: 400 })) },
    settings: { halveRatios: true },
    tier: "cultivation",
    rule: "cultivation.financial.bse1",
  },
  {
    name: "profit after non-recurring items decides (below 50%)",
    facts: { ...bse1AtHalf, financials: bse1AtHalf.financials!.map((y) => ({ ...y, netProfitDeducted: 700 * WAN })) },
    tier: "incubation",
    rule: "incubation.default",
  },
  {
    name: "BSE std 1 clause b with one year: net profit 1250万 and ROE 8%",
    facts: { marketCapEstimate: 1 * YI, financials: [year(2025, { netProfit: 1250 * WAN, weightedRoeBp: 800, netAssets: 2500 * WAN })] },
    tier: "cultivation",
    rule: "cultivation.financial.bse1",
  },
  {
    name: "BSE std 1 fails on net assets below 2500万 (BSE floor)",
    facts: { marketCapEstimate: 1 * YI, financials: [year(2025, { netProfit: 1250 * WAN, weightedRoeBp: 800, netAssets: 2500 * WAN - 1 })] },
    tier: "incubation",
    rule: "incubation.default",
  },
  {
    name: "50% of BSE std 2",
    facts: {
      marketCapEstimate: 2 * YI,
      financials: [
        year(2025, { revenue: 5700 * WAN, operatingCashFlow: 1, netAssets: 2500 * WAN }),
        year(2024, { revenue: 4300 * WAN, operatingCashFlow: -5, netAssets: 2000 * WAN }),
      ],
    },
    tier: "cultivation",
    rule: "cultivation.financial.bse2",
  },
  {
    name: "50% of BSE std 3 (R&D ratio 8% over 2 years)",
    facts: {
      marketCapEstimate: 4 * YI,
      financials: [
        year(2025, { revenue: 1 * YI, rdExpense: 900 * WAN, netAssets: 3000 * WAN }),
        year(2024, { revenue: 1 * YI, rdExpense: 700 * WAN, netAssets: 2800 * WAN }),
      ],
    },
    tier: "cultivation",
    rule: "cultivation.financial.bse3",
  },
  {
    name: "50% of BSE std 4",
    facts: {
      marketCapEstimate: 7.5 * YI,
      financials: [year(2025, { rdExpense: 1500 * WAN, netAssets: 3000 * WAN }), year(2024, { rdExpense: 1000 * WAN, netAssets: 2000 * WAN })],
    },
    tier: "cultivation",
    rule: "cultivation.financial.bse4",
  },
  {
    name: "50% of STAR std 1 (clause b)",
    facts: { marketCapEstimate: 5 * YI, financials: [year(2025, { netProfit: 1, revenue: 5000 * WAN })] },
    tier: "cultivation",
    rule: "cultivation.financial.star1",
  },
  {
    name: "50% of ChiNext std 1",
    facts: { financials: [year(2025, { netProfit: 3000 * WAN }), year(2024, { netProfit: 2000 * WAN })] },
    tier: "cultivation",
    rule: "cultivation.financial.chinext1",
  },
  {
    name: "ChiNext std 1 needs profit in both years",
    facts: { financials: [year(2025, { netProfit: 6000 * WAN }), year(2024, { netProfit: -1 })] },
    tier: "incubation",
    rule: "incubation.default",
  },
  {
    // Half of main board std 1 always satisfies half of ChiNext std 1, which is listed first.
    name: "50% of main board std 1 (revenue alternative)",
    facts: {
      financials: [
        year(2025, { netProfit: 5000 * WAN, revenue: 3 * YI }),
        year(2024, { netProfit: 3000 * WAN, revenue: 2.5 * YI }),
        year(2023, { netProfit: 2000 * WAN, revenue: 2 * YI }),
      ],
    },
    tier: "cultivation",
    rule: "cultivation.financial.chinext1",
    standardsMet: { main1: "b" },
  },
  {
    name: "50% of NEEQ innovation std 1",
    facts: {
      financials: [
        year(2025, { netProfit: 500 * WAN, weightedRoeBp: 900, shareCapital: 1000 * WAN }),
        year(2024, { netProfit: 500 * WAN, weightedRoeBp: 700, shareCapital: 1000 * WAN }),
      ],
    },
    tier: "cultivation",
    rule: "cultivation.financial.neeq1",
  },
  {
    name: "50% of NEEQ innovation std 2 (revenue avg ≥ 3000万, growing each year, compound growth ≥ 50% over two years, share capital ≥ 1000万)",
    facts: {
      financials: [
        year(2025, { revenue: 4500 * WAN, shareCapital: 1000 * WAN }),
        year(2024, { revenue: 2000 * WAN, shareCapital: 1000 * WAN }),
        year(2023, { revenue: 1900 * WAN, shareCapital: 1000 * WAN }),
      ],
    },
    tier: "cultivation",
    rule: "cultivation.financial.neeq2",
  },
  {
    name: "50% of NEEQ innovation std 3 (market cap 3亿, share capital 2500万)",
    facts: { marketCapEstimate: 3 * YI, financials: [year(2025, { shareCapital: 2500 * WAN })] },
    tier: "cultivation",
    rule: "cultivation.financial.neeq3",
  },
  {
    name: "NEEQ std 2 without the share capital (股本总额) stated",
    facts: { financials: [year(2025, { revenue: 4500 * WAN }), year(2024, { revenue: 2000 * WAN }), year(2023, { revenue: 1900 * WAN })] },
    tier: "incubation",
    rule: "incubation.default",
  },
  {
    name: "NEEQ std 2 with a dip in the middle year (not 持续增长) though compounded ≥ 50%",
    facts: {
      financials: [
        year(2025, { revenue: 5000 * WAN, shareCapital: 1000 * WAN }),
        year(2024, { revenue: 1800 * WAN, shareCapital: 1000 * WAN }),
        year(2023, { revenue: 1900 * WAN, shareCapital: 1000 * WAN }),
      ],
    },
    tier: "incubation",
    rule: "incubation.default",
  },
  {
    name: "NEEQ std 2 with only two years of revenue (the compound rate needs the base year)",
    facts: { financials: [year(2025, { revenue: 4500 * WAN, shareCapital: 1000 * WAN }), year(2024, { revenue: 2000 * WAN, shareCapital: 1000 * WAN })] },
    tier: "incubation",
    rule: "incubation.default",
  },
  {
    name: "market cap 3亿 but share capital just below 2500万",
    facts: { marketCapEstimate: 3 * YI, financials: [year(2025, { shareCapital: 2500 * WAN - 1 })] },
    tier: "incubation",
    rule: "incubation.default",
  },
  {
    name: "market cap just below 3亿",
    facts: { marketCapEstimate: 3 * YI - 1 },
    tier: "incubation",
    rule: "incubation.default",
  },
  // 规范层
  { name: "SRDI SME", facts: { srdiStatus: "srdi_sme" }, tier: "standardisation", rule: "standardisation.srdiSme" },
  {
    name: "A-round counts under the Xinjiang default",
    facts: { peRounds: [{ round: "a", closedOn: "2024-05-01" }] },
    tier: "standardisation",
    rule: "standardisation.peRound",
  },
  {
    name: "A-round does not count under the national B-round setting",
    facts: { peRounds: [{ round: "a", closedOn: "2024-05-01" }] },
    settings: { minPeRound: "b" },
    tier: "incubation",
    rule: "incubation.default",
  },
  {
    name: "B-round counts under the national setting",
    facts: { peRounds: [{ round: "a", closedOn: "2023-01-01" }, { round: "b", closedOn: "2025-02-01" }] },
    settings: { minPeRound: "b" },
    tier: "standardisation",
    rule: "standardisation.peRound",
  },
  {
    name: "Pre-A is not A-round",
    facts: { peRounds: [{ round: "pre_a", closedOn: "2024-05-01" }] },
    tier: "incubation",
    rule: "incubation.default",
  },
  // 孵化层
  { name: "regional innovative SME", facts: { srdiStatus: "innovative_sme" }, tier: "incubation", rule: "incubation.innovativeSme" },
  { name: "nothing else applies", facts: {}, tier: "incubation", rule: "incubation.default" },
  // Precedence: the highest tier wins
  {
    name: "SRDI SME in IPO tutoring goes to cultivation",
    facts: { srdiStatus: "srdi_sme", ipoTutoring: true },
    tier: "cultivation",
    rule: "cultivation.ipoTutoring",
  },
];

describe("proposeTierFromFacts (Attachment 2 §一)", () => {
  it.each(cases)("$name → $tier by $rule", ({ facts, settings, tier, rule, standardsMet }) => {
    const p = proposeTierFromFacts({ ...base, ...facts }, thresholds, { ...DEFAULT_TIER_SETTINGS, ...settings });
    expect(p.tier).toBe(tier);
    expect(p.matchedDetail).toBe(rule);
    const fin = p.rules.find((r) => r.rule === "cultivation.financial")!;
    for (const [code, clause] of Object.entries(standardsMet ?? {})) {
      expect(fin.standards!.find((s) => s.standard === code)!.clauseMet).toBe(clause);
    }
    // Every rule is reported, met or missed, so the reviewer sees why higher tiers were not reached.
    expect(p.rules.map((r) => r.rule)).toEqual([
      "cultivation.littleGiant",
      "cultivation.listingReserve",
      "cultivation.financial",
      "cultivation.ipoTutoring",
      "cultivation.neeqDelistedIpo",
      "standardisation.srdiSme",
      "standardisation.peRound",
      "incubation.innovativeSme",
      "incubation.default",
    ]);
    expect(p.thresholdVersionId).toBe(thresholds.id);
  });

  it("gives the evidence of the matched standard: 820万 against 750万", () => {
    const facts = {
      ...base,
      ...bse1AtHalf,
      financials: bse1AtHalf.financials!.map((y) => ({ ...y, netProfit: 820 * WAN })),
    };
    const p = proposeTierFromFacts(facts, thresholds);
    const np = p.matchedEvidence.find((e) => e.kind === "metric" && e.metric === "netProfit" && e.aggregation === "each");
    expect(np).toMatchObject({ rule: "cultivation.financial.bse1", metric: "netProfit", years: 2, value: 8_200_000, threshold: 7_500_000, met: true });
    const fin = p.rules.find((r) => r.rule === "cultivation.financial")!;
    expect(fin.standards!.map((s) => s.standard)).toEqual(["bse1", "bse2", "bse3", "bse4", "star1", "chinext1", "main1", "neeq1", "neeq2", "neeq3"]);
    expect(fin.standards!.find((s) => s.standard === "bse1")!.clauseMet).toBe("a");
  });

  it("a missed financial rule names the criteria that fell short", () => {
    const p = proposeTierFromFacts({ ...base, ...bse1JustBelow }, thresholds);
    const fin = p.rules.find((r) => r.rule === "cultivation.financial")!;
    expect(fin.met).toBe(false);
    expect(fin.evidence).toContainEqual(expect.objectContaining({ kind: "metric", standard: "bse1", metric: "netProfit", value: 7_499_999, met: false }));
  });
});

describe("PE round order", () => {
  it("matches the schema's list", () => {
    expect(PE_ROUND_ORDER).toEqual(PE_ROUNDS);
  });
});

describe("measure", () => {
  it("takes compound revenue growth over the periods the criterion asks for", () => {
    const f = { ...base, financials: [year(2025, { revenue: 150 }), year(2024, { revenue: 100 })] };
    expect(measure(f, { metric: "revenueGrowth", aggregation: "growth", years: 1 })).toBe(5000);
    expect(measure(f, { metric: "revenueGrowth", aggregation: "growth", years: 2 })).toBeNull();
  });
  it("refuses non-consecutive years", () => {
    const f = { ...base, financials: [year(2025, { netProfit: 5 }), year(2023, { netProfit: 5 })] };
    expect(measure(f, { metric: "netProfit", aggregation: "each", years: 2 })).toBeNull();
  });
});

describe("the 50% financial clause's 上市潜力或明确上市规划 condition", () => {
  it.each([
    ["a chosen listing market", { listingPlanMarket: "bse" as const }, true],
    ["拟申请 IPO (plans an IPO) without a market yet", { listingPlanMarket: null, plansIpo: true }, true],
    ["the reviewer's judgement of listing potential", { listingPlanMarket: null, listingPotential: true }, true],
    ["none of them", { listingPlanMarket: null }, false],
  ])("%s → %s", (_n, facts, met) => {
    const p = proposeTierFromFacts({ ...base, ...bse1AtHalf, ...facts }, thresholds);
    expect(p.rules.find((r) => r.rule === "cultivation.financial")!.met).toBe(met);
  });
});

describe("assessEligibility (notice §二(一))", () => {
  it.each([
    ["innovative SME", { srdiStatus: "innovative_sme" as const }, "eligibility.recognised"],
    ["little giant", { srdiStatus: "little_giant" as const }, "eligibility.recognised"],
    ["government fund", { govFundInvested: true }, "eligibility.invested"],
    ["PE/VC-invested SME", { peRounds: [{ round: "angel" as const, closedOn: "2022-01-01" }], smeSize: "small" as const }, "eligibility.invested"],
    ["potential with written justification", { potentialJustification: "  核心技术填补区内空白，订单增长快 " }, "eligibility.potential"],
  ])("%s → eligible by %s", (_n, facts, basis) => {
    const e = assessEligibility({ ...base, ...facts });
    expect(e.eligible).toBe(true);
    expect(e.basis).toBe(basis);
    expect(e.needsJustification).toBe(false);
  });

  it.each([
    ["a large enterprise", "large" as const],
    ["size not stated", null],
  ])("PE/VC-invested but %s: not eligible as invested (notice §二(一)2 says 中小企业)", (_n, smeSize) => {
    const e = assessEligibility({ ...base, peRounds: [{ round: "b", closedOn: "2024-01-01" }], smeSize });
    expect(e.checks.find((c) => c.rule === "eligibility.invested")).toMatchObject({ met: false });
    expect(e.checks.find((c) => c.rule === "eligibility.invested")!.evidence).toContainEqual({ kind: "smeSize", rule: "eligibility.invested", size: smeSize, met: false });
    expect(e.needsJustification).toBe(true);
  });

  it("a government fund's investee qualifies whatever its size", () => {
    expect(assessEligibility({ ...base, govFundInvested: true, smeSize: "large" }).basis).toBe("eligibility.invested");
  });

  it("other enterprises need the reviewer's written justification", () => {
    const e = assessEligibility({ ...base, potentialJustification: "   " });
    expect(e).toMatchObject({ eligible: false, basis: null, needsJustification: true });
    expect(e.checks.map((c) => [c.rule, c.met])).toEqual([
      ["eligibility.recognised", false],
      ["eligibility.invested", false],
      ["eligibility.potential", false],
    ]);
  });
});

describe("listingReadiness", () => {
  it("reports value, 50% and 100% targets and the share achieved for every metric", () => {
    const facts = { ...base, ...bse1AtHalf, financials: bse1AtHalf.financials!.map((y) => ({ ...y, netProfit: 820 * WAN })) };
    const r = listingReadiness(facts, thresholds);
    expect(r).toHaveLength(thresholds.standards.length);
    const bse1 = r.find((s) => s.standard === "bse1")!;
    expect(bse1).toMatchObject({ met50: true, met100: false });
    const np = bse1.metrics.find((m) => m.clause === "a" && m.metric === "netProfit")!;
    expect(np).toMatchObject({ value: 8_200_000, target50: 7_500_000, target100: 15_000_000, achievedBp: 5467, met50: true, met100: false });
    const roe = bse1.metrics.find((m) => m.clause === "a" && m.metric === "weightedRoe")!;
    expect(roe).toMatchObject({ target50: 800, target100: 800, achievedBp: 10000 });
    const star = r.find((s) => s.standard === "star1")!;
    expect(star.metrics.find((m) => m.op === "gt")!.achievedBp).toBeNull();
  });
});

describe("evidence rendering", () => {
  const t = (lng: string): Translate => {
    const i = createInstance();
    void i.init({ ...i18nServerConfig, lng, initImmediate: false });
    return i.getFixedT(lng, "board") as unknown as Translate;
  };
  const facts = { ...base, ...bse1AtHalf, financials: bse1AtHalf.financials!.map((y) => ({ ...y, netProfit: 820 * WAN })) };

  it("renders the headline and the 820万/750万 line in zh-CN", () => {
    const p = proposeTierFromFacts(facts, thresholds);
    const text = renderProposal(t("zh-CN"), p, "zh-CN");
    expect(text).toContain("拟定培育层：财务指标达到北交所标准一相应指标 50% 以上");
    expect(text).toContain("培育层：北交所标准一 净利润（最近2年每年）≥ 门槛的50% — 820万元/750万元（达到）");
  });

  it("renders every evidence kind in both languages without missing keys", () => {
    const all = [
      ...proposeTierFromFacts({ ...facts, peRounds: [{ round: "b", closedOn: "2024-01-01" }], neeqStatus: "delisted" }, thresholds).rules.flatMap((r) => [
        ...r.evidence,
        ...(r.standards ?? []).flatMap((s) => s.criteria),
      ]),
      ...assessEligibility(base).checks.flatMap((c) => c.evidence),
    ];
    for (const lng of ["zh-CN", "en"]) {
      const tr = t(lng);
      for (const e of all) {
        const s = renderEvidence(tr, e, lng);
        expect(s).not.toMatch(/board:|\{\{|evidence\.|metrics\.|standards\./);
      }
    }
  });
});
