import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "~/components/board/badges";
import { listPublicNotices } from "~/modules/board/notices.server";
import { pageTitle } from "~/utils/meta";

// The same page for every anonymous visitor (per URL and language): kept by the page cache (ADR 0905).
export const handle = { pageCache: "public" };

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "publicNotices");

/** Public: no login needed (公示). */
export async function loader({ context }: LoaderFunctionArgs) {
  return { notices: listPublicNotices(context.app) };
}

export default function NoticesPage() {
  const { t } = useTranslation("board");
  const { notices } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="mx-auto max-w-4xl space-y-6 px-4 py-8">
      <h1 className="page-title">{t("notices.title")}</h1>
      <p className="text-sm text-slate-600">{t("notices.intro")}</p>
      {notices.length === 0 ? (
        <EmptyState>{t("notices.empty")}</EmptyState>
      ) : (
        <ul className="space-y-3">
          {notices.map((n) => (
            <li key={n.id} className="card flex flex-wrap items-center justify-between gap-2">
              <div>
                <Link to={`/notices/${n.id}`} className="text-lg font-medium">{t("notices.noticeTitle", { name: n.title })}</Link>
                <p className="text-sm text-slate-600">{t("notices.period", { start: n.startsOn, end: n.endsOn })} · {t("notices.count", { n: n.listed })}</p>
              </div>
              <span className="badge">{t(`noticePhases.${n.phase}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
