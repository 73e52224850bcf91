import fs from "node:fs";
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/modules/identity/auth.server";
import { openAttachment } from "~/modules/messaging/attachments.server";
import { downloadResponse } from "~/utils/download.server";
import { orHttpError } from "~/utils/route.server";

/** Attachments are only served to the conversation's parties, always as downloads with the checked type. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const file = orHttpError(() => openAttachment(context.app, actor, params.attachmentId ?? ""));
  const stream = Readable.toWeb(fs.createReadStream(file.path)) as ReadableStream<Uint8Array>;
  return downloadResponse(stream, file, { cache: "private-hour" });
}
