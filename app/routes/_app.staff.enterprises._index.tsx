import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TIERS } from "@db/schema/constants";
import { TierBadge } from "~/components/board/badges";
import { Pagination } from "~/components/ui/pagination";
import { can } from "~/modules/access";
import { requireActor } from "~/modules/identity/auth.server";
import { listMyEnterprises, type MY_ENTERPRISE_SORTS, myEnterprisesQuery } from "~/modules/staff/my-enterprises.server";
import { formatDateTime } from "~/utils/dates";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "myEnterprises");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const query = myEnterprisesQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = orHttpError(() => listMyEnterprises(context.app, actor, query));
  return { list, query, canSeeWorkload: can(actor, "read:service-workload:any") };
}

const CUSTODY_TONE: Record<string, string> = {
  overdue: "bg-red-600 text-white",
  d5: "bg-red-100 text-red-800",
  d10: "bg-amber-100 text-amber-800",
  d20: "bg-yellow-100 text-yellow-800",
  none: "bg-slate-100 text-slate-700",
  met_late: "bg-amber-100 text-amber-800",
  met: "bg-emerald-100 text-emerald-800",
  unstarted: "bg-slate-100 text-slate-500",
};

export default function MyEnterprisesPage() {
  const { t, i18n } = useTranslation("staff");
  const { t: tb } = useTranslation("board");
  const { list, query, canSeeWorkload } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const zh = i18n.language.startsWith("zh");
  const sortHref = (sort: string) => {
    const next = new URLSearchParams(params);
    next.set("sort", sort);
    next.set("dir", query.sort === sort && query.dir === "asc" ? "desc" : "asc");
    next.delete("page");
    return `?${next.toString()}`;
  };
  const SortTh = ({ sort, label }: { sort: (typeof MY_ENTERPRISE_SORTS)[number]; label: string }) => (
    <th scope="col" aria-sort={query.sort === sort ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link to={sortHref(sort)} className="hover:underline">{label}{query.sort === sort ? (query.dir === "asc" ? " ▲" : " ▼") : ""}</Link>
    </th>
  );
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title">{t("mine.title")}</h1>
        {canSeeWorkload ? <Link to="/staff/workload" className="btn-secondary">{t("workload.title")}</Link> : null}
      </div>
      <p className="text-sm text-slate-600">{t("mine.intro")}</p>
      <Form method="get" className="card flex flex-wrap items-end gap-3" role="search">
        <div>
          <label htmlFor="f-scope" className="field-label">{t("mine.scope")}</label>
          <select id="f-scope" name="scope" defaultValue={query.scope} className="field-input">
            <option value="mine">{t("mine.scopes.mine")}</option>
            <option value="all">{t("mine.scopes.all")}</option>
          </select>
        </div>
        <div>
          <label htmlFor="f-q" className="field-label">{t("mine.search")}</label>
          <input id="f-q" name="q" defaultValue={query.q ?? ""} className="field-input" />
        </div>
        <div>
          <label htmlFor="f-tier" className="field-label">{t("mine.tier")}</label>
          <select id="f-tier" name="tier" defaultValue={query.tier ?? ""} className="field-input">
            <option value="">{t("requests.any")}</option>
            {TIERS.map((tier) => <option key={tier} value={tier}>{tb(`tiers.${tier}`)}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="f-custody" className="field-label">{t("mine.custody")}</label>
          <select id="f-custody" name="custody" defaultValue={query.custody ?? ""} className="field-input">
            <option value="">{t("requests.any")}</option>
            {(["overdue", "d5", "d10", "d20", "none", "met_late", "met", "unstarted"] as const).map((l) => <option key={l} value={l}>{t(`custodyLevels.${l}`)}</option>)}
          </select>
        </div>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="withOpenRequests" value="1" defaultChecked={query.withOpenRequests} />{t("mine.withOpenRequests")}</label>
        <div className="md:hidden">
          <label htmlFor="f-sort" className="field-label">{t("mine.sortBy")}</label>
          <select id="f-sort" name="sort" defaultValue={query.sort} className="field-input">
            {(["custody", "name", "tier", "disclosure", "openRequests", "lastVisit", "roadshows", "financing"] as const).map((k) => <option key={k} value={k}>{t(`mine.sorts.${k}`)}</option>)}
          </select>
        </div>
        <input type="hidden" name="dir" value={query.dir} />
        <button className="btn-secondary">{t("requests.filter")}</button>
      </Form>
      <section className="card overflow-x-auto">
        <p className="mb-2 text-sm text-slate-500">{t("mine.total", { n: list.total })}</p>
        {list.items.length === 0 ? <p className="text-sm text-slate-500">{t("mine.empty")}</p> : null}
        {list.items.length ? (
          // On a phone each enterprise is a card (the table's eight columns do not fit); the sort links stay above.
          <ul className="divide-y md:hidden" data-testid="my-enterprises-cards">
            {list.items.map((e) => (
              <li key={e.enterpriseOrgId} className="space-y-1 py-3">
                <Link className="font-medium text-brand-700 hover:underline" to={`/staff/enterprises/${e.enterpriseOrgId}`}>{e.name}</Link>
                <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                  <TierBadge tier={e.tier} />
                  <span className={`badge ${CUSTODY_TONE[e.custodyLevel]}`}>{t(`custodyLevels.${e.custodyLevel}`)}</span>
                  <span>{(zh ? e.prefectureZh : e.prefectureEn) ?? ""}</span>
                </div>
                <dl className="grid grid-cols-2 gap-x-3 text-xs">
                  <dt className="text-slate-500">{t("mine.openRequests")}</dt>
                  <dd className="tabular-nums">{e.openRequests}{e.overdueRequests > 0 ? <span className="badge ml-1 bg-red-600 text-white">{t("mine.overdueN", { n: e.overdueRequests })}</span> : null}</dd>
                  <dt className="text-slate-500">{t("mine.disclosure")}</dt>
                  <dd>{t(`disclosureStates.${e.disclosure}`, { n: e.disclosureOverdue })}</dd>
                  <dt className="text-slate-500">{t("mine.lastVisit")}</dt>
                  <dd className="tabular-nums">{e.lastVisit ?? t("mine.never")}</dd>
                  <dt className="text-slate-500">{t("mine.roadshows")}</dt>
                  <dd className="tabular-nums">{e.nextRoadshowAt === null ? t("mine.noRoadshow") : formatDateTime(e.nextRoadshowAt, i18n.language)}</dd>
                  <dt className="text-slate-500">{t("mine.financing")}</dt>
                  <dd className="tabular-nums">{e.financingInProgress}</dd>
                </dl>
              </li>
            ))}
          </ul>
        ) : null}
        {list.items.length === 0 ? null : (
          <div className="hidden md:block">
          <table className="table">
            <caption className="sr-only">{t("mine.title")}</caption>
            <thead>
              <tr>
                <SortTh sort="name" label={t("mine.enterprise")} />
                <SortTh sort="tier" label={t("mine.tier")} />
                <SortTh sort="custody" label={t("mine.custody")} />
                <SortTh sort="disclosure" label={t("mine.disclosure")} />
                <SortTh sort="openRequests" label={t("mine.openRequests")} />
                <SortTh sort="lastVisit" label={t("mine.lastVisit")} />
                <SortTh sort="roadshows" label={t("mine.roadshows")} />
                <SortTh sort="financing" label={t("mine.financing")} />
                {query.scope === "all" ? <th scope="col">{t("mine.servicePerson")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.items.map((e) => (
                <tr key={e.enterpriseOrgId}>
                  <td><Link className="text-brand-700 hover:underline" to={`/staff/enterprises/${e.enterpriseOrgId}`}>{e.name}</Link><div className="text-xs text-slate-500">{(zh ? e.prefectureZh : e.prefectureEn) ?? ""}</div></td>
                  <td><TierBadge tier={e.tier} /></td>
                  <td><span className={`badge ${CUSTODY_TONE[e.custodyLevel]}`}>{t(`custodyLevels.${e.custodyLevel}`)}</span>{e.custodyDeadline ? <div className="text-xs text-slate-500 tabular-nums">{e.custodyDeadline}</div> : null}</td>
                  <td>{t(`disclosureStates.${e.disclosure}`, { n: e.disclosureOverdue })}</td>
                  <td className="tabular-nums">{e.openRequests}{e.overdueRequests > 0 ? <span className="badge ml-1 bg-red-600 text-white">{t("mine.overdueN", { n: e.overdueRequests })}</span> : null}</td>
                  <td className="tabular-nums">{e.lastVisit ?? t("mine.never")}</td>
                  <td className="tabular-nums">
                    {e.nextRoadshowAt === null ? <span className="text-slate-500">{t("mine.noRoadshow")}</span> : (
                      <>
                        {formatDateTime(e.nextRoadshowAt, i18n.language)}
                        {e.upcomingRoadshows > 1 ? <div className="text-xs text-slate-500">{t("mine.roadshowsN", { n: e.upcomingRoadshows })}</div> : null}
                      </>
                    )}
                  </td>
                  <td className="tabular-nums">{e.financingInProgress}</td>
                  {query.scope === "all" ? <td>{e.servicePersonName ?? "—"}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
        <Pagination page={list.page} pageCount={list.pageCount} />
      </section>
    </div>
  );
}
