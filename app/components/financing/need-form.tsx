import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { COLLATERAL_TYPES, EQUITY_STAGES, NEED_AUDIENCES, type Instrument } from "@db/schema/constants";
import { FormErrors, InputField, SelectField, TextareaField } from "~/components/ui/field";
import { needFormSchema } from "~/modules/financing/needs-schemas";
import { DirectedOrgPicker } from "~/components/ui/directed-org-picker";
import { MoneyInput, RateInput } from "~/components/ui/money-input";
import { ErrorSummary } from "~/components/ui/error-summary";

type NeedFormShape = {
  title: string;
  summary: string;
  amount: number;
  audience: string;
  directedOrgIds: string[];
  expiresOn: string;
  details: { [key: string]: string | number | string[] };
};

type Org = { id: string; name: string; nameEn: string | null; institutionType: string | null };

/** One form for the five instruments: the common fields, then the instrument's own. */
export function NeedForm({
  instrument,
  institutions,
  lastResult,
  defaultValue,
  submitLabel,
}: {
  instrument: Instrument;
  institutions: Org[];
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Record<string, unknown>;
  submitLabel: string;
}) {
  const { t } = useTranslation("financing");
  const schema = needFormSchema(instrument);
  const [form, fields] = useForm<NeedFormShape>({
    id: `need-${instrument}`,
    lastResult,
    defaultValue: defaultValue as Partial<NeedFormShape> | undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldRevalidate: "onBlur",
  });
  const details = fields.details.getFieldset() as Record<string, Parameters<typeof InputField>[0]["meta"]>;
  const [audience, setAudience] = useState(String(defaultValue?.audience ?? "members"));
  const directed = new Set((defaultValue?.directedOrgIds as string[] | undefined) ?? []);
  const collateral = new Set(((defaultValue?.details as Record<string, unknown> | undefined)?.collateral as string[] | undefined) ?? []);
  const num = (name: string, label: string, hint?: string) => <InputField meta={details[name]!} type="number" label={label} hint={hint} />;
  const storedDetails = (defaultValue?.details ?? {}) as Record<string, unknown>;
  const stored = (v: unknown) => (typeof v === "number" ? v : typeof v === "string" && v !== "" && Number.isFinite(Number(v)) ? Number(v) : undefined);
  const money = (name: string, label: string) => {
    const meta = details[name]!;
    return <MoneyInput id={meta.id} name={meta.name} label={label} errors={meta.errors} defaultYuan={stored(storedDetails[name])} />;
  };
  const rate = (name: string, label: string) => {
    const meta = details[name]!;
    return <RateInput id={meta.id} name={meta.name} label={label} errors={meta.errors} defaultBp={stored(storedDetails[name])} />;
  };
  const txt = (name: string, label: string) => <TextareaField meta={details[name]!} label={label} rows={2} />;
  return (
    <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
      <ErrorSummary formId={form.id} errors={form.allErrors} fields={getZodConstraint(schema)} submitted={lastResult} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <InputField meta={fields.title} label={t("fields.title")} className="sm:col-span-2" />
      <TextareaField meta={fields.summary} label={t("fields.summary")} className="sm:col-span-2" rows={3} />
      <MoneyInput id={fields.amount.id} name={fields.amount.name} label={t("fields.amount")} errors={fields.amount.errors} defaultYuan={stored(defaultValue?.amount)} />
      <InputField meta={fields.expiresOn} type="date" label={t("fields.expiresOn")} />
      {instrument === "equity" ? (
        <>
          {money("valuationMin", t("fields.valuationMin"))}
          {money("valuationMax", t("fields.valuationMax"))}
          {rate("stakeOfferedBp", t("fields.stakeOfferedBp"))}
          <SelectField meta={details.stage!} label={t("fields.stage")} options={EQUITY_STAGES.map((s) => ({ value: s, label: t(`stages.${s}`) }))} />
          {txt("useOfFunds", t("fields.useOfFunds"))}
        </>
      ) : null}
      {instrument === "convertible" ? (
        <>
          {num("termMonths", t("fields.termMonths"))}
          {rate("couponMinBp", t("fields.couponMinBp"))}
          {rate("couponMaxBp", t("fields.couponMaxBp"))}
          {txt("conversionTerms", t("fields.conversionTerms"))}
        </>
      ) : null}
      {instrument === "loan" ? (
        <>
          {num("termMonths", t("fields.termMonths"))}
          {txt("purpose", t("fields.purpose"))}
          <fieldset className="sm:col-span-2">
            <legend className="field-label">{t("fields.collateral")}</legend>
            <div className="flex flex-wrap gap-3 text-sm">
              {COLLATERAL_TYPES.map((c) => (
                <label key={c} className="flex items-center gap-1">
                  <input type="checkbox" name={details.collateral!.name} value={c} defaultChecked={collateral.has(c)} />
                  {t(`collateral.${c}`)}
                </label>
              ))}
            </div>
            {details.collateral!.errors?.length ? (
              <p className="field-error" role="alert">
                {t(details.collateral!.errors[0]!.replace(/^financing:/, ""))}
              </p>
            ) : null}
          </fieldset>
        </>
      ) : null}
      {instrument === "guarantee" ? (
        <>
          {txt("forLoan", t("fields.forLoan"))}
          <InputField meta={details.lender!} label={t("fields.lender")} />
          {num("termMonths", t("fields.termMonths"))}
        </>
      ) : null}
      {instrument === "leasing" ? (
        <>
          {txt("asset", t("fields.asset"))}
          {num("termMonths", t("fields.termMonths"))}
        </>
      ) : null}
      <div className="sm:col-span-2">
        <label htmlFor={fields.audience.id} className="field-label">
          {t("fields.audience")}
        </label>
        <select id={fields.audience.id} name={fields.audience.name} value={audience} onChange={(e) => setAudience(e.target.value)} className="field-input">
          {NEED_AUDIENCES.map((a) => (
            <option key={a} value={a}>
              {t(`audiences.${a}`)}
            </option>
          ))}
        </select>
      </div>
      {audience === "directed" ? (
        <DirectedOrgPicker legend={t("fields.directedTo")} name={fields.directedOrgIds.name} orgs={institutions} checked={directed}>
          {fields.directedOrgIds.errors?.length ? <FormErrors errors={fields.directedOrgIds.errors} /> : null}
        </DirectedOrgPicker>
      ) : null}
      <div className="sm:col-span-2">
        <button className="btn-primary">{submitLabel}</button>
      </div>
    </Form>
  );
}
