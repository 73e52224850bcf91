import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors } from "~/components/ui/field";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { listOwnDisclosures, submitDisclosure } from "~/modules/enterprises/disclosures.server";
import { disclosureSubmissionInput } from "~/modules/enterprises/schemas";
import { formatDateTime } from "~/utils/dates";
import { isAppError } from "~/utils/errors";
import { encodeMessage } from "~/utils/forms.server";
import { formatMoney } from "~/utils/money";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "directedDisclosure");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return { obligations: orHttpError(() => listOwnDisclosures(context.app, actor)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const formData = await request.formData();
  const parsed = disclosureSubmissionInput.safeParse({
    periodId: formData.get("periodId"),
    report: formData.get("report"),
    revenue: formData.get("revenue") || undefined,
    netProfit: formData.get("netProfit") || undefined,
  });
  const periodId = String(formData.get("periodId") ?? "");
  if (!parsed.success) return { periodId, error: parsed.error.issues[0]?.message ?? "enterprises:errors.reportShort" };
  try {
    submitDisclosure(context.app, actor, parsed.data);
  } catch (error) {
    if (!isAppError(error) || error.status >= 500) throw error;
    return { periodId, error: encodeMessage(error.message, error.values) };
  }
  return redirectWithToast(context.app, request, "/profile/disclosures", { kind: "success", message: "enterprises:disclosures.submitted" });
}

export default function OwnDisclosuresPage() {
  const { t, i18n } = useTranslation("enterprises");
  const { obligations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("disclosures.title")}</h1>
      <p className="text-sm text-slate-600">{t("disclosures.intro")}</p>
      {obligations.length === 0 ? <p className="card text-slate-500">{t("disclosures.none")}</p> : null}
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
                    {actionData?.periodId === p.id ? <FormErrors errors={[actionData.error]} /> : null}
                    <div className="sm:col-span-3">
                      <label htmlFor={`r-${p.id}`} className="field-label">
                        {t("disclosures.report")}
                      </label>
                      <textarea id={`r-${p.id}`} name="report" rows={3} maxLength={10000} className="field-input" />
                    </div>
                    <div>
                      <label htmlFor={`rev-${p.id}`} className="field-label">
                        {t("disclosures.revenue")}
                      </label>
                      <input id={`rev-${p.id}`} name="revenue" type="number" className="field-input" />
                    </div>
                    <div>
                      <label htmlFor={`np-${p.id}`} className="field-label">
                        {t("disclosures.netProfit")}
                      </label>
                      <input id={`np-${p.id}`} name="netProfit" type="number" className="field-input" />
                    </div>
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
