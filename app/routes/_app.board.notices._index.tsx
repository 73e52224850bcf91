import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "~/components/board/badges";
import { listNoticesForStaff } from "~/modules/board/notices.server";
import { requireActor } from "~/modules/identity/auth.server";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "boardNotices");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return { notices: orHttpError(() => listNoticesForStaff(context.app, actor)) };
}

export default function StaffNoticesPage() {
  const { t } = useTranslation("board");
  const { notices } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("staffNotices.title")}</h1>
      <section className="card overflow-x-auto">
        {notices.length === 0 ? (
          <EmptyState>{t("notices.empty")}</EmptyState>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("notices.notice")}</th>
                <th scope="col">{t("notices.periodLabel")}</th>
                <th scope="col">{t("notices.listed")}</th>
                <th scope="col">{t("staffNotices.openObjections")}</th>
                <th scope="col">{t("fields.state")}</th>
              </tr>
            </thead>
            <tbody>
              {notices.map((n) => (
                <tr key={n.id}>
                  <td><Link to={`/board/notices/${n.id}`}>{n.title}</Link> · <a href={`/notices/${n.id}`} className="text-xs">{t("staffNotices.publicPage")}</a></td>
                  <td>{n.startsOn} – {n.endsOn}</td>
                  <td>{n.listed}</td>
                  <td>{n.openObjections}</td>
                  <td><span className="badge">{t(`noticePhases.${n.phase}`)}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
