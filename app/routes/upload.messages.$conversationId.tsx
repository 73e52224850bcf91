import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { saveAttachment } from "~/modules/messaging/attachments.server";
import { sendMessage } from "~/modules/messaging/messages.server";
import { isAppError } from "~/utils/errors";
import { asHttpError } from "~/utils/route.server";

/**
 * Attachment upload (under /upload so the server's larger body limit applies; the service enforces
 * 10 MB and checks the bytes). With `X-Attach-Only` (the live thread) it returns the stored file for
 * the next message; from the plain form it also sends the message, under the form's client id.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const conversationId = params.conversationId ?? "";
  const attachOnly = request.headers.get("X-Attach-Only") === "1";
  const back = `/messages/${conversationId}`;
  try {
    const form = await request.formData();
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      const error = { code: "domain", message: "messaging:errors.fileMissing" };
      return attachOnly ? Response.json({ ok: false, error }, { status: 422 }) : redirectWithToast(context.app, request, back, { kind: "error", message: error.message });
    }
    const attachment = saveAttachment(context.app, actor, { conversationId, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    if (attachOnly) return Response.json({ ok: true, attachment });
    sendMessage(context.app, actor, {
      conversationId,
      clientId: String(form.get("clientId") ?? ""),
      body: String(form.get("body") ?? ""),
      attachmentIds: [attachment.id],
    });
    return redirect(back);
  } catch (error) {
    if (!isAppError(error) || error.status !== 422) throw asHttpError(error);
    if (attachOnly) return Response.json({ ok: false, error: { code: error.code, message: error.message, values: error.values } }, { status: 422 });
    return redirectWithToast(context.app, request, back, { kind: "error", message: error.message, values: error.values });
  }
}

export function loader() {
  return redirect("/messages");
}
