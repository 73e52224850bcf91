import { and, eq, inArray, lt } from "drizzle-orm";
import { boardImportJobs, type ImportJobState } from "@db/schema";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { NotFoundError, DomainError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { importBureauList, validateBureauList, type ImportError, type ImportProgress, type ImportRow } from "./xlsx-import.server";
import { assertCan } from "~/modules/access";

/**
 * A bureau's list import as a job the page polls for progress: validation runs in the background
 * after the upload, the user then imports all rows (only when clean) or explicitly the valid rows.
 * Jobs are rows in board_import_jobs, so a restart or a second app process sees the same progress.
 * A job whose worker stopped beating (the process died mid-validation) reads as failed; the import
 * itself is one transaction together with the job's "imported" mark, so a crash leaves nothing half-written.
 */

export type ImportJob = {
  id: string;
  ownerUserId: string;
  roundId: string;
  fileName: string;
  status: ImportJobState;
  progress: ImportProgress | null;
  totalRows: number;
  validCount: number;
  errorCount: number;
  errors: ImportError[];
  imported: number | null;
  error: { key: string; values: Record<string, string | number> } | null;
  createdAt: number;
};

/** Jobs (with their parsed rows) are kept for a day, then swept. */
export const IMPORT_JOB_TTL_MS = 24 * 60 * 60 * 1000;
/** A running job whose heartbeat is older than this was abandoned by a process that stopped. */
export const IMPORT_JOB_STALE_MS = 2 * 60 * 1000;
/** Progress is written at most this often (validation reports every 100 rows). */
const PROGRESS_WRITE_MS = 250;
const RUNNING: ImportJobState[] = ["validating", "importing"];

type Row = typeof boardImportJobs.$inferSelect;

function toJob(row: Row): ImportJob {
  return {
    id: row.id,
    ownerUserId: row.createdBy,
    roundId: row.roundId,
    fileName: row.fileName,
    status: row.status,
    progress: row.progressPhase ? { phase: row.progressPhase, done: row.progressDone, total: row.progressTotal } : null,
    totalRows: row.totalRows,
    validCount: row.validCount,
    errorCount: row.errorCount,
    errors: row.errors as ImportError[],
    imported: row.imported,
    error: row.failureKey ? { key: row.failureKey, values: row.failureValues ?? {} } : null,
    createdAt: row.createdAt,
  };
}

function sweepExpired(ctx: Pick<AppContext, "db" | "clock">): void {
  ctx.db.delete(boardImportJobs).where(lt(boardImportJobs.expiresAt, ctx.clock.now())).run();
}

/** Marks jobs left running by a process that is gone as failed, with a message saying nothing was imported. */
export function failAbandonedImportJobs(ctx: Pick<AppContext, "db" | "clock">): number {
  const now = ctx.clock.now();
  return ctx.db
    .update(boardImportJobs)
    .set({ status: "failed", failureKey: "board:importPage.interrupted", failureValues: {}, updatedAt: now })
    .where(and(inArray(boardImportJobs.status, RUNNING), lt(boardImportJobs.heartbeatAt, now - IMPORT_JOB_STALE_MS)))
    .run().changes;
}

function failJob(ctx: Pick<AppContext, "db" | "clock">, jobId: string, error: unknown): void {
  const key = error instanceof Error && error.message.includes(":") ? error.message : "board:importPage.failed";
  const values = (error as { values?: Record<string, string | number> }).values ?? {};
  ctx.db.update(boardImportJobs).set({ status: "failed", failureKey: key, failureValues: values, updatedAt: ctx.clock.now() }).where(eq(boardImportJobs.id, jobId)).run();
}

export function startImportValidation(ctx: AppContext, actor: Actor, input: { roundId: string; fileName: string; file: Uint8Array }): string {
  assertCan(actor, "import:application-list:prefecture", undefined);
  sweepExpired(ctx);
  const now = ctx.clock.now();
  const id = newId();
  ctx.db
    .insert(boardImportJobs)
    .values({
      id,
      createdBy: actor.userId,
      bureauOrgId: actor.orgId,
      roundId: input.roundId,
      fileName: input.fileName.slice(0, 200),
      status: "validating",
      heartbeatAt: now,
      createdAt: now,
      updatedAt: now,
      expiresAt: now + IMPORT_JOB_TTL_MS,
    })
    .run();
  let lastWrite = 0;
  const onProgress = (p: ImportProgress) => {
    const t = ctx.clock.now();
    if (p.done < p.total && Date.now() - lastWrite < PROGRESS_WRITE_MS) return;
    lastWrite = Date.now();
    ctx.db.update(boardImportJobs).set({ progressPhase: p.phase, progressDone: p.done, progressTotal: p.total, heartbeatAt: t, updatedAt: t }).where(eq(boardImportJobs.id, id)).run();
  };
  void validateBureauList(ctx, actor, { roundId: input.roundId, file: input.file, onProgress })
    .then((v) => {
      const t = ctx.clock.now();
      ctx.db
        .update(boardImportJobs)
        .set({ status: "validated", totalRows: v.totalRows, validCount: v.validRows.length, errorCount: v.errors.length, errors: v.errors, validRows: v.validRows, heartbeatAt: t, updatedAt: t })
        .where(eq(boardImportJobs.id, id))
        .run();
    })
    .catch((error: unknown) => failJob(ctx, id, error));
  return id;
}

function loadOwnJob(ctx: Pick<AppContext, "db">, actor: Actor, jobId: string): Row {
  const row = ctx.db.select().from(boardImportJobs).where(eq(boardImportJobs.id, jobId)).get();
  // Someone else's job id is as unknown as a made-up one.
  if (!row) throw new NotFoundError();
  assertCan(actor, "read:import-job:own", row, { refusal: "not-found" });
  return row;
}

export function getImportJob(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, jobId: string): ImportJob {
  loadOwnJob(ctx, actor, jobId);
  failAbandonedImportJobs(ctx);
  return toJob(loadOwnJob(ctx, actor, jobId));
}

/** Imports every row (only if the file is clean) or, when asked explicitly, just the valid rows. */
export function runImport(ctx: AppContext, actor: Actor, jobId: string, mode: "all" | "valid"): number {
  const job = loadOwnJob(ctx, actor, jobId);
  if (job.status !== "validated") throw new DomainError(job.status === "imported" ? "board:importPage.alreadyImported" : "board:importPage.notReady");
  if (mode === "all" && job.errorCount > 0) throw new DomainError("board:importPage.notClean", { errors: job.errorCount });
  if (job.validCount === 0) throw new DomainError("board:importPage.nothingValid");
  // Claim the job first (only one request imports it), then write rows and the job's result together.
  const claimed = ctx.db
    .update(boardImportJobs)
    .set({ status: "importing", heartbeatAt: ctx.clock.now(), updatedAt: ctx.clock.now() })
    .where(and(eq(boardImportJobs.id, job.id), eq(boardImportJobs.status, "validated")))
    .run().changes;
  if (claimed === 0) throw new DomainError("board:importPage.notReady");
  try {
    return ctx.db.transaction(() => {
      const result = importBureauList(ctx, actor, { roundId: job.roundId, rows: job.validRows as ImportRow[] });
      const t = ctx.clock.now();
      ctx.db
        .update(boardImportJobs)
        .set({ status: "imported", imported: result.imported, progressPhase: "import", progressDone: result.imported, progressTotal: result.imported, updatedAt: t })
        .where(eq(boardImportJobs.id, job.id))
        .run();
      return result.imported;
    });
  } catch (error) {
    // The rows rolled back; the job can be imported again once the problem is fixed (e.g. a round reopened).
    ctx.db.update(boardImportJobs).set({ status: "validated", updatedAt: ctx.clock.now() }).where(eq(boardImportJobs.id, job.id)).run();
    throw error;
  }
}
