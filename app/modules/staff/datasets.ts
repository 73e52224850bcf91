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
  response: { months: ResponseRow[]; byInstrument: ResponseRow[] };
  roadshows: { months: { month: string; events: number; presenters: number; registrations: number; attendees: number }[] };
};
type ResponseRow = { key: string; answered: number; daysToFirstOfferX10: number | null; decided: number; daysToDecisionX10: number | null };
export const DATASET_IDS = ["tier", "prefecture", "industry", "funnel", "cultivation", "financing", "service", "response", "responseByInstrument", "roadshows"] as const;

export type Dataset = { title: string; headers: string[]; rows: (string | number | null)[][]; note?: string; chart: ChartSpec };

const INSTRUMENT_KEYS = ["equity", "convertible", "loan", "guarantee", "leasing"] as const;
export const wan = (yuan: number): number => Math.round(yuan / 100) / 100;

export function dashboardDatasets(d: Dashboard, t: TFunction, prefectureName: (code: string) => string): Record<(typeof DATASET_IDS)[number], Dataset> {
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
  const days = (x10: number | null) => (x10 === null ? null : x10 / 10);
  const responseHeaders = (first: string) => [first, t("staff:stats.needsAnswered"), t("staff:stats.daysToFirstOffer"), t("staff:stats.offersDecided"), t("staff:stats.daysToDecision")];
  const responseRows = (rows: ResponseRow[], label: (k: string) => string) => rows.map((r) => [label(r.key), r.answered, days(r.daysToFirstOfferX10), r.decided, days(r.daysToDecisionX10)]);
  const responseSeries = (rows: ResponseRow[]) => [
    { name: t("staff:stats.daysToFirstOffer"), data: rows.map((r) => days(r.daysToFirstOfferX10)) },
    { name: t("staff:stats.daysToDecision"), data: rows.map((r) => days(r.daysToDecisionX10)) },
  ];
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
    response: {
      title: t("staff:stats.charts.response"),
      headers: responseHeaders(t("staff:stats.month")),
      rows: responseRows(d.response.months, (k) => k),
      note: t("staff:stats.responseNote"),
      chart: { kind: "bar", unit: t("staff:stats.days"), categories: d.response.months.map((m) => m.key), series: responseSeries(d.response.months) },
    },
    responseByInstrument: {
      title: t("staff:stats.charts.responseByInstrument"),
      headers: responseHeaders(t("staff:stats.instrument")),
      rows: responseRows(d.response.byInstrument, (k) => t(`financing:instruments.${k}`)),
      note: t("staff:stats.responseNote"),
      chart: { kind: "bar", unit: t("staff:stats.days"), categories: d.response.byInstrument.map((r) => t(`financing:instruments.${r.key}`)), series: responseSeries(d.response.byInstrument) },
    },
    roadshows: {
      title: t("staff:stats.charts.roadshows"),
      headers: [t("staff:stats.month"), t("staff:stats.events"), t("staff:stats.presenters"), t("staff:stats.registrations"), t("staff:stats.attendees")],
      rows: d.roadshows.months.map((m) => [m.month, m.events, m.presenters, m.registrations, m.attendees]),
      note: t("staff:stats.roadshowsNote"),
      chart: {
        kind: "bar",
        categories: d.roadshows.months.map((m) => m.month),
        series: [
          { name: t("staff:stats.registrations"), data: d.roadshows.months.map((m) => m.registrations) },
          { name: t("staff:stats.attendees"), data: d.roadshows.months.map((m) => m.attendees) },
          { name: t("staff:stats.events"), data: d.roadshows.months.map((m) => m.events) },
        ],
        rightAxisSeries: t("staff:stats.events"),
      },
    },
  };
}
