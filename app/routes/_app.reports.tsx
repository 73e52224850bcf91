import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { REPORT_PERIOD_KINDS } from "@db/schema/constants";
import { FormErrors, InputField, SelectField } from "~/components/ui/field";
import { can } from "~/modules/access";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { generateReportPack, listReportPacks, previousPeriod } from "~/modules/staff/reports.server";
import { reportPeriodInput } from "~/modules/staff/schemas";
import { formatDateTime, shanghaiDate } from "~/utils/dates";
import { handleForm } from "~/utils/actions.server";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reportPacks");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const packs = orHttpError(() => listReportPacks(context.app, actor));
  return { packs, canGenerate: can(actor, "generate:report-pack:any"), receives: can(actor, "receive:report-pack:any"), suggested: previousPeriod("quarter", shanghaiDate(context.app.clock.now())) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleForm(request, reportPeriodInput, async (period) => {
    const pack = await generateReportPack(context.app, actor, period);
    return redirectWithToast(context.app, request, "/reports", { kind: "success", message: "staff:reports.generated", values: { hash: pack.metricsHash.slice(0, 12) } });
  });
}

export default function ReportsPage() {
  const { t, i18n } = useTranslation("staff");
  const { packs, canGenerate, suggested, receives } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof reportPeriodInput>>({
    id: "generate-pack",
    lastResult,
    defaultValue: { kind: "quarter", period: suggested },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reportPeriodInput }),
  });
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("reports.title")}</h1>
      <p className="text-sm text-slate-600">{t("reports.intro")}</p>
      {canGenerate ? (
        <Form method="post" {...getFormProps(form)} className="card flex flex-wrap items-end gap-3">
          <FormErrors id={form.errorId} errors={form.errors} />
          <SelectField meta={fields.kind} label={t("reports.kind")} options={REPORT_PERIOD_KINDS.map((k) => ({ value: k, label: t(`reports.kinds.${k}`) }))} />
          <InputField meta={fields.period} label={t("reports.period")} hint={t("reports.periodHint")} />
          <button className="btn-primary">{t("reports.generate")}</button>
        </Form>
      ) : null}
      <section className="card overflow-x-auto">
        {packs.length === 0 ? <p className="text-sm text-slate-500">{t("reports.empty")}</p> : null}
        {packs.length ? (
          // On a phone each pack is a card with its two downloads; the table's eight columns do not fit.
          <ul className="divide-y sm:hidden" data-testid="report-pack-cards">
            {packs.map((p) => (
              <li key={p.id} className="space-y-1 py-3 text-sm">
                <p className="font-medium">
                  {t(`reports.kinds.${p.periodKind}`)} <span className="tabular-nums">{p.period}</span>
                  {receives && !p.fetchedByMyOrg ? <span className="badge ml-2 bg-amber-100 text-amber-800">{t("reports.notFetched")}</span> : null}
                </p>
                <p className="tabular-nums text-slate-600">{p.periodStart} – {p.periodEnd} · {t("reports.dueOn")} {p.dueOn}</p>
                <p className="space-x-3">
                  <a className="text-brand-700 hover:underline" href={`/reports/download?id=${p.id}&format=xlsx`}>XLSX</a>
                  <a className="text-brand-700 hover:underline" href={`/reports/download?id=${p.id}&format=pdf`}>PDF</a>
                </p>
              </li>
            ))}
          </ul>
        ) : null}
        {packs.length === 0 ? null : (
          <div className="hidden sm:block">
          <table className="table table-cards">
            <caption className="sr-only">{t("reports.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("reports.kind")}</th>
                <th scope="col">{t("reports.periodCol")}</th>
                <th scope="col">{t("reports.range")}</th>
                <th scope="col">{t("reports.dueOn")}</th>
                <th scope="col">{t("reports.generatedAt")}</th>
                <th scope="col">{t("reports.trigger")}</th>
                <th scope="col">{t("reports.hash")}</th>
                <th scope="col">{t("reports.download")}</th>
              </tr>
            </thead>
            <tbody>
              {packs.map((p) => (
                <tr key={p.id}>
                  <td data-label={t("reports.kind")}>{t(`reports.kinds.${p.periodKind}`)}</td>
                  <td data-label={t("reports.periodCol")} className="tabular-nums">{p.period}{receives && !p.fetchedByMyOrg ? <span className="badge ml-2 bg-amber-100 text-amber-800">{t("reports.notFetched")}</span> : null}</td>
                  <td data-label={t("reports.range")} className="tabular-nums">{p.periodStart} – {p.periodEnd}</td>
                  <td data-label={t("reports.dueOn")} className="tabular-nums">{p.dueOn}</td>
                  <td data-label={t("reports.generatedAt")} className="tabular-nums">{formatDateTime(p.generatedAt, i18n.language)}</td>
                  <td data-label={t("reports.trigger")}>{t(`reports.triggers.${p.trigger}`)}</td>
                  <td data-label={t("reports.hash")}><code className="text-xs" title={p.metricsHash}>{p.metricsHash.slice(0, 12)}</code></td>
                  <td className="space-x-2 whitespace-nowrap">
                    <a className="text-brand-700 hover:underline" href={`/reports/download?id=${p.id}&format=xlsx`}>XLSX</a>
                    <a className="text-brand-700 hover:underline" href={`/reports/download?id=${p.id}&format=pdf`}>PDF</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </section>
    </div>
  );
}
