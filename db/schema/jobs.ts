import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { JOB_RUN_STATUSES } from "./constants";
export { JOB_RUN_STATUSES, type JobRunStatus } from "./constants";

/**
 * One row per periodic job (mail delivery, digests, reminders, automatic admission). The row is the
 * schedule and the lock at once: a process may run a job only after an UPDATE that finds it due and
 * its lease free or expired sets itself as lease owner, so two app processes sharing the database
 * never run the same job at once, and a holder that crashed loses the job when its lease expires.
 */
export const scheduledJobs = sqliteTable("scheduled_jobs", {
  name: text("name").primaryKey(),
  /** When the job should next run (unix ms). "Run now" and failed runs move it earlier. */
  nextDueAt: integer("next_due_at").notNull(),
  leaseOwner: text("lease_owner"),
  leaseExpiresAt: integer("lease_expires_at"),
  lastStartedAt: integer("last_started_at"),
  lastFinishedAt: integer("last_finished_at"),
  lastStatus: text("last_status", { enum: JOB_RUN_STATUSES }),
  /** JSON summary the job returned (counts, or the reason it skipped). */
  lastResult: text("last_result"),
  lastError: text("last_error"),
  lastDurationMs: integer("last_duration_ms"),
  /** Failures since the last success; the retry delay grows with it. */
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  runCount: integer("run_count").notNull().default(0),
  updatedAt: integer("updated_at").notNull(),
});
