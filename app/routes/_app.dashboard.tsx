import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/modules/identity/auth.server";
import { organisationOverview } from "~/modules/identity/overview.server";
import { FinancingDashboardCards } from "~/components/financing/financing-dashboard";
import { financingDashboard } from "~/modules/financing/recommendations.server";
import { BoardDashboardCards } from "~/components/board/board-dashboard";
import { boardDashboard } from "~/modules/board/dashboard.server";
import { DashboardInbox } from "~/components/dashboard/inbox";
import { dashboardInbox } from "~/modules/dashboard/inbox.server";
import { can } from "~/modules/access";
import { WorkspaceCards } from "~/components/staff/workspace-cards";
import { staffWorkspace } from "~/modules/staff/workspace.server";
import { pageTitle } from "~/utils/meta";
import { BoardFigureTiles } from "~/components/dashboard/board-figures";
import { boardFigures } from "~/modules/dashboard/board-figures.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return { actor: { name: actor.name, orgKind: actor.orgKind, roles: actor.roles }, canManageMembers: can(actor, "manage:member:own-org"), overview: organisationOverview(context.app, actor), inbox: dashboardInbox(context.app, actor), financing: financingDashboard(context.app, actor), board: boardDashboard(context.app, actor), workspace: staffWorkspace(context.app, actor), figures: boardFigures(context.app, actor) };
}

export default function DashboardPage() {
  const { t, i18n } = useTranslation();
  const { actor, canManageMembers, overview, inbox, financing, board, workspace, figures } = useLoaderData<typeof loader>();
  const zh = i18n.language.startsWith("zh");
  const org = overview.org;
  return (
    <div className="space-y-6" data-testid={`dashboard-${actor.orgKind}`}>
      <div>
        <p className="text-sm text-slate-500">{t(`dashboard.kind.${actor.orgKind}`)}</p>
        <h1 className="page-title">{t("dashboard.greeting", { name: actor.name })}</h1>
      </div>
      <WorkspaceCards data={workspace} />
      <DashboardInbox items={inbox} />
      {workspace.sections.length ? <BoardDashboardCards data={board} /> : null}
      <section className="card" aria-labelledby="org-heading">
        <h2 id="org-heading" className="text-lg font-semibold">
          {org?.name}
        </h2>
        <dl className="mt-3 grid grid-cols-1 gap-3 text-sm sm:grid-cols-3">
          {org?.uscc ? (
            <div>
              <dt className="text-slate-500">{t("fields.uscc")}</dt>
              <dd className="font-mono">{org.uscc}</dd>
            </div>
          ) : null}
          {org?.prefectureZh ? (
            <div>
              <dt className="text-slate-500">{t("fields.prefecture")}</dt>
              <dd>{zh ? org.prefectureZh : org.prefectureEn}</dd>
            </div>
          ) : null}
          {org?.institutionType ? (
            <div>
              <dt className="text-slate-500">{t("fields.institutionType")}</dt>
              <dd>{t(`institutionTypes.${org.institutionType}`)}</dd>
            </div>
          ) : null}
          <div>
            <dt className="text-slate-500">{t("fields.roles")}</dt>
            <dd className="flex flex-wrap gap-1">
              {actor.roles.map((r) => (
                <span key={r} className="badge">
                  {t(`roles.${r}`)}
                </span>
              ))}
            </dd>
          </div>
        </dl>
      </section>
      {workspace.sections.length ? null : <BoardDashboardCards data={board} />}
      <FinancingDashboardCards data={financing} />
      <BoardFigureTiles data={figures} />
      <section className="card">
        <h2 className="text-lg font-semibold">{t("dashboard.nextSteps")}</h2>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
          <li>
            <Link to="/directory">{t("dashboard.browseDirectory")}</Link>
          </li>
          {canManageMembers ? (
            <li>
              <Link to="/org/members">{t("dashboard.inviteColleagues")}</Link>
            </li>
          ) : null}
          <li>
            <Link to="/account">{t("dashboard.manageAccount")}</Link>
          </li>
        </ul>
      </section>
    </div>
  );
}
