import type * as Echarts from "echarts";
import { onFirstUse } from "~/utils/on-first-use.server";

const echarts = onFirstUse<typeof Echarts>("echarts");

/**
 * Charts are drawn on the server by Apache ECharts' SSR renderer into an SVG string (ADR 0701): the page shows them
 * without JavaScript, they print, and the same function feeds the report pack. Colours follow the app's palette;
 * animation is off so the output is deterministic.
 */

const PALETTE = ["#2563eb", "#059669", "#d97706", "#7c3aed", "#dc2626", "#0891b2", "#64748b"];
// Single quotes inside: the SSR renderer writes the family into a double-quoted style attribute without escaping.
const FONT = "'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/** A null is "no value" (a gap in a line, e.g. a month with no ratings), not zero. */
export type ChartSeries = { name: string; data: (number | null)[] };
export type ChartSpec = {
  kind: "bar" | "stacked-bar" | "horizontal-bar" | "line";
  categories: string[];
  series: ChartSeries[];
  /** Shown on the value axis, e.g. "万元". */
  unit?: string;
  width?: number;
  height?: number;
  /** A second value axis on the right for the series named here (e.g. a rate beside counts). */
  rightAxisSeries?: string;
  rightAxisMax?: number;
};

function option(spec: ChartSpec): Echarts.EChartsOption {
  const horizontal = spec.kind === "horizontal-bar";
  // The legend wraps on a narrow chart: leave room for its rows (and the unit above the axis) so nothing overlaps.
  const legendRows = spec.series.length > 1 ? Math.ceil(spec.series.length / ((spec.width ?? 640) < 480 ? 3 : 6)) : 0;
  const rotate = !horizontal && spec.categories.length > 6 ? 30 : 0;
  // Long labels wrap (vertical bars) or are cut with an ellipsis (horizontal bars); the table view has them whole.
  const categoryAxis = {
    type: "category" as const,
    data: spec.categories,
    axisLabel: { interval: 0, fontFamily: FONT, fontSize: 11, rotate, width: horizontal ? ((spec.width ?? 640) < 480 ? 100 : 170) : rotate ? undefined : Math.max(60, Math.floor(((spec.width ?? 640) - 100) / Math.max(1, spec.categories.length))), overflow: horizontal ? ("truncate" as const) : ("break" as const) },
  };
  const valueAxis = { type: "value" as const, name: spec.unit ?? "", nameTextStyle: { fontFamily: FONT }, axisLabel: { fontFamily: FONT, fontSize: 11 }, minInterval: 1 };
  const yAxes = spec.rightAxisSeries ? [valueAxis, { type: "value" as const, max: spec.rightAxisMax, minInterval: spec.rightAxisMax === undefined ? 1 : undefined, axisLabel: { fontFamily: FONT, fontSize: 11 }, splitLine: { show: false } }] : valueAxis;
  return {
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: FONT },
    // The SSR renderer estimates text widths without the real font; a margin keeps long category labels inside.
    grid: { left: horizontal ? 28 : 8, right: spec.rightAxisSeries ? 16 : 32, top: legendRows ? 16 + 22 * legendRows + (spec.unit ? 14 : 0) : 24, bottom: 8, containLabel: true },
    legend: spec.series.length > 1 ? { top: 0, textStyle: { fontFamily: FONT, fontSize: 11 } } : undefined,
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? { ...categoryAxis, inverse: true } : yAxes,
    series: spec.series.map((s) => ({
      name: s.name,
      type: spec.kind === "line" || s.name === spec.rightAxisSeries ? ("line" as const) : ("bar" as const),
      data: s.data,
      stack: spec.kind === "stacked-bar" && s.name !== spec.rightAxisSeries ? "total" : undefined,
      yAxisIndex: s.name === spec.rightAxisSeries ? 1 : 0,
      label: spec.kind === "horizontal-bar" || (spec.kind === "bar" && spec.series.length === 1) ? { show: true, position: horizontal ? ("right" as const) : ("top" as const), fontSize: 11, fontFamily: FONT } : undefined,
    })),
  };
}

/** The same chart drawn for a phone's width (its labels readable without zooming); the height follows the data. */
export const narrow = (spec: ChartSpec): ChartSpec => ({ ...spec, width: 360, height: spec.kind === "horizontal-bar" ? spec.height : 280 });

/** The chart as a standalone SVG document (escaped text; no script). */
export function renderChartSvg(spec: ChartSpec): string {
  const chart = echarts().init(null, null, { renderer: "svg", ssr: true, width: spec.width ?? 640, height: spec.height ?? 320 });
  try {
    chart.setOption(option(spec));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export { option as chartOption };
