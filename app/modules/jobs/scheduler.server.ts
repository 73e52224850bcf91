import crypto from "node:crypto";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { Cron } from "croner";
import { and, eq, sql } from "drizzle-orm";
import { scheduledJobs, type JobRunStatus } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { BOARD_TIME_ZONE } from "~/utils/dates";

/** Cron expressions are read in Shanghai time ("0 9 * * *" = 09:00 Beijing time), like every date users see. */
export const JOB_TIME_ZONE = BOARD_TIME_ZONE;

/** Either a fixed interval after the previous run ended, or a cron expression in JOB_TIME_ZONE. */
export type Cadence = { everyMs: number } | { cron: string };

/** What one pass did: counts for the admin page, or why it did nothing (an i18n key under jobs.skipped). */
export type JobOutcome = { counts?: Record<string, number>; skipped?: string };

export type Job = {
  /** Stable key: the table's primary key and the i18n key jobs.names.<name>. */
  name: string;
  cadence: Cadence;
  /** How long a run may hold the job before another process may take it over (renewed while it runs). */
  leaseMs?: number;
  /** One idempotent pass over the current state; reads time from ctx.clock. */
  run(ctx: AppContext): JobOutcome | Promise<JobOutcome>;
};

export type JobRunReport = { name: string; status: JobRunStatus; outcome: JobOutcome | null; error: string | null };

const DEFAULT_LEASE_MS = 10 * 60_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 30 * 60_000;

const crons = new Map<string, Cron>();
function cronFor(pattern: string): Cron {
  let cron = crons.get(pattern);
  if (!cron) {
    // paused: croner only computes dates here; the scheduler's own loop (on ctx.clock) decides when to run.
    cron = new Cron(pattern, { timezone: JOB_TIME_ZONE, paused: true });
    crons.set(pattern, cron);
  }
  return cron;
}

/** The first due time strictly after `afterMs`. */
export function nextDueAfter(cadence: Cadence, afterMs: number): number {
  if ("everyMs" in cadence) return afterMs + cadence.everyMs;
  const next = cronFor(cadence.cron).nextRun(new Date(afterMs));
  if (!next) throw new Error(`cron "${cadence.cron}" has no future occurrence`);
  return next.getTime();
}

/**
 * A failed run is retried sooner than its cadence: 30 s, 1 min, 2 min … up to 30 min, but never later
 * than its next regular time (a 5-second job retries after 5 seconds).
 */
export function retryDueAfter(cadence: Cadence, failures: number, nowMs: number): number {
  const backoff = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1), MAX_RETRY_MS);
  return Math.min(nowMs + backoff, nextDueAfter(cadence, nowMs));
}

/** Unique per process (and per scheduler), so a lease names who holds it in logs and on the admin page. */
export function newLeaseOwner(label = "scheduler"): string {
  return `${label}:${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`;
}

/** Creates the rows of jobs seen for the first time: interval jobs are due at once, cron jobs at their next time. */
export function ensureJobRows(ctx: Pick<AppContext, "db" | "clock">, jobs: readonly Job[]): void {
  const now = ctx.clock.now();
  for (const job of jobs) {
    const nextDueAt = "everyMs" in job.cadence ? now : nextDueAfter(job.cadence, now);
    ctx.db.insert(scheduledJobs).values({ name: job.name, nextDueAt, updatedAt: now }).onConflictDoNothing().run();
  }
}

/**
 * Takes the job's lease if it is due (or `force`) and free or expired. One UPDATE decides, so of two
 * processes racing for the same job exactly one wins.
 */
function acquireLease(ctx: Pick<AppContext, "db">, job: Job, owner: string, now: number, force: boolean): boolean {
  const leaseMs = job.leaseMs ?? DEFAULT_LEASE_MS;
  const free = sql`(${scheduledJobs.leaseOwner} is null or ${scheduledJobs.leaseExpiresAt} <= ${now})`;
  const due = force ? sql`1` : sql`${scheduledJobs.nextDueAt} <= ${now}`;
  const taken = ctx.db
    .update(scheduledJobs)
    .set({ leaseOwner: owner, leaseExpiresAt: now + leaseMs, lastStartedAt: now, updatedAt: now })
    .where(and(eq(scheduledJobs.name, job.name), free, due))
    .run();
  return taken.changes === 1;
}

/** Keeps a long run's lease alive, so only a holder that stopped (crashed, hung) loses the job. */
function keepLease(ctx: Pick<AppContext, "db" | "clock" | "logger">, job: Job, owner: string): () => void {
  const leaseMs = job.leaseMs ?? DEFAULT_LEASE_MS;
  const timer = setInterval(
    () => {
      try {
        const now = ctx.clock.now();
        ctx.db
          .update(scheduledJobs)
          .set({ leaseExpiresAt: now + leaseMs, updatedAt: now })
          .where(and(eq(scheduledJobs.name, job.name), eq(scheduledJobs.leaseOwner, owner)))
          .run();
      } catch (error) {
        ctx.logger.warn({ err: error, job: job.name }, "renewing a job lease failed");
      }
    },
    Math.max(1_000, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Runs one pass of `job` if this process can take it (due and not held by a live lease; `force` skips
 * the due check for "Run now"). Returns null when it did not run. A failure is logged and recorded
 * with an earlier retry; it never propagates, so a broken job cannot take the server down.
 */
export async function runJobIfDue(ctx: AppContext, job: Job, owner: string, opts: { force?: boolean } = {}): Promise<JobRunReport | null> {
  const startedAt = ctx.clock.now();
  const force = opts.force ?? false;
  if (!acquireLease(ctx, job, owner, startedAt, force)) {
    const known = ctx.db.select({ name: scheduledJobs.name }).from(scheduledJobs).where(eq(scheduledJobs.name, job.name)).get();
    if (known) return null;
    ensureJobRows(ctx, [job]);
    if (!acquireLease(ctx, job, owner, startedAt, force)) return null;
  }
  const stopRenewing = keepLease(ctx, job, owner);
  const started = performance.now();
  let outcome: JobOutcome | null = null;
  let error: string | null = null;
  try {
    outcome = await job.run(ctx);
  } catch (err) {
    error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    ctx.logger.error({ err, job: job.name }, "scheduled job failed");
  } finally {
    stopRenewing();
  }
  const finishedAt = ctx.clock.now();
  const status: JobRunStatus = error !== null ? "failed" : outcome?.skipped ? "skipped" : "ok";
  const previous = ctx.db.select({ failures: scheduledJobs.consecutiveFailures }).from(scheduledJobs).where(eq(scheduledJobs.name, job.name)).get();
  const failures = status === "failed" ? (previous?.failures ?? 0) + 1 : 0;
  const released = ctx.db
    .update(scheduledJobs)
    .set({
      leaseOwner: null,
      leaseExpiresAt: null,
      lastFinishedAt: finishedAt,
      lastStatus: status,
      lastResult: outcome ? JSON.stringify(outcome) : null,
      lastError: error?.slice(0, 2_000) ?? null,
      lastDurationMs: Math.round(performance.now() - started),
      consecutiveFailures: failures,
      runCount: sql`${scheduledJobs.runCount} + 1`,
      nextDueAt: status === "failed" ? retryDueAfter(job.cadence, failures, finishedAt) : nextDueAfter(job.cadence, finishedAt),
      updatedAt: finishedAt,
    })
    .where(and(eq(scheduledJobs.name, job.name), eq(scheduledJobs.leaseOwner, owner)))
    .run();
  if (released.changes === 0) ctx.logger.warn({ job: job.name, owner }, "job lease was taken over while the job ran; its result is not recorded");
  return { name: job.name, status, outcome, error };
}

export type Scheduler = {
  readonly ownerId: string;
  /** One pass: starts every due job not already running here; resolves when the jobs it started have finished. */
  tick(): Promise<JobRunReport[]>;
  /** Stops ticking and waits for running jobs to finish. */
  stop(): Promise<void>;
};

/**
 * The periodic-work loop of one process. Each tick reads the job table once and starts the jobs that
 * are due and not leased elsewhere; jobs run side by side (a slow digest does not hold up mail), but a
 * job never overlaps itself. `tickMs: 0` creates a scheduler that only ticks when told (tests).
 */
export function createScheduler(ctx: AppContext, jobs: readonly Job[], opts: { tickMs?: number; ownerId?: string } = {}): Scheduler {
  const ownerId = opts.ownerId ?? newLeaseOwner();
  const tickMs = opts.tickMs ?? 1_000;
  const running = new Map<string, Promise<JobRunReport | null>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let rowsReady = false;

  const tick = async (): Promise<JobRunReport[]> => {
    if (stopped) return [];
    let started: Promise<JobRunReport | null>[] = [];
    try {
      if (!rowsReady) {
        ensureJobRows(ctx, jobs);
        rowsReady = true;
      }
      const now = ctx.clock.now();
      const rows = new Map(
        ctx.db
          .select({ name: scheduledJobs.name, nextDueAt: scheduledJobs.nextDueAt, leaseOwner: scheduledJobs.leaseOwner, leaseExpiresAt: scheduledJobs.leaseExpiresAt })
          .from(scheduledJobs)
          .all()
          .map((r) => [r.name, r]),
      );
      started = jobs
        .filter((job) => {
          const row = rows.get(job.name);
          return row && !running.has(job.name) && row.nextDueAt <= now && (row.leaseOwner === null || (row.leaseExpiresAt ?? 0) <= now);
        })
        .map((job) => {
          const run = runJobIfDue(ctx, job, ownerId).catch((error: unknown) => {
            // Only the bookkeeping itself (e.g. a locked database) can end up here: log, try again next tick.
            ctx.logger.error({ err: error, job: job.name }, "scheduler could not record a job run");
            return null;
          });
          running.set(job.name, run);
          void run.finally(() => running.delete(job.name));
          return run;
        });
    } catch (error) {
      ctx.logger.error({ err: error }, "scheduler tick failed");
    }
    const reports = await Promise.all(started);
    return reports.filter((r): r is JobRunReport => r !== null);
  };

  const loop = () => {
    if (stopped) return;
    void tick();
    timer = setTimeout(loop, tickMs);
    timer.unref();
  };
  if (tickMs > 0) {
    timer = setTimeout(loop, 0);
    timer.unref();
  }

  return {
    ownerId,
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.allSettled([...running.values()]);
    },
  };
}
