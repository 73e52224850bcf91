import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export type DirectedOrg = { id: string; name: string; nameEn: string | null; institutionType?: string | null };

/**
 * The checkbox list behind a "directed" audience (profile sections, needs, decks): which organisations may see it.
 * Names follow the reader's language where an English name is stored.
 */
export function DirectedOrgPicker({
  legend,
  name,
  orgs,
  checked,
  className = "max-h-48 overflow-auto rounded border p-2 text-sm sm:col-span-2",
  children,
}: {
  legend: string;
  name: string;
  orgs: DirectedOrg[];
  checked: ReadonlySet<string>;
  className?: string;
  /** Shown under the list, e.g. the field's errors. */
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language.startsWith("zh");
  return (
    <fieldset className={className}>
      <legend className="px-1 text-xs text-slate-500">{legend}</legend>
      {orgs.map((o) => (
        <label key={o.id} className="flex items-center gap-2">
          <input type="checkbox" name={name} value={o.id} defaultChecked={checked.has(o.id)} />
          {zh ? o.name : (o.nameEn ?? o.name)}
          {o.institutionType ? <span className="text-xs text-slate-500">{t(`institutionTypes.${o.institutionType}`, { ns: "common" })}</span> : null}
        </label>
      ))}
      {children}
    </fieldset>
  );
}
