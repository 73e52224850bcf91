import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { SERVICE_REQUEST_KINDS, SERVICE_REQUEST_STATES } from "@db/schema/constants";
import { FormErrors, InputField, SelectField, TextareaField } from "~/components/ui/field";
import { Pagination } from "~/components/ui/pagination";
import { can } from "~/modules/access";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { myServicePerson } from "~/modules/staff/assignments.server";
import { newServiceRequestForm } from "~/modules/staff/schemas";
import { listServiceRequests, raiseServiceRequest, SLA_WORKING_DAYS } from "~/modules/staff/service-requests.server";
import { handleForm } from "~/utils/actions.server";
import { newId } from "~/utils/ids";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "serviceRequests");

const listQuery = z.object({
  scope: z.enum(["mine", "all"]).catch("mine"),
  state: z.enum(SERVICE_REQUEST_STATES).optional().catch(undefined),
  kind: z.enum(SERVICE_REQUEST_KINDS).optional().catch(undefined),
  overdue: z.enum(["1"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const query = listQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = orHttpError(() => listServiceRequests(context.app, actor, { ...query, overdue: query.overdue === "1" }));
  return {
    list,
    query,
    clientId: newId(),
    isEnterprise: can(actor, "raise:service-request:own"),
    canSeeAll: can(actor, "read:service-desk:any"),
    servicePerson: myServicePerson(context.app, actor),
    sla: SLA_WORKING_DAYS,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleForm(request, newServiceRequestForm, (input) => {
    const { request: created, calendarCovered } = raiseServiceRequest(context.app, actor, input);
    return redirectWithToast(context.app, request, `/service-requests/${created.id}`, {
      kind: calendarCovered ? "success" : "info",
      message: calendarCovered ? "staff:requests.raised" : "staff:requests.raisedProvisional",
      values: { dueOn: created.dueOn },
    });
  });
}

const STATE_TONE: Record<string, string> = { open: "bg-sky-100 text-sky-800", in_progress: "bg-amber-100 text-amber-800", resolved: "bg-emerald-100 text-emerald-800", closed: "bg-slate-100 text-slate-700" };

export default function ServiceRequestsPage() {
  const { t } = useTranslation("staff");
  const { list, query, clientId, isEnterprise, canSeeAll, servicePerson, sla } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof newServiceRequestForm>>({
    id: "new-service-request",
    lastResult,
    defaultValue: { intent: "raise", id: clientId, kind: "financing" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: newServiceRequestForm }),
    shouldValidate: "onBlur",
  });
  const pageCount = Math.max(1, Math.ceil(list.total / list.pageSize));
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("requests.title")}</h1>
      <p className="text-sm text-slate-600">{t("requests.intro")}</p>
      {isEnterprise ? (
        <section className="card flex flex-wrap items-center justify-between gap-3" aria-labelledby="sp-title">
          <div>
            <h2 id="sp-title" className="text-sm font-medium text-slate-500">{t("servicePerson.yours")}</h2>
            <p className="text-lg font-semibold">{servicePerson ? servicePerson.name : t("servicePerson.none")}</p>
            {servicePerson ? <p className="text-xs text-slate-500">{servicePerson.email}</p> : null}
          </div>
          {servicePerson ? (
            <Form method="post" action="/messages/start">
              <input type="hidden" name="subjectType" value="general" />
              <input type="hidden" name="subjectId" value="" />
              <input type="hidden" name="withOrgId" value={servicePerson.exchangeOrgId} />
              <button className="btn-primary">{t("servicePerson.message")}</button>
            </Form>
          ) : null}
        </section>
      ) : null}
      <Form method="get" className="card flex flex-wrap items-end gap-3" role="search">
        {canSeeAll ? (
          <div>
            <label htmlFor="f-scope" className="field-label">{t("requests.scope")}</label>
            <select id="f-scope" name="scope" defaultValue={query.scope} className="field-input">
              <option value="mine">{t("requests.scopes.mine")}</option>
              <option value="all">{t("requests.scopes.all")}</option>
            </select>
          </div>
        ) : null}
        <div>
          <label htmlFor="f-state" className="field-label">{t("requests.state")}</label>
          <select id="f-state" name="state" defaultValue={query.state ?? ""} className="field-input">
            <option value="">{t("requests.any")}</option>
            {SERVICE_REQUEST_STATES.map((s) => <option key={s} value={s}>{t(`states.${s}`)}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="f-kind" className="field-label">{t("requests.kind")}</label>
          <select id="f-kind" name="kind" defaultValue={query.kind ?? ""} className="field-input">
            <option value="">{t("requests.any")}</option>
            {SERVICE_REQUEST_KINDS.map((k) => <option key={k} value={k}>{t(`kinds.${k}`)}</option>)}
          </select>
        </div>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" name="overdue" value="1" defaultChecked={query.overdue === "1"} />{t("requests.overdueOnly")}</label>
        <button className="btn-secondary">{t("requests.filter")}</button>
      </Form>
      <section className="card overflow-x-auto">
        <p className="mb-2 text-sm text-slate-500">{t("requests.total", { n: list.total })}</p>
        {list.items.length === 0 ? (
          <p className="text-sm text-slate-500">{t("requests.empty")}</p>
        ) : (
          <table className="table table-cards">
            <caption className="sr-only">{t("requests.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("requests.subject")}</th>
                {isEnterprise ? null : <th scope="col">{t("requests.enterprise")}</th>}
                <th scope="col">{t("requests.kind")}</th>
                <th scope="col">{t("requests.state")}</th>
                <th scope="col">{t("requests.openedOn")}</th>
                <th scope="col">{t("requests.dueOn")}</th>
                <th scope="col">{t("requests.assignee")}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((r) => (
                <tr key={r.id}>
                  <td data-label={t("requests.subject")}><Link className="text-brand-700 hover:underline" to={`/service-requests/${r.id}`}>{r.title}</Link></td>
                  {isEnterprise ? null : <td data-label={t("requests.enterprise")}>{r.enterpriseName}</td>}
                  <td data-label={t("requests.kind")}>{t(`kinds.${r.kind}`)}</td>
                  <td data-label={t("requests.state")}><span className={`badge ${STATE_TONE[r.state]}`}>{t(`states.${r.state}`)}</span></td>
                  <td data-label={t("requests.openedOn")} className="tabular-nums">{r.openedOn}</td>
                  <td data-label={t("requests.dueOn")} className="tabular-nums">{r.dueOn}{r.overdue ? <span className="badge ml-1 bg-red-600 text-white">{t("requests.overdue")}</span> : null}</td>
                  <td data-label={t("requests.assignee")}>{r.assigneeName ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pagination page={list.page} pageCount={pageCount} />
      </section>
      {isEnterprise ? (
        <section className="card space-y-4" aria-labelledby="new-title">
          <h2 id="new-title" className="text-lg font-semibold">{t("requests.new")}</h2>
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <input type="hidden" name="intent" value="raise" />
            <input type="hidden" name="id" value={clientId} />
            <FormErrors id={form.errorId} errors={form.errors} />
            <SelectField meta={fields.kind} label={t("requests.kind")} options={SERVICE_REQUEST_KINDS.map((k) => ({ value: k, label: t("requests.kindWithSla", { kind: t(`kinds.${k}`), days: sla[k] }) }))} />
            <InputField meta={fields.title} label={t("requests.subject")} maxLength={120} />
            <TextareaField meta={fields.body} label={t("requests.body")} rows={5} />
            <p className="field-hint">{t("requests.filesAfter")}</p>
            <button className="btn-primary">{t("requests.submit")}</button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
