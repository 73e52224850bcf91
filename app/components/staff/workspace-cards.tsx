import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TILE_TONE } from "~/components/ui/tile-tone";

// The shape of staffWorkspace() (app/modules/staff/workspace.server.ts) as the loader serialises it.
type Data = { sections: { key: string; items: { key: string; count: number; href: string; tone: "urgent" | "attention" | "neutral" }[] }[]; canSeeStats: boolean };

/** "What needs doing" for exchange staff and regulators: each count opens the list filtered to those items. */
export function WorkspaceCards({ data }: { data: Data }) {
  const { t } = useTranslation("staff");
  if (data.sections.length === 0) return null;
  return (
    <section aria-labelledby="workspace-heading" className="space-y-4" data-testid="staff-workspace">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="workspace-heading" className="text-lg font-semibold">{t("workspace.title")}</h2>
        {data.canSeeStats ? <Link to="/stats" className="text-sm text-brand-700 hover:underline">{t("workspace.stats")}</Link> : null}
      </div>
      {data.sections.map((s) => (
        <div key={s.key} className="space-y-2" data-testid={`workspace-${s.key}`}>
          <h3 className="text-sm font-medium text-slate-600">{t(`workspace.sections.${s.key}`)}</h3>
          <ul className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
            {s.items.map((i) => (
              <li key={i.key}>
                <Link to={i.href} className={`block h-full rounded-lg border p-3 no-underline hover:ring-2 hover:ring-brand-200 ${TILE_TONE[i.tone]}`} data-testid={`workspace-item-${i.key}`}>
                  <span className="block text-2xl font-semibold tabular-nums">{i.count}</span>
                  <span className="block text-sm">{t(`workspace.items.${i.key}`)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
