import { useState } from "react";
import { useTranslation } from "react-i18next";
import { echoMoney, echoRate, toPercentText, toUnitText, type MoneyUnit } from "~/utils/money";
import { translateMessage } from "./message";

type Common = {
  id: string;
  name: string;
  label: string;
  errors?: string[];
  required?: boolean;
  className?: string;
  hint?: string;
};

/**
 * A money field as people on the board write amounts: 万元 by default (元 for small sums such as fees),
 * decimals, commas, full-width digits and "1.2亿" all read; the unit stands beside the box and the value
 * is echoed in words ("= 3,000万元") as it is typed. `defaultYuan` is the stored integer 元.
 */
export function MoneyInput({ unit = "wan", defaultYuan, ...p }: Common & { unit?: MoneyUnit; defaultYuan?: number | null }) {
  const { t, i18n } = useTranslation("common");
  const [text, setText] = useState(toUnitText(defaultYuan, unit));
  return (
    <UnitField {...p} text={text} onText={setText} unitLabel={t(unit === "wan" ? "money.unitWan" : "money.unitYuan")} echo={echoMoney(text, unit, i18n.language)} unit={unit} padding="pr-20" />
  );
}

/** A rate or ratio in % with up to two decimals; stored as basis points (`defaultBp`). */
export function RateInput({ defaultBp, ...p }: Common & { defaultBp?: number | null }) {
  const { t, i18n } = useTranslation("common");
  const [text, setText] = useState(toPercentText(defaultBp));
  return <UnitField {...p} text={text} onText={setText} unitLabel={t("rate.unit")} echo={echoRate(text, i18n.language)} unit="percent" padding="pr-10" />;
}

/** The text box both fields share: typed freely (parsed on the server), the unit beside it, the echo below. */
function UnitField({
  text,
  onText,
  unit,
  padding,
  ...p
}: Common & { text: string; onText: (text: string) => void; unit: string; padding: string; unitLabel: string; echo: string | null }) {
  return (
    <Shell {...p}>
      <input
        id={p.id}
        name={p.name}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        className={`field-input ${padding}`}
        value={text}
        onChange={(e) => onText(e.target.value)}
        required={p.required}
        aria-invalid={p.errors?.length ? true : undefined}
        aria-describedby={`${p.id}-echo${p.errors?.length ? ` ${p.id}-error` : ""}`}
        data-unit={unit}
      />
    </Shell>
  );
}

function Shell({ id, label, errors, className, hint, unitLabel, echo, children }: Common & { unitLabel: string; echo: string | null; children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className={className}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="relative">
        {children}
        <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-slate-600" aria-hidden="true">
          {unitLabel}
        </span>
      </div>
      <p id={`${id}-echo`} className="field-hint tabular-nums" aria-live="polite" data-testid={`${id}-echo`}>
        {echo ?? ""}
        {hint ? <span className="block">{hint}</span> : null}
      </p>
      {errors?.length ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {errors.map((e) => translateMessage(t, e)).join(" ")}
        </p>
      ) : null}
    </div>
  );
}
