import type { z } from "zod";
import { translator } from "~/i18n/i18n.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { renderChartSvg } from "./charts.server";
import { dashboardDatasets, type Dataset } from "./datasets";
import { boardDashboard, DASHBOARD_CHARTS, prefectureNames, type DashboardChart, type statisticsFilter } from "./statistics.server";

/** The dashboard in one language: each chart's table and its server-rendered SVG. */
export async function dashboardView(ctx: AppContext, actor: Actor, raw: z.input<typeof statisticsFilter>, locale: string) {
  const data = boardDashboard(ctx, actor, raw);
  const t = await translator(locale, "staff");
  const zh = locale.startsWith("zh");
  const names = new Map(prefectureNames(ctx).map((p) => [p.code, zh ? p.zh : p.en]));
  const sets = dashboardDatasets(data, t, (code) => names.get(code) ?? code);
  const charts = DASHBOARD_CHARTS.map((id) => ({ id, ...sets[id], svg: sets[id].rows.length ? renderChartSvg(sets[id].chart) : null }));
  return {
    filter: data.filter,
    totals: {
      enterprises: data.enterprises.total,
      financingTotal: data.financing.total,
      financingCount: data.financing.count,
      averageCostBp: data.financing.averageCostBp,
      requestsRaised: data.service.raised,
      slaRateBp: data.service.slaRateBp,
      averageRatingX100: data.service.averageRatingX100,
    },
    charts,
    prefectures: [...names.entries()].map(([code, name]) => ({ code, name })),
  };
}

export async function dashboardTable(ctx: AppContext, actor: Actor, raw: z.input<typeof statisticsFilter>, locale: string, chart: DashboardChart): Promise<Dataset> {
  const view = await dashboardView(ctx, actor, raw, locale);
  return view.charts.find((c) => c.id === chart)!;
}
