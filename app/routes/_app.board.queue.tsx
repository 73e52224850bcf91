import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { APPLICATION_STATES, type ApplicationState } from "@db/schema/constants";
import { AppStateBadge, EmptyState } from "~/components/board/badges";
import { QUEUE_STATES } from "~/modules/board/application-schemas";
import { forwardApplications, listBureauQueue, returnApplication } from "~/modules/board/bureau-queue.server";
import { boardActionOptions, boardDone } from "~/modules/board/route-support.server";
import { handleIntents } from "~/utils/actions.server";
import { requireActor } from "~/modules/identity/auth.server";
import { formatDateTime } from "~/utils/dates";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "boardQueue");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const url = new URL(request.url);
  const stateParam = url.searchParams.get("state");
  const state = (APPLICATION_STATES as readonly string[]).includes(stateParam ?? "") ? (stateParam as ApplicationState) : undefined;
  const rows = orHttpError(() => listBureauQueue(context.app, actor, { state }));
  return { rows, state: state ?? "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleIntents(
    request,
    { return: z.object({ id: z.string(), reason: z.string().default("") }), forward: z.object({ ids: z.array(z.string()).default([]) }) },
    {
      return: ({ id, reason }) => {
        returnApplication(context.app, actor, id, reason);
        return boardDone(context, request, "/board/queue", "board:queue.returned");
      },
      forward: ({ ids }) => {
        forwardApplications(context.app, actor, ids);
        return boardDone(context, request, "/board/queue", "board:queue.forwarded", { n: ids.length });
      },
    },
    boardActionOptions(context, request),
  );
}

export default function QueuePage() {
  const { t, i18n } = useTranslation(["board", "boardRules"]);
  const { rows, state } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  const [returning, setReturning] = useState<string | null>(null);
  const pending = rows.filter((r) => r.state === "submitted");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="page-title">{t("queue.title")}</h1>
        <Link to="/board/import" className="btn-secondary">{t("queue.importLink")}</Link>
      </div>
      <Form method="get" className="flex items-end gap-2" role="search">
        <div>
          <label htmlFor="state" className="field-label">{t("fields.state")}</label>
          <select id="state" name="state" defaultValue={state} className="field-input">
            <option value="">{t("queue.allStates")}</option>
            {QUEUE_STATES.map((s) => (
              <option key={s} value={s}>{t(`appStates.${s}`)}</option>
            ))}
          </select>
        </div>
        <button className="btn-secondary">{t("queue.filter")}</button>
      </Form>
      <section className="card overflow-x-auto">
        {rows.length === 0 ? (
          <EmptyState>{t("queue.empty")}</EmptyState>
        ) : (
          <Form method="post" id="bulk">
            {/* Every button of this form forwards (a row's own button sends just its id). */}
            <input type="hidden" name="intent" value="forward" />
            <table className="table table-cards">
              <caption className="sr-only">{t("queue.title")}</caption>
              <thead>
                <tr>
                  <th scope="col"><span className="sr-only">{t("queue.select")}</span></th>
                  <th scope="col">{t("fields.enterprise")}</th>
                  <th scope="col">{t("fields.uscc")}</th>
                  <th scope="col">{t("apply.round")}</th>
                  <th scope="col">{t("fields.channel")}</th>
                  <th scope="col">{t("fields.state")}</th>
                  <th scope="col">{t("fields.submittedAt")}</th>
                  <th scope="col">{t("fields.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td data-label={t("queue.select")}>{r.state === "submitted" ? <input type="checkbox" name="ids" value={r.id} aria-label={t("queue.selectOne", { name: r.enterpriseName })} /> : null}</td>
                    <td data-label={t("fields.enterprise")}><Link to={`/board/applications/${r.id}?step=review`}>{r.enterpriseName}</Link></td>
                    <td data-label={t("fields.uscc")} className="font-mono text-xs">{r.uscc}</td>
                    <td data-label={t("apply.round")}>
                      {r.roundName}
                      <p className="text-xs text-slate-500">{t("deadlines.bureauDeadline", { ns: "boardRules", date: r.bureauDeadline })}</p>
                      {r.forwardOutlook?.kind === "nextRound" ? (
                        <p className="text-xs text-amber-800" data-testid="late-forward">{t("deadlines.goesToNext", { ns: "boardRules", deadline: r.forwardOutlook.deadline, next: r.forwardOutlook.next })}</p>
                      ) : r.forwardOutlook?.kind === "refused" ? (
                        <p className="text-xs text-red-700" data-testid="late-forward">{t("deadlines.refused", { ns: "boardRules", deadline: r.forwardOutlook.deadline })}</p>
                      ) : null}
                    </td>
                    <td data-label={t("fields.channel")}>{t(`channels.${r.channel}`)}</td>
                    <td data-label={t("fields.state")}><AppStateBadge state={r.state} /></td>
                    <td data-label={t("fields.submittedAt")}>{r.submittedAt ? formatDateTime(r.submittedAt, i18n.language) : "—"}</td>
                    <td className="whitespace-nowrap">
                      {r.state === "submitted" ? (
                        <>
                          <button form="bulk" name="ids" value={r.id} className="mr-2 text-sm text-brand-700 hover:underline" disabled={busy}>{t("queue.forward")}</button>
                          <button type="button" className="text-sm text-amber-700 hover:underline" onClick={() => setReturning(r.id)}>{t("queue.return")}</button>
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {pending.length > 0 ? (
              <button name="intent" value="forward" className="btn-primary mt-3" disabled={busy}>{t("queue.forwardSelected")}</button>
            ) : null}
          </Form>
        )}
      </section>
      {returning ? (
        <section className="card max-w-xl" aria-labelledby="return-heading">
          <h2 id="return-heading" className="text-lg font-semibold">{t("queue.returnTitle", { name: rows.find((r) => r.id === returning)?.enterpriseName ?? "" })}</h2>
          <Form method="post" className="mt-3 space-y-3" onSubmit={() => setReturning(null)}>
            <input type="hidden" name="id" value={returning} />
            <label htmlFor="reason" className="field-label">{t("queue.reason")}</label>
            <textarea id="reason" name="reason" required minLength={2} rows={3} className="field-input" autoFocus />
            <div className="flex gap-2">
              <button name="intent" value="return" className="btn-primary">{t("queue.returnButton")}</button>
              <button type="button" className="btn-secondary" onClick={() => setReturning(null)}>{t("queue.cancel")}</button>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
