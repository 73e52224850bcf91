import fs from "node:fs";
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/modules/identity/auth.server";
import { openAttachment } from "~/modules/messaging/attachments.server";
import { orHttpError } from "~/utils/route.server";

/** Attachments are only served to the conversation's parties, always as downloads with the checked type. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const file = orHttpError(() => openAttachment(context.app, actor, params.attachmentId ?? ""));
  const stream = Readable.toWeb(fs.createReadStream(file.path)) as ReadableStream<Uint8Array>;
  return new Response(stream, {
    headers: {
      "Content-Type": file.mimeType,
      "Content-Length": String(file.sizeBytes),
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, max-age=3600",
    },
  });
}
