import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { DECLINE_REASONS } from "@db/schema/constants";
import { Money, Rate, StateBadge } from "~/components/financing/financing-ui";
import { MessageButton } from "~/components/financing/message-button";
import { FormErrors } from "~/components/ui/field";
import { compareOffers, type CompareColumn, type ComparisonRow } from "~/modules/financing/comparison.server";
import { acceptOffer, declineOffer, setResponseDeadline, shortlistOffer } from "~/modules/financing/offers.server";
import { setNeedSyndicated } from "~/modules/financing/needs.server";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { declineInput } from "~/modules/financing/financing-schemas";
import { replyErrors } from "~/utils/action-result";
import { dispatchIntent, handleForm } from "~/utils/actions.server";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "compareOffers");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const data = orHttpError(() => compareOffers(context.app, actor, params.needId!));
  return { ...data, declineReasons: DECLINE_REASONS };
}

const compareIntent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("deadline"), respondBy: z.string() }),
  z.object({ intent: z.literal("syndicated") }),
  z.object({ intent: z.literal("notSyndicated") }),
  z.object({ intent: z.literal("shortlist"), offerId: z.string() }),
  z.object({ intent: z.literal("accept"), offerId: z.string() }),
  declineInput.extend({ intent: z.literal("decline"), offerId: z.string() }),
]);

/** Each button posts one intent; domain errors come back as a message above the table. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const here = `/market/needs/${params.needId}/offers`;
  const done = (message: string) => redirectWithToast(context.app, request, here, { kind: "success", message: `financing:compare.${message}` });
  return handleForm(request, compareIntent, (value) =>
    dispatchIntent(value, {
      deadline: ({ respondBy }) => {
        setResponseDeadline(context.app, actor, params.needId!, respondBy);
        return done("deadlineSaved");
      },
      syndicated: () => {
        setNeedSyndicated(context.app, actor, params.needId!, true);
        return done("syndicatedSaved");
      },
      notSyndicated: () => {
        setNeedSyndicated(context.app, actor, params.needId!, false);
        return done("syndicatedSaved");
      },
      shortlist: ({ offerId }) => {
        shortlistOffer(context.app, actor, offerId);
        return done("shortlisted");
      },
      accept: ({ offerId }) => {
        acceptOffer(context.app, actor, offerId);
        return done("accepted");
      },
      decline: ({ offerId, reason, note }) => {
        declineOffer(context.app, actor, offerId, { reason, note });
        return done("declined");
      },
    }),
  );
}

export default function ComparePage() {
  const { t } = useTranslation("financing");
  const { need, rows, others, best, declineReasons } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const isBest = (column: CompareColumn, id: string) => (best[column] ?? []).includes(id);
  const cell = (column: CompareColumn, id: string) => (isBest(column, id) ? "bg-emerald-50 font-semibold text-emerald-900" : "");
  const equity = need.instrument === "equity";
  return (
    <div className="space-y-6">
      <div>
        <h1 className="page-title">{t("compare.title", { need: need.title })}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("compare.intro")}</p>
      </div>
      <FormErrors errors={replyErrors(result)} />
      <section className="card flex flex-wrap items-end gap-4">
        <p className="text-sm">
          {t(`matchingInstruments.${need.instrument}`)} · <Money yuan={need.amount} /> · <Link to={`/needs/${need.id}`}>{t("offer.needLink")}</Link>
        </p>
        <Form method="post" className="flex items-center gap-2 text-sm">
          {need.syndicated ? <span className="badge">{t("compare.syndicated")}</span> : null}
          <button name="intent" value={need.syndicated ? "notSyndicated" : "syndicated"} className="btn-secondary text-xs">
            {need.syndicated ? t("compare.unsetSyndicated") : t("compare.setSyndicated")}
          </button>
        </Form>
        <Form method="post" className="flex items-end gap-2">
          <div>
            <label htmlFor="respondBy" className="field-label">
              {t("compare.deadline")}
            </label>
            <input id="respondBy" name="respondBy" type="date" className="field-input" defaultValue={need.respondBy ?? ""} required />
          </div>
          <button name="intent" value="deadline" className="btn-secondary">
            {t("compare.setDeadline")}
          </button>
        </Form>
      </section>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{t("compare.empty")}</p>
      ) : (
        <section tabIndex={0} className="card overflow-x-auto">
          <table className="table" data-testid="comparison">
            <caption className="sr-only">{t("compare.title", { need: need.title })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("compare.columns.institution")}</th>
                <th scope="col">{t("compare.columns.state")}</th>
                <th scope="col">{t("compare.columns.amount")}</th>
                {equity ? (
                  <>
                    <th scope="col">{t("compare.columns.preMoneyValuation")}</th>
                    <th scope="col">{t("compare.columns.stakeBp")}</th>
                  </>
                ) : (
                  <>
                    <th scope="col">{t("compare.columns.termMonths")}</th>
                    <th scope="col">{t("compare.columns.rateBp")}</th>
                    <th scope="col">{t("compare.columns.allInCostBp")}</th>
                    <th scope="col">{t("compare.columns.collateralCount")}</th>
                  </>
                )}
                <th scope="col">{t("compare.columns.validUntil")}</th>
                <th scope="col">{t("compare.columns.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <OfferRow key={r.offerId} row={r} equity={equity} cell={cell} declineReasons={declineReasons} />
              ))}
            </tbody>
          </table>
        </section>
      )}
      {others.length ? (
        <section className="card">
          <h2 className="text-lg font-semibold">{t("compare.others")}</h2>
          <ul className="mt-2 divide-y text-sm">
            {others.map((r) => (
              <li key={r.offerId} className="py-2">
                {r.institutionName} · <StateBadge kind="offerStates" state={r.state} /> {r.expired ? <span className="badge">{t("common.expired")}</span> : null} · <Money yuan={r.amount} />{" "}
                {r.declineReason ? `· ${t(`declineReasons.${r.declineReason}`)}` : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function OfferRow({ row: r, equity, cell, declineReasons }: { row: ComparisonRow; equity: boolean; cell: (c: CompareColumn, id: string) => string; declineReasons: readonly string[] }) {
  const { t } = useTranslation("financing");
  const open = ["submitted", "revised", "shortlisted"].includes(r.state);
  return (
    <tr data-testid="offer-row" data-institution={r.institutionName}>
      <td>
        <Link to={`/market/offers/${r.offerId}`}>{r.institutionName}</Link>
        {r.guarantees.length ? (
          <p className="text-xs text-slate-600">
            {t("offer.combined")}: {r.guarantees.map((g) => g.guarantorName).join(t("common:listSeparator"))}
          </p>
        ) : null}
        {r.late ? <span className="badge bg-amber-100 text-amber-800">{t("common.late")}</span> : null}
      </td>
      <td>
        <StateBadge kind="offerStates" state={r.state} />
        <span className="block text-xs text-slate-500">{t("common.version", { v: r.version })}</span>
      </td>
      <td className={cell("amount", r.offerId)}>
        <Money yuan={r.amount} />
      </td>
      {equity ? (
        <>
          <td className={cell("preMoneyValuation", r.offerId)}>
            <Money yuan={r.preMoneyValuation} />
          </td>
          <td>{r.terms.instrument === "equity" ? <Rate bp={r.terms.stakeBp} /> : "—"}</td>
        </>
      ) : (
        <>
          <td className={cell("termMonths", r.offerId)}>{r.termMonths ? t("compare.months", { n: r.termMonths }) : "—"}</td>
          <td className={cell("rateBp", r.offerId)}>
            <Rate bp={r.rateBp} />
          </td>
          <td className={cell("allInCostBp", r.offerId)} data-testid="all-in">
            <Rate bp={r.allInCostBp} />
            {r.cost ? (
              <span className="block text-xs font-normal text-slate-500">
                {t("offer.costBreakdown", { rate: (r.cost.rateBp / 100).toFixed(2) + "%", fees: (r.cost.feesBp / 100).toFixed(2) + "%", guarantee: (r.cost.guaranteeFeeBp / 100).toFixed(2) + "%" })}
              </span>
            ) : null}
          </td>
          <td className={cell("collateralCount", r.offerId)}>
            {r.terms.instrument === "loan" ? (r.terms.collateral.length ? r.terms.collateral.map((c) => t(`matchingCollateral.${c}`)).join(t("common:listSeparator")) : t("matchingCollateral.credit")) : "—"}
          </td>
        </>
      )}
      <td className={cell("validUntil", r.offerId)}>{r.validUntil}</td>
      <td className="space-y-1">
        {open ? (
          <div className="flex flex-wrap gap-2">
            {r.state !== "shortlisted" ? (
              <Form method="post">
                <input type="hidden" name="offerId" value={r.offerId} />
                <button name="intent" value="shortlist" className="btn-secondary text-xs">
                  {t("compare.shortlist")}
                </button>
              </Form>
            ) : null}
            <Form method="post">
              <input type="hidden" name="offerId" value={r.offerId} />
              <button name="intent" value="accept" className="btn-primary text-xs">
                {t("compare.accept")}
              </button>
            </Form>
            <Form method="post" className="flex items-center gap-1">
              <input type="hidden" name="offerId" value={r.offerId} />
              <select name="reason" aria-label={t("matchingFields.reason")} className="field-input py-0 text-xs">
                {declineReasons.map((reason) => (
                  <option key={reason} value={reason}>
                    {t(`declineReasons.${reason}`)}
                  </option>
                ))}
              </select>
              <button name="intent" value="decline" className="text-xs text-red-700 hover:underline">
                {t("compare.decline")}
              </button>
            </Form>
          </div>
        ) : null}
        {r.state === "accepted" ? <Link to={`/market/offers/${r.offerId}#outcome`}>{t("offer.outcome")}</Link> : null}
        <MessageButton subjectType="offer" subjectId={r.offerId} withOrgId={r.institutionOrgId} className="text-xs text-sky-700 hover:underline" />
      </td>
    </tr>
  );
}
