import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { EmptyState } from "~/components/board/badges";
import { assembleAdmissionPlan, listPlans } from "~/modules/board/plans.server";
import { boardActionOptions, boardDone } from "~/modules/board/route-support.server";
import { handleForm } from "~/utils/actions.server";
import { listRounds } from "~/modules/board/rounds.server";
import { requireActor } from "~/modules/identity/auth.server";
import { formatDateTime } from "~/utils/dates";
import { orHttpError } from "~/utils/route.server";
import { can } from "~/modules/access";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "boardPlans");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const plans = orHttpError(() => listPlans(context.app, actor));
  const reviewer = can(actor, "submit:tier-plan:any");
  return { plans, reviewer, rounds: reviewer ? listRounds(context.app).filter((r) => r.state === "under_review") : [] };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleForm(
    request,
    z.object({ roundId: z.string() }),
    ({ roundId }) => {
      const plan = assembleAdmissionPlan(context.app, actor, roundId);
      return boardDone(context, request, `/board/plans/${plan.id}`, "board:plans.assembled");
    },
    boardActionOptions(context, request),
  );
}

export default function PlansPage() {
  const { t, i18n } = useTranslation("board");
  const { plans, reviewer, rounds } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("plans.title")}</h1>
      {reviewer ? (
        <section className="card max-w-2xl">
          <h2 className="text-lg font-semibold">{t("plans.assemble")}</h2>
          <p className="mt-1 text-sm text-slate-600">{t("plans.assembleIntro")}</p>
          {rounds.length === 0 ? (
            <EmptyState>{t("plans.noRoundUnderReview")}</EmptyState>
          ) : (
            <Form method="post" className="mt-3 flex flex-wrap items-end gap-2">
              <div>
                <label htmlFor="roundId" className="field-label">{t("apply.round")}</label>
                <select id="roundId" name="roundId" className="field-input">
                  {rounds.map((r) => (
                    <option key={r.id} value={r.id}>{r.name}</option>
                  ))}
                </select>
              </div>
              <button className="btn-primary" disabled={busy}>{t("plans.assembleButton")}</button>
            </Form>
          )}
        </section>
      ) : null}
      <section className="card overflow-x-auto">
        {plans.length === 0 ? (
          <EmptyState>{t("plans.empty")}</EmptyState>
        ) : (
          <table className="table table-cards">
            <caption className="sr-only">{t("plans.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("plans.plan")}</th>
                <th scope="col">{t("plans.kind")}</th>
                <th scope="col">{t("plans.items")}</th>
                <th scope="col">{t("fields.state")}</th>
                <th scope="col">{t("plans.submittedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => (
                <tr key={p.id}>
                  <td data-label={t("plans.plan")}><Link to={`/board/plans/${p.id}`}>{p.roundName ?? p.removalOf ?? t("plans.retieringYear", { year: p.runYear })}</Link></td>
                  <td data-label={t("plans.kind")}>{t(`plans.kinds.${p.kind}`)}</td>
                  <td data-label={t("plans.items")}>{p.items}</td>
                  <td data-label={t("fields.state")}><span className="badge">{t(`planStates.${p.state}`)}</span></td>
                  <td data-label={t("plans.submittedAt")}>{p.submittedAt ? formatDateTime(p.submittedAt, i18n.language) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
