import type { z } from "zod";
import { translator } from "~/i18n/i18n.server";
import { can } from "~/modules/access";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { narrow, renderChartSvg } from "./charts.server";
import { dashboardDatasets, type Dataset } from "./datasets";
import type { PackChart } from "./report-files.server";
import { statsTiles } from "./stats-tiles.server";
import { boardDashboard, DASHBOARD_CHARTS, dashboardData, prefectureNames, type DashboardChart, type StatisticsFilter, type statisticsFilter } from "./statistics.server";

/** A chart is drawn only when it has something to show: a month-by-month table of zeros gets "no data" instead. */
const hasFigures = (d: Dataset) => d.rows.length > 0 && d.chart.series.some((s) => s.data.some((v) => v !== null && v !== 0));

/** The dashboard in one language: each chart's table and its server-rendered SVG. */
export async function dashboardView(ctx: AppContext, actor: Actor, raw: z.input<typeof statisticsFilter>, locale: string) {
  const data = boardDashboard(ctx, actor, raw);
  const t = await translator(locale, "staff");
  const zh = locale.startsWith("zh");
  const names = new Map(prefectureNames(ctx).map((p) => [p.code, zh ? p.zh : p.en]));
  const sets = dashboardDatasets(data, t, (code) => names.get(code) ?? code);
  const charts = DASHBOARD_CHARTS.map((id) => {
    const drawn = hasFigures(sets[id]);
    return { id, ...sets[id], svg: drawn ? renderChartSvg(sets[id].chart) : null, svgNarrow: drawn ? renderChartSvg(narrow(sets[id].chart)) : null };
  });
  const totals = {
    enterprises: data.enterprises.total,
    financingTotal: data.financing.total,
    financingCount: data.financing.count,
    requestsRaised: data.service.raised,
    slaRateBp: data.service.slaRateBp,
    averageRatingX100: data.service.averageRatingX100,
  };
  // A bureau's dashboard is fixed to its prefecture: its filter offers only that one.
  const choosable = can(actor, "read:board-statistics:any") ? [...names.keys()] : [data.filter.prefecture].filter((c): c is string => !!c);
  return {
    filter: data.filter,
    tiles: statsTiles(ctx, actor, totals, data.filter),
    charts,
    prefectures: choosable.map((code) => ({ code, name: names.get(code) ?? code })),
    anyPrefecture: can(actor, "read:board-statistics:any"),
  };
}

export async function dashboardTable(ctx: AppContext, actor: Actor, raw: z.input<typeof statisticsFilter>, locale: string, chart: DashboardChart): Promise<Dataset> {
  const view = await dashboardView(ctx, actor, raw, locale);
  return view.charts.find((c) => c.id === chart)!;
}

/** The dashboard's charts for a report period (whole region), as /stats draws them, for the pack's PDF. */
export async function packCharts(ctx: Pick<AppContext, "db" | "clock">, f: StatisticsFilter, locale: string): Promise<PackChart[]> {
  const t = await translator(locale, "staff");
  const zh = locale.startsWith("zh");
  const names = new Map(prefectureNames(ctx).map((p) => [p.code, zh ? p.zh : p.en]));
  const sets = dashboardDatasets(dashboardData(ctx, f), t, (code) => names.get(code) ?? code);
  return DASHBOARD_CHARTS.map((id) => ({ title: sets[id].title, svg: hasFigures(sets[id]) ? renderChartSvg(sets[id].chart) : null, note: sets[id].note }));
}
