import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { INSTRUMENTS } from "@db/schema/constants";
import { Pagination } from "~/components/ui/pagination";
import { requireActor } from "~/modules/identity/auth.server";
import { listVisibleNeeds, needListQuery } from "~/modules/financing/needs-read.server";
import { formatMoney } from "~/utils/money";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "needs");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const query = needListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { result: listVisibleNeeds(context.app, actor, query), query };
}

export default function NeedsPage() {
  const { t, i18n } = useTranslation("financing");
  const { result, query } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="page-title">{t("list.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("list.intro")}</p>
      </div>
      <Form method="get" className="card flex flex-wrap items-end gap-3" role="search">
        <div>
          <label htmlFor="needs-q" className="field-label">
            {t("list.search")}
          </label>
          <input id="needs-q" name="q" defaultValue={query.q ?? ""} className="field-input" />
        </div>
        <div>
          <label htmlFor="needs-instrument" className="field-label">
            {t("fields.instrument")}
          </label>
          <select id="needs-instrument" name="instrument" defaultValue={query.instrument ?? ""} className="field-input">
            <option value="">{t("list.allInstruments")}</option>
            {INSTRUMENTS.map((i) => (
              <option key={i} value={i}>
                {t(`instruments.${i}`)}
              </option>
            ))}
          </select>
        </div>
        <button className="btn-secondary">{t("list.filter")}</button>
      </Form>
      <section className="card">
        <p className="mb-2 text-sm text-slate-500" aria-live="polite">
          {t("list.count", { n: result.total })}
        </p>
        {result.rows.length === 0 ? <p className="py-10 text-center text-slate-500">{t("list.empty")}</p> : null}
        <ul className="divide-y divide-slate-100">
          {result.rows.map((n) => (
            <li key={n.id} className="flex flex-wrap items-baseline justify-between gap-2 py-3" data-testid="need-row">
              <span>
                <Link to={`/needs/${n.id}`} className="font-medium">
                  {n.title}
                </Link>
                <span className="block text-sm text-slate-600">{n.enterpriseName}</span>
              </span>
              <span className="text-sm text-slate-600">
                <span className="badge mr-2">{t(`instruments.${n.instrument}`)}</span>
                {formatMoney(n.amount, i18n.language)} · {t(`audiences.${n.audience}`)} · {t("list.until", { date: n.expiresOn })}
              </span>
            </li>
          ))}
        </ul>
        <Pagination page={result.page} pageCount={result.pageCount} />
      </section>
    </div>
  );
}
