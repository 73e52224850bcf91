import type { LoaderFunctionArgs } from "@remix-run/node";
import { readBoardFile } from "~/modules/board/applications.server";
import { objectionAttachmentKey } from "~/modules/board/notices.server";
import { requireActor } from "~/modules/identity/auth.server";
import { orHttpError } from "~/utils/route.server";

const TYPES: Record<string, string> = { pdf: "application/pdf", png: "image/png", jpg: "image/jpeg" };

/** Objection attachments: exchange reviewers only. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const key = orHttpError(() => objectionAttachmentKey(context.app, actor, params.id!, Number(params.index)));
  const bytes = orHttpError(() => readBoardFile(context.app, key));
  return new Response(new Uint8Array(bytes), {
    headers: { "Content-Type": TYPES[key.split(".").pop()!] ?? "application/octet-stream", "Content-Disposition": `attachment; filename="${key}"`, "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store" },
  });
}
