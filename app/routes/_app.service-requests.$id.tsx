import { dispatchIntent, handleForm } from "~/utils/actions.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors } from "~/components/ui/field";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { serviceRequestActionForm } from "~/modules/staff/schemas";
import { getServiceRequest, moveServiceRequest, rateServiceRequest } from "~/modules/staff/service-requests.server";
import { formatDateTime } from "~/utils/dates";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "serviceRequest");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return orHttpError(() => getServiceRequest(context.app, actor, params.id ?? ""));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const id = params.id ?? "";
  const done = (intent: string) => redirectWithToast(context.app, request, `/service-requests/${id}`, { kind: "success", message: `staff:requests.done.${intent}` });
  const move = (intent: string, to: "in_progress" | "resolved" | "closed", note?: string) => {
    moveServiceRequest(context.app, actor, id, { to, note });
    return done(intent);
  };
  return handleForm(request, serviceRequestActionForm, (v) =>
    dispatchIntent<typeof v, Promise<Response>>(v, {
      start: () => move("start", "in_progress"),
      reopen: ({ note }) => move("reopen", "in_progress", note),
      resolve: ({ note }) => move("resolve", "resolved", note),
      close: ({ note }) => move("close", "closed", note),
      rate: ({ rating, comment }) => {
        rateServiceRequest(context.app, actor, id, { rating, comment });
        return done("rate");
      },
    }),
  );
}

export default function ServiceRequestPage() {
  const { t, i18n } = useTranslation("staff");
  const { request: r, events, files, can } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const errors = lastResult?.error ? Object.values(lastResult.error).flat().filter((e): e is string => typeof e === "string") : [];
  return (
    <div className="space-y-6">
      <p className="text-sm"><Link to="/service-requests" className="text-brand-700 hover:underline">← {t("requests.title")}</Link></p>
      <h1 className="page-title">{r.title}</h1>
      <dl className="card grid gap-3 text-sm sm:grid-cols-3">
        <div><dt className="text-slate-500">{t("requests.enterprise")}</dt><dd>{can.enterprisePage ? <Link className="text-brand-700 hover:underline" to={`/staff/enterprises/${r.enterpriseOrgId}`}>{r.enterpriseName}</Link> : r.enterpriseName}</dd></div>
        <div><dt className="text-slate-500">{t("requests.kind")}</dt><dd>{t(`kinds.${r.kind}`)}</dd></div>
        <div><dt className="text-slate-500">{t("requests.state")}</dt><dd>{t(`states.${r.state}`)}</dd></div>
        <div><dt className="text-slate-500">{t("requests.openedOn")}</dt><dd className="tabular-nums">{r.openedOn}</dd></div>
        <div>
          <dt className="text-slate-500">{t("requests.dueOn")}</dt>
          <dd className="tabular-nums">{t("requests.dueWithSla", { dueOn: r.dueOn, days: r.slaWorkingDays })}{r.overdue ? <span className="badge ml-1 bg-red-600 text-white">{t("requests.overdue")}</span> : null}</dd>
        </div>
        <div><dt className="text-slate-500">{t("requests.assignee")}</dt><dd>{r.assigneeName ?? "—"}</dd></div>
        {r.rating !== null ? <div><dt className="text-slate-500">{t("requests.rating")}</dt><dd>{"★".repeat(r.rating)}{"☆".repeat(5 - r.rating)} {r.ratingComment}</dd></div> : null}
      </dl>
      <section className="card space-y-2">
        <h2 className="text-lg font-semibold">{t("requests.body")}</h2>
        <p className="whitespace-pre-wrap text-sm">{r.body}</p>
        {r.resolution ? (<><h3 className="pt-2 font-medium">{t("requests.resolution")}</h3><p className="whitespace-pre-wrap text-sm">{r.resolution}</p></>) : null}
      </section>
      <FormErrors errors={errors} />
      <section className="card space-y-4" aria-labelledby="act-title">
        <h2 id="act-title" className="text-lg font-semibold">{t("requests.actions")}</h2>
        {can.start ? <Form method="post"><input type="hidden" name="intent" value="start" /><button className="btn-primary">{t("requests.start")}</button></Form> : null}
        {can.resolve ? (
          <Form method="post" className="space-y-2">
            <input type="hidden" name="intent" value="resolve" />
            <label htmlFor="resolve-note" className="field-label">{t("requests.resolution")}</label>
            <textarea id="resolve-note" name="note" required minLength={2} rows={3} className="field-input" />
            <button className="btn-primary">{t("requests.resolve")}</button>
          </Form>
        ) : null}
        {can.rate ? (
          <Form method="post" className="space-y-2">
            <input type="hidden" name="intent" value="rate" />
            <fieldset>
              <legend className="field-label">{t("requests.rateLegend")}</legend>
              <div className="flex gap-3">
                {[1, 2, 3, 4, 5].map((n) => (
                  <label key={n} className="flex items-center gap-1 text-sm"><input type="radio" name="rating" value={n} required />{t("requests.stars", { count: n })}</label>
                ))}
              </div>
            </fieldset>
            <label htmlFor="rate-comment" className="field-label">{t("requests.ratingComment")}</label>
            <textarea id="rate-comment" name="comment" maxLength={1000} rows={2} className="field-input" />
            <button className="btn-primary">{t("requests.rate")}</button>
          </Form>
        ) : null}
        {can.reopen ? (
          <Form method="post" className="space-y-2">
            <input type="hidden" name="intent" value="reopen" />
            <label htmlFor="reopen-note" className="field-label">{t("requests.reopenWhy")}</label>
            <textarea id="reopen-note" name="note" rows={2} className="field-input" />
            <button className="btn-secondary">{t("requests.reopen")}</button>
          </Form>
        ) : null}
        {can.close ? (
          <Form method="post" className="space-y-2">
            <input type="hidden" name="intent" value="close" />
            <label htmlFor="close-note" className="field-label">{t("requests.closeNote")}</label>
            <input id="close-note" name="note" maxLength={4000} className="field-input" />
            <button className="btn-secondary">{t("requests.close")}</button>
          </Form>
        ) : null}
        {!can.start && !can.resolve && !can.rate && !can.reopen && !can.close ? <p className="text-sm text-slate-500">{t("requests.noActions")}</p> : null}
      </section>
      <section className="card space-y-3" aria-labelledby="files-title">
        <h2 id="files-title" className="text-lg font-semibold">{t("requests.files")}</h2>
        {files.length === 0 ? <p className="text-sm text-slate-500">{t("requests.noFiles")}</p> : (
          <ul className="list-disc pl-5 text-sm">{files.map((f) => <li key={f.id}><a className="text-brand-700 hover:underline" href={`/service-files/${f.id}`}>{f.fileName}</a> <span className="text-slate-500">({Math.ceil(f.sizeBytes / 1024)} KB)</span></li>)}</ul>
        )}
        {can.attach ? (
          <Form method="post" action={`/upload/service-requests/${r.id}/files`} encType="multipart/form-data" className="flex flex-wrap items-end gap-2">
            <div>
              <label htmlFor="file" className="field-label">{t("requests.addFile")}</label>
              <input id="file" name="file" type="file" accept="application/pdf,image/png,image/jpeg,image/webp" required className="mt-1 text-sm" />
            </div>
            <button className="btn-secondary">{t("requests.upload")}</button>
          </Form>
        ) : null}
      </section>
      <section className="card" aria-labelledby="hist-title">
        <h2 id="hist-title" className="mb-2 text-lg font-semibold">{t("requests.history")}</h2>
        <ol className="space-y-2 text-sm">
          {events.map((e) => (
            <li key={e.id}>
              <span className="tabular-nums text-slate-500">{formatDateTime(e.at, i18n.language)}</span> · {t(`events.${e.kind}`)} · {e.actorName ?? t("requests.system")}
              {e.note ? <p className="whitespace-pre-wrap pl-4 text-slate-700">{e.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
