import { asc, eq, inArray } from "drizzle-orm";
import { boardViolationFiles, boardViolations } from "@db/schema";
import { assertCan } from "~/modules/access";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { ConflictError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { checkUploadedFile, cleanName, readBoardFile, removeBoardFile, storeBoardFile } from "./applications.server";

/**
 * A violation's evidence as files (a penalty decision, a complaint, a scan), besides the written evidence. Files are
 * checked by their content (PDF, PNG or JPEG) and size like an application's; the staff who record violations attach
 * them while the violation is open; the exchange and the regulators read them (the enterprise sees the violation but
 * not its evidence, ADR 0204). Adding and reading are recorded in the audit chain.
 */

export type ViolationFile = Omit<typeof boardViolationFiles.$inferSelect, "storageKey">;

export function addViolationFile(ctx: Pick<AppContext, "db" | "clock" | "config">, actor: Actor, violationId: string, input: { fileName: string; bytes: Uint8Array }): ViolationFile {
  assertCan(actor, "record:violation:any", undefined);
  const v = ctx.db.select().from(boardViolations).where(eq(boardViolations.id, violationId)).get();
  if (!v) throw new NotFoundError();
  if (v.state === "dismissed" || v.resolvedAt !== null) throw new ConflictError("boardRules:errors.violationClosed");
  const mimeType = checkUploadedFile(input.bytes);
  const stored = storeBoardFile(ctx, input.bytes, mimeType);
  const row = {
    id: newId(),
    violationId: v.id,
    fileName: cleanName(input.fileName),
    mimeType,
    sizeBytes: input.bytes.byteLength,
    sha256: stored.sha256,
    storageKey: stored.storageKey,
    uploadedBy: actor.userId,
    uploadedAt: ctx.clock.now(),
  };
  try {
    ctx.db.transaction(() => {
      ctx.db.insert(boardViolationFiles).values(row).run();
      appendAudit(ctx, {
        actorUserId: actor.userId,
        actorOrgId: actor.orgId,
        action: "board.violation.file_added",
        subjectType: "board_violation",
        subjectId: v.id,
        enterpriseOrgId: v.enterpriseOrgId,
        data: { fileId: row.id, fileName: row.fileName, sha256: row.sha256, sizeBytes: row.sizeBytes },
      });
    });
  } catch (error) {
    removeBoardFile(ctx, stored.storageKey);
    throw error;
  }
  const { storageKey: _k, ...file } = row;
  return file;
}

/** The files of these violations (for the violations page and the removal plan the regulators decide on). */
export function violationFilesOf(ctx: Pick<AppContext, "db">, violationIds: string[]): Map<string, ViolationFile[]> {
  const out = new Map<string, ViolationFile[]>();
  if (violationIds.length === 0) return out;
  const rows = ctx.db.select().from(boardViolationFiles).where(inArray(boardViolationFiles.violationId, violationIds)).orderBy(asc(boardViolationFiles.uploadedAt)).all();
  for (const { storageKey: _k, ...f } of rows) out.set(f.violationId, [...(out.get(f.violationId) ?? []), f]);
  return out;
}

/** For the download route: the exchange and the regulators only; each reading is audited. */
export function openViolationFile(ctx: Pick<AppContext, "db" | "clock" | "config">, actor: Actor, fileId: string) {
  assertCan(actor, "view:violation:any", undefined, { refusal: "not-found" });
  const row = ctx.db
    .select({ f: boardViolationFiles, enterpriseOrgId: boardViolations.enterpriseOrgId })
    .from(boardViolationFiles)
    .innerJoin(boardViolations, eq(boardViolations.id, boardViolationFiles.violationId))
    .where(eq(boardViolationFiles.id, fileId))
    .get();
  if (!row) throw new NotFoundError();
  const bytes = readBoardFile(ctx, row.f.storageKey);
  appendAudit(ctx, {
    actorUserId: actor.userId,
    actorOrgId: actor.orgId,
    action: "board.violation.file_opened",
    subjectType: "board_violation",
    subjectId: row.f.violationId,
    enterpriseOrgId: row.enterpriseOrgId,
    data: { fileId: row.f.id, sha256: row.f.sha256 },
  });
  return { file: row.f, bytes };
}
