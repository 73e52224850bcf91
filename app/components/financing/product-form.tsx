import { getFormProps, type FormMetadata } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors } from "~/components/ui/field";
import { translateMessage } from "~/components/ui/message";
import { MoneyInput, RateInput } from "~/components/ui/money-input";
import { ErrorSummary } from "~/components/ui/error-summary";
import { creditProductInput } from "~/modules/financing/financing-schemas";
import { CheckboxGroup } from "./financing-ui";

/** The fields the product schema validates: the error summary lists only those. */
const PRODUCT_FIELDS = getZodConstraint(creditProductInput);

export type ProductDefaults = {
  name?: string;
  kind?: string;
  summary?: string;
  minAmount?: number;
  maxAmount?: number;
  rateMinBp?: number;
  rateMaxBp?: number;
  termMinMonths?: number;
  termMaxMonths?: number;
  collateral?: string[];
  eligibility?: { tiers?: string[]; industries?: string[]; prefectures?: string[]; minRevenue?: number; minYearsInBusiness?: number; srdiTitleRequired?: boolean };
};

export type ProductOptions = { kinds: readonly string[]; collateral: readonly string[]; tiers: readonly string[]; sections: readonly string[]; prefectures: { value: string; label: string }[] };

/** The credit product editor (create and edit), with the eligibility rules as structured fields. */
export function ProductForm({
  form,
  errors,
  submitted,
  defaults,
  options,
  submitLabel,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  form: FormMetadata<any, string[]>;
  errors: Record<string, string[] | undefined>;
  /** The action's reply this form's errors came from (a new reply is a new refused submit). */
  submitted: unknown;
  defaults: ProductDefaults;
  options: ProductOptions;
  submitLabel: string;
}) {
  const { t } = useTranslation("financing");
  const num = (name: string, value: number | undefined) => (
    <div key={name}>
      <label htmlFor={`p-${name}`} className="field-label">
        {t(`matchingFields.${name.replace("eligibility.", "")}`)}
      </label>
      <input id={`p-${name}`} name={name} type="number" step={1} className="field-input" defaultValue={value ?? ""} />
      {errors[name] ? (
        <p className="field-error" role="alert">
          {errors[name]!.map((e) => translateMessage(t, e)).join(" ")}
        </p>
      ) : null}
    </div>
  );
  const label = (name: string) => t(`matchingFields.${name.replace("eligibility.", "")}`);
  const money = (name: string, value: number | undefined) => <MoneyInput key={name} id={`p-${name}`} name={name} label={label(name)} defaultYuan={value} errors={errors[name]} />;
  const rate = (name: string, value: number | undefined) => <RateInput key={name} id={`p-${name}`} name={name} label={label(name)} defaultBp={value} errors={errors[name]} />;
  const e = defaults.eligibility ?? {};
  return (
    <Form method="post" {...getFormProps(form)} className="mt-3 grid gap-4 sm:grid-cols-2">
      <ErrorSummary formId={form.id} errors={errors} fields={PRODUCT_FIELDS} submitted={submitted} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div>
        <label htmlFor="p-name" className="field-label">
          {t("matchingFields.name")}
        </label>
        <input id="p-name" name="name" className="field-input" defaultValue={defaults.name ?? ""} required />
        {errors.name ? <p className="field-error">{errors.name.map((x) => translateMessage(t, x)).join(" ")}</p> : null}
      </div>
      <div>
        <label htmlFor="p-kind" className="field-label">
          {t("matchingFields.kind")}
        </label>
        <select id="p-kind" name="kind" className="field-input" defaultValue={defaults.kind ?? options.kinds[0]}>
          {options.kinds.map((k) => (
            <option key={k} value={k}>
              {t(`productKinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="sm:col-span-2">
        <label htmlFor="p-summary" className="field-label">
          {t("matchingFields.summary")}
        </label>
        <textarea id="p-summary" name="summary" rows={3} className="field-input" defaultValue={defaults.summary ?? ""} />
      </div>
      {money("minAmount", defaults.minAmount)}
      {money("maxAmount", defaults.maxAmount)}
      {rate("rateMinBp", defaults.rateMinBp)}
      {rate("rateMaxBp", defaults.rateMaxBp)}
      {num("termMinMonths", defaults.termMinMonths)}
      {num("termMaxMonths", defaults.termMaxMonths)}
      <div className="sm:col-span-2">
        <CheckboxGroup name="collateral" label={t("matchingFields.collateral")} options={options.collateral.map((c) => ({ value: c, label: t(`matchingCollateral.${c}`) }))} defaultValue={defaults.collateral} />
      </div>
      <fieldset className="rounded border p-3 sm:col-span-2">
        <legend className="px-1 font-semibold">{t("products.eligibilityRules")}</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          <CheckboxGroup name="eligibility.tiers" label={t("matchingFields.tiers")} options={options.tiers.map((x) => ({ value: x, label: t(`tiers.${x}`, { ns: "common" }) }))} defaultValue={e.tiers} />
          <label className="inline-flex items-center gap-2 text-sm">
            <input type="hidden" name="eligibility.srdiTitleRequired" value="false" />
            <input type="checkbox" name="eligibility.srdiTitleRequired" defaultChecked={e.srdiTitleRequired === true} />
            {t("matchingFields.srdiTitleRequired")}
          </label>
          {money("eligibility.minRevenue", e.minRevenue)}
          {num("eligibility.minYearsInBusiness", e.minYearsInBusiness)}
          <div className="sm:col-span-2">
            <CheckboxGroup name="eligibility.industries" label={t("matchingFields.industries")} options={options.sections.map((x) => ({ value: x, label: `${x} ${t(`industrySections.${x}`, { ns: "common" })}` }))} defaultValue={e.industries} />
          </div>
          <div className="sm:col-span-2">
            <CheckboxGroup name="eligibility.prefectures" label={t("matchingFields.prefectures")} options={options.prefectures} defaultValue={e.prefectures} />
          </div>
        </div>
      </fieldset>
      <div className="sm:col-span-2">
        <button name="intent" value="save" className="btn-primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
