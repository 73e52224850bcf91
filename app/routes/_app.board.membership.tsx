import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { EmptyState, TierBadge } from "~/components/board/badges";
import { boardStatusOf } from "~/modules/board/admission.server";
import { recordConfirmedShares } from "~/modules/board/custody.server";
import { boardActionOptions, boardDone } from "~/modules/board/route-support.server";
import { handleForm } from "~/utils/actions.server";
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
  return handleForm(
    request,
    z.object({ custodyId: z.string(), asOf: z.string().default(""), confirmedShares: z.number(), totalShares: z.number(), unconfirmedAccountNo: z.string().max(60).optional(), responsibleParty: z.string().max(200).optional(), note: z.string().optional() }),
    (shares) => {
      recordConfirmedShares(context.app, actor, shares);
      return boardDone(context, request, "/board/membership", "board:membership.recorded");
    },
    boardActionOptions(context, request),
  );
}

export default function MembershipPage() {
  const { t } = useTranslation(["board", "boardRules"]);
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
            {custody.status.metOn ? <span className="ml-2 text-xs text-slate-600">{t("custody.metOn", { ns: "boardRules", date: custody.status.metOn })}</span> : null}
          </p>
          <div className="h-3 rounded bg-slate-100" role="meter" aria-valuemin={0} aria-valuemax={10000} aria-valuenow={custody.status.confirmedRatioBp} aria-label={t("membership.custody")}>
            <div className={`h-3 rounded ${custody.status.met ? "bg-emerald-500" : "bg-amber-400"}`} style={{ width: `${custody.status.confirmedRatioBp / 100}%` }} />
          </div>
          <Form method="post" className="grid gap-3 sm:grid-cols-5 sm:items-end">
            <input type="hidden" name="custodyId" value={custody.record.id} />
            <div><label htmlFor="asOf" className="field-label">{t("membership.asOf")}</label><input id="asOf" name="asOf" type="date" defaultValue={today} max={today} required className="field-input" /></div>
            <div><label htmlFor="confirmedShares" className="field-label">{t("membership.confirmedShares")}</label><input id="confirmedShares" name="confirmedShares" type="number" min={0} required className="field-input" /></div>
            <div><label htmlFor="totalShares" className="field-label">{t("membership.totalShares")}</label><input id="totalShares" name="totalShares" type="number" min={1} defaultValue={custody.status.totalShares} required className="field-input" /></div>
            <div><label htmlFor="unconfirmedAccountNo" className="field-label">{t("custody.unconfirmedAccountNo", { ns: "boardRules" })}</label><input id="unconfirmedAccountNo" name="unconfirmedAccountNo" maxLength={60} aria-describedby="unconfirmed-hint" className="field-input" /></div>
            <div><label htmlFor="responsibleParty" className="field-label">{t("custody.responsibleParty", { ns: "boardRules" })}</label><input id="responsibleParty" name="responsibleParty" maxLength={200} aria-describedby="unconfirmed-hint" className="field-input" /></div>
            <p id="unconfirmed-hint" className="field-hint sm:col-span-5">{t("custody.unconfirmedHint", { ns: "boardRules" })} {t("custody.asOfHint", { ns: "boardRules", deadline: custody.status.deadlineDate })}</p>
            <div><label htmlFor="note" className="field-label">{t("membership.note")}</label><input id="note" name="note" className="field-input" /></div>
            <button className="btn-primary" disabled={busy}>{t("membership.record")}</button>
          </Form>
          {custody.history.length ? (
            <ul className="text-sm text-slate-600">
              {custody.history.map((h) => (
                <li key={h.id}>
                  {h.asOf}：{h.confirmedShares.toLocaleString()} / {h.totalShares.toLocaleString()}
                  {h.unconfirmedAccountNo ? ` · ${t("custody.account", { ns: "boardRules", account: h.unconfirmedAccountNo, party: h.responsibleParty ?? "" })}` : ""}
                  {h.note ? ` · ${h.note}` : ""}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
