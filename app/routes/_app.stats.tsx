import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormErrors } from "~/components/ui/field";
import { WideTable } from "~/components/ui/wide-table";
import { getLocale } from "~/i18n/i18n.server";
import { requireActor } from "~/modules/identity/auth.server";
import { dashboardView } from "~/modules/staff/dashboard-view.server";
import { shanghaiDate } from "~/utils/dates";
import { isAppError } from "~/utils/errors";
import { encodeMessage } from "~/utils/forms.server";
import { asHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";
import { TILE_TONE } from "~/components/ui/tile-tone";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "boardStats");

const query = z.object({ from: z.string().optional(), to: z.string().optional(), prefecture: z.string().optional() });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const q = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const today = shanghaiDate(context.app.clock.now());
  const filter = { from: q.from || `${today.slice(0, 4)}-01-01`, to: q.to || today, prefecture: q.prefecture || undefined };
  try {
    return { view: await dashboardView(context.app, actor, filter, await getLocale(request)), filter, error: null };
  } catch (error) {
    if (isAppError(error) && error.status === 422) return { view: null, filter, error: encodeMessage(error.message, error.values) };
    throw asHttpError(error);
  }
}

export default function StatsPage() {
  const { t, i18n } = useTranslation("staff");
  const { view, filter, error } = useLoaderData<typeof loader>();
  const qs = new URLSearchParams({ from: filter.from, to: filter.to, ...(filter.prefecture ? { prefecture: filter.prefecture } : {}) }).toString();
  const nf = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="page-title">{t("stats.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("stats.intro")}</p>
      </div>
      <Form method="get" className="card flex flex-wrap items-end gap-3 print:hidden">
        <div>
          <label className="field-label" htmlFor="from">{t("stats.from")}</label>
          <input id="from" name="from" type="date" className="field-input" defaultValue={filter.from} />
        </div>
        <div>
          <label className="field-label" htmlFor="to">{t("stats.to")}</label>
          <input id="to" name="to" type="date" className="field-input" defaultValue={filter.to} />
        </div>
        <div>
          <label className="field-label" htmlFor="prefecture">{t("stats.prefecture")}</label>
          <select id="prefecture" name="prefecture" className="field-input" defaultValue={filter.prefecture ?? ""}>
            {view?.anyPrefecture === false ? null : <option value="">{t("stats.allPrefectures")}</option>}
            {view?.prefectures.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
          </select>
        </div>
        <button className="btn-primary">{t("stats.show")}</button>
      </Form>
      <FormErrors errors={error ? [error] : undefined} />
      {view ? (
        <>
          <ul className="grid grid-cols-2 gap-4 md:grid-cols-4" data-testid="stats-totals">
            {view.tiles.map((tile) => {
              const value =
                tile.value === null ? "—"
                : tile.format === "wan" ? t("stats.wanN", { n: nf.format(tile.value / 10_000) })
                : tile.format === "percentBp" ? `${nf.format(tile.value / 100)}%`
                : tile.format === "ratingX100" ? `${nf.format(tile.value / 100)} / 5`
                : nf.format(tile.value);
              const body = (
                <>
                  <span className="block text-2xl font-semibold tabular-nums">{value}</span>
                  <span className="block text-sm">{t(tile.label)}</span>
                  {tile.note ? <span className="block text-xs text-slate-600">{t(tile.note.label, { n: tile.note.n })}</span> : null}
                </>
              );
              const box = `block h-full rounded-lg border p-3 ${TILE_TONE[tile.tone]}`;
              return (
                <li key={tile.key} data-testid={`stats-tile-${tile.key}`}>
                  {tile.href ? <Link to={tile.href} className={`${box} no-underline hover:ring-2 hover:ring-brand-200`}>{body}</Link> : <div className={box}>{body}</div>}
                </li>
              );
            })}
          </ul>
          <div className="grid gap-6 lg:grid-cols-2">
            {view.charts.map((c) => (
              <section key={c.id} className="card break-inside-avoid space-y-3" aria-labelledby={`chart-${c.id}`} data-chart={c.id}>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <h2 id={`chart-${c.id}`} className="text-lg font-semibold">{c.title}</h2>
                  <span className="flex gap-2 text-sm print:hidden">
                    <a className="text-brand-700 hover:underline" href={`/stats/download?chart=${c.id}&format=csv&${qs}`} download>CSV</a>
                    <a className="text-brand-700 hover:underline" href={`/stats/download?chart=${c.id}&format=xlsx&${qs}`} download>XLSX</a>
                  </span>
                </div>
                {c.svg ? (
                  // Rendered on the server by ECharts from our own figures (text escaped by its SSR renderer).
                  <>
                    <figure role="img" aria-label={c.title} className="hidden overflow-x-auto sm:block print:block [&_svg]:h-auto [&_svg]:max-w-full" dangerouslySetInnerHTML={{ __html: c.svg }} />
                    {/* The phone's own drawing: the desktop chart scaled to 360 px would have 5 px labels. */}
                    <figure role="img" aria-label={c.title} className="sm:hidden print:hidden [&_svg]:h-auto [&_svg]:max-w-full" dangerouslySetInnerHTML={{ __html: c.svgNarrow ?? "" }} />
                  </>
                ) : (
                  <p className="text-sm text-slate-500">{t("stats.noData")}</p>
                )}
                {c.note ? <p className="text-xs text-slate-500">{c.note}</p> : null}
                {c.rows.length ? (
                  <details className="print:open">
                    <summary className="cursor-pointer text-sm text-brand-700 print:hidden">{t("stats.tableView")}</summary>
                    <WideTable label={c.title} className="mt-2">
                      <caption className="sr-only">{c.title}</caption>
                      <thead><tr>{c.headers.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
                      <tbody>{c.rows.map((r, i) => <tr key={i}>{r.map((v, j) => <td key={j} className={typeof v === "number" ? "tabular-nums" : undefined}>{v === null ? "—" : typeof v === "number" ? nf.format(v) : v}</td>)}</tr>)}</tbody>
                    </WideTable>
                  </details>
                ) : null}
              </section>
            ))}
          </div>
        </>
      ) : null}
    </div>
  );
}
