import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireActor } from "~/modules/identity/auth.server";
import { listJobs, runJobNow } from "~/modules/jobs/admin.server";
import { APP_JOBS } from "~/modules/jobs/registry.server";
import { formatDateTime } from "~/utils/dates";
import { orHttpError } from "~/utils/route.server";
import { handleForm } from "~/utils/actions.server";
import { replyErrors } from "~/utils/action-result";
import { FormErrors } from "~/components/ui/field";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "adminJobs");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return { jobs: orHttpError(() => listJobs(context.app, actor, APP_JOBS)) };
}

const runNowInput = z.object({ name: z.string().min(1).max(100) });

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleForm(request, runNowInput, async ({ name }) => {
    const result = await runJobNow(context.app, actor, name);
    return { ran: { name, ...(result.ran ? { status: result.report.status, error: result.report.error } : { status: "busy" as const, error: null }) } };
  });
}

const STATUS_TONE = { ok: "bg-emerald-100 text-emerald-800", skipped: "bg-slate-100 text-slate-700", failed: "bg-red-100 text-red-800", busy: "bg-amber-100 text-amber-800" } as const;

/** A cadence in words: "every 5 seconds", or the cron expression in Beijing time. */
function useCadenceText() {
  const { t } = useTranslation();
  return (cadence: { everyMs: number } | { cron: string }) => {
    if ("cron" in cadence) return t("jobs.cadence.cron", { expr: cadence.cron });
    const seconds = Math.round(cadence.everyMs / 1000);
    return seconds % 60 === 0 ? t("jobs.cadence.minutes", { n: seconds / 60 }) : t("jobs.cadence.seconds", { n: seconds });
  };
}

export default function JobsPage() {
  const { t, i18n } = useTranslation();
  const { jobs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const ran = result && "ran" in result ? result.ran : null;
  const navigation = useNavigation();
  const cadenceText = useCadenceText();
  const when = (ms: number | null) => (ms === null ? "—" : formatDateTime(ms, i18n.language));
  return (
    <div className="space-y-4">
      <h1 className="page-title">{t("jobs.title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600">{t("jobs.intro")}</p>
      <FormErrors errors={replyErrors(result && !("ran" in result) ? result : null)} />
      {ran ? (
        <p role="status" className={`card text-sm ${ran.status === "failed" ? "border-red-500" : ""}`} data-testid="job-run-result">
          {t(`jobs.ranNow.${ran.status}`, { job: t(`jobs.names.${ran.name}.title`), error: ran.error ?? "" })}
        </p>
      ) : null}
      <section className="card overflow-x-auto">
        <table className="table table-cards">
          <caption className="sr-only">{t("jobs.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("jobs.columns.job")}</th>
              <th scope="col">{t("jobs.columns.cadence")}</th>
              <th scope="col">{t("jobs.columns.lastRun")}</th>
              <th scope="col">{t("jobs.columns.result")}</th>
              <th scope="col">{t("jobs.columns.nextDue")}</th>
              <th scope="col">
                <span className="sr-only">{t("jobs.runNow")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => {
              const submitting = navigation.state !== "idle" && navigation.formData?.get("name") === job.name;
              return (
                <tr key={job.name} data-testid={`job-${job.name}`}>
                  <td data-label={t("jobs.columns.job")}>
                    <div className="font-medium">{t(`jobs.names.${job.name}.title`)}</div>
                    <div className="text-xs text-slate-500">{t(`jobs.names.${job.name}.about`)}</div>
                  </td>
                  <td data-label={t("jobs.columns.cadence")} className="text-sm">{cadenceText(job.cadence)}</td>
                  <td data-label={t("jobs.columns.lastRun")} className="whitespace-nowrap text-sm">
                    {job.running ? (
                      <span className={`badge ${STATUS_TONE.busy}`}>{t("jobs.status.running")}</span>
                    ) : job.lastStatus ? (
                      <span className={`badge ${STATUS_TONE[job.lastStatus]}`}>{t(`jobs.status.${job.lastStatus}`)}</span>
                    ) : (
                      <span className="badge">{t("jobs.status.never")}</span>
                    )}
                    <div className="text-xs text-slate-500">{when(job.lastFinishedAt)}</div>
                    {job.lastDurationMs !== null ? <div className="text-xs text-slate-500">{t("jobs.duration", { ms: job.lastDurationMs })}</div> : null}
                  </td>
                  <td data-label={t("jobs.columns.result")} className="text-sm">
                    {job.lastOutcome?.skipped ? <div>{t(`jobs.skipped.${job.lastOutcome.skipped}`)}</div> : null}
                    {Object.entries(job.lastOutcome?.counts ?? {}).map(([key, n]) => (
                      <div key={key}>{t(`jobs.counts.${key}`, { n })}</div>
                    ))}
                    {job.lastError ? <div className="break-all text-xs text-red-700">{job.lastError}</div> : null}
                    {job.consecutiveFailures > 1 ? <div className="text-xs text-red-700">{t("jobs.failures", { n: job.consecutiveFailures })}</div> : null}
                  </td>
                  <td data-label={t("jobs.columns.nextDue")} className="whitespace-nowrap text-sm">{when(job.nextDueAt)}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="name" value={job.name} />
                      <button type="submit" className="btn-secondary" disabled={submitting}>
                        {t("jobs.runNow")}
                      </button>
                    </Form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}
