import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireActor } from "~/modules/identity/auth.server";
import { attachmentUploadOptions } from "~/modules/messaging/attachment-uploads.server";
import { saveAttachment } from "~/modules/messaging/attachments.server";
import { sendMessage } from "~/modules/messaging/messages.server";
import { handleUpload, uploadedFile } from "~/utils/uploads.server";

/**
 * Attachment upload (under /upload so the server's larger body limit applies; the service checks the bytes). With
 * `X-Attach-Only` (the live thread) it answers the socket client in JSON: the stored file for the next message, or
 * the refusal; from the plain form it also sends the message, under the form's client id, and refusals are toasts.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const conversationId = params.conversationId ?? "";
  const attachOnly = request.headers.get("X-Attach-Only") === "1";
  const back = `/messages/${conversationId}`;
  return handleUpload(
    request,
    z.object({ file: uploadedFile("messaging:errors.fileMissing"), clientId: z.string().max(200).default(""), body: z.string().default("") }),
    ({ file, clientId, body }) => {
      const attachment = saveAttachment(context.app, actor, { conversationId, ...file });
      if (attachOnly) return Response.json({ ok: true, attachment });
      sendMessage(context.app, actor, { conversationId, clientId, body, attachmentIds: [attachment.id] });
      return redirect(back);
    },
    attachOnly
      ? { ...attachmentUploadOptions(context, request, back), refuseWith: ({ key, values }) => Response.json({ ok: false, error: { code: "domain", message: key, values } }, { status: 422 }) }
      : attachmentUploadOptions(context, request, back),
  );
}

export function loader() {
  return redirect("/messages");
}
