import { translator } from "~/i18n/i18n.server";
import { narrow, renderChartSvg, type ChartSpec } from "~/modules/staff/charts.server";

/**
 * The deck analytics' per-page chart (ADR 0814): reading time per page as bars and viewers per page as a line on a
 * second axis, drawn on the server as SVG like the board statistics (ADR 0701), for a wide screen and for a phone.
 * Built from the aggregate the enterprise may see whatever its viewers chose (no viewer is named in it).
 */
export async function perPageChart(perPage: { page: number; totalMs: number; viewers: number }[], pageCount: number, locale: string): Promise<{ svg: string; svgNarrow: string } | null> {
  if (perPage.length === 0) return null;
  const t = await translator(locale, "roadshows");
  const pages = Array.from({ length: Math.max(pageCount, ...perPage.map((p) => p.page)) }, (_, i) => i + 1);
  const at = new Map(perPage.map((p) => [p.page, p]));
  const seconds = t("analytics.chartSeconds");
  const spec: ChartSpec = {
    kind: "bar",
    categories: pages.map((p) => t("analytics.chartPage", { page: p })),
    series: [
      { name: seconds, data: pages.map((p) => Math.round((at.get(p)?.totalMs ?? 0) / 1000)) },
      { name: t("analytics.chartViewers"), data: pages.map((p) => at.get(p)?.viewers ?? 0) },
    ],
    rightAxisSeries: t("analytics.chartViewers"),
    unit: t("analytics.chartUnit"),
    height: 300,
  };
  return { svg: renderChartSvg(spec), svgNarrow: renderChartSvg(narrow(spec)) };
}
