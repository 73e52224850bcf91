import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { BoardFigures } from "~/modules/dashboard/board-figures.server";
import { TILE_TONE } from "~/components/ui/tile-tone";

/** The board's figures for this role (ADR 0812): each tile is a count and opens the list it counts. */
export function BoardFigureTiles({ data }: { data: BoardFigures }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="board-heading" data-testid={`board-figures-${data.audience}`}>
      <h2 id="board-heading" className="text-lg font-semibold">
        {t(`dashboard.figures.title.${data.audience}`)}
      </h2>
      <ul className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-4">
        {data.figures.map((f) => (
          <li key={f.key}>
            <Link to={f.href} className={`block h-full rounded-lg border p-3 no-underline hover:ring-2 hover:ring-brand-200 ${TILE_TONE[f.tone]}`} data-testid={`board-figure-${f.key}`}>
              <span className="block text-2xl font-semibold tabular-nums">{f.value}</span>
              <span className="block text-sm">{t(`dashboard.figures.${f.key}`)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
