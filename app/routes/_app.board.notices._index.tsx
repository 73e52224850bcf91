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
          <table className="table table-cards">
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
                  <td data-label={t("notices.notice")}><Link to={`/board/notices/${n.id}`}>{n.title}</Link> · <a href={`/notices/${n.id}`} className="text-xs">{t("staffNotices.publicPage")}</a></td>
                  <td data-label={t("notices.periodLabel")}>{n.startsOn} – {n.endsOn}</td>
                  <td data-label={t("notices.listed")}>{n.listed}</td>
                  <td data-label={t("staffNotices.openObjections")}>{n.openObjections}</td>
                  <td data-label={t("fields.state")}><span className="badge">{t(`noticePhases.${n.phase}`)}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
