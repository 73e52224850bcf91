import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { boardActionOptions, boardDone } from "~/modules/board/route-support.server";
import { handleIntents } from "~/utils/actions.server";
import { REMOVAL_REASONS, TIERS } from "@db/schema/constants";
import { EmptyState, TierBadge } from "~/components/board/badges";
import { adjustRetieringDecision, assembleRetieringPlan, getRetieringRun, listRetieringRuns, startRetieringRun } from "~/modules/board/retiering.server";
import { requireActor } from "~/modules/identity/auth.server";
import { orHttpError } from "~/utils/route.server";
import { can } from "~/modules/access";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "boardRetiering");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const runs = orHttpError(() => listRetieringRuns(context.app, actor));
  const runId = new URL(request.url).searchParams.get("run") ?? runs[0]?.id;
  const detail = runId ? orHttpError(() => getRetieringRun(context.app, actor, runId)) : null;
  return { runs, detail, canStart: can(actor, "start:retiering:any"), year: new Date(context.app.clock.now()).getUTCFullYear() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleIntents(
    request,
    {
      start: z.object({ year: z.number().int() }),
      plan: z.object({ runId: z.string() }),
      adjust: z.object({
        runId: z.string(),
        decisionId: z.string(),
        action: z.enum(["keep", "move", "remove"]),
        finalTier: z.enum(TIERS).optional().catch(undefined),
        removalReason: z.enum(REMOVAL_REASONS).optional().catch(undefined),
        violationId: z.string().optional(),
        reason: z.string().optional(),
      }),
    },
    {
      start: ({ year }) => {
        const run = startRetieringRun(context.app, actor, year);
        return boardDone(context, request, `/board/retiering?run=${run.id}`, "board:retiering.started");
      },
      plan: ({ runId }) => {
        const plan = assembleRetieringPlan(context.app, actor, runId);
        return boardDone(context, request, `/board/plans/${plan.id}`, "board:plans.assembled");
      },
      adjust: ({ runId, ...decision }) => {
        adjustRetieringDecision(context.app, actor, decision);
        return boardDone(context, request, `/board/retiering?run=${runId}`, "board:retiering.adjusted");
      },
    },
    boardActionOptions(context, request),
  );
}

export default function RetieringPage() {
  const { t } = useTranslation(["board", "boardRules"]);
  const { runs, detail, canStart, year } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const editable = detail?.run.state === "draft";
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("retiering.title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600">{t("retiering.intro")}</p>
      {canStart ? (
        <Form method="post" className="card flex max-w-xl items-end gap-2">
          <div>
            <label htmlFor="year" className="field-label">{t("retiering.year")}</label>
            <input id="year" name="year" type="number" defaultValue={year} className="field-input" />
          </div>
          <button name="intent" value="start" className="btn-primary" disabled={busy}>{t("retiering.start")}</button>
        </Form>
      ) : null}
      {runs.length === 0 ? <EmptyState>{t("retiering.empty")}</EmptyState> : (
        <nav className="flex gap-2 text-sm" aria-label={t("retiering.runs")}>
          {runs.map((r) => (
            <Link key={r.id} to={`?run=${r.id}`} aria-current={(params.get("run") ?? runs[0]?.id) === r.id ? "page" : undefined} className="badge">{r.year} · {t(`retieringStates.${r.state}`)}</Link>
          ))}
        </nav>
      )}
      {detail ? (
        <section className="card overflow-x-auto space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="text-lg font-semibold">{t("retiering.runTitle", { year: detail.run.year })}</h2>
            {detail.plan ? <Link to={`/board/plans/${detail.plan.id}`}>{t("retiering.viewPlan", { state: t(`planStates.${detail.plan.state}`) })}</Link> : null}
            {editable ? (
              <Form method="post">
                <input type="hidden" name="runId" value={detail.run.id} />
                <button name="intent" value="plan" className="btn-primary" disabled={busy}>{t("retiering.assemble")}</button>
              </Form>
            ) : null}
          </div>
          {detail.decisions.length === 0 ? <EmptyState>{t("retiering.noMembers")}</EmptyState> : (
            <table className="table table-cards">
              <thead>
                <tr>
                  <th scope="col">{t("fields.enterprise")}</th>
                  <th scope="col">{t("retiering.current")}</th>
                  <th scope="col">{t("retiering.proposed")}</th>
                  <th scope="col">{t("plans.action")}</th>
                  <th scope="col">{t("plans.evidence")}</th>
                  {editable ? <th scope="col">{t("retiering.adjust")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {detail.decisions.map((d) => (
                  <tr key={d.id}>
                    <td data-label={t("fields.enterprise")}>{d.enterpriseName}</td>
                    <td data-label={t("retiering.current")}><TierBadge tier={d.currentTier} /></td>
                    <td data-label={t("retiering.proposed")}><TierBadge tier={d.finalTier ?? d.proposedTier} /></td>
                    <td data-label={t("plans.action")}>{t(`decisionActions.${d.action}`)}{d.removalReason ? ` · ${t(`removalReasons.${d.removalReason}`)}` : ""}{d.overrideReason ? <p className="text-xs text-amber-800">{d.overrideReason}</p> : null}</td>
                    <td data-label={t("plans.evidence")} data-stack className="max-w-md whitespace-pre-wrap text-xs">{d.evidenceText}</td>
                    {editable ? (
                      <td data-label={t("retiering.adjust")} data-stack>
                        <Form method="post" className="space-y-1 text-xs">
                          <input type="hidden" name="runId" value={detail.run.id} />
                          <input type="hidden" name="decisionId" value={d.id} />
                          <select name="action" defaultValue={d.action} aria-label={t("plans.action")} className="field-input">
                            {(["keep", "move", "remove"] as const).map((a) => <option key={a} value={a}>{t(`decisionActions.${a}`)}</option>)}
                          </select>
                          <select name="finalTier" defaultValue={d.finalTier ?? d.proposedTier} aria-label={t("plans.tier")} className="field-input">
                            {TIERS.map((x) => <option key={x} value={x}>{t(`tiers.${x}`)}</option>)}
                          </select>
                          <select name="removalReason" defaultValue={d.removalReason ?? ""} aria-label={t("retiering.removalReason")} className="field-input">
                            <option value="">—</option>
                            {REMOVAL_REASONS.map((x) => <option key={x} value={x}>{t(`removalReasons.${x}`)}</option>)}
                          </select>
                          {d.citableViolations.length > 0 ? (
                            <select name="violationId" defaultValue={d.violationId ?? ""} aria-label={t("plan.cited", { ns: "boardRules" })} className="field-input">
                              <option value="">—</option>
                              {d.citableViolations.map((v) => (
                                <option key={v.id} value={v.id}>{t(`violationKinds.${v.kind}`, { ns: "boardRules" })} · {v.source} · {v.occurredOn}</option>
                              ))}
                            </select>
                          ) : null}
                          <input name="reason" placeholder={t("retiering.reason")} aria-label={t("retiering.reason")} className="field-input" />
                          <button name="intent" value="adjust" className="btn-secondary" disabled={busy}>{t("retiering.save")}</button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </div>
  );
}
