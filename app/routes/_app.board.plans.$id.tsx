import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { REGULATOR_CODES } from "@db/schema/constants";
import { TierBadge } from "~/components/board/badges";
import { decidePlan, getPlanDetail, planSubmissionInput, submitPlan } from "~/modules/board/plans.server";
import { boardActionOptions, boardDone } from "~/modules/board/route-support.server";
import { handleIntents } from "~/utils/actions.server";
import { requireActor } from "~/modules/identity/auth.server";
import { formatDateTime } from "~/utils/dates";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "boardPlans");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return orHttpError(() => getPlanDetail(context.app, actor, params.id!));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const id = params.id!;
  const here = `/board/plans/${id}`;
  const decision = z.object({ comment: z.string().optional(), exclude: z.array(z.string()).default([]) });
  return handleIntents(
    request,
    // Each excluded item carries its own reason field, named after the item ("reason-<planItemId>").
    { submit: planSubmissionInput, approve: decision.catchall(z.string().max(2000).optional()), return: decision },
    {
      submit: (input) => {
        submitPlan(context.app, actor, id, input);
        return boardDone(context, request, here, "board:plans.submitted");
      },
      approve: ({ comment, exclude, ...reasons }) => {
        const exclusions = exclude.map((planItemId) => ({ planItemId, reason: reasons[`reason-${planItemId}`] ?? "" }));
        decidePlan(context.app, actor, id, { decision: "approved", comment, exclusions });
        return boardDone(context, request, here, "board:plans.approvedByYou");
      },
      return: ({ comment }) => {
        decidePlan(context.app, actor, id, { decision: "returned", comment, exclusions: [] });
        return boardDone(context, request, here, "board:plans.returnedByYou");
      },
    },
    boardActionOptions(context, request),
  );
}

export default function PlanPage() {
  const { t, i18n } = useTranslation(["board", "common", "boardRules"]);
  const d = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const current = d.approvals.filter((a) => a.submission === d.plan.submission);
  const excludedBy = new Map(d.exclusions.map((e) => [e.planItemId, e]));
  const title = d.round ? d.round.name : d.run ? t("plans.retieringYear", { year: d.run.year }) : "";
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500"><Link to="/board/plans">{t("plans.title")}</Link></p>
        <h1 className="page-title flex flex-wrap items-center gap-3">
          {d.violation ? t("plan.title", { ns: "boardRules", name: d.violation.enterpriseName }) : t("plans.planFor", { name: title })} <span className="badge">{t(`planStates.${d.plan.state}`)}</span>
        </h1>
        <p className="text-sm text-slate-600">{t("plans.submission", { n: d.plan.submission })}</p>
        {d.plan.lateReason && d.round ? (
          <p className="text-sm text-amber-800" data-testid="plan-late-reason">{t("deadlines.submittedLate", { ns: "boardRules", deadline: d.round.planDeadline, reason: d.plan.lateReason })}</p>
        ) : null}
      </div>
      {d.violation ? (
        <section className="card space-y-2" aria-labelledby="cited-heading" data-testid="cited-violation">
          <h2 id="cited-heading" className="text-lg font-semibold">{t("plan.cited", { ns: "boardRules" })}</h2>
          <p className="text-sm text-slate-600">{t("plan.intro", { ns: "boardRules" })}</p>
          <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="text-slate-500">{t("violations.kind", { ns: "boardRules" })}</dt>
            <dd>{t(`violationKinds.${d.violation.kind}`, { ns: "boardRules" })}</dd>
            <dt className="text-slate-500">{t("violations.source", { ns: "boardRules" })}</dt>
            <dd>{d.violation.source}</dd>
            <dt className="text-slate-500">{t("violations.occurredOn", { ns: "boardRules" })}</dt>
            <dd>{d.violation.occurredOn}</dd>
            <dt className="text-slate-500">{t("violations.description", { ns: "boardRules" })}</dt>
            <dd className="whitespace-pre-wrap">{d.violation.description}</dd>
            <dt className="text-slate-500">{t("violations.evidence", { ns: "boardRules" })}</dt>
            <dd className="whitespace-pre-wrap">{d.violation.evidence}</dd>
            {d.violation.files.length ? (
              <>
                <dt className="text-slate-500">{t("violations.files", { ns: "boardRules" })}</dt>
                <dd>
                  <ul>
                    {d.violation.files.map((f) => (
                      <li key={f.id}>
                        <a href={`/board/violation-files/${f.id}`} download>{f.fileName}</a>
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
      <section className="card" aria-labelledby="sign-heading">
        <h2 id="sign-heading" className="text-lg font-semibold">{t("plans.signOffs")}</h2>
        <ul className="mt-2 grid gap-2 sm:grid-cols-3">
          {REGULATOR_CODES.map((code) => {
            const a = current.find((x) => x.regulatorCode === code);
            return (
              <li key={code} className="rounded-md border border-slate-200 p-3 text-sm">
                <p className="font-medium">{t(`regulators.${code}`, { ns: "common" })}</p>
                <p className={a?.decision === "approved" ? "text-emerald-700" : a?.decision === "returned" ? "text-red-700" : "text-slate-500"}>
                  {a ? t(`plans.decisions.${a.decision}`) : t("plans.pending")}
                  {a ? ` · ${a.decidedByName ?? ""} · ${formatDateTime(a.decidedAt, i18n.language)}` : ""}
                </p>
                {a?.comment ? <p className="mt-1 whitespace-pre-wrap">{a.comment}</p> : null}
              </li>
            );
          })}
        </ul>
        {d.approvals.some((a) => a.submission < d.plan.submission) ? (
          <details className="mt-3 text-sm">
            <summary className="cursor-pointer">{t("plans.earlier")}</summary>
            <ul className="mt-1 list-disc pl-5">
              {d.approvals.filter((a) => a.submission < d.plan.submission).map((a) => (
                <li key={a.id}>#{a.submission} {t(`regulators.${a.regulatorCode}`, { ns: "common" })}：{t(`plans.decisions.${a.decision}`)} {a.comment ?? ""}</li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>
      <Form method="post" className="space-y-4">
        <section tabIndex={0} className="card overflow-x-auto">
          <table className="table table-cards">
            <caption className="sr-only">{t("plans.items")}</caption>
            <thead>
              <tr>
                {d.canDecide ? <th scope="col">{t("plans.exclude")}</th> : null}
                <th scope="col">{t("fields.enterprise")}</th>
                <th scope="col">{t("plans.action")}</th>
                <th scope="col">{t("plans.tier")}</th>
                <th scope="col">{t("plans.evidence")}</th>
              </tr>
            </thead>
            <tbody>
              {d.items.map((item) => {
                const ex = excludedBy.get(item.id);
                return (
                  <tr key={item.id} className={ex ? "bg-red-50" : undefined}>
                    {d.canDecide ? (
                      <td data-label={t("plans.exclude")}>
                        <input
                          type="checkbox"
                          name="exclude"
                          value={item.id}
                          aria-label={t("plans.excludeOne", { name: item.enterpriseName })}
                          onChange={(e) => {
                            const next = new Set(excluded);
                            if (e.target.checked) next.add(item.id);
                            else next.delete(item.id);
                            setExcluded(next);
                          }}
                        />
                        {excluded.has(item.id) ? (
                          <input name={`reason-${item.id}`} required minLength={2} placeholder={t("plans.excludeReason")} aria-label={t("plans.excludeReason")} className="field-input mt-1 w-48" />
                        ) : null}
                      </td>
                    ) : null}
                    <td data-label={t("fields.enterprise")}>
                      {item.applicationId && d.canSubmit ? <Link to={`/board/review/${item.applicationId}`}>{item.enterpriseName}</Link> : item.enterpriseName}
                      <div className="font-mono text-xs text-slate-500">{item.uscc}</div>
                      {ex ? <p className="text-xs text-red-700">{t("plans.excludedBy", { regulator: t(`regulators.${ex.regulatorCode}`, { ns: "common" }), reason: ex.reason })}</p> : null}
                    </td>
                    <td data-label={t("plans.action")}>{t(`decisionActions.${item.action}`)}{item.removalReason ? ` · ${t(`removalReasons.${item.removalReason}`)}` : ""}</td>
                    <td data-label={t("plans.tier")}>
                      <TierBadge tier={item.finalTier ?? item.proposedTier} />
                      {item.finalTier && item.finalTier !== item.proposedTier ? <p className="text-xs text-amber-700">{t("plans.overridden", { tier: t(`tiers.${item.proposedTier}`) })}</p> : null}
                    </td>
                    <td data-label={t("plans.evidence")} data-stack className="max-w-xl whitespace-pre-wrap text-xs text-slate-700">
                      {item.evidenceText}
                      {item.overrideReason ? <p className="mt-1 text-amber-800">{t("review.overrideReason")}：{item.overrideReason}</p> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
        {d.canSubmit ? (
          <div className="space-y-2">
            {d.round ? <p className="text-xs text-slate-600">{t("deadlines.planDeadline", { ns: "boardRules", date: d.round.planDeadline })}</p> : null}
            {d.lateness ? (
              <div className="max-w-2xl space-y-1" data-testid="plan-late">
                <p role="alert" className="text-sm text-amber-800">{t("deadlines.planLate", { ns: "boardRules", deadline: d.lateness.deadline })}</p>
                <label htmlFor="lateReason" className="field-label">{t("deadlines.lateReason", { ns: "boardRules" })}</label>
                <textarea id="lateReason" name="lateReason" rows={2} minLength={4} maxLength={1000} className="field-input" />
              </div>
            ) : null}
            <button name="intent" value="submit" className="btn-primary" disabled={busy}>{t("plans.submit")}</button>
          </div>
        ) : null}
        {d.canDecide ? (
          <section className="card max-w-2xl space-y-3">
            <h2 className="text-lg font-semibold">{t("plans.yourDecision")}</h2>
            <label htmlFor="comment" className="field-label">{t("plans.comment")}</label>
            <textarea id="comment" name="comment" rows={3} className="field-input" aria-describedby="comment-hint" />
            <p id="comment-hint" className="field-hint">{t("plans.commentHint")}</p>
            <div className="flex gap-2">
              <button name="intent" value="approve" className="btn-primary" disabled={busy}>{excluded.size ? t("plans.approveWithExclusions", { n: excluded.size }) : t("plans.approve")}</button>
              <button name="intent" value="return" className="btn-danger" disabled={busy} formNoValidate>{t("plans.return")}</button>
            </div>
          </section>
        ) : null}
        {d.myDecision ? <p className="text-sm text-slate-600">{t("plans.youDecided", { decision: t(`plans.decisions.${d.myDecision.decision}`) })}</p> : null}
      </Form>
    </div>
  );
}
