import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { REMOVAL_REASONS, TIERS } from "@db/schema/constants";
import { EmptyState, TierBadge } from "~/components/board/badges";
import { adjustRetieringDecision, assembleRetieringPlan, getRetieringRun, listRetieringRuns, startRetieringRun } from "~/modules/board/retiering.server";
import { runAction, str } from "~/modules/board/route-support.server";
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
  const fd = await request.formData();
  const intent = str(fd, "intent");
  const runId = str(fd, "runId");
  if (intent === "start") {
    let id = "";
    return runAction(context, request, () => {
      id = startRetieringRun(context.app, actor, Number(str(fd, "year"))).id;
    }, { to: () => `/board/retiering?run=${id}`, message: "board:retiering.started" });
  }
  if (intent === "plan") {
    let id = "";
    return runAction(context, request, () => {
      id = assembleRetieringPlan(context.app, actor, runId).id;
    }, { to: () => `/board/plans/${id}`, message: "board:plans.assembled" });
  }
  const tier = str(fd, "finalTier");
  const reason = str(fd, "removalReason");
  return runAction(
    context,
    request,
    () =>
      adjustRetieringDecision(context.app, actor, {
        decisionId: str(fd, "decisionId"),
        action: str(fd, "action") as "keep" | "move" | "remove",
        finalTier: (TIERS as readonly string[]).includes(tier) ? (tier as (typeof TIERS)[number]) : undefined,
        removalReason: (REMOVAL_REASONS as readonly string[]).includes(reason) ? (reason as (typeof REMOVAL_REASONS)[number]) : undefined,
        reason: str(fd, "reason") || undefined,
      }),
    { to: `/board/retiering?run=${runId}`, message: "board:retiering.adjusted" },
  );
}

export default function RetieringPage() {
  const { t } = useTranslation("board");
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
            <table className="table">
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
                    <td>{d.enterpriseName}</td>
                    <td><TierBadge tier={d.currentTier} /></td>
                    <td><TierBadge tier={d.finalTier ?? d.proposedTier} /></td>
                    <td>{t(`decisionActions.${d.action}`)}{d.removalReason ? ` · ${t(`removalReasons.${d.removalReason}`)}` : ""}{d.overrideReason ? <p className="text-xs text-amber-800">{d.overrideReason}</p> : null}</td>
                    <td className="max-w-md whitespace-pre-wrap text-xs">{d.evidenceText}</td>
                    {editable ? (
                      <td>
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
