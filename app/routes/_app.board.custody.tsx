import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmptyState, TierBadge } from "~/components/board/badges";
import { listCustodyCountdown, type CustodyReminderLevel } from "~/modules/board/custody.server";
import { getBoardSettings } from "~/modules/board/settings.server";
import { requireActor } from "~/modules/identity/auth.server";
import { formatRate } from "~/utils/money";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "boardCustody");

const LEVELS: CustodyReminderLevel[] = ["overdue", "d5", "d10", "d20", "none", "met_late", "met"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const level = new URL(request.url).searchParams.get("level") as CustodyReminderLevel | null;
  // A page view only reads: the reminders go out from the scheduler's custody job (jobs/registry.server.ts).
  const rows = orHttpError(() => listCustodyCountdown(context.app, actor, level && LEVELS.includes(level) ? { levels: [level] } : {}));
  // The rule's figures come from the board settings, never from the page text.
  const settings = getBoardSettings(context.app);
  return { rows, terms: { days: settings.custodyWorkingDays, ratioBp: settings.custodyRatioBp, ratioCultivationBp: settings.custodyRatioCultivationBp } };
}

const TONE: Record<CustodyReminderLevel, string> = {
  overdue: "bg-red-600 text-white",
  d5: "bg-red-100 text-red-800",
  d10: "bg-amber-100 text-amber-800",
  d20: "bg-yellow-100 text-yellow-800",
  none: "bg-slate-100 text-slate-700",
  met_late: "bg-orange-100 text-orange-800",
  met: "bg-emerald-100 text-emerald-800",
};

export default function CustodyPage() {
  const { t } = useTranslation("board");
  const { rows, terms } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const current = params.get("level") ?? "";
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("custodyPage.title")}</h1>
      <p className="text-sm text-slate-600">{t("custodyPage.intro", { days: terms.days, ratio: formatRate(terms.ratioBp), ratioCultivation: formatRate(terms.ratioCultivationBp) })}</p>
      <nav aria-label={t("custodyPage.filter")} className="flex flex-wrap gap-2 text-sm">
        <Link to="?" aria-current={current === "" ? "page" : undefined} className="badge">{t("custodyPage.all")}</Link>
        {LEVELS.map((l) => (
          <Link key={l} to={`?level=${l}`} aria-current={current === l ? "page" : undefined} className={`badge ${TONE[l]}`}>{t(`custody.levels.${l}`)}</Link>
        ))}
      </nav>
      <section className="card">
        {rows.length === 0 ? (
          <EmptyState>{t("custodyPage.empty")}</EmptyState>
        ) : (
          <table className="table table-cards">
            <caption className="sr-only">{t("custodyPage.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("fields.enterprise")}</th>
                <th scope="col">{t("plans.tier")}</th>
                <th scope="col">{t("custodyPage.entryDate")}</th>
                <th scope="col">{t("custodyPage.deadline")}</th>
                <th scope="col">{t("custodyPage.remaining")}</th>
                <th scope="col">{t("custodyPage.confirmed")}</th>
                <th scope="col">{t("fields.state")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.custodyId}>
                  <td data-label={t("fields.enterprise")}>{r.enterpriseName}</td>
                  <td data-label={t("plans.tier")}><TierBadge tier={r.tier} /></td>
                  <td data-label={t("custodyPage.entryDate")}>{r.entryDate}</td>
                  <td data-label={t("custodyPage.deadline")}>{r.status.deadlineDate}{r.calendarCovered === false ? <span className="ml-1 text-xs text-amber-700" title={t("custodyPage.calendarNotCovered")}>*</span> : null}</td>
                  <td data-label={t("custodyPage.remaining")} className="tabular-nums">{t("custodyPage.workingDays", { n: r.status.remainingWorkingDays })}</td>
                  <td data-label={t("custodyPage.confirmed")} className="tabular-nums">{formatRate(r.status.confirmedRatioBp)} / {formatRate(r.status.requiredRatioBp)}</td>
                  <td data-label={t("fields.state")}><span className={`badge ${TONE[r.status.level]}`}>{t(`custody.levels.${r.status.level}`)}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
