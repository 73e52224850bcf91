import { useTranslation } from "react-i18next";
import { FieldErrors } from "~/components/ui/field";
import { formatMoney, formatRate } from "~/utils/money";

// Small display pieces shared by the financing pages: amounts shown in 万元/亿元 and rates in % (the page data
// carries stored whole units; only these components format them for people).

export function Money({ yuan }: { yuan: number | null | undefined }) {
  const { i18n } = useTranslation();
  if (yuan === null || yuan === undefined) return <span>—</span>;
  return <span className="tabular-nums">{formatMoney(yuan, i18n.language)}</span>;
}

export function Rate({ bp }: { bp: number | null | undefined }) {
  if (bp === null || bp === undefined) return <span>—</span>;
  return <span className="tabular-nums">{formatRate(bp)}</span>;
}

export type ReasonLike = { rule: string; values: Record<string, string | number> };

/** "Why this match": each reason in the reader's language, with money, tiers and industries spelled out. */
export function ReasonList({ reasons }: { reasons: ReasonLike[] }) {
  const { t, i18n } = useTranslation("financing");
  const show = (r: ReasonLike): string => {
    const v = r.values;
    if (r.rule.startsWith("eligible.")) return t(`reasons.${r.rule}`);
    const values: Record<string, string> = {};
    for (const [k, raw] of Object.entries(v)) {
      if (k === "amount" || k === "min" || k === "max") values[k] = formatMoney(Number(raw), i18n.language);
      else if (k === "instrument") values[k] = t(`matchingInstruments.${raw}`);
      else if (k === "industry") values[k] = t(`industrySections.${raw}`, { ns: "common" });
      else if (k === "tier") values[k] = t(`tiers.${raw}`, { ns: "common" });
      else if (k === "collateral")
        values[k] = String(raw)
          .split(",")
          .map((c) => t(`matchingCollateral.${c}`))
          .join(t("common:listSeparator"));
      else if (k === "kind") values[k] = t(`productKinds.${raw}`);
      else if (k === "stage") values[k] = t(`stages.${raw}`);
      else values[k] = String(raw);
    }
    return t(`reasons.${r.rule}`, values);
  };
  return (
    <ul className="reason-list" aria-label={t("dashboard.why")}>
      {reasons.map((r) => (
        <li key={`${r.rule}-${JSON.stringify(r.values)}`}>{show(r)}</li>
      ))}
    </ul>
  );
}

export type RuleCheckLike = { rule: string; met: boolean; unknown: boolean; required: string | number | string[]; actual: string | number | string[] | null };

/** Each eligibility rule with met / missed, and what to add when the enterprise never told us the fact. */
export function RuleChecks({ checks }: { checks: RuleCheckLike[] }) {
  const { t, i18n } = useTranslation("financing");
  if (checks.length === 0) return <p className="text-sm text-slate-500">{t("products.noRules")}</p>;
  const fmt = (rule: string, v: RuleCheckLike["required"] | null): string => {
    if (v === null) return t("rules.none");
    const list = Array.isArray(v) ? v : [v];
    if (list.length === 0) return t("rules.none");
    return list
      .map((x) => {
        if (rule === "tier") return t(`tiers.${x}`, { ns: "common" });
        if (rule === "industry") return t(`industrySections.${x}`, { ns: "common" });
        if (rule === "minRevenue") return formatMoney(Number(x), i18n.language);
        if (rule === "srdiTitle" && x === "srdi") return t("common.yes");
        return String(x);
      })
      .join(t("common:listSeparator"));
  };
  return (
    <ul className="space-y-1 text-sm">
      {checks.map((c) => (
        <li key={c.rule} className={c.met ? "text-emerald-800" : "text-red-800"} data-rule={c.rule} data-met={c.met}>
          <span aria-hidden="true">{c.met ? "✓ " : "✗ "}</span>
          {t(`rules.${c.rule}`, { required: fmt(c.rule, c.required), actual: fmt(c.rule, c.actual) })}
          {c.unknown ? <span className="text-slate-500"> {t("rules.unknownFact")}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function StateBadge({ kind, state }: { kind: "offerStates" | "applicationStates" | "productStates"; state: string }) {
  const { t } = useTranslation("financing");
  const tone = ["accepted", "approved", "closed", "published"].includes(state)
    ? "bg-emerald-100 text-emerald-800"
    : ["withdrawn", "declined", "retired"].includes(state)
      ? "bg-slate-200 text-slate-600"
      : "bg-sky-100 text-sky-800";
  return <span className={`badge ${tone}`}>{t(`${kind}.${state}`)}</span>;
}

/** A group of checkboxes posting one name several times (conform reads it as an array). */
export function CheckboxGroup({
  name,
  label,
  options,
  defaultValue,
  errors,
}: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  defaultValue?: readonly string[] | null;
  errors?: string[];
}) {
  const chosen = new Set(defaultValue ?? []);
  return (
    <fieldset>
      <legend className="field-label">{label}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {options.map((o) => (
          <label key={o.value} className="inline-flex items-center gap-1">
            <input type="checkbox" name={name} value={o.value} defaultChecked={chosen.has(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
      <FieldErrors errors={errors} />
    </fieldset>
  );
}
