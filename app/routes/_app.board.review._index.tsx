import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ApplicationState } from "@db/schema/constants";
import { AppStateBadge, EmptyState } from "~/components/board/badges";
import { listForwardedApplications } from "~/modules/board/applications.server";
import { listRounds } from "~/modules/board/rounds.server";
import { requireActor } from "~/modules/identity/auth.server";
import { formatDateTime } from "~/utils/dates";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "boardReview");

const FILTERS: Record<string, ApplicationState[] | undefined> = { toCheck: ["forwarded"], checked: ["checked"], all: undefined };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const url = new URL(request.url);
  const roundId = url.searchParams.get("round") || undefined;
  const filter = url.searchParams.get("show") ?? "toCheck";
  const rows = orHttpError(() => listForwardedApplications(context.app, actor, { roundId, states: FILTERS[filter] }));
  return { rows, rounds: listRounds(context.app), roundId: roundId ?? "", filter };
}

export default function ReviewListPage() {
  const { t, i18n } = useTranslation("board");
  const { rows, rounds, roundId, filter } = useLoaderData<typeof loader>();
  const zh = i18n.language.startsWith("zh");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="page-title">{t("review.title")}</h1>
        <Link to="/board/plans" className="btn-secondary">{t("review.toPlans")}</Link>
      </div>
      <Form method="get" className="flex flex-wrap items-end gap-2" role="search">
        <div>
          <label htmlFor="round" className="field-label">{t("apply.round")}</label>
          <select id="round" name="round" defaultValue={roundId} className="field-input">
            <option value="">{t("review.allRounds")}</option>
            {rounds.map((r) => (
              <option key={r.id} value={r.id}>{r.name} · {t(`roundStates.${r.state}`)}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="show" className="field-label">{t("fields.state")}</label>
          <select id="show" name="show" defaultValue={filter} className="field-input">
            {Object.keys(FILTERS).map((k) => (
              <option key={k} value={k}>{t(`review.show.${k}`)}</option>
            ))}
          </select>
        </div>
        <button className="btn-secondary">{t("queue.filter")}</button>
      </Form>
      <section className="card overflow-x-auto">
        {rows.length === 0 ? (
          <EmptyState>{t("review.empty")}</EmptyState>
        ) : (
          <table className="table table-cards">
            <caption className="sr-only">{t("review.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("fields.enterprise")}</th>
                <th scope="col">{t("fields.prefecture")}</th>
                <th scope="col">{t("apply.round")}</th>
                <th scope="col">{t("form.srdiStatus")}</th>
                <th scope="col">{t("fields.state")}</th>
                <th scope="col">{t("fields.forwardedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td data-label={t("fields.enterprise")}><Link to={`/board/review/${r.id}`}>{r.enterpriseName}</Link></td>
                  <td data-label={t("fields.prefecture")}>{(zh ? r.prefectureZh : r.prefectureEn) ?? "—"}</td>
                  <td data-label={t("apply.round")}>{r.roundName}</td>
                  <td data-label={t("form.srdiStatus")}>{t(`srdiStatus.${r.srdiStatus}`)}</td>
                  <td data-label={t("fields.state")}><AppStateBadge state={r.state} /></td>
                  <td data-label={t("fields.forwardedAt")}>{r.forwardedAt ? formatDateTime(r.forwardedAt, i18n.language) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
