import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FINANCING_CHANNELS } from "@db/schema/constants";
import { Money, Rate, StateBadge } from "~/components/financing/financing-ui";
import { MessageButton } from "~/components/financing/message-button";
import { OpenOfferActions } from "~/components/financing/open-offer-actions";
import { FieldErrors, FormErrors, SelectField } from "~/components/ui/field";
import { MoneyInput, RateInput } from "~/components/ui/money-input";
import { costBreakdown } from "~/modules/financing/cost";
import { offerProgressInput, outcomeInput } from "~/modules/financing/financing-schemas";
import { recordOfferProgress, visibleOfferProgress } from "~/modules/financing/offer-progress.server";
import { OfferProgressPanel } from "~/components/financing/offer-progress-panel";
import { newId } from "~/utils/ids";
import { consentGuarantee, getOffer, leaveGuarantee, proposedGuarantees, recordOfferOutcome, refuseGuarantee, withdrawOffer } from "~/modules/financing/offers.server";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { formatDateTime, shanghaiDate } from "~/utils/dates";
import { dispatchIntent, handleForm } from "~/utils/actions.server";
import { orHttpError } from "~/utils/route.server";
import { can } from "~/modules/access";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "offer");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const offer = orHttpError(() => getOffer(context.app, actor, params.offerId!));
  return {
    offer,
    cost: costBreakdown(offer.termsParsed, offer.guarantees),
    channels: FINANCING_CHANNELS,
    today: shanghaiDate(context.app.clock.now()),
    canRecordOutcome: offer.state === "accepted" && can(actor, "record:financing-outcome:party", offer),
    proposals: proposedGuarantees(context.app, actor, offer.id),
    progress: visibleOfferProgress(context.app, actor, offer),
    progressId: newId(),
  };
}

/** Withdraw, record the outcome, and the guarantee answers: the lender agrees or refuses a proposal, a guarantor withdraws. */
const offerDetailIntent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("withdraw") }),
  outcomeInput.extend({ intent: z.literal("outcome") }),
  z.object({ intent: z.literal("consentGuarantee"), guarantorOrgId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("refuseGuarantee"), guarantorOrgId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("leaveGuarantee") }),
  // The button names the step: its intent is the step's kind.
  offerProgressInput.options[0].omit({ kind: true }).extend({ intent: z.literal("approved") }),
  offerProgressInput.options[1].omit({ kind: true }).extend({ intent: z.literal("disbursed") }),
  offerProgressInput.options[2].omit({ kind: true }).extend({ intent: z.literal("failed") }),
]);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const here = `/market/offers/${params.offerId}`;
  const progressSaved = (_recorded: unknown) => redirectWithToast(context.app, request, `${here}#progress`, { kind: "success", message: "financing:progress.saved" });
  return handleForm(request, offerDetailIntent, (value) =>
    dispatchIntent(value, {
      withdraw: () => {
        withdrawOffer(context.app, actor, params.offerId!);
        return redirectWithToast(context.app, request, here, { kind: "success", message: "financing:offer.withdrawn" });
      },
      consentGuarantee: ({ guarantorOrgId }) => {
        consentGuarantee(context.app, actor, params.offerId!, guarantorOrgId);
        return redirectWithToast(context.app, request, here, { kind: "success", message: "financing:offer.guaranteeConsented" });
      },
      refuseGuarantee: ({ guarantorOrgId }) => {
        refuseGuarantee(context.app, actor, params.offerId!, guarantorOrgId);
        return redirectWithToast(context.app, request, here, { kind: "success", message: "financing:offer.guaranteeRefused" });
      },
      leaveGuarantee: () => {
        leaveGuarantee(context.app, actor, params.offerId!);
        return redirectWithToast(context.app, request, here, { kind: "success", message: "financing:offer.guaranteeLeft" });
      },
      approved: ({ intent, ...step }) => progressSaved(recordOfferProgress(context.app, actor, params.offerId!, { ...step, kind: intent })),
      disbursed: ({ intent, ...step }) => progressSaved(recordOfferProgress(context.app, actor, params.offerId!, { ...step, kind: intent })),
      failed: ({ intent, ...step }) => progressSaved(recordOfferProgress(context.app, actor, params.offerId!, { ...step, kind: intent })),
      outcome: ({ intent: _intent, ...outcome }) => {
        recordOfferOutcome(context.app, actor, params.offerId!, outcome);
        return redirectWithToast(context.app, request, here, { kind: "success", message: "financing:offer.outcomeSaved" });
      },
    }),
  );
}

export default function OfferDetailPage() {
  const { t, i18n } = useTranslation("financing");
  const { offer, cost, channels, today, canRecordOutcome, proposals, progress, progressId } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<Record<"amountObtained" | "allInCostBp" | "channel" | "obtainedOn", string>>({ id: "outcome", lastResult, defaultValue: { channel: "board_offer", obtainedOn: today } });
  const terms = offer.termsParsed as Record<string, unknown>;
  const open = ["submitted", "revised", "shortlisted"].includes(offer.state);
  const counterpart = offer.role === "enterprise" ? offer.institutionOrgId : offer.enterpriseOrgId;
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <p className="text-sm text-slate-500">{t("offer.detail")}</p>
        <h1 className="page-title">{offer.needTitle}</h1>
        <p className="mt-1 flex items-center gap-2 text-sm">
          <StateBadge kind="offerStates" state={offer.state} /> {t("common.version", { v: offer.version })}
          {offer.late ? <span className="badge bg-amber-100 text-amber-800">{t("common.late")}</span> : null}
        </p>
      </div>
      <section className="card" aria-labelledby="parties">
        <h2 id="parties" className="text-lg font-semibold">
          {offer.guarantees.length ? t("offer.combined") : t("offer.parties")}
        </h2>
        <ul className="mt-2 text-sm" data-testid="parties">
          <li>
            {offer.institutionName} · {t(`institutionTypes.${offer.institutionType ?? "other"}`, { ns: "common" })} · {t(`matchingInstruments.${offer.instrument}`)} <Money yuan={offer.amount} />
          </li>
          {offer.guarantees.map((g) => (
            <li key={g.guarantorOrgId}>
              {g.guarantorName} · {t(`institutionTypes.guarantor`, { ns: "common" })} · {t("matchingFields.coverageBp")}: <Rate bp={g.coverageBp} /> · {t("matchingFields.feeBp")}: <Rate bp={g.feeBp} />
              {g.conditions ? ` · ${g.conditions}` : ""}
            </li>
          ))}
        </ul>
        {cost ? (
          <p className="mt-3 text-sm" data-testid="total-cost">
            <strong>
              {t("offer.allInCost")}: <Rate bp={cost.totalBp} />
            </strong>{" "}
            <span className="text-slate-600">
              ({t("offer.costBreakdown", { rate: (cost.rateBp / 100).toFixed(2) + "%", fees: (cost.feesBp / 100).toFixed(2) + "%", guarantee: (cost.guaranteeFeeBp / 100).toFixed(2) + "%" })})
            </span>
          </p>
        ) : null}
      </section>
      <section className="card">
        <dl className="grid grid-cols-1 gap-2 text-sm sm:grid-cols-2">
          {Object.entries(terms)
            .filter(([k]) => k !== "instrument")
            .map(([k, v]) => (
              <div key={k}>
                <dt className="text-slate-500">{t(`matchingFields.${k}`)}</dt>
                <dd className="whitespace-pre-line">
                  {Array.isArray(v)
                    ? v.map((c) => t(`matchingCollateral.${c}`)).join(t("common:listSeparator")) || t("common.none")
                    : typeof v === "boolean"
                      ? t(v ? "common.yes" : "common.no")
                      : k.endsWith("Bp")
                        ? <Rate bp={Number(v)} />
                        : ["amount", "preMoneyValuation", "feeAmount", "residualValue"].includes(k)
                          ? <Money yuan={Number(v)} />
                          : String(v)}
                </dd>
              </div>
            ))}
          <div>
            <dt className="text-slate-500">{t("matchingFields.validUntil")}</dt>
            <dd>{offer.validUntil}</dd>
          </div>
        </dl>
        <div className="mt-4 flex flex-wrap gap-3 text-sm">
          {offer.role === "institution" && open ? <OpenOfferActions offerId={offer.id} needId={offer.needId} /> : null}
          {offer.role === "guarantor" && open ? (
            <Form method="post">
              <button name="intent" value="leaveGuarantee" className="text-red-700 hover:underline">
                {t("offer.leaveGuarantee")}
              </button>
            </Form>
          ) : null}
          {offer.role === "enterprise" ? <Link to={`/market/needs/${offer.needId}/offers`}>{t("compare.title", { need: offer.needTitle })}</Link> : null}
          {offer.role === "enterprise" || offer.role === "institution" || offer.role === "guarantor" ? (
            <MessageButton subjectType="offer" subjectId={offer.id} withOrgId={counterpart} className="text-sky-700 hover:underline" />
          ) : null}
        </div>
      </section>
      {proposals.length && open ? (
        <section className="card" aria-labelledby="guarantee-proposals" data-testid="guarantee-proposals">
          <h2 id="guarantee-proposals" className="text-lg font-semibold">
            {t("offer.guaranteeProposals")}
          </h2>
          <ul className="mt-2 divide-y text-sm">
            {proposals.map((g) => (
              <li key={g.guarantorOrgId} className="flex flex-wrap items-center gap-3 py-2">
                <span>
                  {g.guarantorName} · {t("matchingFields.coverageBp")}: <Rate bp={g.coverageBp} /> · {t("matchingFields.feeBp")}: <Rate bp={g.feeBp} />
                  {g.conditions ? ` · ${g.conditions}` : ""}
                </span>
                <Form method="post" className="flex gap-2">
                  <input type="hidden" name="guarantorOrgId" value={g.guarantorOrgId} />
                  <button name="intent" value="consentGuarantee" className="btn-primary text-xs">
                    {t("offer.consentGuarantee")}
                  </button>
                  <button name="intent" value="refuseGuarantee" className="btn-secondary text-xs">
                    {t("offer.refuseGuarantee")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {progress ? <OfferProgressPanel progress={progress} progressId={progressId} today={today} lastResult={lastResult} /> : null}
      {canRecordOutcome ? (
        <section className="card" id="outcome">
          <h2 className="text-lg font-semibold">{t("offer.outcome")}</h2>
          <Form method="post" {...getFormProps(form)} className="mt-3 grid gap-4 sm:grid-cols-2">
            <FormErrors id={form.errorId} errors={form.errors} />
            <MoneyInput id="amountObtained" name="amountObtained" label={t("matchingFields.amountObtained")} defaultYuan={offer.amount} errors={fields.amountObtained.errors} required />
            <RateInput id="allInCostBp" name="allInCostBp" label={t("matchingFields.allInCostBp")} errors={fields.allInCostBp.errors} />
            <SelectField meta={fields.channel} label={t("matchingFields.channel")} options={channels.map((c) => ({ value: c, label: t(`channels.${c}`) }))} />
            <div>
              <label htmlFor="obtainedOn" className="field-label">
                {t("matchingFields.obtainedOn")}
              </label>
              <input id="obtainedOn" name="obtainedOn" type="date" max={today} defaultValue={today} className="field-input" required />
              <FieldErrors ns="financing" errors={fields.obtainedOn.errors} />
            </div>
            <div className="sm:col-span-2">
              <button name="intent" value="outcome" className="btn-primary">
                {t("offer.outcome")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      <section className="card">
        <h2 className="text-lg font-semibold">{t("offer.history")}</h2>
        <ol className="mt-2 space-y-1 text-sm">
          {offer.history.map((h) => (
            <li key={`${h.version}-${h.change}-${h.at}`}>
              {formatDateTime(h.at, i18n.language)} · {t("common.version", { v: h.version })} · {t(`history.${h.change.split(":")[0]}`)}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
