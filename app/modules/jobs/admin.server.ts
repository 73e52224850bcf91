import { scheduledJobs, type JobRunStatus } from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { NotFoundError } from "~/utils/errors";
import { findJob } from "./registry.server";
import { ensureJobRows, newLeaseOwner, runJobIfDue, type Cadence, type Job, type JobOutcome, type JobRunReport } from "./scheduler.server";
import { assertCan } from "~/modules/access";

export type JobView = {
  name: string;
  cadence: Cadence;
  nextDueAt: number | null;
  running: boolean;
  leaseOwner: string | null;
  lastStartedAt: number | null;
  lastFinishedAt: number | null;
  lastStatus: JobRunStatus | null;
  lastOutcome: JobOutcome | null;
  lastError: string | null;
  lastDurationMs: number | null;
  consecutiveFailures: number;
  runCount: number;
};

function assertAdmin(actor: Actor): void {
  assertCan(actor, "manage:job:any", undefined);
}

/** The exchange admin's view of every registered job: schedule, lease and the last run's result. */
export function listJobs(ctx: AppContext, actor: Actor, jobs: readonly Job[]): JobView[] {
  assertAdmin(actor);
  ensureJobRows(ctx, jobs);
  const now = ctx.clock.now();
  const rows = new Map(ctx.db.select().from(scheduledJobs).all().map((r) => [r.name, r]));
  return jobs.map((job) => {
    const row = rows.get(job.name);
    const running = Boolean(row?.leaseOwner && (row.leaseExpiresAt ?? 0) > now);
    return {
      name: job.name,
      cadence: job.cadence,
      nextDueAt: row?.nextDueAt ?? null,
      running,
      leaseOwner: running ? (row?.leaseOwner ?? null) : null,
      lastStartedAt: row?.lastStartedAt ?? null,
      lastFinishedAt: row?.lastFinishedAt ?? null,
      lastStatus: row?.lastStatus ?? null,
      lastOutcome: row?.lastResult ? (JSON.parse(row.lastResult) as JobOutcome) : null,
      lastError: row?.lastError ?? null,
      lastDurationMs: row?.lastDurationMs ?? null,
      consecutiveFailures: row?.consecutiveFailures ?? 0,
      runCount: row?.runCount ?? 0,
    };
  });
}

export type RunNowResult = { ran: true; report: JobRunReport } | { ran: false; reason: "busy" };

/**
 * "Run now": one pass right away, under the same lease as the scheduler (so it never overlaps a run
 * elsewhere), recorded in the audit chain with its result. The job's own changes are audited by its module.
 */
export async function runJobNow(ctx: AppContext, actor: Actor, name: string, lookup: (name: string) => Job | undefined = findJob): Promise<RunNowResult> {
  assertAdmin(actor);
  const job = lookup(name);
  if (!job) throw new NotFoundError();
  const report = await runJobIfDue(ctx, job, newLeaseOwner(`manual:${actor.userId}`), { force: true });
  if (!report) return { ran: false, reason: "busy" };
  appendAudit(ctx, {
    actorUserId: actor.userId,
    actorOrgId: actor.orgId,
    action: "jobs.run_now",
    subjectType: "scheduled_job",
    subjectId: job.name,
    data: { status: report.status, counts: report.outcome?.counts ?? {}, skipped: report.outcome?.skipped ?? null, error: report.error },
  });
  return { ran: true, report };
}
