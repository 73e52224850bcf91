import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors } from "~/components/ui/field";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { decideDataAccess, listAccessRequestsForEnterprise, listDataViews, revokeDataAccess } from "~/modules/enterprises/data-access.server";
import { accessDecisionInput } from "~/modules/enterprises/schemas";
import { formatDate, formatDateTime, shanghaiDate } from "~/utils/dates";
import { z } from "zod";
import { replyErrors } from "~/utils/action-result";
import { handleIntents } from "~/utils/actions.server";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dataAccess");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return orHttpError(() => ({
    requests: listAccessRequestsForEnterprise(context.app, actor),
    views: listDataViews(context.app, actor),
    defaultExpiry: shanghaiDate(context.app.clock.now() + 90 * 86_400_000),
  }));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const done = (message: string) => redirectWithToast(context.app, request, "/profile/access", { kind: "success", message });
  const [grant, refuse] = accessDecisionInput.options;
  const row = z.object({ id: z.string().min(1).max(40) });
  return handleIntents(
    request,
    { grant: grant.omit({ decision: true }).merge(row), refuse: refuse.omit({ decision: true }).merge(row), revoke: row },
    {
      grant: ({ id, ...decision }) => {
        decideDataAccess(context.app, actor, id, { decision: "grant", ...decision });
        return done("enterprises:access.granted");
      },
      refuse: ({ id, ...decision }) => {
        decideDataAccess(context.app, actor, id, { decision: "refuse", ...decision });
        return done("enterprises:access.refused");
      },
      revoke: ({ id }) => {
        revokeDataAccess(context.app, actor, id);
        return done("enterprises:access.revoked");
      },
    },
  );
}

export default function AccessPage() {
  const { t, i18n } = useTranslation("enterprises");
  const { requests, views, defaultExpiry } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const pending = requests.filter((r) => r.state === "pending");
  const decided = requests.filter((r) => r.state !== "pending");
  const sectionList = (s: string[]) => s.map((x) => t(`sections.${x}`)).join(t("common:listSeparator"));
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("access.title")}</h1>
      <p className="text-sm text-slate-600">{t("access.intro")}</p>

      <section className="card" aria-labelledby="pending-h">
        <h2 id="pending-h" className="text-lg font-semibold">
          {t("access.pending", { n: pending.length })}
        </h2>
        {pending.length === 0 ? <p className="mt-2 text-slate-500">{t("access.nonePending")}</p> : null}
        <ul className="mt-2 divide-y">
          {pending.map((r) => (
            <li key={r.id} className="space-y-2 py-3" data-testid="access-request">
              <p>
                <strong>{r.requesterName}</strong> · {r.userName} · {formatDateTime(r.createdAt, i18n.language)}
              </p>
              <p className="text-sm">
                {t("access.asksFor", { sections: sectionList(r.requestedSections) })} — <span className="whitespace-pre-wrap">{r.purpose}</span>
              </p>
              {actionData?.initialValue?.id === r.id ? <FormErrors errors={replyErrors(actionData)} /> : null}
              <Form method="post" className="flex flex-wrap items-end gap-3">
                <input type="hidden" name="id" value={r.id} />
                <fieldset className="flex flex-wrap gap-3 text-sm">
                  <legend className="field-label">{t("access.scope")}</legend>
                  {r.requestedSections.map((s) => (
                    <label key={s} className="flex items-center gap-1">
                      <input type="checkbox" name="sections" value={s} defaultChecked />
                      {t(`sections.${s}`)}
                    </label>
                  ))}
                </fieldset>
                <div>
                  <label htmlFor={`exp-${r.id}`} className="field-label">
                    {t("access.expiresOn")}
                  </label>
                  <input id={`exp-${r.id}`} type="date" name="expiresOn" defaultValue={defaultExpiry} className="field-input" />
                </div>
                <div>
                  <label htmlFor={`note-${r.id}`} className="field-label">
                    {t("access.note")}
                  </label>
                  <input id={`note-${r.id}`} name="note" maxLength={500} className="field-input" />
                </div>
                <button name="intent" value="grant" className="btn-primary">
                  {t("access.grant")}
                </button>
                <button name="intent" value="refuse" className="btn-secondary">
                  {t("access.refuse")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>

      <section className="card overflow-x-auto" aria-labelledby="grants-h">
        <h2 id="grants-h" className="text-lg font-semibold">
          {t("access.decided")}
        </h2>
        {decided.length === 0 ? <p className="mt-2 text-slate-500">{t("access.noneDecided")}</p> : null}
        <table className="table table-cards mt-2">
          <thead>
            <tr>
              <th scope="col">{t("access.requester")}</th>
              <th scope="col">{t("access.scope")}</th>
              <th scope="col">{t("access.state")}</th>
              <th scope="col">{t("access.expiresOn")}</th>
              <th scope="col">
                <span className="sr-only">{t("access.revoke")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {decided.map((r) => (
              <tr key={r.id}>
                <td data-label={t("access.requester")}>{r.requesterName}</td>
                <td data-label={t("access.scope")}>{sectionList(r.state === "refused" ? r.requestedSections : r.grantedSections)}</td>
                <td data-label={t("access.state")}>{r.expired ? t("access.states.expired") : t(`access.states.${r.state}`)}</td>
                <td data-label={t("access.expiresOn")}>{r.expiresAt ? formatDate(r.expiresAt, i18n.language) : "—"}</td>
                <td>
                  {r.state === "granted" && !r.expired ? (
                    <Form method="post">
                      <input type="hidden" name="id" value={r.id} />
                      <button name="intent" value="revoke" className="text-sm text-red-700 hover:underline">
                        {t("access.revoke")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card overflow-x-auto" aria-labelledby="views-h">
        <h2 id="views-h" className="text-lg font-semibold">
          {t("access.viewsTitle")}
        </h2>
        <p className="text-sm text-slate-600">{t("access.viewsIntro")}</p>
        {views.length === 0 ? <p className="mt-2 text-slate-500">{t("access.noViews")}</p> : null}
        <table className="table table-cards mt-2">
          <thead>
            <tr>
              <th scope="col">{t("access.when")}</th>
              <th scope="col">{t("access.who")}</th>
              <th scope="col">{t("access.what")}</th>
            </tr>
          </thead>
          <tbody>
            {views.map((v) => (
              <tr key={v.seq} data-testid="data-view">
                <td data-label={t("access.when")}>{formatDateTime(v.at, i18n.language)}</td>
                <td data-label={t("access.who")}>
                  {v.orgName ?? "—"}
                  {v.userName ? ` · ${v.userName}` : ""}
                </td>
                <td data-label={t("access.what")}>{describeView(t, v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function describeView(t: (k: string, o?: Record<string, unknown>) => string, v: { action: string; data: Record<string, unknown> }): string {
  if (v.action === "financing.need.viewed") return t("access.viewedNeed", { title: String(v.data.title ?? "") });
  if (v.action === "roadshow.deck.viewed") return t("access.viewedDeck", { title: String(v.data.title ?? "") });
  const sections = Array.isArray(v.data.sections) ? (v.data.sections as { section: string; via: string }[]) : [];
  return sections.map((s) => `${t(`sections.${s.section}`)}（${t(`via.${s.via}`)}）`).join(t("common:listSeparator"));
}
