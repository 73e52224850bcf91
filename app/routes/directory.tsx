import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "~/components/ui/pagination";
import { directoryQuery, listPublicDirectory } from "~/modules/enterprises/directory.server";
import { listPrefectures } from "~/modules/identity/routing.server";
import { pageTitle } from "~/utils/meta";

// The same page for every anonymous visitor (per URL and language): kept by the page cache (ADR 0905).
export const handle = { pageCache: "public" };

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "directory");

export function loader({ request, context }: LoaderFunctionArgs) {
  const query = directoryQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { result: listPublicDirectory(context.app, query), query, prefectures: listPrefectures(context.app) };
}

export default function DirectoryPage() {
  const { t, i18n } = useTranslation();
  const { result, query, prefectures } = useLoaderData<typeof loader>();
  const zh = i18n.language.startsWith("zh");
  return (
    <main id="main" className="mx-auto max-w-7xl space-y-6 px-4 py-8">
      <div>
        <h1 className="page-title">{t("directory.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("directory.intro")}</p>
      </div>
      <Form method="get" className="card flex flex-wrap items-end gap-3" role="search">
        <div>
          <label htmlFor="dir-q" className="field-label">
            {t("directory.search")}
          </label>
          <input id="dir-q" name="q" defaultValue={query.q ?? ""} className="field-input" />
        </div>
        <div>
          <label htmlFor="dir-prefecture" className="field-label">
            {t("fields.prefecture")}
          </label>
          <select id="dir-prefecture" name="prefecture" defaultValue={query.prefecture ?? ""} className="field-input">
            <option value="">{t("directory.allPrefectures")}</option>
            {prefectures.map((p) => (
              <option key={p.code} value={p.code}>
                {zh ? p.nameZh : p.nameEn}
              </option>
            ))}
          </select>
        </div>
        <button className="btn-secondary">{t("directory.filter")}</button>
      </Form>
      <section className="card">
        <p className="mb-2 text-sm text-slate-500" aria-live="polite">
          {t("directory.count", { n: result.total })}
        </p>
        {result.rows.length === 0 ? (
          <p className="py-10 text-center text-slate-500">{t("directory.empty")}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {result.rows.map((e) => (
              <li key={e.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                <span className="flex items-center gap-3">
                  {e.hasLogo ? <img src={`/enterprises/${e.id}/logo`} alt="" className="h-8 w-8 rounded object-contain" loading="lazy" /> : null}
                  <span>
                    <Link to={`/enterprises/${e.id}`} className="font-medium">
                      {zh ? e.name : (e.nameEn ?? e.name)}
                    </Link>
                    {e.publicSummary ? <span className="block text-sm text-slate-600">{e.publicSummary}</span> : null}
                  </span>
                </span>
                <span className="text-sm text-slate-500">
                  {e.tier ? <span className="badge mr-2">{t(`tiers.${e.tier}`)}</span> : null}
                  {zh ? e.prefectureZh : e.prefectureEn}
                  {e.industrySection ? ` · ${t(`industrySections.${e.industrySection}`)}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
        <Pagination page={result.page} pageCount={result.pageCount} />
      </section>
    </main>
  );
}
