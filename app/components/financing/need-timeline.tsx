import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { NeedTimeline, TimelineStep } from "~/modules/financing/offer-progress.server";
import { formatCalendarDate } from "~/utils/dates";
import { stepDate } from "./progress-dates";
import { formatMoney } from "~/utils/money";

const DOT: Record<TimelineStep["status"], string> = {
  done: "bg-emerald-700 border-emerald-700 text-white",
  current: "bg-white border-amber-600 text-amber-800",
  failed: "bg-red-700 border-red-700 text-white",
  pending: "bg-white border-slate-300 text-slate-500",
};
const MARK: Record<TimelineStep["status"], string> = { done: "✓", current: "•", failed: "✕", pending: "" };

function useStepText() {
  const { t, i18n } = useTranslation("financing");
  const money = (yuan: number) => formatMoney(yuan, i18n.language);
  const when = (s: TimelineStep) => stepDate(s, i18n.language);
  const detail = (s: TimelineStep): string | null => {
    if (s.reason) return t("progress.failedBecause", { reason: s.reason });
    if (s.key === "offers" && s.count) return t("progress.offersCount", { count: s.count });
    if (s.key === "accepted" && (s.count ?? 0) > 1) return t("progress.acceptedCount", { count: s.count });
    if (s.key === "funds" && s.of) return t("progress.received", { amount: money(s.amount ?? 0), of: money(s.of) });
    return null;
  };
  return { t, i18n, when, detail, money };
}

/** The need's progress, published → offers → accepted → approval → funds received, as a vertical list on a phone and a row on a wide screen. */
export function NeedTimelineView({ timeline }: { timeline: NeedTimeline }) {
  const { t, i18n, when, detail, money } = useStepText();
  return (
    <section className="card space-y-3" id="progress" aria-labelledby="progress-h" data-testid="need-timeline">
      <div>
        <h2 id="progress-h" className="text-lg font-semibold">
          {t("progress.title")}
        </h2>
        <p className="text-sm text-slate-600">{t("progress.intro")}</p>
      </div>
      <ol className="grid gap-3 sm:grid-cols-5">
        {timeline.steps.map((s) => (
          <li key={s.key} className="flex gap-3 sm:flex-col sm:gap-1" data-step={s.key} data-status={s.status}>
            <span aria-hidden="true" className={`flex h-7 w-7 shrink-0 items-center justify-center rounded-full border-2 text-sm font-bold ${DOT[s.status]}`}>
              {MARK[s.status]}
            </span>
            <span className="text-sm">
              <strong className="block">{t(`progress.steps.${s.key}`)}</strong>
              <span className="block text-slate-600">
                {t(`progress.status.${s.status}`)}
                {when(s) ? ` · ${when(s)}` : ""}
              </span>
              {detail(s) ? <span className={`block ${s.status === "failed" ? "text-red-800" : "text-slate-700"}`}>{detail(s)}</span> : null}
            </span>
          </li>
        ))}
      </ol>
      {timeline.lanes.length ? (
        <ul className="space-y-1 border-t pt-3 text-sm">
          {timeline.lanes.map((l) => (
            <li key={l.offerId}>
              <Link to={`/market/offers/${l.offerId}`}>{t("progress.lane", { org: l.institutionName, amount: money(l.amount) })}</Link>
              {l.progress.events.length ? (
                <span className="text-slate-600">
                  {" · "}
                  {l.progress.events.map((e) => t(`progress.eventLine.${e.kind}`, { on: formatCalendarDate(e.happenedOn, i18n.language), amount: money(e.amount ?? 0), reason: e.reason ?? "" })).join(t("common:listSeparator"))}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** One line for "my needs": the five steps as marks with the step in progress named. */
export function NeedTimelineCompact({ timeline }: { timeline: NeedTimeline }) {
  const { t, detail } = useStepText();
  const focus = timeline.steps.find((s) => s.status === "failed") ?? timeline.steps.find((s) => s.status === "current") ?? timeline.steps.at(-1)!;
  const label = timeline.steps.map((s) => `${t(`progress.steps.${s.key}`)}: ${t(`progress.status.${s.status}`)}`).join(t("common:listSeparator"));
  return (
    <span className="flex flex-col gap-1" data-testid="need-timeline-compact">
      <span className="flex items-center gap-1" role="img" aria-label={label}>
        {timeline.steps.map((s) => (
          <span key={s.key} className={`inline-block h-3 w-3 rounded-full border-2 ${DOT[s.status]}`} />
        ))}
      </span>
      <span className="text-xs text-slate-600">
        {t(`progress.steps.${focus.key}`)} · {t(`progress.status.${focus.status}`)}
        {detail(focus) ? ` · ${detail(focus)}` : ""}
      </span>
    </span>
  );
}
