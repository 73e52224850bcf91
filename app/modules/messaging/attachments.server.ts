import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { messageAttachments, type AttachmentMimeType } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import type { Actor } from "../identity/actor";
import { participation } from "./conversations.server";
import { MAX_ATTACHMENT_BYTES } from "./schemas";
import { assertCan } from "~/modules/access";

const EXTENSIONS: Record<AttachmentMimeType, string> = {
  "application/pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
};

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) => signature.every((b, i) => bytes[offset + i] === b);

/**
 * The type is what the bytes say, never what the name or the browser claims: a script renamed to
 * .pdf is refused.
 */
export function detectFileType(bytes: Uint8Array): AttachmentMimeType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf"; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return "image/webp"; // RIFF....WEBP
  return null;
}

/** Keeps a readable name for the download header; the stored file never uses it. */
function cleanFileName(name: string, mime: AttachmentMimeType): string {
  // eslint-disable-next-line no-control-regex
  const base = path.basename(name.replace(/\\/g, "/")).replace(/[\u0000-\u001f\u007f"<>|*?:]/g, "").trim().slice(0, 200);
  return base || `attachment.${EXTENSIONS[mime]}`;
}

export function uploadsDir(ctx: Pick<AppContext, "config">): string {
  return path.join(ctx.config.dataDir, "uploads");
}

export function saveAttachment(ctx: AppContext, actor: Actor, input: { conversationId: string; fileName: string; bytes: Uint8Array }) {
  participation(ctx, actor, input.conversationId);
  if (input.bytes.byteLength === 0) throw new DomainError("messaging:errors.fileEmpty", {}, "file");
  if (input.bytes.byteLength > MAX_ATTACHMENT_BYTES) throw new DomainError("messaging:errors.fileTooLarge", { maxMb: MAX_ATTACHMENT_BYTES / 1024 / 1024 }, "file");
  const mimeType = detectFileType(input.bytes);
  if (!mimeType) throw new DomainError("messaging:errors.fileType", {}, "file");

  const storageKey = `${crypto.randomBytes(18).toString("base64url")}.${EXTENSIONS[mimeType]}`;
  const dir = uploadsDir(ctx);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, storageKey);
  fs.writeFileSync(file, input.bytes, { flag: "wx", mode: 0o640 });
  const row = {
    id: newId(),
    conversationId: input.conversationId,
    uploaderUserId: actor.userId,
    fileName: cleanFileName(input.fileName, mimeType),
    mimeType,
    sizeBytes: input.bytes.byteLength,
    sha256: crypto.createHash("sha256").update(input.bytes).digest("hex"),
    storageKey,
    createdAt: ctx.clock.now(),
  };
  try {
    ctx.db.insert(messageAttachments).values(row).run();
  } catch (error) {
    fs.rmSync(file, { force: true });
    throw error;
  }
  return { id: row.id, fileName: row.fileName, mimeType, sizeBytes: row.sizeBytes };
}

/** For the download route: only parties of the conversation; an unsent upload only for its uploader. */
export function openAttachment(ctx: AppContext, actor: Actor, attachmentId: string) {
  const row = ctx.db.select().from(messageAttachments).where(eq(messageAttachments.id, attachmentId)).get();
  if (!row) throw new NotFoundError();
  participation(ctx, actor, row.conversationId);
  assertCan(actor, "read:attachment:uploader", row, { refusal: "not-found" });
  return { path: path.join(uploadsDir(ctx), row.storageKey), fileName: row.fileName, mimeType: row.mimeType, sizeBytes: row.sizeBytes };
}
