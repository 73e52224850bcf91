import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors } from "~/components/ui/field";
import { MoneyInput } from "~/components/ui/money-input";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { listOwnDisclosures, submitDisclosure } from "~/modules/enterprises/disclosures.server";
import { listDisclosureDuties } from "~/modules/enterprises/disclosure-duties.server";
import { disclosureSubmissionInput } from "~/modules/enterprises/schemas";
import { formatDateTime } from "~/utils/dates";
import { replyErrors } from "~/utils/action-result";
import { handleForm } from "~/utils/actions.server";
import { formatMoney } from "~/utils/money";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "directedDisclosure");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return { obligations: orHttpError(() => listOwnDisclosures(context.app, actor)), duties: orHttpError(() => listDisclosureDuties(context.app, actor, actor.orgId)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleForm(request, disclosureSubmissionInput, (input) => {
    submitDisclosure(context.app, actor, input);
    return redirectWithToast(context.app, request, "/profile/disclosures", { kind: "success", message: "enterprises:disclosures.submitted" });
  });
}

export default function OwnDisclosuresPage() {
  const { t, i18n } = useTranslation("enterprises");
  const { obligations, duties } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("disclosures.title")}</h1>
      <p className="text-sm text-slate-600">{t("disclosures.intro")}</p>
      {obligations.length === 0 ? <p className="card text-slate-500">{t("disclosures.none")}</p> : null}
      {duties.length ? (
        <section className="card overflow-x-auto" aria-labelledby="duties-heading">
          <h2 id="duties-heading" className="text-lg font-semibold">{t("duties.ownTitle")}</h2>
          <p className="text-sm text-slate-600">{t("duties.ownIntro")}</p>
          <table className="table table-cards">
            <thead>
              <tr>
                <th scope="col">{t("duties.source")}</th>
                <th scope="col">{t("duties.investor")}</th>
                <th scope="col">{t("duties.recipients")}</th>
                <th scope="col">{t("duties.frequencyColumn")}</th>
              </tr>
            </thead>
            <tbody>
              {duties.map((d) => (
                <tr key={d.id}>
                  <td data-label={t("duties.source")}>
                    {t(`duties.sources.${d.sourceKind}`)} · {t(`instruments.${d.instrument}`, { ns: "financing" })}
                    {d.financedOn ? ` · ${d.financedOn}` : ""}
                  </td>
                  <td data-label={t("duties.investor")}>{d.investorName || t("duties.investorUnnamed")}</td>
                  <td data-label={t("duties.recipients")}>{d.recipients.map((r) => r.name).join(t("common:listSeparator"))}</td>
                  <td data-label={t("duties.frequencyColumn")}>
                    {t(`disclosures.frequency.${d.frequency}`)}
                    <p className="text-xs text-slate-500">{d.setByExchange ? t("duties.setByExchange", { reason: d.frequencyReason ?? "" }) : t("duties.byTerms")}</p>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {obligations.map((o) => (
        <section key={o.id} className="card space-y-3">
          <h2 className="text-lg font-semibold">
            {t("disclosures.to", { org: o.recipientName, frequency: t(`disclosures.frequency.${o.frequency}`) })}
          </h2>
          <ul className="divide-y">
            {o.periods.map((p) => (
              <li key={p.id} className="py-3">
                <p className="flex flex-wrap gap-3">
                  <strong>{p.period}</strong>
                  <span>{t("disclosures.dueOn", { date: p.dueOn })}</span>
                  {p.submittedAt ? (
                    <span className="badge">{t("disclosures.submittedAt", { at: formatDateTime(p.submittedAt, i18n.language) })}</span>
                  ) : p.overdue ? (
                    <span className="badge bg-red-100 text-red-800">{t("disclosures.overdue")}</span>
                  ) : (
                    <span className="badge">{t("disclosures.open")}</span>
                  )}
                </p>
                {p.submittedAt ? (
                  <div className="mt-1 text-sm text-slate-700">
                    <p className="whitespace-pre-wrap">{p.report}</p>
                    {p.revenue != null ? <p>{t("disclosures.revenue")}: {formatMoney(p.revenue, i18n.language)}</p> : null}
                  </div>
                ) : (
                  <Form method="post" className="mt-2 grid gap-2 sm:grid-cols-3">
                    <input type="hidden" name="periodId" value={p.id} />
                    {actionData?.initialValue?.periodId === p.id ? <FormErrors errors={replyErrors(actionData)} /> : null}
                    <div className="sm:col-span-3">
                      <label htmlFor={`r-${p.id}`} className="field-label">
                        {t("disclosures.report")}
                      </label>
                      <textarea id={`r-${p.id}`} name="report" rows={3} maxLength={10000} className="field-input" />
                    </div>
                    <MoneyInput id={`rev-${p.id}`} name="revenue" label={t("disclosures.revenue")} />
                    <MoneyInput id={`np-${p.id}`} name="netProfit" label={t("disclosures.netProfit")} />
                    <div className="self-end">
                      <button className="btn-primary">{t("disclosures.submit")}</button>
                    </div>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
