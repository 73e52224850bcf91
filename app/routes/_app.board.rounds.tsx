import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "~/components/board/badges";
import { runAction, str } from "~/modules/board/route-support.server";
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
  const fd = await request.formData();
  const intent = str(fd, "intent");
  const values = { name: str(fd, "name"), bureauDeadline: str(fd, "bureauDeadline"), planDeadline: str(fd, "planDeadline") };
  if (intent === "open") return runAction(context, request, () => openRound(context.app, actor, values), { to: "/board/rounds", message: "board:rounds.opened" });
  if (intent === "edit") return runAction(context, request, () => editRound(context.app, actor, str(fd, "id"), values), { to: "/board/rounds", message: "board:rounds.saved" });
  const accepting = intent === "reopen";
  return runAction(context, request, () => setRoundAccepting(context.app, actor, str(fd, "id"), accepting), { to: "/board/rounds", message: accepting ? "board:rounds.reopened" : "board:rounds.closedForApplications" });
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
          <table className="table">
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
                  <td>{r.name}</td>
                  <td>{r.bureauDeadline}</td>
                  <td>{r.planDeadline}</td>
                  <td><Link to={`/board/review?round=${r.id}&show=all`}>{r.applications}</Link></td>
                  <td><span className="badge">{t(`roundStates.${r.state}`)}</span></td>
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
