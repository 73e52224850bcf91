import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AppStateBadge, TierBadge } from "./badges";

// The shape of boardDashboard() (app/modules/board/dashboard.server.ts) as the loader serialises it.
type Data = {
  bureau: { toForward: number; returned: number; draftsOwn: number } | null;
  reviewer: { toCheck: number; checked: number; plansInApproval: number; openObjections: number } | null;
  regulator: { awaitingMySignOff: number } | null;
  enterprise: {
    application: { id: string; state: string; roundName: string } | null;
    pendingConfirmations: number;
    membership: { tier: string; entryDate: string; status: string; servicePersonName: string | null } | null;
    custody: { deadlineDate: string; remainingWorkingDays: number; level: string; confirmedRatioBp: number; requiredRatioBp: number; met: boolean } | null;
  } | null;
  admin: { roundsByState: Record<string, number> } | null;
};

function Stat({ label, value, to, testId }: { label: string; value: number | string; to: string; testId: string }) {
  return (
    <Link to={to} className="card block no-underline hover:ring-2 hover:ring-brand-200" data-testid={testId}>
      <p className="text-sm text-slate-500">{label}</p>
      <p className="mt-1 text-3xl font-semibold text-slate-900">{value}</p>
    </Link>
  );
}

const pct = (bp: number) => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)}%`;

/** The board's to-do numbers per role; renders nothing for roles the board does not involve. */
export function BoardDashboardCards({ data }: { data: Data }) {
  const { t } = useTranslation("board");
  const { bureau, reviewer, regulator, enterprise, admin } = data;
  if (!bureau && !reviewer && !regulator && !enterprise && !admin) return null;
  return (
    <section aria-labelledby="board-work-heading" className="space-y-3" data-testid="board-dashboard">
      <h2 id="board-work-heading" className="text-lg font-semibold">
        {t("dashboard.title")}
      </h2>
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        {bureau ? (
          <>
            <Stat label={t("dashboard.toForward")} value={bureau.toForward} to="/board/queue" testId="board-card-to-forward" />
            <Stat label={t("dashboard.returned")} value={bureau.returned} to="/board/queue" testId="board-card-returned" />
            <Stat label={t("dashboard.draftsOwn")} value={bureau.draftsOwn} to="/board/apply" testId="board-card-bureau-drafts" />
          </>
        ) : null}
        {reviewer ? (
          <>
            <Stat label={t("dashboard.toCheck")} value={reviewer.toCheck} to="/board/review" testId="board-card-to-check" />
            <Stat label={t("dashboard.checked")} value={reviewer.checked} to="/board/review?show=checked" testId="board-card-checked" />
            <Stat label={t("dashboard.plansInApproval")} value={reviewer.plansInApproval} to="/board/plans" testId="board-card-plans-in-approval" />
            <Stat label={t("dashboard.openObjections")} value={reviewer.openObjections} to="/board/notices" testId="board-card-open-objections" />
          </>
        ) : null}
        {regulator ? <Stat label={t("dashboard.awaitingMySignOff")} value={regulator.awaitingMySignOff} to="/board/plans" testId="board-card-awaiting-sign-off" /> : null}
      </div>
      {admin ? (
        <div className="card" data-testid="board-card-rounds">
          <h3 className="font-medium">{t("dashboard.roundsByState")}</h3>
          <dl className="mt-2 grid grid-cols-2 gap-3 text-sm sm:grid-cols-5">
            {Object.entries(admin.roundsByState).map(([state, n]) => (
              <div key={state}>
                <dt className="text-slate-500">{t(`roundStates.${state}`)}</dt>
                <dd className="text-2xl font-semibold">
                  <Link to="/board/rounds">{n}</Link>
                </dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
      {enterprise ? <EnterpriseCard data={enterprise} /> : null}
    </section>
  );
}

function EnterpriseCard({ data }: { data: NonNullable<Data["enterprise"]> }) {
  const { t } = useTranslation("board");
  const { application, membership, custody } = data;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <div className="card space-y-2" data-testid="board-card-my-application">
        <h3 className="font-medium">{t("dashboard.myApplication")}</h3>
        {application ? (
          <p className="text-sm">
            <Link to={`/board/applications/${application.id}`}>{application.roundName}</Link> <AppStateBadge state={application.state} />
          </p>
        ) : (
          <p className="text-sm text-slate-600">
            {t("dashboard.noApplication")} <Link to="/board/apply">{t("nav.apply")}</Link>
          </p>
        )}
        {data.pendingConfirmations > 0 ? (
          <p className="text-sm text-amber-800">
            <Link to="/board/apply">{t("dashboard.pendingConfirmations", { n: data.pendingConfirmations })}</Link>
          </p>
        ) : null}
      </div>
      <div className="card space-y-2" data-testid="board-card-membership">
        <h3 className="font-medium">{t("dashboard.membership")}</h3>
        {membership ? (
          <p className="text-sm">
            <TierBadge tier={membership.tier} /> {t(`membershipStatus.${membership.status}`)} · {t("dashboard.entryDate", { date: membership.entryDate })}
            {membership.servicePersonName ? ` · ${t("dashboard.servicePerson", { name: membership.servicePersonName })}` : ""}
          </p>
        ) : (
          <p className="text-sm text-slate-600">{t("dashboard.notListed")}</p>
        )}
        {custody ? (
          <p className={`text-sm ${custody.level === "overdue" ? "text-red-700" : custody.met ? "text-emerald-700" : ""}`} data-testid="board-card-custody">
            <Link to="/board/membership">
              {custody.met
                ? t("dashboard.custodyMet", { ratio: pct(custody.confirmedRatioBp) })
                : custody.level === "overdue"
                  ? t("dashboard.custodyOverdue", { deadline: custody.deadlineDate, ratio: pct(custody.confirmedRatioBp), required: pct(custody.requiredRatioBp) })
                  : t("dashboard.custodyCountdown", { n: custody.remainingWorkingDays, deadline: custody.deadlineDate, ratio: pct(custody.confirmedRatioBp), required: pct(custody.requiredRatioBp) })}
            </Link>
          </p>
        ) : null}
      </div>
    </div>
  );
}
