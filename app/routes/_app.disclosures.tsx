import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/modules/identity/auth.server";
import { listReceivedDisclosures } from "~/modules/enterprises/disclosures.server";
import { listMyAccessRequests } from "~/modules/enterprises/data-access.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { formatMoney } from "~/utils/money";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "disclosuresReceived");

/** An investor's inbox: reports directed to it, and the data authorisations it asked for. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const overdueOnly = new URL(request.url).searchParams.get("overdue") === "1";
  return { received: listReceivedDisclosures(context.app, actor, { overdueOnly }), requests: listMyAccessRequests(context.app, actor), overdueOnly };
}

export default function ReceivedDisclosuresPage() {
  const { t, i18n } = useTranslation("enterprises");
  const { received, requests, overdueOnly } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("received.title")}</h1>
      <section className="card overflow-x-auto">
        <h2 className="text-lg font-semibold">{t("received.reports")}</h2>
        {overdueOnly ? (
          <p className="mt-1 text-sm">
            {t("received.overdueOnly")} · <Link to="/disclosures">{t("received.showAll")}</Link>
          </p>
        ) : null}
        {received.length === 0 ? <p className="mt-2 text-slate-500">{t("received.none")}</p> : null}
        <ul className="divide-y">
          {received.map((r) => (
            <li key={r.id} className="py-3">
              <p className="flex flex-wrap gap-3">
                <Link to={`/enterprises/${r.enterpriseOrgId}`} className="font-medium">
                  {r.enterpriseName}
                </Link>
                <span>{r.period}</span>
                {r.submittedAt ? (
                  <span className="badge">{t("disclosures.submittedAt", { at: formatDateTime(r.submittedAt, i18n.language) })}</span>
                ) : (
                  <span className={`badge ${r.overdue ? "bg-red-100 text-red-800" : ""}`}>{r.overdue ? t("disclosures.overdue") : t("disclosures.dueOn", { date: r.dueOn })}</span>
                )}
              </p>
              {r.report ? <p className="mt-1 whitespace-pre-wrap text-sm">{r.report}</p> : null}
              {r.revenue != null ? (
                <p className="text-sm text-slate-600">
                  {t("disclosures.revenue")}: {formatMoney(r.revenue, i18n.language)}
                  {r.netProfit != null ? ` · ${t("disclosures.netProfit")}: ${formatMoney(r.netProfit, i18n.language)}` : ""}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section className="card overflow-x-auto">
        <h2 className="text-lg font-semibold">{t("received.myRequests")}</h2>
        {requests.length === 0 ? (
          <p className="mt-2 text-slate-500">{t("received.noRequests")}</p>
        ) : (
          <table className="table table-cards mt-2">
            <thead>
              <tr>
                <th scope="col">{t("received.enterprise")}</th>
                <th scope="col">{t("access.scope")}</th>
                <th scope="col">{t("access.state")}</th>
                <th scope="col">{t("access.expiresOn")}</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id}>
                  <td data-label={t("received.enterprise")}>
                    <Link to={`/enterprises/${r.enterpriseOrgId}`}>{r.enterpriseName}</Link>
                  </td>
                  <td data-label={t("access.scope")}>{(r.state === "granted" ? r.grantedSections : r.requestedSections).map((s) => t(`sections.${s}`)).join(t("common:listSeparator"))}</td>
                  <td data-label={t("access.state")}>{r.expired ? t("access.states.expired") : t(`access.states.${r.state}`)}</td>
                  <td data-label={t("access.expiresOn")}>{r.expiresAt ? formatDate(r.expiresAt, i18n.language) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
