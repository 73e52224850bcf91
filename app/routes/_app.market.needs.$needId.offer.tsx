import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { COLLATERAL_TYPES } from "@db/schema/constants";
import { OfferTermsFields } from "~/components/financing/offer-fields";
import { ErrorSummary } from "~/components/ui/error-summary";
import { Money, Rate, StateBadge } from "~/components/financing/financing-ui";
import { OpenOfferActions } from "~/components/financing/open-offer-actions";
import { FormErrors } from "~/components/ui/field";
import { headlineOf } from "~/modules/financing/cost";
import { offerFormInput, submitOfferInput } from "~/modules/financing/financing-schemas";
import { confirmationToken, offerPlausibility, type PlausibilityPrompt } from "~/modules/financing/offer-plausibility";
import { offerFormContext, reviseOffer, submitOffer, withdrawOffer } from "~/modules/financing/offers.server";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { errorsByField } from "~/utils/action-result";
import { shanghaiDate } from "~/utils/dates";
import { dispatchIntent, handleForm } from "~/utils/actions.server";
import { formatMoney } from "~/utils/money";
import { newId } from "~/utils/ids";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "makeOffer");

/** The fields an offer (new or revised) validates: the error summary lists only those. */
const OFFER_FIELDS = getZodConstraint(submitOfferInput);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const data = orHttpError(() => offerFormContext(context.app, actor, params.needId!));
  return { ...data, clientId: newId(), collateralTypes: COLLATERAL_TYPES };
}

const offerIntent = (today: string) =>
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("withdraw"), offerId: z.string() }),
    offerFormInput(today).extend({ intent: z.literal("submit"), confirm: z.string().optional() }),
    offerFormInput(today).extend({ intent: z.literal("revise"), offerId: z.string(), confirm: z.string().optional() }),
  ]);

/** An offer far from the need's amount or on another term is sent back once for confirmation (issue 18). */
type ConfirmReply = SubmissionResult<string[]> & { confirm: { token: string; prompts: PlausibilityPrompt[] } };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const here = `/market/needs/${params.needId}/offer`;
  return handleForm(request, offerIntent(shanghaiDate(context.app.clock.now())), (value, submission) => {
    /** Submitting or revising asks once when the terms look implausible for the need; the reply keeps the form. */
    const confirmedOr = (input: { terms: Parameters<typeof headlineOf>[0]; confirm?: string }, go: () => Promise<Response>): Promise<Response> | ConfirmReply => {
      const { need } = offerFormContext(context.app, actor, params.needId!);
      const head = headlineOf(input.terms);
      const prompts = offerPlausibility(need, head);
      const token = confirmationToken(head);
      if (prompts.length && input.confirm !== token) return { ...submission.reply(), confirm: { token, prompts } };
      return go();
    };
    return dispatchIntent<typeof value, Promise<Response> | ConfirmReply>(value, {
      withdraw: ({ offerId }) => {
        withdrawOffer(context.app, actor, offerId);
        return redirectWithToast(context.app, request, here, { kind: "success", message: "financing:offer.withdrawn" });
      },
      revise: ({ offerId, validUntil, terms, confirm }) =>
        confirmedOr({ terms, confirm }, () => {
          reviseOffer(context.app, actor, offerId, { validUntil, terms });
          return redirectWithToast(context.app, request, here, { kind: "success", message: "financing:offer.revised" });
        }),
      submit: (input) =>
        confirmedOr(input, () => {
          const { offer } = submitOffer(context.app, actor, input);
          return redirectWithToast(context.app, request, `/market/offers/${offer.id}`, { kind: "success", message: "financing:offer.submitted" });
        }),
    });
  });
}

export default function OfferPage() {
  const { t, i18n } = useTranslation("financing");
  const { need, respondBy, canOffer, mine, clientId, today, collateralTypes } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const openOffer = mine.find((o) => ["submitted", "revised", "shortlisted"].includes(o.state));
  const revising = mine.find((o) => o.id === params.get("revise") && ["submitted", "revised", "shortlisted"].includes(o.state));
  const [form] = useForm({ id: revising ? `revise-${revising.id}` : "offer", lastResult, shouldRevalidate: "onBlur" });
  // A new offer starts from what the need asks for; a revision from the offer's own terms.
  const defaults: Record<string, unknown> = revising ? revising.termsParsed : { amount: need.amount, termMonths: need.termMonths ?? 12 };
  const confirm = lastResult && "confirm" in lastResult ? lastResult.confirm : null;
  const fieldErrors = errorsByField(lastResult);
  return (
    <div className="max-w-4xl space-y-6">
      <h1 className="page-title">{t("offer.title", { need: need.title })}</h1>
      <section className="card" aria-labelledby="need-heading">
        <h2 id="need-heading" className="text-lg font-semibold">
          {t("offer.needSummary")}
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          {need.enterpriseName} · {t(`matchingInstruments.${need.instrument}`)} · <Money yuan={need.amount} />
        </p>
        {need.summary ? <p className="mt-2 whitespace-pre-line text-sm">{need.summary}</p> : null}
        {respondBy ? <p className="mt-2 text-sm font-medium text-amber-800">{t("offer.respondBy", { date: respondBy })}</p> : null}
        <p className="mt-2 text-sm">
          <Link to={`/needs/${need.id}`}>{t("offer.needLink")}</Link>
        </p>
      </section>

      {mine.length ? (
        <section className="card" aria-labelledby="mine-heading">
          <h2 id="mine-heading" className="text-lg font-semibold">
            {t("offer.yourOffers")}
          </h2>
          <ul className="mt-2 divide-y text-sm">
            {mine.map((o) => (
              <li key={o.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="my-offer">
                <span>
                  <StateBadge kind="offerStates" state={o.state} /> {t("common.version", { v: o.version })} · <Money yuan={o.amount} /> · <Rate bp={o.rateBp} />
                  {o.late ? <span className="badge ml-1 bg-amber-100 text-amber-800">{t("common.late")}</span> : null}
                </span>
                <span className="flex gap-3">
                  <Link to={`/market/offers/${o.id}`}>{t("common.view")}</Link>
                  {["submitted", "revised", "shortlisted"].includes(o.state) ? <OpenOfferActions offerId={o.id} needId={need.id} /> : null}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {canOffer && openOffer && !revising ? (
        <section className="card" data-testid="open-offer-held">
          <p className="text-sm">{t("matchingErrors.openOfferExists")}</p>
          <Link className="mt-2 inline-block" to={`?revise=${openOffer.id}`}>
            {t("offer.reviseInstead")}
          </Link>
        </section>
      ) : canOffer ? (
        <section className="card">
          <h2 className="text-lg font-semibold">{revising ? t("offer.revise") : t("offer.makeOffer")}</h2>
          <Form method="post" {...getFormProps(form)} className="mt-3 grid gap-4 sm:grid-cols-2" key={revising?.id ?? "new"}>
            <ErrorSummary formId={form.id} errors={fieldErrors} fields={OFFER_FIELDS} submitted={lastResult} />
            <FormErrors id={form.errorId} errors={form.errors} />
            <input type="hidden" name="id" value={revising ? revising.id : clientId} />
            <input type="hidden" name="needId" value={need.id} />
            {revising ? <input type="hidden" name="offerId" value={revising.id} /> : null}
            {revising ? null : <p className="field-hint sm:col-span-2">{t("offer.fromNeed")}</p>}
            <OfferTermsFields instrument={need.instrument} defaults={defaults} errors={fieldErrors} collateralTypes={collateralTypes} />
            <div>
              <label htmlFor="validUntil" className="field-label">
                {t("matchingFields.validUntil")}
              </label>
              <input id="validUntil" name="validUntil" type="date" min={today} className="field-input" defaultValue={revising?.validUntil ?? ""} required />
              {fieldErrors.validUntil ? (
                <p className="field-error" role="alert">
                  {t(fieldErrors.validUntil[0]!.split("|")[0]!)}
                </p>
              ) : null}
            </div>
            {confirm ? (
              <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 sm:col-span-2" role="alert" data-testid="offer-confirm">
                <p className="font-semibold">{t("offer.confirmTitle")}</p>
                <ul className="mt-1 list-disc pl-5">
                  {confirm.prompts.map((p: PlausibilityPrompt) => (
                    <li key={p.kind}>
                      {p.kind === "termDiffers"
                        ? t("offer.confirmTermDiffers", { offered: p.offered, asked: p.asked })
                        : t(p.kind === "amountBelow" ? "offer.confirmAmountBelow" : "offer.confirmAmountAbove", { offered: formatMoney(p.offered, i18n.language), asked: formatMoney(p.asked, i18n.language) })}
                    </li>
                  ))}
                </ul>
                <p className="mt-1">{t("offer.confirmHint")}</p>
                <input type="hidden" name="confirm" value={confirm.token} />
              </div>
            ) : null}
            <div className="sm:col-span-2">
              <button name="intent" value={revising ? "revise" : "submit"} className="btn-primary">
                {confirm ? t("offer.confirmSubmit") : revising ? t("offer.revise") : t("offer.submit")}
              </button>
            </div>
          </Form>
        </section>
      ) : (
        <p className="text-sm text-slate-600">{t("offer.notOpen")}</p>
      )}
    </div>
  );
}
