import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmptyState, TierBadge } from "~/components/board/badges";
import { boardStatusOf } from "~/modules/board/admission.server";
import { recordConfirmedShares } from "~/modules/board/custody.server";
import { runAction, str } from "~/modules/board/route-support.server";
import { requireActor } from "~/modules/identity/auth.server";
import { shanghaiDate } from "~/utils/dates";
import { formatRate } from "~/utils/money";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "boardMembership");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const status = orHttpError(() => boardStatusOf(context.app, actor, actor.orgId));
  return { ...status, today: shanghaiDate(context.app.clock.now()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const fd = await request.formData();
  return runAction(
    context,
    request,
    () =>
      recordConfirmedShares(context.app, actor, {
        custodyId: str(fd, "custodyId"),
        asOf: str(fd, "asOf"),
        confirmedShares: Number(str(fd, "confirmedShares")),
        totalShares: Number(str(fd, "totalShares")),
        note: str(fd, "note") || undefined,
      }),
    { to: "/board/membership", message: "board:membership.recorded" },
  );
}

export default function MembershipPage() {
  const { t } = useTranslation("board");
  const { membership, custody, today } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("membership.title")}</h1>
      {!membership ? (
        <div className="card">
          <EmptyState>{t("membership.notMember")}</EmptyState>
          <Link to="/board/apply" className="btn-primary">{t("membership.apply")}</Link>
        </div>
      ) : (
        <section className="card" data-testid="board-membership">
          <dl className="grid gap-4 text-sm sm:grid-cols-4">
            <div><dt className="text-slate-500">{t("membership.status")}</dt><dd>{t(`membershipStatus.${membership.status}`)}{membership.removalReason ? ` · ${t(`removalReasons.${membership.removalReason}`)}` : ""}</dd></div>
            <div><dt className="text-slate-500">{t("plans.tier")}</dt><dd><TierBadge tier={membership.tier} /></dd></div>
            <div><dt className="text-slate-500">{t("custodyPage.entryDate")}</dt><dd>{membership.entryDate}</dd></div>
            <div><dt className="text-slate-500">{t("membership.servicePerson")}</dt><dd>{membership.servicePersonName ?? "—"}{membership.servicePersonEmail ? <div className="text-xs text-slate-500">{membership.servicePersonEmail}</div> : null}</dd></div>
          </dl>
        </section>
      )}
      {custody ? (
        <section className="card space-y-3" aria-labelledby="custody-heading">
          <h2 id="custody-heading" className="text-lg font-semibold">{t("membership.custody")}</h2>
          <p className="text-sm">
            {t("membership.custodyLine", {
              deadline: custody.status.deadlineDate,
              days: custody.status.remainingWorkingDays,
              confirmed: formatRate(custody.status.confirmedRatioBp),
              required: formatRate(custody.status.requiredRatioBp),
            })}{" "}
            <span className="badge">{t(`custody.levels.${custody.status.level}`)}</span>
          </p>
          <div className="h-3 rounded bg-slate-100" role="meter" aria-valuemin={0} aria-valuemax={10000} aria-valuenow={custody.status.confirmedRatioBp} aria-label={t("membership.custody")}>
            <div className={`h-3 rounded ${custody.status.met ? "bg-emerald-500" : "bg-amber-400"}`} style={{ width: `${custody.status.confirmedRatioBp / 100}%` }} />
          </div>
          <Form method="post" className="grid gap-3 sm:grid-cols-5 sm:items-end">
            <input type="hidden" name="custodyId" value={custody.record.id} />
            <div><label htmlFor="asOf" className="field-label">{t("membership.asOf")}</label><input id="asOf" name="asOf" type="date" defaultValue={today} max={today} required className="field-input" /></div>
            <div><label htmlFor="confirmedShares" className="field-label">{t("membership.confirmedShares")}</label><input id="confirmedShares" name="confirmedShares" type="number" min={0} required className="field-input" /></div>
            <div><label htmlFor="totalShares" className="field-label">{t("membership.totalShares")}</label><input id="totalShares" name="totalShares" type="number" min={1} defaultValue={custody.status.totalShares} required className="field-input" /></div>
            <div><label htmlFor="note" className="field-label">{t("membership.note")}</label><input id="note" name="note" className="field-input" /></div>
            <button className="btn-primary" disabled={busy}>{t("membership.record")}</button>
          </Form>
          {custody.history.length ? (
            <ul className="text-sm text-slate-600">
              {custody.history.map((h) => (
                <li key={h.id}>{h.asOf}：{h.confirmedShares.toLocaleString()} / {h.totalShares.toLocaleString()}{h.note ? ` · ${h.note}` : ""}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
