import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/modules/identity/auth.server";
import { serviceWorkload } from "~/modules/staff/assignments.server";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "serviceWorkload");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return orHttpError(() => serviceWorkload(context.app, actor));
}

export default function WorkloadPage() {
  const { t } = useTranslation("staff");
  const { people, unassigned } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("workload.title")}</h1>
      <p className="text-sm text-slate-600">{t("workload.intro")}</p>
      {unassigned > 0 ? <p className="rounded bg-amber-50 p-2 text-sm text-amber-800" role="note">{t("workload.unassigned", { n: unassigned })}</p> : null}
      <section className="card overflow-x-auto">
        <table className="table table-cards">
          <caption className="sr-only">{t("workload.title")}</caption>
          <thead><tr><th scope="col">{t("workload.person")}</th><th scope="col">{t("workload.enterprises")}</th><th scope="col">{t("workload.openRequests")}</th></tr></thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.userId}>
                <td data-label={t("workload.person")}>{p.name}<div className="text-xs text-slate-500">{p.email}</div></td>
                <td data-label={t("workload.enterprises")} className="tabular-nums">{p.enterprises}</td>
                <td data-label={t("workload.openRequests")} className="tabular-nums">{p.openRequests}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p className="text-sm"><Link to="/staff/enterprises?scope=all" className="text-brand-700 hover:underline">{t("workload.allEnterprises")}</Link></p>
    </div>
  );
}
