import type { AppLoadContext } from "@remix-run/node";
import { redirectWithToast } from "~/modules/identity/auth.server";
import type { UploadLimits } from "~/utils/uploads.server";
import { MAX_ATTACHMENT_BYTES } from "./limits";

/**
 * The upload options of every route that stores a file through the attachment store (chat attachments, service
 * request, visit and cultivation files): parts over the attachment limit are refused while they stream in, with the
 * service's own message, and every refusal is an error toast on the page the form was on (`back`, which may depend on
 * the form's raw fields).
 */
export function attachmentUploadOptions(context: AppLoadContext, request: Request, back: string | ((payload: Record<string, unknown>) => string)): UploadLimits {
  return {
    maxBytes: MAX_ATTACHMENT_BYTES,
    tooLarge: { key: "messaging:errors.fileTooLarge", values: { maxMb: MAX_ATTACHMENT_BYTES / 1024 / 1024 } },
    refuseWith: ({ key, values, payload }) => redirectWithToast(context.app, request, typeof back === "string" ? back : back(payload ?? {}), { kind: "error", message: key, values }),
  };
}
