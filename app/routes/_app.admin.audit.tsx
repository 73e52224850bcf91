import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "~/components/ui/pagination";
import { AUDIT_EXPORT_LIMIT, auditQuery, searchAudit } from "~/modules/audit/audit-reader.server";
import { verifyAuditChainAs } from "~/modules/audit/audit.server";
import { AUDIT_KINDS, auditEventLabel, auditSubjectLabel } from "~/modules/audit/describe";
import { requireActor } from "~/modules/identity/auth.server";
import { formatDateTime } from "~/utils/dates";
import { orHttpError } from "~/utils/route.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const query = auditQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ...orHttpError(() => searchAudit(context.app, actor, query)), query, exportLimit: AUDIT_EXPORT_LIMIT };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return orHttpError(() => verifyAuditChainAs(context.app, actor));
}

export default function AuditPage() {
  const { t, i18n } = useTranslation("audit");
  const { rows, query, hasMore, exportLimit } = useLoaderData<typeof loader>();
  const report = useActionData<typeof action>();
  const [params] = useSearchParams();
  const filterQs = new URLSearchParams([...params.entries()].filter(([k]) => k !== "page")).toString();
  return (
    <div className="space-y-4">
      <h1 className="page-title">{t("title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600">{t("intro")}</p>
      <div className="flex flex-wrap gap-3">
        <Form method="post">
          <button className="btn-primary" data-testid="verify-audit">
            {t("verify")}
          </button>
        </Form>
        <a className="btn-secondary" href="/admin/audit/export" download>
          {t("export")}
        </a>
        <a className="btn-secondary" href={`/admin/audit/rows?format=csv&${filterQs}`} download>{t("exportCsv")}</a>
        <a className="btn-secondary" href={`/admin/audit/rows?format=xlsx&${filterQs}`} download>{t("exportXlsx")}</a>
      </div>
      <p className="text-xs text-slate-500">{t("exportLimited", { n: exportLimit })}</p>
      {report ? (
        <div role="status" className={`card text-sm ${report.ok ? "border-jade-500" : "border-red-500"}`} data-testid="audit-report">
          {report.ok ? (
            <p>{t("intact", { n: report.checked, head: report.headHash.slice(0, 16) })}</p>
          ) : (
            <>
              <p className="font-semibold text-red-700">{t("broken", { n: report.problems.length })}</p>
              <ul className="mt-2 list-disc pl-5">
                {report.problems.map((p) => (
                  <li key={`${p.seq}-${p.problem}`}>{t(`problem.${p.problem}`, { seq: p.seq, id: p.id })}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      ) : null}
      <Form method="get" className="card flex flex-wrap items-end gap-3" role="search">
        <div>
          <label htmlFor="a-actor" className="field-label">{t("filters.actor")}</label>
          <input id="a-actor" name="actor" defaultValue={query.actor ?? ""} className="field-input" />
        </div>
        <div>
          <label htmlFor="a-org" className="field-label">{t("filters.org")}</label>
          <input id="a-org" name="org" defaultValue={query.org ?? ""} className="field-input" />
        </div>
        <div>
          <label htmlFor="a-kind" className="field-label">{t("filters.kind")}</label>
          <select id="a-kind" name="kind" defaultValue={query.kind ?? ""} className="field-input">
            <option value="">{t("filters.any")}</option>
            {AUDIT_KINDS.map((k) => <option key={k} value={k}>{t(`kinds.${k}`)}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="a-from" className="field-label">{t("filters.from")}</label>
          <input id="a-from" name="from" type="date" defaultValue={query.from ?? ""} className="field-input" />
        </div>
        <div>
          <label htmlFor="a-to" className="field-label">{t("filters.to")}</label>
          <input id="a-to" name="to" type="date" defaultValue={query.to ?? ""} className="field-input" />
        </div>
        <button className="btn-secondary">{t("filters.apply")}</button>
      </Form>
      <section className="card overflow-x-auto">
        <table className="table table-cards">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("at")}</th>
              <th scope="col">{t("who")}</th>
              <th scope="col">{t("action")}</th>
              <th scope="col">{t("subject")}</th>
              <th scope="col">{t("hash")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.seq}>
                <td data-label="#">{r.seq}</td>
                <td data-label={t("at")} className="whitespace-nowrap">{formatDateTime(r.at, i18n.language)}</td>
                <td data-label={t("who")}>{r.actorName ?? t("system")}{r.actorOrgName ? <div className="text-xs text-slate-500">{r.actorOrgName}</div> : null}</td>
                <td data-label={t("action")}>{auditEventLabel(t, r.action)}<code className="block text-xs text-slate-600">{r.action}</code></td>
                <td data-label={t("subject")}>{r.href ? <Link className="text-brand-700 hover:underline" to={r.href}>{auditSubjectLabel(t, r)}</Link> : auditSubjectLabel(t, r)}</td>
                <td data-label={t("hash")} className="font-mono text-xs text-slate-500">{r.hash.slice(0, 12)}…</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? <p className="py-6 text-center text-sm text-slate-500">{t("empty")}</p> : null}
        <Pagination page={query.page} pageCount={hasMore ? query.page + 1 : query.page} />
      </section>
    </div>
  );
}
