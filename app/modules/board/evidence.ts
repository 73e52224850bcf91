/**
 * Renders the rules engine's structured evidence through the `board` i18n namespace. Pure: it takes
 * a translate function, so the same code renders in the browser (react-i18next's t) and on the
 * server when a decision's evidence text is frozen in zh-CN.
 */
import { formatMoney, formatRate } from "~/utils/money";
import type { Evidence, MetricEvidence, RemovalGrounds, TierProposal } from "./tier-rules";

export type Translate = (key: string, values?: Record<string, unknown>) => string;

const TIER_OF_RULE = (rule: string): string => rule.split(".")[0]!;

export function formatMetricValue(value: number, unit: "yuan" | "bp", locale: string): string {
  return unit === "yuan" ? formatMoney(Math.round(value), locale) : formatRate(Math.round(value));
}

function metricText(t: Translate, e: MetricEvidence, locale: string): string {
  const values = {
    tier: t(`board:tiers.${TIER_OF_RULE(e.rule)}`),
    standard: t(`board:standards.${e.standard}`),
    metric: t(`board:metrics.${e.metric}`),
    aggregation: t(`board:aggregations.${e.aggregation}`, { count: e.years }),
    op: e.op === "gte" ? "≥" : ">",
    share: `${e.appliedShareBp / 100}%`,
    threshold: formatMetricValue(e.threshold, e.unit, locale),
    status: t(e.met ? "board:evidence.met" : "board:evidence.missed"),
  };
  if (e.value === null) return t("board:evidence.metricMissing", values);
  if (e.op === "gt" && e.threshold === 0) return t("board:evidence.metricPositive", { ...values, value: formatMetricValue(e.value, e.unit, locale) });
  return t("board:evidence.metric", { ...values, value: formatMetricValue(e.value, e.unit, locale) });
}

/** One line of evidence, e.g. "培育层：北交所标准一 净利润（最近2年每年）≥ 门槛的50% — 820万元/750万元（达到）". */
export function renderEvidence(t: Translate, e: Evidence, locale: string): string {
  const status = t(e.met ? "board:evidence.met" : "board:evidence.missed");
  switch (e.kind) {
    case "metric":
      return metricText(t, e, locale);
    case "srdiStatus":
      return t("board:evidence.srdiStatus", { rule: t(`board:rules.${e.rule}`), value: t(`board:srdiStatus.${e.value}`), status });
    case "flag":
      return t(`board:evidence.flag.${e.fact}`, { value: t(e.value ? "board:evidence.yes" : "board:evidence.no"), status });
    case "neeq":
      return t("board:evidence.neeq", {
        value: t(`board:neeqStatus.${e.status}`),
        plansIpo: t(e.plansIpo ? "board:evidence.yes" : "board:evidence.no"),
        status,
      });
    case "peRound":
      return e.round === null
        ? t("board:evidence.peRoundNone", { minimum: t(`board:peRounds.${e.minimum}`), status })
        : t("board:evidence.peRound", { round: t(`board:peRounds.${e.round}`), date: e.closedOn, minimum: t(`board:peRounds.${e.minimum}`), status });
    case "peHistory":
      return e.round === null
        ? t("board:evidence.peHistoryNone", { status })
        : t("board:evidence.peHistory", { count: e.rounds, round: t(`board:peRounds.${e.round}`), date: e.closedOn, status });
    case "condition":
      return t(`board:evidence.condition.${e.condition}`, { status });
    case "justification":
      return e.text === null ? t("board:evidence.justificationMissing") : t("board:evidence.justification", { text: e.text });
    case "fallback":
      return t("board:evidence.fallback");
    case "smeSize":
      return e.size === null ? t("boardRules:evidence.smeSizeMissing") : t("boardRules:evidence.smeSize", { size: t(`boardRules:smeSizes.${e.size}`), status });
    case "violation":
      return t("boardRules:evidence.violation", { kind: t(`boardRules:violationKinds.${e.violationKind}`), source: e.source, date: e.occurredOn });
  }
}

/** Why the yearly run proposes removal: the cited violation(s), or the admission bases no longer met. */
export function renderRemovalGrounds(t: Translate, g: RemovalGrounds, locale: string): string {
  const head = t(`boardRules:removal.grounds.${g.reason}`);
  return [head, ...g.evidence.map((e) => `- ${renderEvidence(t, e, locale)}`)].join("\n");
}

/** The name of a rule (or of a detailed rule such as 'cultivation.financial.bse1'). */
export function ruleLabel(t: Translate, rule: string, settings: { minPeRound: "a" | "b" }): string {
  const via = /^cultivation\.financial\.(.+)$/.exec(rule);
  if (via) return t("board:rules.cultivation.financialVia", { standard: t(`board:standards.${via[1]}`) });
  return t(`board:rules.${rule}`, { minimum: t(`board:peRounds.${settings.minPeRound}`) });
}

/** The headline a decision shows: tier, the rule that matched, and its evidence lines. */
export function renderProposal(t: Translate, p: TierProposal, locale: string): string {
  const head = t("board:evidence.headline", { tier: t(`board:tiers.${p.tier}`), rule: ruleLabel(t, p.matchedDetail, p.settings) });
  const lines = p.matchedEvidence.map((e) => `- ${renderEvidence(t, e, locale)}`);
  return [head, ...lines].join("\n");
}
