import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Money, Rate, StateBadge } from "~/components/financing/financing-ui";
import { FormErrors } from "~/components/ui/field";
import { RateInput } from "~/components/ui/money-input";
import { joinGuarantee, listMyOffers, loanOffersToBack } from "~/modules/financing/offers.server";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { joinGuaranteeInput } from "~/modules/financing/financing-schemas";
import { replyErrors } from "~/utils/action-result";
import { handleForm } from "~/utils/actions.server";
import { orHttpError } from "~/utils/route.server";
import { can } from "~/modules/access";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "myOffers");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const offers = orHttpError(() => listMyOffers(context.app, actor));
  const toBack = can(actor, "back:offer:guarantor") ? loanOffersToBack(context.app, actor).filter((o) => !o.backed) : [];
  return { offers, toBack };
}

/** 投担联动: a guarantor joins a loan offer from the list of open ones it can see. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleForm(request, joinGuaranteeInput.extend({ offerId: z.string() }), ({ offerId, ...terms }) => {
    joinGuarantee(context.app, actor, offerId, terms);
    return redirectWithToast(context.app, request, `/market/offers/${offerId}`, { kind: "success", message: "financing:offer.joined" });
  });
}

export default function MyOffersPage() {
  const { t } = useTranslation("financing");
  const { offers, toBack } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const own = offers.filter((o) => !o.backing);
  const backing = offers.filter((o) => o.backing);
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("nav.offers")}</h1>
      <OfferList title={t("offer.mine")} offers={own} />
      {backing.length ? <OfferList title={t("offer.backing")} offers={backing} /> : null}
      {toBack.length ? (
        <section className="card" aria-labelledby="to-back">
          <h2 id="to-back" className="text-lg font-semibold">
            {t("offer.toBack")}
          </h2>
          <ul className="mt-2 divide-y">
            {toBack.map((o) => (
              <li key={o.id} className="space-y-2 py-3 text-sm" data-testid="offer-to-back">
                <p>
                  <strong>{o.needTitle}</strong> · {o.institutionName} · <Money yuan={o.amount} /> · <Rate bp={o.rateBp} /> · {t("compare.months", { n: o.termMonths ?? 0 })}
                  {o.terms.instrument === "loan" && o.terms.guaranteeRequired ? <span className="badge ml-1">{t("matchingFields.guaranteeRequired")}</span> : null}
                </p>
                {result?.initialValue?.offerId === o.id ? <FormErrors errors={replyErrors(result)} /> : null}
                <Form method="post" className="flex flex-wrap items-end gap-2">
                  <input type="hidden" name="offerId" value={o.id} />
                  <RateInput id={`cov-${o.id}`} name="coverageBp" label={t("matchingFields.coverageBp")} defaultBp={8000} required />
                  <RateInput id={`fee-${o.id}`} name="feeBp" label={t("matchingFields.feeBp")} defaultBp={100} required />
                  <div>
                    <label className="field-label" htmlFor={`cond-${o.id}`}>
                      {t("matchingFields.counterGuarantee")}
                    </label>
                    <input id={`cond-${o.id}`} name="conditions" className="field-input" />
                  </div>
                  <button className="btn-primary">{t("offer.join")}</button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

type Row = { id: string; needId: string; needTitle: string; state: string; version: number; amount: number; rateBp: number | null; allInCostBp: number | null; late: boolean };

function OfferList({ title, offers }: { title: string; offers: Row[] }) {
  const { t } = useTranslation("financing");
  return (
    <section className="card">
      <h2 className="text-lg font-semibold">{title}</h2>
      {offers.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">{t("offer.empty")}</p>
      ) : (
        <table className="table mt-2">
          <thead>
            <tr>
              <th scope="col">{t("matchingFields.need")}</th>
              <th scope="col">{t("matchingFields.state")}</th>
              <th scope="col">{t("compare.columns.amount")}</th>
              <th scope="col">{t("compare.columns.rateBp")}</th>
              <th scope="col">{t("compare.columns.allInCostBp")}</th>
            </tr>
          </thead>
          <tbody>
            {offers.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/market/offers/${o.id}`}>{o.needTitle}</Link>
                </td>
                <td>
                  <StateBadge kind="offerStates" state={o.state} /> {o.late ? <span className="badge bg-amber-100 text-amber-800">{t("common.late")}</span> : null}
                </td>
                <td>
                  <Money yuan={o.amount} />
                </td>
                <td>
                  <Rate bp={o.rateBp} />
                </td>
                <td>
                  <Rate bp={o.allInCostBp} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
