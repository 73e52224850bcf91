import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { INSTRUMENTS } from "@db/schema/constants";
import { requireActor } from "~/modules/identity/auth.server";
import { listOwnNeeds } from "~/modules/financing/needs-read.server";
import { needTimelines } from "~/modules/financing/offer-progress.server";
import { NeedTimelineCompact } from "~/components/financing/need-timeline";
import { formatMoney } from "~/utils/money";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "myNeeds");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const needs = orHttpError(() => listOwnNeeds(context.app, actor));
  const timelines = needTimelines(context.app, actor, needs.filter((n) => n.state !== "draft").map((n) => n.id));
  return { needs: needs.map((n) => ({ ...n, timeline: timelines.get(n.id) ?? null })) };
}

export default function MyNeedsPage() {
  const { t, i18n } = useTranslation("financing");
  const { needs } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("mine.title")}</h1>
      <section className="card">
        <h2 className="text-lg font-semibold">{t("mine.new")}</h2>
        <div className="mt-2 flex flex-wrap gap-2">
          {INSTRUMENTS.map((i) => (
            <Link key={i} to={`/needs/new/${i}`} className="btn-secondary">
              {t(`instruments.${i}`)}
            </Link>
          ))}
        </div>
      </section>
      <section className="card overflow-x-auto">
        {needs.length === 0 ? <p className="text-slate-500">{t("mine.empty")}</p> : null}
        <table className="table table-cards">
          <thead>
            <tr>
              <th scope="col">{t("fields.title")}</th>
              <th scope="col">{t("fields.instrument")}</th>
              <th scope="col">{t("fields.amount")}</th>
              <th scope="col">{t("fields.audience")}</th>
              <th scope="col">{t("fields.state")}</th>
              <th scope="col">{t("fields.expiresOn")}</th>
              <th scope="col">{t("mine.views")}</th>
              <th scope="col">{t("mine.interests")}</th>
              <th scope="col">{t("progress.title")}</th>
            </tr>
          </thead>
          <tbody>
            {needs.map((n) => (
              <tr key={n.id} data-testid="own-need">
                <td data-label={t("fields.title")}>
                  <Link to={`/needs/${n.id}`}>{n.title}</Link>
                </td>
                <td data-label={t("fields.instrument")}>{t(`instruments.${n.instrument}`)}</td>
                <td data-label={t("fields.amount")}>{formatMoney(n.amount, i18n.language)}</td>
                <td data-label={t("fields.audience")}>{t(`audiences.${n.audience}`)}</td>
                <td data-label={t("fields.state")}>
                  <span className="badge">{t(`states.${n.state}`)}</span>
                </td>
                <td data-label={t("fields.expiresOn")}>{n.expiresOn}</td>
                <td data-label={t("mine.views")}>{t("mine.viewsValue", { views: n.views, orgs: n.viewerOrgs })}</td>
                <td data-label={t("mine.interests")}>{n.interests}</td>
                <td data-label={t("progress.title")}>
                  {n.timeline ? (
                    <Link to={`/needs/${n.id}#progress`} className="no-underline">
                      <NeedTimelineCompact timeline={n.timeline} />
                    </Link>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
