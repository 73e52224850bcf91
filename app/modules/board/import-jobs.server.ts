import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { ForbiddenError, NotFoundError, DomainError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { importBureauList, validateBureauList, type ImportProgress, type ImportValidation } from "./xlsx-import.server";

/**
 * A bureau's list import as a job the page polls for progress: validation runs in the background
 * after the upload, the user then imports all rows (only when clean) or explicitly the valid rows.
 * Jobs live in this process's memory for an hour: they hold a parsed file, not state of record —
 * the import itself is one database transaction.
 */

export type ImportJob = {
  id: string;
  ownerUserId: string;
  roundId: string;
  fileName: string;
  status: "validating" | "validated" | "importing" | "imported" | "failed";
  progress: ImportProgress | null;
  validation: ImportValidation | null;
  imported: number | null;
  error: { key: string; values: Record<string, string | number> } | null;
  createdAt: number;
};

const jobs = new Map<string, ImportJob>();
const TTL = 60 * 60 * 1000;

function sweep(now: number) {
  for (const [id, job] of jobs) if (now - job.createdAt > TTL) jobs.delete(id);
}

export function startImportValidation(ctx: AppContext, actor: Actor, input: { roundId: string; fileName: string; file: Uint8Array }): string {
  if (actor.orgKind !== "bureau") throw new ForbiddenError();
  sweep(ctx.clock.now());
  const job: ImportJob = {
    id: newId(),
    ownerUserId: actor.userId,
    roundId: input.roundId,
    fileName: input.fileName,
    status: "validating",
    progress: null,
    validation: null,
    imported: null,
    error: null,
    createdAt: ctx.clock.now(),
  };
  jobs.set(job.id, job);
  void validateBureauList(ctx, actor, { roundId: input.roundId, file: input.file, onProgress: (p) => (job.progress = p) })
    .then((v) => {
      job.validation = v;
      job.status = "validated";
    })
    .catch((error: unknown) => {
      job.status = "failed";
      job.error = { key: error instanceof Error ? error.message : "errors.unexpected", values: (error as { values?: Record<string, string | number> }).values ?? {} };
    });
  return job.id;
}

export function getImportJob(actor: Actor, jobId: string): ImportJob {
  const job = jobs.get(jobId);
  if (!job || job.ownerUserId !== actor.userId) throw new NotFoundError();
  return job;
}

/** Imports every row (only if the file is clean) or, when asked explicitly, just the valid rows. */
export function runImport(ctx: AppContext, actor: Actor, jobId: string, mode: "all" | "valid"): number {
  const job = getImportJob(actor, jobId);
  if (job.status !== "validated" || !job.validation) throw new DomainError("board:importPage.notReady");
  const v = job.validation;
  if (mode === "all" && v.errors.length > 0) throw new DomainError("board:importPage.notClean", { errors: v.errors.length });
  if (v.validRows.length === 0) throw new DomainError("board:importPage.nothingValid");
  job.status = "importing";
  try {
    const result = importBureauList(ctx, actor, { roundId: job.roundId, rows: v.validRows, onProgress: (p) => (job.progress = p) });
    job.status = "imported";
    job.imported = result.imported;
    return result.imported;
  } catch (error) {
    job.status = "validated";
    throw error;
  }
}
