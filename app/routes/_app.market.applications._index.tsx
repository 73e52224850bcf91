import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Money, StateBadge } from "~/components/financing/financing-ui";
import { applicationInbox, myApplications } from "~/modules/financing/product-applications.server";
import { requireActor } from "~/modules/identity/auth.server";
import { formatDateTime } from "~/utils/dates";
import { orHttpError } from "~/utils/route.server";
import { can } from "~/modules/access";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "productApplications");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const lender = can(actor, "list:product-application:lender");
  return { lender, applications: orHttpError(() => (lender ? applicationInbox(context.app, actor) : myApplications(context.app, actor))) };
}

export default function ApplicationsPage() {
  const { t, i18n } = useTranslation("financing");
  const { lender, applications } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1 className="page-title">{lender ? t("applications.inbox") : t("applications.mine")}</h1>
      <section className="card">
        {applications.length === 0 ? (
          <p className="text-sm text-slate-600">{t("applications.empty")}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{lender ? t("matchingFields.enterprise") : t("matchingFields.institution")}</th>
                <th scope="col">{t("nav.products")}</th>
                <th scope="col">{t("compare.columns.amount")}</th>
                <th scope="col">{t("matchingFields.state")}</th>
                <th scope="col">{t("matchingFields.obtainedOn")}</th>
              </tr>
            </thead>
            <tbody>
              {applications.map((a) => (
                <tr key={a.id} data-testid="application-row">
                  <td>
                    <Link to={`/market/applications/${a.id}`}>{lender ? a.enterpriseName : a.institutionName}</Link>
                  </td>
                  <td>{a.productName}</td>
                  <td>
                    <Money yuan={a.amount} />
                  </td>
                  <td>
                    <StateBadge kind="applicationStates" state={a.state} />
                  </td>
                  <td>{formatDateTime(a.updatedAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
