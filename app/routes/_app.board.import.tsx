import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { EmptyState } from "~/components/board/badges";
import { getImportJob, runImport } from "~/modules/board/import-jobs.server";
import { boardActionOptions, boardDone } from "~/modules/board/route-support.server";
import { handleIntents } from "~/utils/actions.server";
import { roundsToImportInto } from "~/modules/board/rounds.server";
import { requireActor } from "~/modules/identity/auth.server";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "boardImport");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const rounds = orHttpError(() => roundsToImportInto(context.app, actor));
  const jobId = new URL(request.url).searchParams.get("job");
  const job = jobId ? orHttpError(() => getImportJob(context.app, actor, jobId)) : null;
  return {
    rounds,
    job: job && {
      id: job.id,
      fileName: job.fileName,
      status: job.status,
      progress: job.progress,
      imported: job.imported,
      error: job.error,
      totalRows: job.totalRows,
      validCount: job.validCount,
      errors: job.errors.slice(0, 500),
      errorCount: job.errorCount,
    },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const job = z.object({ job: z.string() });
  const run = (jobId: string, mode: "valid" | "all") => {
    const n = runImport(context.app, actor, jobId, mode);
    return boardDone(context, request, `/board/import?job=${jobId}`, "board:importPage.imported", { n });
  };
  return handleIntents(
    request,
    { "import-valid": job, import: job },
    { "import-valid": ({ job: jobId }) => run(jobId, "valid"), import: ({ job: jobId }) => run(jobId, "all") },
    boardActionOptions(context, request),
  );
}

export default function ImportPage() {
  const { t } = useTranslation("board");
  const { rounds, job } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  const revalidator = useRevalidator();
  const running = job?.status === "validating" || job?.status === "importing";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.revalidate(), 700);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  const pct = job?.progress ? Math.round((job.progress.done / Math.max(1, job.progress.total)) * 100) : 0;
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("importPage.title")}</h1>
      <section className="card max-w-3xl space-y-3">
        <p className="text-sm text-slate-600">{t("importPage.intro")}</p>
        <p className="flex gap-3 text-sm">
          <a href="/board/import/template?lng=zh-CN" className="btn-secondary" download>{t("importPage.templateZh")}</a>
          <a href="/board/import/template?lng=en" className="btn-secondary" download>{t("importPage.templateEn")}</a>
        </p>
        {rounds.length === 0 ? (
          <EmptyState>{t("apply.noOpenRound")}</EmptyState>
        ) : (
          <Form method="post" action="/upload/board/import" encType="multipart/form-data" reloadDocument className="grid gap-3 sm:grid-cols-3 sm:items-end">
            <div>
              <label htmlFor="roundId" className="field-label">{t("apply.round")}</label>
              <select id="roundId" name="roundId" className="field-input">
                {rounds.map((r) => (
                  <option key={r.id} value={r.id}>{r.name}</option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="file" className="field-label">{t("importPage.file")}</label>
              <input id="file" name="file" type="file" required accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" className="field-input" />
            </div>
            <button className="btn-primary">{t("importPage.validate")}</button>
          </Form>
        )}
      </section>
      {job ? (
        <section className="card space-y-3" aria-live="polite">
          <h2 className="text-lg font-semibold">{job.fileName}</h2>
          {running ? (
            <div>
              <p className="text-sm">{job.progress ? t(`import.progress.${job.progress.phase}`, { done: job.progress.done, total: job.progress.total }) : t("importPage.reading")}</p>
              <div className="mt-1 h-2 rounded bg-slate-100" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
                <div className="h-2 rounded bg-brand-600" style={{ width: `${pct}%` }} />
              </div>
            </div>
          ) : null}
          {job.status === "failed" ? <p role="alert" className="text-sm text-red-700">{t(job.error?.key ?? "importPage.failed", job.error?.values)}</p> : null}
          {job.status === "imported" ? <p className="text-sm text-emerald-700">{t("importPage.imported", { n: job.imported ?? 0 })}</p> : null}
          {job.status === "validated" ? (
            <>
              <p className="text-sm">{t("importPage.summary", { total: job.totalRows, valid: job.validCount, errors: job.errorCount })}</p>
              {job.errors.length ? (
                <table className="table table-cards">
                  <caption className="sr-only">{t("importPage.errorsTitle")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("importPage.row")}</th>
                      <th scope="col">{t("importPage.column")}</th>
                      <th scope="col">{t("importPage.reason")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {job.errors.map((e, i) => (
                      <tr key={i}>
                        <td data-label={t("importPage.row")}>{e.row ?? "—"}</td>
                        <td data-label={t("importPage.column")}>{e.column ?? "—"}{e.field ? ` · ${t(`import.columns.${e.field}`)}` : ""}</td>
                        <td data-label={t("importPage.reason")}>{t(e.key, e.values)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              <Form method="post" className="flex flex-wrap gap-2">
                <input type="hidden" name="job" value={job.id} />
                {job.errorCount === 0 ? (
                  <button name="intent" value="import" className="btn-primary" disabled={busy || job.validCount === 0}>{t("importPage.importAll", { n: job.validCount })}</button>
                ) : job.validCount > 0 ? (
                  <button name="intent" value="import-valid" className="btn-secondary" disabled={busy}>{t("importPage.importValid", { n: job.validCount })}</button>
                ) : null}
              </Form>
            </>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
