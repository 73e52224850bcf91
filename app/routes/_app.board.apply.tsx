import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { SPONSOR_RELATIONS } from "@db/schema/constants";
import { AppStateBadge, EmptyState } from "~/components/board/badges";
import { listOwnApplications, startApplication } from "~/modules/board/applications.server";
import { boardActionOptions, boardDone } from "~/modules/board/route-support.server";
import { handleForm } from "~/utils/actions.server";
import { openRounds } from "~/modules/board/rounds.server";
import { requireActor } from "~/modules/identity/auth.server";
import { formatDateTime } from "~/utils/dates";
import { orHttpError } from "~/utils/route.server";
import { applicationChannelOf } from "~/modules/access";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "boardApply");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const applications = orHttpError(() => listOwnApplications(context.app, actor));
  return { applications, rounds: openRounds(context.app), orgKind: actor.orgKind, onBehalf: applicationChannelOf(actor) !== "self", asSponsor: applicationChannelOf(actor) === "sponsor" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleForm(
    request,
    z.object({ roundId: z.string(), enterpriseUscc: z.string().optional(), sponsorRelation: z.enum(SPONSOR_RELATIONS).optional() }),
    (input) => {
      const { id } = startApplication(context.app, actor, input);
      return boardDone(context, request, `/board/applications/${id}?step=basics`, "board:apply.started");
    },
    boardActionOptions(context, request),
  );
}

export default function ApplyPage() {
  const { t, i18n } = useTranslation(["board", "boardRules"]);
  const { applications, rounds, orgKind, onBehalf, asSponsor } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("apply.title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600">{t(`apply.intro.${orgKind}`)}</p>
      <section className="card max-w-2xl" aria-labelledby="start-heading">
        <h2 id="start-heading" className="text-lg font-semibold">{t("apply.start")}</h2>
        {rounds.length === 0 ? (
          <EmptyState>{t("apply.noOpenRound")}</EmptyState>
        ) : (
          <Form method="post" className="mt-3 grid gap-3 sm:grid-cols-3 sm:items-end">
            <div className="sm:col-span-2">
              <label htmlFor="roundId" className="field-label">{t("apply.round")}</label>
              <select id="roundId" name="roundId" className="field-input" required>
                {rounds.map((r) => (
                  <option key={r.id} value={r.id}>
                    {t("apply.roundOption", { name: r.name, deadline: r.bureauDeadline })}
                  </option>
                ))}
              </select>
            </div>
            {onBehalf ? (
              <div className="sm:col-span-3">
                <label htmlFor="enterpriseUscc" className="field-label">{t("apply.enterpriseUscc")}</label>
                <input id="enterpriseUscc" name="enterpriseUscc" className="field-input font-mono" required maxLength={18} autoComplete="off" />
                <p className="field-hint">{t(`apply.usccHint.${orgKind}`)}</p>
              </div>
            ) : null}
            {asSponsor ? (
              <fieldset className="sm:col-span-3">
                <legend className="field-label">{t("sponsor.relation", { ns: "boardRules" })}</legend>
                <p className="field-hint">{t("sponsor.relationHint", { ns: "boardRules" })}</p>
                <div className="mt-1 flex flex-wrap gap-4 text-sm">
                  {SPONSOR_RELATIONS.map((r) => (
                    <label key={r} className="flex items-center gap-2">
                      <input type="radio" name="sponsorRelation" value={r} required />
                      {t(`sponsor.relations.${r}`, { ns: "boardRules" })}
                    </label>
                  ))}
                </div>
              </fieldset>
            ) : null}
            <button className="btn-primary" disabled={busy}>{t("apply.startButton")}</button>
          </Form>
        )}
      </section>
      <section tabIndex={0} className="card overflow-x-auto" aria-labelledby="mine-heading">
        <h2 id="mine-heading" className="text-lg font-semibold">{t("apply.mine")}</h2>
        {applications.length === 0 ? (
          <EmptyState>{t("apply.none")}</EmptyState>
        ) : (
          <table className="table table-cards mt-2">
            <thead>
              <tr>
                <th scope="col">{t("fields.enterprise")}</th>
                <th scope="col">{t("apply.round")}</th>
                <th scope="col">{t("fields.channel")}</th>
                <th scope="col">{t("fields.state")}</th>
                <th scope="col">{t("fields.updatedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {applications.map((a) => (
                <tr key={a.id}>
                  <td data-label={t("fields.enterprise")}>
                    <Link to={`/board/applications/${a.id}`}>{a.enterpriseName}</Link>
                  </td>
                  <td data-label={t("apply.round")}>{a.roundName}</td>
                  <td data-label={t("fields.channel")}>{t(`channels.${a.channel}`)}</td>
                  <td data-label={t("fields.state")}>
                    <AppStateBadge state={a.state} />
                    {a.channel === "sponsor" && a.state === "draft" && a.submittedAt && !a.sponsorConfirmedAt ? (
                      <span className="ml-1 badge bg-amber-100 text-amber-800">{t("apply.awaitingConfirmation")}</span>
                    ) : null}
                  </td>
                  <td data-label={t("fields.updatedAt")}>{formatDateTime(a.updatedAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
