import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "~/components/ui/pagination";
import { listAuditPage, verifyAuditChainAs } from "~/modules/audit/audit.server";
import { requireActor } from "~/modules/identity/auth.server";
import { formatDateTime } from "~/utils/dates";
import { orHttpError } from "~/utils/route.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const page = Math.max(1, Math.min(100_000, Number(new URL(request.url).searchParams.get("page")) || 1));
  return { ...orHttpError(() => listAuditPage(context.app, actor, page)), page };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return orHttpError(() => verifyAuditChainAs(context.app, actor));
}

export default function AuditPage() {
  const { t, i18n } = useTranslation("audit");
  const { rows, page, hasMore } = useLoaderData<typeof loader>();
  const report = useActionData<typeof action>();
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
      </div>
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
      <section className="card overflow-x-auto">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("at")}</th>
              <th scope="col">{t("action")}</th>
              <th scope="col">{t("subject")}</th>
              <th scope="col">{t("hash")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.seq}>
                <td>{r.seq}</td>
                <td className="whitespace-nowrap">{formatDateTime(r.at, i18n.language)}</td>
                <td className="text-xs">
                  <code>{r.action}</code>
                </td>
                <td className="font-mono text-xs">
                  {r.subjectType}:{r.subjectId}
                </td>
                <td className="font-mono text-xs text-slate-500">{r.hash.slice(0, 12)}…</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? <p className="py-6 text-center text-sm text-slate-500">{t("empty")}</p> : null}
        <Pagination page={page} pageCount={hasMore ? page + 1 : page} />
      </section>
    </div>
  );
}
