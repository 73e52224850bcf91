import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { EmptyState } from "~/components/board/badges";
import { boardActionOptions, boardDone } from "~/modules/board/route-support.server";
import { handleIntents } from "~/utils/actions.server";
import { editRound, listRoundsForAdmin, openRound, setRoundAccepting } from "~/modules/board/rounds.server";
import { requireActor } from "~/modules/identity/auth.server";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "boardRounds");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return { rounds: orHttpError(() => listRoundsForAdmin(context.app, actor)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const round = z.object({ name: z.string().default(""), bureauDeadline: z.string().default(""), planDeadline: z.string().default("") });
  const target = z.object({ id: z.string() });
  const done = (message: string) => boardDone(context, request, "/board/rounds", message);
  return handleIntents(
    request,
    { open: round, edit: round.merge(target), reopen: target, close: target },
    {
      open: (values) => {
        openRound(context.app, actor, values);
        return done("board:rounds.opened");
      },
      edit: ({ id, ...values }) => {
        editRound(context.app, actor, id, values);
        return done("board:rounds.saved");
      },
      reopen: ({ id }) => {
        setRoundAccepting(context.app, actor, id, true);
        return done("board:rounds.reopened");
      },
      close: ({ id }) => {
        setRoundAccepting(context.app, actor, id, false);
        return done("board:rounds.closedForApplications");
      },
    },
    boardActionOptions(context, request),
  );
}

function RoundFields({ r }: { r?: { name: string; bureauDeadline: string; planDeadline: string } }) {
  const { t } = useTranslation("board");
  const p = r ? "e" : "n";
  return (
    <>
      <div>
        <label htmlFor={`${p}-name`} className="field-label">{t("rounds.name")}</label>
        <input id={`${p}-name`} name="name" defaultValue={r?.name} required minLength={2} className="field-input" />
      </div>
      <div>
        <label htmlFor={`${p}-bd`} className="field-label">{t("rounds.bureauDeadline")}</label>
        <input id={`${p}-bd`} name="bureauDeadline" type="date" defaultValue={r?.bureauDeadline} required className="field-input" />
      </div>
      <div>
        <label htmlFor={`${p}-pd`} className="field-label">{t("rounds.planDeadline")}</label>
        <input id={`${p}-pd`} name="planDeadline" type="date" defaultValue={r?.planDeadline} required className="field-input" />
      </div>
    </>
  );
}

export default function RoundsPage() {
  const { t } = useTranslation("board");
  const { rounds } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  const [editing, setEditing] = useState<string | null>(null);
  const edited = rounds.find((r) => r.id === editing);
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("rounds.title")}</h1>
      <section tabIndex={0} className="card overflow-x-auto">
        {rounds.length === 0 ? (
          <EmptyState>{t("rounds.empty")}</EmptyState>
        ) : (
          <table className="table table-cards">
            <caption className="sr-only">{t("rounds.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("rounds.name")}</th>
                <th scope="col">{t("rounds.bureauDeadline")}</th>
                <th scope="col">{t("rounds.planDeadline")}</th>
                <th scope="col">{t("rounds.applications")}</th>
                <th scope="col">{t("fields.state")}</th>
                <th scope="col">{t("fields.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((r) => (
                <tr key={r.id}>
                  <td data-label={t("rounds.name")}>{r.name}</td>
                  <td data-label={t("rounds.bureauDeadline")}>{r.bureauDeadline}</td>
                  <td data-label={t("rounds.planDeadline")}>{r.planDeadline}</td>
                  <td data-label={t("rounds.applications")}><Link to={`/board/review?round=${r.id}&show=all`}>{r.applications}</Link></td>
                  <td data-label={t("fields.state")}><span className="badge">{t(`roundStates.${r.state}`)}</span></td>
                  <td className="whitespace-nowrap">
                    <Form method="post" className="inline">
                      <input type="hidden" name="id" value={r.id} />
                      {r.state === "open" ? <button name="intent" value="close" className="mr-2 text-sm text-brand-700 hover:underline" disabled={busy}>{t("rounds.closeApplications")}</button> : null}
                      {r.state === "under_review" ? <button name="intent" value="reopen" className="mr-2 text-sm text-brand-700 hover:underline" disabled={busy}>{t("rounds.reopen")}</button> : null}
                    </Form>
                    {r.state !== "closed" ? <button type="button" className="text-sm hover:underline" onClick={() => setEditing(r.id)}>{t("rounds.edit")}</button> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {edited ? (
        <section className="card max-w-3xl">
          <h2 className="text-lg font-semibold">{t("rounds.editTitle", { name: edited.name })}</h2>
          <Form method="post" className="mt-3 grid gap-3 sm:grid-cols-4 sm:items-end" onSubmit={() => setEditing(null)} key={edited.id}>
            <input type="hidden" name="id" value={edited.id} />
            <RoundFields r={edited} />
            <button name="intent" value="edit" className="btn-primary">{t("rounds.save")}</button>
          </Form>
        </section>
      ) : null}
      <section className="card max-w-3xl">
        <h2 className="text-lg font-semibold">{t("rounds.openTitle")}</h2>
        <Form method="post" className="mt-3 grid gap-3 sm:grid-cols-4 sm:items-end">
          <RoundFields />
          <button name="intent" value="open" className="btn-primary" disabled={busy}>{t("rounds.open")}</button>
        </Form>
      </section>
    </div>
  );
}
