import type { LoaderFunctionArgs } from "@remix-run/node";
import { readBoardFile } from "~/modules/board/applications.server";
import { objectionAttachmentKey } from "~/modules/board/notices.server";
import { requireActor } from "~/modules/identity/auth.server";
import { orHttpError } from "~/utils/route.server";
import { downloadResponse } from "~/utils/download.server";

const TYPES: Record<string, string> = { pdf: "application/pdf", png: "image/png", jpg: "image/jpeg" };

/** Objection attachments: exchange reviewers only. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const key = orHttpError(() => objectionAttachmentKey(context.app, actor, params.id!, Number(params.index)));
  const bytes = orHttpError(() => readBoardFile(context.app, key));
  return downloadResponse(bytes, { fileName: key, mimeType: TYPES[key.split(".").pop()!] ?? "application/octet-stream" });
}
