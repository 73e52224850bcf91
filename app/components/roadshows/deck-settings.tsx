import { useState } from "react";
import { useTranslation } from "react-i18next";
import { AUDIENCES } from "@db/schema/constants";
import { DirectedOrgPicker } from "~/components/ui/directed-org-picker";

type Org = { id: string; name: string; nameEn: string | null };

/** The deck's title, audience (as for profile sections), NDA text and download switch. */
export function DeckSettingsFields({
  orgs,
  needs,
  defaults,
}: {
  orgs: Org[];
  needs: { id: string; title: string }[];
  defaults: { title?: string; audience?: string; directedOrgIds?: string[]; needId?: string | null; ndaText?: string | null; allowDownload?: boolean };
}) {
  const { t } = useTranslation("roadshows");
  const [audience, setAudience] = useState(defaults.audience ?? "members");
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <label htmlFor="deck-title" className="field-label">
          {t("fields.title")}
        </label>
        <input id="deck-title" name="title" required maxLength={120} defaultValue={defaults.title ?? ""} className="field-input" />
      </div>
      <div>
        <label htmlFor="deck-audience" className="field-label">
          {t("fields.audience")}
        </label>
        <select id="deck-audience" name="audience" value={audience} onChange={(e) => setAudience(e.target.value)} className="field-input">
          {AUDIENCES.map((a) => (
            <option key={a} value={a}>
              {t(`audiences.${a}`, { ns: "enterprises" })}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="deck-need" className="field-label">
          {t("fields.need")}
        </label>
        <select id="deck-need" name="needId" defaultValue={defaults.needId ?? ""} className="field-input">
          <option value="">—</option>
          {needs.map((n) => (
            <option key={n.id} value={n.id}>
              {n.title}
            </option>
          ))}
        </select>
      </div>
      {audience === "directed" ? (
        <DirectedOrgPicker legend={t("fields.directedTo")} name="directedOrgIds" orgs={orgs} checked={new Set(defaults.directedOrgIds ?? [])} />
      ) : null}
      <div className="sm:col-span-2">
        <label htmlFor="deck-nda" className="field-label">
          {t("fields.ndaText")}
        </label>
        <textarea id="deck-nda" name="ndaText" rows={3} maxLength={5000} defaultValue={defaults.ndaText ?? ""} className="field-input" />
        <p className="field-hint">{t("fields.ndaHint")}</p>
      </div>
      <label className="flex items-center gap-2 text-sm sm:col-span-2">
        <input type="checkbox" name="allowDownload" defaultChecked={defaults.allowDownload ?? false} />
        {t("fields.allowDownload")}
      </label>
    </div>
  );
}
