import { useTranslation } from "react-i18next";
import { formatMoney } from "~/utils/money";

type Statement = { fiscalYear: number; revenue: number; netProfit: number; rdExpense: number };

const SERIES = [
  { key: "revenue", color: "#1d4ed8" },
  { key: "netProfit", color: "#059669" },
  { key: "rdExpense", color: "#d97706" },
] as const;

/**
 * A small multi-year trend as inline SVG: three lines and a zero axis. No chart library — three
 * series over a handful of years do not need one, and SVG renders on the server.
 */
export function TrendChart({ statements }: { statements: Statement[] }) {
  const { t, i18n } = useTranslation("enterprises");
  if (statements.length < 2) return null;
  const w = 480;
  const h = 180;
  const pad = { l: 12, r: 12, t: 12, b: 24 };
  const values = statements.flatMap((s) => SERIES.map((x) => s[x.key]));
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  const x = (i: number) => pad.l + (i * (w - pad.l - pad.r)) / (statements.length - 1);
  const y = (v: number) => pad.t + ((max - v) * (h - pad.t - pad.b)) / span;
  const last = statements[statements.length - 1]!;
  return (
    <figure className="mt-3">
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-labelledby="trend-title" className="h-auto w-full max-w-xl">
        <title id="trend-title">
          {t("financials.chartTitle", { from: statements[0]!.fiscalYear, to: last.fiscalYear, revenue: formatMoney(last.revenue, i18n.language) })}
        </title>
        <line x1={pad.l} x2={w - pad.r} y1={y(0)} y2={y(0)} stroke="#cbd5e1" />
        {SERIES.map((s) => (
          <polyline
            key={s.key}
            fill="none"
            stroke={s.color}
            strokeWidth={2}
            points={statements.map((st, i) => `${x(i)},${y(st[s.key])}`).join(" ")}
          />
        ))}
        {statements.map((st, i) => (
          <text key={st.fiscalYear} x={x(i)} y={h - 6} textAnchor="middle" fontSize="11" fill="#475569">
            {st.fiscalYear}
          </text>
        ))}
      </svg>
      <figcaption className="mt-1 flex gap-4 text-xs text-slate-600">
        {SERIES.map((s) => (
          <span key={s.key} className="inline-flex items-center gap-1">
            <span aria-hidden="true" className="inline-block h-2 w-3" style={{ background: s.color }} />
            {t(`financials.fields.${s.key}`)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
