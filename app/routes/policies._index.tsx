import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "~/modules/access";
import { getActor } from "~/modules/identity/auth.server";
import { listPolicies, policiesForMe } from "~/modules/staff/policies.server";
import { formatDate } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "policies");

/** Public: no login needed (政策宣传). A signed-in board enterprise also sees which posts fit it. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await getActor(request, context.app);
  return { posts: listPolicies(context.app), mine: actor ? policiesForMe(context.app, actor).map((p) => p.id) : [], isEnterprise: can(actor, "match:policy-post:own") };
}

export default function PoliciesPage() {
  const { t, i18n } = useTranslation("staff");
  const { posts, mine, isEnterprise } = useLoaderData<typeof loader>();
  const fit = new Set(mine);
  const ordered = isEnterprise ? [...posts.filter((p) => fit.has(p.id)), ...posts.filter((p) => !fit.has(p.id))] : posts;
  return (
    <main id="main" className="mx-auto max-w-4xl space-y-6 px-4 py-8">
      <h1 className="page-title">{t("policies.title")}</h1>
      <p className="text-sm text-slate-600">{t("policies.intro")}</p>
      {ordered.length === 0 ? <p className="text-sm text-slate-500">{t("policies.empty")}</p> : (
        <ul className="space-y-3">
          {ordered.map((p) => (
            <li key={p.id} className="card space-y-1">
              <div className="flex flex-wrap items-center gap-2">
                <span className="badge">{t(`policies.categories.${p.category}`)}</span>
                {fit.has(p.id) ? <span className="badge bg-emerald-100 text-emerald-800">{t("policies.fitsYou")}</span> : null}
              </div>
              <Link to={`/policies/${p.id}`} className="text-lg font-medium text-brand-700 hover:underline">{p.title}</Link>
              <p className="text-sm text-slate-600">{p.sourceDocument} · {formatDate(p.publishedAt, i18n.language)}</p>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
