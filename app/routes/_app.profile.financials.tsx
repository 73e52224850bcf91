import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { TrendChart } from "~/components/enterprises/trend-chart";
import { FormErrors, InputField } from "~/components/ui/field";
import { MoneyInput } from "~/components/ui/money-input";
import { WideTable } from "~/components/ui/wide-table";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { deleteFinancialStatement, getOwnProfile, saveFinancialStatement } from "~/modules/enterprises/profiles.server";
import { financialStatementInput } from "~/modules/enterprises/schemas";
import { handleIntents } from "~/utils/actions.server";
import { formatWanFigure } from "~/utils/money";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "financials");

const STATEMENT_FIELDS = ["revenue", "netProfit", "netAssets", "totalAssets", "liabilities", "rdExpense", "operatingCashFlow"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const own = orHttpError(() => getOwnProfile(context.app, actor));
  return { statements: own.data.financials.statements, audience: own.audiences.financials.audience };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const done = (message: string) => redirectWithToast(context.app, request, "/profile/financials", { kind: "success", message });
  return handleIntents(
    request,
    { delete: z.object({ fiscalYear: z.number().int() }), save: financialStatementInput },
    {
      delete: ({ fiscalYear }) => {
        deleteFinancialStatement(context.app, actor, fiscalYear);
        return done("enterprises:financials.deleted");
      },
      save: (statement) => {
        saveFinancialStatement(context.app, actor, statement);
        return done("enterprises:financials.saved");
      },
    },
  );
}

export default function FinancialsPage() {
  const { t, i18n } = useTranslation("enterprises");
  const { statements, audience } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof financialStatementInput>>({
    id: "statement",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: financialStatementInput }),
  });
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("financials.title")}</h1>
      <p className="text-sm text-slate-600">{t("financials.audienceNote", { audience: t(`audiences.${audience}`) })}</p>
      <section className="card">
        {statements.length === 0 ? (
          <p className="text-slate-500">{t("financials.empty")}</p>
        ) : (
          <WideTable label={t("financials.title")}>
            <caption className="caption-top pb-1 text-left text-xs text-slate-600">{t("financials.unitWan")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("financials.fields.fiscalYear")}</th>
                {STATEMENT_FIELDS.map((f) => (
                  <th key={f} scope="col">
                    {t(`financials.fields.${f}`)}
                  </th>
                ))}
                <th scope="col">{t("financials.fields.shareCapitalColumn")}</th>
                <th scope="col">{t("financials.fields.audited")}</th>
                <th scope="col" className="sr-only">
                  {t("financials.delete")}
                </th>
              </tr>
            </thead>
            <tbody>
              {statements.map((s) => (
                <tr key={s.fiscalYear}>
                  <td>{s.fiscalYear}</td>
                  {STATEMENT_FIELDS.map((f) => (
                    <td key={f}>{formatWanFigure(s[f], i18n.language)}</td>
                  ))}
                  <td>{s.shareCapital === null ? "—" : formatWanFigure(s.shareCapital, i18n.language)}</td>
                  <td>{s.audited ? t("yes") : t("no")}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="fiscalYear" value={s.fiscalYear} />
                      <button name="intent" value="delete" className="text-sm text-red-700 hover:underline">
                        {t("financials.delete")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </WideTable>
        )}
        <TrendChart statements={statements} />
      </section>
      <section className="card">
        <h2 className="text-lg font-semibold">{t("financials.addTitle")}</h2>
        <p className="field-hint">{t("financials.yuanHint")}</p>
        <Form method="post" {...getFormProps(form)} className="mt-3 grid gap-4 sm:grid-cols-4">
          <FormErrors id={form.errorId} errors={form.errors} />
          <InputField meta={fields.fiscalYear} type="number" label={t("financials.fields.fiscalYear")} />
          {STATEMENT_FIELDS.map((f) => (
            <MoneyInput key={f} id={fields[f].id} name={fields[f].name} label={t(`financials.fields.${f}`)} errors={fields[f].errors} />
          ))}
          <MoneyInput id={fields.shareCapital.id} name={fields.shareCapital.name} label={t("financials.fields.shareCapital")} errors={fields.shareCapital.errors} />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name={fields.audited.name} value="on" />
            {t("financials.fields.audited")}
          </label>
          <div className="sm:col-span-4">
            <button name="intent" value="save" className="btn-primary">
              {t("actions.save", { ns: "common" })}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}
