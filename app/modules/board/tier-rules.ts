/**
 * The tier rules of Attachment 2 §一 (Xinjiang) with the national guidance (Attachment 1 §(五)) as a
 * setting, and the admission eligibility of notice §二(一). Pure: facts, thresholds and settings in,
 * a fully explained result out — every rule with met/missed and structured evidence that the UI and
 * the decision record render through the `board` i18n namespace.
 */
import type {
  ListingMarket,
  NeeqStatus,
  PeRound,
  SrdiStatus,
  ThresholdAggregation,
  ThresholdMetric,
  Tier,
} from "@db/schema/constants";

/**
 * PE/VC rounds in market order ("A-round or later" compares positions). Kept here rather than
 * imported from the schema so that this module stays free of runtime imports and can run in the
 * browser (the readiness gauge); a test checks it equals the schema's PE_ROUNDS.
 */
export const PE_ROUND_ORDER: readonly PeRound[] = ["seed", "angel", "pre_a", "a", "a_plus", "pre_b", "b", "b_plus", "c", "d", "e_or_later", "pre_ipo"];

export type FinancialYear = {
  fiscalYear: number;
  revenue: number;
  netProfit: number;
  /** Profit after non-recurring items; listing rules test the lower of this and netProfit. */
  netProfitDeducted?: number | null;
  netAssets: number;
  rdExpense: number;
  operatingCashFlow: number;
  totalShares: number;
  shareCapital?: number | null;
  weightedRoeBp?: number | null;
};

export type TierFacts = {
  srdiStatus: SrdiStatus;
  peRounds: { round: PeRound; closedOn: string; govFund?: boolean }[];
  govFundInvested: boolean;
  listingReserve: boolean;
  ipoTutoring: boolean;
  neeqStatus: NeeqStatus;
  plansIpo: boolean;
  listingPlanMarket: ListingMarket | null;
  /** Reviewer judgements (主营业务明确, 持续经营能力, 上市潜力) and the written case for "other with potential". */
  mainBusinessClear: boolean;
  goingConcern: boolean;
  listingPotential: boolean;
  potentialJustification: string | null;
  marketCapEstimate: number | null;
  financials: FinancialYear[];
};

export type ThresholdCriterion = {
  clause: string;
  metric: ThresholdMetric;
  aggregation: ThresholdAggregation;
  years: number;
  op: "gte" | "gt";
  value: number;
  unit: "yuan" | "bp";
};
export type ThresholdStandard = { code: string; market: ListingMarket; criteria: ThresholdCriterion[] };
export type ThresholdSet = { id: string; label: string; standards: ThresholdStandard[] };

export type TierSettings = {
  /** 'a': Xinjiang (A-round or later counts); 'b': national guidance (B-round or later). */
  minPeRound: "a" | "b";
  /** Whether ratio thresholds (ROE, growth, R&D ratio) are halved by the 50% rule like money ones. */
  halveRatios: boolean;
};
export const DEFAULT_TIER_SETTINGS: TierSettings = { minPeRound: "a", halveRatios: false };

export const TIER_RANK: Record<Tier, number> = { incubation: 0, standardisation: 1, cultivation: 2 };

export const TIER_RULES = [
  "cultivation.littleGiant",
  "cultivation.listingReserve",
  "cultivation.financial",
  "cultivation.ipoTutoring",
  "cultivation.neeqDelistedIpo",
  "standardisation.srdiSme",
  "standardisation.peRound",
  "incubation.innovativeSme",
  "incubation.default",
] as const;
export type TierRule = (typeof TIER_RULES)[number];

export const ELIGIBILITY_RULES = ["eligibility.recognised", "eligibility.invested", "eligibility.potential"] as const;
export type EligibilityRule = (typeof ELIGIBILITY_RULES)[number];

export type MetricEvidence = {
  kind: "metric";
  /** e.g. 'cultivation.financial.bse1' */
  rule: string;
  standard: string;
  clause: string;
  metric: ThresholdMetric;
  aggregation: ThresholdAggregation;
  years: number;
  op: "gte" | "gt";
  unit: "yuan" | "bp";
  /** null when the facts do not cover the years the criterion needs. */
  value: number | null;
  /** The threshold applied (halved where the 50% rule halves it). */
  threshold: number;
  fullThreshold: number;
  /** Share of the full threshold applied, in basis points (5000 = 50%). */
  appliedShareBp: number;
  met: boolean;
};

export type Evidence =
  | { kind: "srdiStatus"; rule: string; value: SrdiStatus; met: boolean }
  | { kind: "flag"; rule: string; fact: "listingReserve" | "ipoTutoring" | "govFundInvested"; value: boolean; met: boolean }
  | { kind: "neeq"; rule: string; status: NeeqStatus; plansIpo: boolean; met: boolean }
  | { kind: "peRound"; rule: string; round: PeRound | null; closedOn: string | null; minimum: "a" | "b"; met: boolean }
  | { kind: "peHistory"; rule: string; round: PeRound | null; closedOn: string | null; rounds: number; met: boolean }
  | { kind: "condition"; rule: string; condition: "mainBusinessClear" | "goingConcern" | "listingPlanOrPotential"; met: boolean }
  | { kind: "justification"; rule: string; text: string | null; met: boolean }
  | { kind: "fallback"; rule: string; met: true }
  | MetricEvidence;

export type StandardResult = {
  standard: string;
  market: ListingMarket;
  /** The first clause whose criteria were all met, if any. */
  clauseMet: string | null;
  met: boolean;
  criteria: MetricEvidence[];
};

export type RuleCheck = {
  rule: TierRule;
  tier: Tier;
  met: boolean;
  /** For a met rule, the evidence that makes it met; for a missed one, what fell short. */
  evidence: Evidence[];
  /** Only on cultivation.financial: every standard with every criterion, met or not. */
  standards?: StandardResult[];
};

export type TierProposal = {
  tier: Tier;
  matchedRule: TierRule;
  /** The detailed rule that matched (e.g. 'cultivation.financial.bse1'), for the headline evidence. */
  matchedDetail: string;
  matchedEvidence: Evidence[];
  rules: RuleCheck[];
  thresholdVersionId: string;
  settings: TierSettings;
};

// ---------------------------------------------------------------------------------------------

const roundRank = (r: PeRound): number => PE_ROUND_ORDER.indexOf(r);

/** Last `n` consecutive fiscal years, newest first; null if the facts do not have them. */
function lastYears(financials: FinancialYear[], n: number): FinancialYear[] | null {
  const sorted = [...financials].sort((a, b) => b.fiscalYear - a.fiscalYear);
  if (sorted.length < n) return null;
  const picked = sorted.slice(0, n);
  for (let i = 1; i < picked.length; i++) if (picked[i]!.fiscalYear !== picked[0]!.fiscalYear - i) return null;
  return picked;
}

function yearValue(y: FinancialYear, metric: ThresholdMetric): number | null {
  switch (metric) {
    case "revenue":
      return y.revenue;
    case "netProfit":
      return Math.min(y.netProfit, y.netProfitDeducted ?? y.netProfit);
    case "netAssets":
      return y.netAssets;
    case "operatingCashFlow":
      return y.operatingCashFlow;
    case "rdExpense":
      return y.rdExpense;
    case "shareCapital":
      return y.shareCapital ?? null;
    case "weightedRoe":
      return y.weightedRoeBp ?? null;
    default:
      return null;
  }
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** The value a criterion measures, from the facts; null when the facts cannot answer it. */
export function measure(facts: TierFacts, c: Pick<ThresholdCriterion, "metric" | "aggregation" | "years">): number | null {
  if (c.metric === "marketCap") return facts.marketCapEstimate;
  if (c.metric === "revenueGrowth") {
    // Compound growth over `years` periods needs years + 1 fiscal years of revenue.
    const ys = lastYears(facts.financials, c.years + 1);
    if (!ys) return null;
    const first = ys[ys.length - 1]!.revenue;
    const latest = ys[0]!.revenue;
    if (first <= 0 || latest < 0) return null;
    return Math.round((Math.pow(latest / first, 1 / c.years) - 1) * 10000);
  }
  const n = c.aggregation === "last" || c.aggregation === "current" ? 1 : c.years;
  const ys = lastYears(facts.financials, n);
  if (!ys) return null;
  if (c.metric === "rdRatio") {
    const revenue = sum(ys.map((y) => y.revenue));
    if (revenue <= 0) return null;
    return Math.round((sum(ys.map((y) => y.rdExpense)) / revenue) * 10000);
  }
  const values = ys.map((y) => yearValue(y, c.metric));
  if (values.some((v) => v === null)) return null;
  const vs = values as number[];
  switch (c.aggregation) {
    case "last":
    case "current":
      return vs[0]!;
    case "each":
      return Math.min(...vs);
    case "total":
      return sum(vs);
    case "avg":
      return sum(vs) / vs.length;
    case "growth":
      return null;
  }
}

function appliedShareBp(c: ThresholdCriterion, share: "full" | "half", settings: TierSettings): number {
  if (share === "full") return 10000;
  return c.unit === "yuan" || settings.halveRatios ? 5000 : 10000;
}

function compare(value: number | null, op: "gte" | "gt", threshold: number): boolean {
  if (value === null) return false;
  return op === "gte" ? value >= threshold : value > threshold;
}

function evaluateStandard(
  facts: TierFacts,
  s: ThresholdStandard,
  share: "full" | "half",
  settings: TierSettings,
  rulePrefix: string,
): StandardResult {
  const criteria: MetricEvidence[] = s.criteria.map((c) => {
    const shareBp = appliedShareBp(c, share, settings);
    const threshold = (c.value * shareBp) / 10000;
    const value = measure(facts, c);
    return {
      kind: "metric",
      rule: `${rulePrefix}.${s.code}`,
      standard: s.code,
      clause: c.clause,
      metric: c.metric,
      aggregation: c.aggregation,
      years: c.years,
      op: c.op,
      unit: c.unit,
      value,
      threshold,
      fullThreshold: c.value,
      appliedShareBp: shareBp,
      met: compare(value, c.op, threshold),
    };
  });
  const clauses = [...new Set(s.criteria.map((c) => c.clause).filter((c) => c !== "*"))];
  if (clauses.length === 0) clauses.push("*");
  const clauseMet =
    clauses.find((clause) => criteria.filter((e) => e.clause === clause || e.clause === "*").every((e) => e.met)) ?? null;
  return { standard: s.code, market: s.market, clauseMet, met: clauseMet !== null, criteria };
}

/** The criteria that carry a standard's verdict: the met clause's, or all of them when none is met. */
export function decisiveCriteria(r: StandardResult): MetricEvidence[] {
  if (r.clauseMet === null) return r.criteria;
  return r.criteria.filter((e) => e.clause === r.clauseMet || e.clause === "*");
}

function bestPeRound(facts: TierFacts): { round: PeRound; closedOn: string } | null {
  let best: { round: PeRound; closedOn: string } | null = null;
  for (const r of facts.peRounds) if (!best || roundRank(r.round) > roundRank(best.round)) best = r;
  return best;
}

/**
 * Checks every rule of Attachment 2 §一 and proposes the highest tier any rule places the enterprise
 * in (培育层 > 规范层 > 孵化层). Within a tier the rules are tried in the order the text lists them.
 */
export function proposeTierFromFacts(facts: TierFacts, thresholds: ThresholdSet, settings: TierSettings = DEFAULT_TIER_SETTINGS): TierProposal {
  const rules: RuleCheck[] = [];
  const s = facts.srdiStatus;

  rules.push({
    rule: "cultivation.littleGiant",
    tier: "cultivation",
    met: s === "little_giant",
    evidence: [{ kind: "srdiStatus", rule: "cultivation.littleGiant", value: s, met: s === "little_giant" }],
  });
  rules.push({
    rule: "cultivation.listingReserve",
    tier: "cultivation",
    met: facts.listingReserve,
    evidence: [{ kind: "flag", rule: "cultivation.listingReserve", fact: "listingReserve", value: facts.listingReserve, met: facts.listingReserve }],
  });

  const standards = thresholds.standards.map((st) => evaluateStandard(facts, st, "half", settings, "cultivation.financial"));
  const conditions: Evidence[] = [
    { kind: "condition", rule: "cultivation.financial", condition: "mainBusinessClear", met: facts.mainBusinessClear },
    { kind: "condition", rule: "cultivation.financial", condition: "goingConcern", met: facts.goingConcern },
    {
      kind: "condition",
      rule: "cultivation.financial",
      condition: "listingPlanOrPotential",
      met: facts.listingPotential || facts.listingPlanMarket !== null,
    },
  ];
  const metStandard = standards.find((r) => r.met) ?? null;
  const financialMet = conditions.every((c) => c.met) && metStandard !== null;
  rules.push({
    rule: "cultivation.financial",
    tier: "cultivation",
    met: financialMet,
    evidence: metStandard
      ? [...conditions, ...decisiveCriteria(metStandard)]
      : [...conditions, ...standards.flatMap((r) => decisiveCriteria(r).filter((e) => !e.met))],
    standards,
  });

  rules.push({
    rule: "cultivation.ipoTutoring",
    tier: "cultivation",
    met: facts.ipoTutoring,
    evidence: [{ kind: "flag", rule: "cultivation.ipoTutoring", fact: "ipoTutoring", value: facts.ipoTutoring, met: facts.ipoTutoring }],
  });
  const neeqMet = facts.neeqStatus === "delisted" && facts.plansIpo;
  rules.push({
    rule: "cultivation.neeqDelistedIpo",
    tier: "cultivation",
    met: neeqMet,
    evidence: [{ kind: "neeq", rule: "cultivation.neeqDelistedIpo", status: facts.neeqStatus, plansIpo: facts.plansIpo, met: neeqMet }],
  });

  rules.push({
    rule: "standardisation.srdiSme",
    tier: "standardisation",
    met: s === "srdi_sme",
    evidence: [{ kind: "srdiStatus", rule: "standardisation.srdiSme", value: s, met: s === "srdi_sme" }],
  });
  const best = bestPeRound(facts);
  const minRank = roundRank(settings.minPeRound);
  const peMet = best !== null && roundRank(best.round) >= minRank;
  rules.push({
    rule: "standardisation.peRound",
    tier: "standardisation",
    met: peMet,
    evidence: [
      { kind: "peRound", rule: "standardisation.peRound", round: best?.round ?? null, closedOn: best?.closedOn ?? null, minimum: settings.minPeRound, met: peMet },
    ],
  });

  rules.push({
    rule: "incubation.innovativeSme",
    tier: "incubation",
    met: s === "innovative_sme",
    evidence: [{ kind: "srdiStatus", rule: "incubation.innovativeSme", value: s, met: s === "innovative_sme" }],
  });
  rules.push({ rule: "incubation.default", tier: "incubation", met: true, evidence: [{ kind: "fallback", rule: "incubation.default", met: true }] });

  // Rules are listed highest tier first, so the first met rule is the proposal.
  const matched = rules.find((r) => r.met)!;
  const matchedDetail = matched.rule === "cultivation.financial" && metStandard ? `cultivation.financial.${metStandard.standard}` : matched.rule;
  return {
    tier: matched.tier,
    matchedRule: matched.rule,
    matchedDetail,
    matchedEvidence: matched.evidence,
    rules,
    thresholdVersionId: thresholds.id,
    settings,
  };
}

export type EligibilityCheck = { rule: EligibilityRule; met: boolean; evidence: Evidence[] };
export type Eligibility = {
  eligible: boolean;
  /** The first basis that holds, in the order of notice §二(一). */
  basis: EligibilityRule | null;
  checks: EligibilityCheck[];
  /** True when only §二(一)3 could apply and the reviewer has not yet written why. */
  needsJustification: boolean;
};

/** Notice §二(一): recognised SME; government- or PE/VC-invested; or other with potential (reviewer writes why). */
export function assessEligibility(facts: TierFacts): Eligibility {
  const recognised = facts.srdiStatus !== "none";
  const govFund = facts.govFundInvested || facts.peRounds.some((r) => r.govFund === true);
  const best = bestPeRound(facts);
  const invested = govFund || best !== null;
  const justification = facts.potentialJustification?.trim() ? facts.potentialJustification.trim() : null;
  const checks: EligibilityCheck[] = [
    {
      rule: "eligibility.recognised",
      met: recognised,
      evidence: [{ kind: "srdiStatus", rule: "eligibility.recognised", value: facts.srdiStatus, met: recognised }],
    },
    {
      rule: "eligibility.invested",
      met: invested,
      evidence: [
        { kind: "flag", rule: "eligibility.invested", fact: "govFundInvested", value: govFund, met: govFund },
        { kind: "peHistory", rule: "eligibility.invested", round: best?.round ?? null, closedOn: best?.closedOn ?? null, rounds: facts.peRounds.length, met: best !== null },
      ],
    },
    {
      rule: "eligibility.potential",
      met: justification !== null,
      evidence: [{ kind: "justification", rule: "eligibility.potential", text: justification, met: justification !== null }],
    },
  ];
  const basis = checks.find((c) => c.met)?.rule ?? null;
  return { eligible: basis !== null, basis, checks, needsJustification: !recognised && !invested && justification === null };
}

export type ReadinessMetric = {
  clause: string;
  metric: ThresholdMetric;
  aggregation: ThresholdAggregation;
  years: number;
  op: "gte" | "gt";
  unit: "yuan" | "bp";
  value: number | null;
  /** The target the 50% rule applies (a ratio stays whole unless the setting halves ratios). */
  target50: number;
  target100: number;
  /** value / target100 in basis points (10000 = at the listing threshold); null for sign tests or missing data. */
  achievedBp: number | null;
  met50: boolean;
  met100: boolean;
};
export type ReadinessStandard = {
  standard: string;
  market: ListingMarket;
  met50: boolean;
  met100: boolean;
  metrics: ReadinessMetric[];
};

/** For the listing-readiness gauge: every standard, every metric, how far from 50% and from 100%. */
export function listingReadiness(facts: TierFacts, thresholds: ThresholdSet, settings: TierSettings = DEFAULT_TIER_SETTINGS): ReadinessStandard[] {
  return thresholds.standards.map((st) => {
    const half = evaluateStandard(facts, st, "half", settings, "readiness");
    const full = evaluateStandard(facts, st, "full", settings, "readiness");
    return {
      standard: st.code,
      market: st.market,
      met50: half.met,
      met100: full.met,
      metrics: st.criteria.map((c, i) => {
        const h = half.criteria[i]!;
        const f = full.criteria[i]!;
        return {
          clause: c.clause,
          metric: c.metric,
          aggregation: c.aggregation,
          years: c.years,
          op: c.op,
          unit: c.unit,
          value: h.value,
          target50: h.threshold,
          target100: f.threshold,
          achievedBp: h.value === null || f.threshold <= 0 ? null : Math.round((h.value / f.threshold) * 10000),
          met50: h.met,
          met100: f.met,
        };
      }),
    };
  });
}
