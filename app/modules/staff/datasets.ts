import type { TFunction } from "i18next";
import type { ChartSpec } from "./charts.server";

/**
 * One table per dashboard chart, in the reader's language: the chart, its table view and its CSV/XLSX download
 * are all built from this, so they cannot disagree. Amounts are shown in 万元 with two decimals.
 */

type CountRow = { key: string; count: number };
export type Dashboard = {
  enterprises: { total: number; byTier: CountRow[]; byPrefecture: CountRow[]; byIndustry: CountRow[] };
  funnel: { roundName: string; applied: number; forwarded: number; checked: number; approved: number; admitted: number }[];
  financing: { months: ({ month: string; total: number } & Record<"equity" | "convertible" | "loan" | "guarantee" | "leasing", number>)[] };
  cultivation: { stage: string; count: number }[];
  service: { months: { month: string; raised: number; resolved: number; resolvedInSla: number; slaRateBp: number | null; ratings: number; averageRatingX100: number | null }[] };
};

export type Dataset = { title: string; headers: string[]; rows: (string | number | null)[][]; note?: string; chart: ChartSpec };

const INSTRUMENT_KEYS = ["equity", "convertible", "loan", "guarantee", "leasing"] as const;
export const wan = (yuan: number): number => Math.round(yuan / 100) / 100;

export function dashboardDatasets(d: Dashboard, t: TFunction, prefectureName: (code: string) => string): Record<"tier" | "prefecture" | "industry" | "funnel" | "cultivation" | "financing" | "service", Dataset> {
  const unknownNote = t("staff:stats.unknownNote");
  const counts = (title: string, dim: string, rows: CountRow[], label: (k: string) => string): Dataset => {
    const labels = rows.map((r) => (r.key === "unknown" ? t("staff:stats.unknown") : label(r.key)));
    return {
      title,
      headers: [dim, t("staff:stats.enterprises")],
      rows: rows.map((r, i) => [labels[i]!, r.count]),
      note: rows.some((r) => r.key === "unknown") ? unknownNote : undefined,
      chart: { kind: "horizontal-bar", categories: labels, series: [{ name: t("staff:stats.enterprises"), data: rows.map((r) => r.count) }], height: Math.max(180, 40 + rows.length * 28) },
    };
  };
  const stages = ["applied", "forwarded", "checked", "approved", "admitted"] as const;
  const instrumentNames = INSTRUMENT_KEYS.map((k) => t(`financing:instruments.${k}`));
  return {
    tier: counts(t("staff:stats.charts.tier"), t("staff:stats.tier"), d.enterprises.byTier, (k) => t(`board:tiers.${k}`)),
    prefecture: counts(t("staff:stats.charts.prefecture"), t("staff:stats.prefecture"), d.enterprises.byPrefecture, prefectureName),
    industry: counts(t("staff:stats.charts.industry"), t("staff:stats.industry"), d.enterprises.byIndustry, (k) => `${k} ${t(`common:industrySections.${k}`, { defaultValue: "" })}`.trim()),
    funnel: {
      title: t("staff:stats.charts.funnel"),
      headers: [t("staff:stats.round"), ...stages.map((s) => t(`staff:stats.stages.${s}`))],
      rows: d.funnel.map((r) => [r.roundName, ...stages.map((s) => r[s])]),
      chart: {
        kind: "bar",
        categories: stages.map((s) => t(`staff:stats.stages.${s}`)),
        series: d.funnel.map((r) => ({ name: r.roundName, data: stages.map((s) => r[s]) })),
      },
    },
    cultivation: {
      title: t("staff:stats.charts.cultivation"),
      headers: [t("staff:stats.stage"), t("staff:stats.enterprises")],
      rows: d.cultivation.map((c) => [t(`staff:cultivation.stages.${c.stage}`), c.count]),
      chart: {
        kind: "horizontal-bar",
        categories: d.cultivation.map((c) => t(`staff:cultivation.stages.${c.stage}`)),
        series: [{ name: t("staff:stats.enterprises"), data: d.cultivation.map((c) => c.count) }],
        height: 200,
      },
    },
    financing: {
      title: t("staff:stats.charts.financing"),
      headers: [t("staff:stats.month"), ...instrumentNames.map((n) => `${n}（${t("staff:stats.wan")}）`), `${t("staff:stats.total")}（${t("staff:stats.wan")}）`],
      rows: d.financing.months.map((m) => [m.month, ...INSTRUMENT_KEYS.map((k) => wan(m[k])), wan(m.total)]),
      chart: {
        kind: "stacked-bar",
        unit: t("staff:stats.wan"),
        categories: d.financing.months.map((m) => m.month),
        series: INSTRUMENT_KEYS.map((k, i) => ({ name: instrumentNames[i]!, data: d.financing.months.map((m) => wan(m[k])) })),
      },
    },
    service: {
      title: t("staff:stats.charts.service"),
      headers: [t("staff:stats.month"), t("staff:stats.raised"), t("staff:stats.resolved"), t("staff:stats.resolvedInSla"), t("staff:stats.slaRate"), t("staff:stats.ratings"), t("staff:stats.averageRating")],
      rows: d.service.months.map((m) => [
        m.month,
        m.raised,
        m.resolved,
        m.resolvedInSla,
        m.slaRateBp === null ? null : m.slaRateBp / 100,
        m.ratings,
        m.averageRatingX100 === null ? null : m.averageRatingX100 / 100,
      ]),
      chart: {
        kind: "bar",
        categories: d.service.months.map((m) => m.month),
        series: [
          { name: t("staff:stats.raised"), data: d.service.months.map((m) => m.raised) },
          { name: t("staff:stats.resolvedInSla"), data: d.service.months.map((m) => m.resolvedInSla) },
          { name: t("staff:stats.averageRating"), data: d.service.months.map((m) => (m.averageRatingX100 === null ? null : m.averageRatingX100 / 100)) },
        ],
        rightAxisSeries: t("staff:stats.averageRating"),
        rightAxisMax: 5,
      },
    },
  };
}
