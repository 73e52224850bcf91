import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DISCLOSURE_FREQUENCIES } from "@db/schema/constants";
import { EmptyState } from "~/components/board/badges";
import { FormErrors } from "~/components/ui/field";
import { can } from "~/modules/access";
import { dutyFrequencyInput, listAllDisclosureDuties, setDutyFrequency } from "~/modules/enterprises/disclosure-duties.server";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { handleIntents } from "~/utils/actions.server";
import { replyErrors } from "~/utils/action-result";
import { formatMoney } from "~/utils/money";
import { pageTitle } from "~/utils/meta";
import { orHttpError } from "~/utils/route.server";
import { z } from "zod";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "disclosureDuties");

/** 定向披露义务: every financing's duty, where it comes from and who receives it; the exchange sets frequencies. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return { duties: orHttpError(() => listAllDisclosureDuties(context.app, actor)), canSet: can(actor, "set:disclosure-duty:any") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleIntents(request, { setFrequency: dutyFrequencyInput.extend({ dutyId: z.string().min(1) }) }, {
    setFrequency: ({ dutyId, ...input }) => {
      orHttpError(() => setDutyFrequency(context.app, actor, dutyId, input));
      return redirectWithToast(context.app, request, "/board/disclosure-duties", { kind: "success", message: "enterprises:duties.frequencySaved" });
    },
  });
}

export default function DisclosureDutiesPage() {
  const { t, i18n } = useTranslation("enterprises");
  const { duties, canSet } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("duties.title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600">{t("duties.intro")}</p>
      <section className="card overflow-x-auto">
        {duties.length === 0 ? (
          <EmptyState>{t("duties.none")}</EmptyState>
        ) : (
          <table className="table table-cards">
            <thead>
              <tr>
                <th scope="col">{t("duties.enterprise")}</th>
                <th scope="col">{t("duties.source")}</th>
                <th scope="col">{t("duties.investor")}</th>
                <th scope="col">{t("duties.frequencyColumn")}</th>
                {canSet ? <th scope="col">{t("duties.setFrequency")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {duties.map((d) => (
                <tr key={d.id} data-testid="duty-row">
                  <td data-label={t("duties.enterprise")}>
                    <Link to={`/enterprises/${d.enterpriseOrgId}`}>{d.enterpriseName}</Link>
                  </td>
                  <td data-label={t("duties.source")}>
                    {t(`duties.sources.${d.sourceKind}`)} · {t(`instruments.${d.instrument}`, { ns: "financing" })}
                    {d.amount != null ? ` · ${formatMoney(d.amount, i18n.language)}` : ""}
                    {d.financedOn ? ` · ${d.financedOn}` : ""}
                  </td>
                  <td data-label={t("duties.investor")}>{d.investorName || t("duties.investorUnnamed")}</td>
                  <td data-label={t("duties.frequencyColumn")}>
                    {t(`disclosures.frequency.${d.frequency}`)}
                    <p className="text-xs text-slate-500">{d.frequencySetBy ? t("duties.setByExchange", { reason: d.frequencyReason ?? "" }) : t("duties.byTerms")}</p>
                  </td>
                  {canSet ? (
                    <td data-label={t("duties.setFrequency")} data-stack>
                      <Form method="post" className="flex flex-wrap items-end gap-2 text-xs">
                        {lastResult && (lastResult as { initialValue?: { dutyId?: string } }).initialValue?.dutyId === d.id ? <FormErrors errors={replyErrors(lastResult)} /> : null}
                        <input type="hidden" name="dutyId" value={d.id} />
                        <select name="frequency" defaultValue={d.frequency} aria-label={t("duties.frequencyColumn")} className="field-input w-auto">
                          {DISCLOSURE_FREQUENCIES.map((f) => (
                            <option key={f} value={f}>
                              {t(`disclosures.frequency.${f}`)}
                            </option>
                          ))}
                        </select>
                        <input name="reason" required minLength={4} maxLength={500} aria-label={t("duties.reason")} placeholder={t("duties.reason")} className="field-input w-48" />
                        <button name="intent" value="setFrequency" className="btn-secondary" disabled={busy}>
                          {t("duties.save")}
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
