import { useTranslation } from "react-i18next";
import type { Instrument } from "@db/schema/constants";
import { translateMessage } from "~/components/ui/message";
import { MoneyInput, RateInput } from "~/components/ui/money-input";
import { CheckboxGroup } from "./financing-ui";

/** Money fields in 万元 except the fixed fee (元); every *Bp field is typed in %. */
const WAN_FIELDS = new Set(["amount", "preMoneyValuation", "residualValue"]);
const YUAN_FIELDS = new Set(["feeAmount"]);

/** The fields each instrument's offer has (the zod schema in financing-schemas.ts is the authority). */
export const OFFER_FIELDS: Record<Instrument, { numbers: string[]; texts: string[]; collateral?: boolean; guaranteeRequired?: boolean }> = {
  loan: { numbers: ["amount", "termMonths", "rateBp", "upfrontFeeBp", "feeAmount", "guaranteeFeeBp"], texts: ["conditions"], collateral: true, guaranteeRequired: true },
  equity: { numbers: ["amount", "preMoneyValuation", "stakeBp"], texts: ["keyTerms"] },
  convertible: { numbers: ["amount", "termMonths", "couponBp", "conversionPremiumBp", "issuanceFeeBp"], texts: ["keyTerms"] },
  leasing: { numbers: ["amount", "termMonths", "leaseRateBp", "depositBp", "handlingFeeBp", "residualValue"], texts: ["assetDescription"] },
  guarantee: { numbers: ["amount", "termMonths", "feeBp", "coverageBp"], texts: ["counterGuarantee"] },
};

/**
 * The instrument's inputs, named `terms.<field>` so conform parses them into the nested `terms` object.
 * `errors` are conform's field errors keyed by "terms.<field>".
 */
export function OfferTermsFields({
  instrument,
  defaults,
  errors,
  collateralTypes,
}: {
  collateralTypes: readonly string[];
  instrument: Instrument;
  defaults: Record<string, unknown>;
  errors: Record<string, string[] | undefined>;
}) {
  const { t } = useTranslation("financing");
  const spec = OFFER_FIELDS[instrument];
  const err = (f: string) => errors[`terms.${f}`];
  return (
    <>
      <input type="hidden" name="terms.instrument" value={instrument} />
      {spec.numbers.map((f) => {
        const common = { id: `terms-${f}`, name: `terms.${f}`, label: t(`matchingFields.${f}`), errors: err(f) };
        const stored = defaults[f] === undefined || defaults[f] === "" ? undefined : Number(defaults[f]);
        if (WAN_FIELDS.has(f) || YUAN_FIELDS.has(f)) return <MoneyInput key={f} {...common} unit={YUAN_FIELDS.has(f) ? "yuan" : "wan"} defaultYuan={stored} />;
        if (f.endsWith("Bp")) return <RateInput key={f} {...common} defaultBp={stored} />;
        return (
          <div key={f}>
            <label htmlFor={common.id} className="field-label">
              {common.label}
            </label>
            <input
              id={common.id}
              name={common.name}
              type="number"
              inputMode="numeric"
              step={1}
              className="field-input"
              defaultValue={stored === undefined ? "" : String(stored)}
              aria-invalid={err(f) ? true : undefined}
            />
            {err(f) ? (
              <p className="field-error" role="alert">
                {err(f)!.map((e) => translateMessage(t, e)).join(" ")}
              </p>
            ) : null}
          </div>
        );
      })}
      {spec.collateral ? (
        <div className="sm:col-span-2">
          <CheckboxGroup
            name="terms.collateral"
            label={t("matchingFields.collateral")}
            options={collateralTypes.map((c) => ({ value: c, label: t(`matchingCollateral.${c}`) }))}
            defaultValue={(defaults.collateral as string[] | undefined) ?? []}
            errors={err("collateral")}
          />
        </div>
      ) : null}
      {spec.guaranteeRequired ? (
        <label className="inline-flex items-center gap-2 text-sm">
          <input type="checkbox" name="terms.guaranteeRequired" defaultChecked={defaults.guaranteeRequired === true} />
          {t("matchingFields.guaranteeRequired")}
        </label>
      ) : null}
      {spec.texts.map((f) => (
        <div key={f} className="sm:col-span-2">
          <label htmlFor={`terms-${f}`} className="field-label">
            {t(`matchingFields.${f}`)}
          </label>
          <textarea id={`terms-${f}`} name={`terms.${f}`} rows={3} className="field-input" defaultValue={String(defaults[f] ?? "")} />
          {err(f) ? (
            <p className="field-error" role="alert">
              {err(f)!.map((e) => translateMessage(t, e)).join(" ")}
            </p>
          ) : null}
        </div>
      ))}
    </>
  );
}
