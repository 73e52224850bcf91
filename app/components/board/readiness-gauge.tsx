import { useTranslation } from "react-i18next";
import { formatMetricValue } from "~/modules/board/evidence";
import type { ReadinessStandard } from "~/modules/board/tier-rules";

/**
 * The listing-readiness gauge: for each standard and metric, a bar of the enterprise's value against
 * the full listing threshold, with a tick at the 50% target (培育层) and at 100% (listing).
 */
export function ReadinessGauge({ standards }: { standards: ReadinessStandard[] }) {
  const { t, i18n } = useTranslation("board");
  return (
    <div className="space-y-4">
      {standards.map((s) => (
        <section key={s.standard} className="rounded-md border border-slate-200 p-3" aria-label={t(`standards.${s.standard}`)}>
          <header className="flex flex-wrap items-center justify-between gap-2">
            <h4 className="font-medium">{t(`standards.${s.standard}`)}</h4>
            <span className="flex gap-2 text-xs">
              <span className={`badge ${s.met50 ? "bg-amber-100 text-amber-900" : ""}`}>{t(s.met50 ? "gauge.met50" : "gauge.notMet50")}</span>
              <span className={`badge ${s.met100 ? "bg-emerald-700 text-white" : ""}`}>{t(s.met100 ? "gauge.met100" : "gauge.notMet100")}</span>
            </span>
          </header>
          <ul className="mt-2 space-y-2">
            {s.metrics.map((m, i) => {
              const pct = m.achievedBp === null ? 0 : Math.max(0, Math.min(100, m.achievedBp / 100));
              const half = m.target100 > 0 ? Math.min(100, (m.target50 / m.target100) * 100) : 50;
              const label = `${t(`metrics.${m.metric}`)}（${t(`aggregations.${m.aggregation}`, { count: m.years })}）`;
              const value = m.value === null ? t("gauge.noData") : formatMetricValue(m.value, m.unit, i18n.language);
              return (
                <li key={`${m.clause}-${m.metric}-${i}`} className="text-sm">
                  <div className="flex flex-wrap justify-between gap-2">
                    <span>
                      {m.clause !== "*" ? <span className="mr-1 text-xs text-slate-500">{t("gauge.clause", { clause: m.clause })}</span> : null}
                      {label}
                    </span>
                    <span className="tabular-nums text-slate-600">
                      {value} / {t("gauge.targets", { half: formatMetricValue(m.target50, m.unit, i18n.language), full: formatMetricValue(m.target100, m.unit, i18n.language) })}
                    </span>
                  </div>
                  <div
                    className="relative mt-1 h-3 rounded bg-slate-100"
                    role="meter"
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={Math.round(pct)}
                    aria-label={label}
                    aria-valuetext={m.achievedBp === null ? t("gauge.noData") : t("gauge.percentOfThreshold", { pct: (m.achievedBp / 100).toFixed(0) })}
                  >
                    <div className={`h-3 rounded ${m.met100 ? "bg-emerald-500" : m.met50 ? "bg-amber-400" : "bg-slate-400"}`} style={{ width: `${pct}%` }} />
                    <div className="absolute inset-y-[-2px] w-0.5 bg-amber-700" style={{ left: `${half}%` }} title="50%" />
                    <div className="absolute inset-y-[-2px] right-0 w-0.5 bg-emerald-700" title="100%" />
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
