import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { attachmentUploadOptions } from "~/modules/messaging/attachment-uploads.server";
import { attachStageEvidence } from "~/modules/staff/cultivation.server";
import { handleUpload, uploadedFile } from "~/utils/uploads.server";

/** Back to the enterprise the form names, where it names one by an id's shape; else the list. */
const backTo = (enterpriseOrgId: unknown) => (typeof enterpriseOrgId === "string" && /^[a-z0-9]{8,64}$/i.test(enterpriseOrgId) ? `/staff/enterprises/${enterpriseOrgId}` : "/staff/enterprises");

/** Evidence for a listing-cultivation stage (under /upload for the larger body limit; the service checks the bytes); refusals are toasts. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleUpload(
    request,
    z.object({ enterpriseOrgId: z.string().max(64).default(""), file: uploadedFile("messaging:errors.fileMissing") }),
    ({ enterpriseOrgId, file }) => {
      attachStageEvidence(context.app, actor, params.id ?? "", file);
      return redirectWithToast(context.app, request, backTo(enterpriseOrgId), { kind: "success", message: "staff:cultivation.evidenceAdded" });
    },
    attachmentUploadOptions(context, request, (payload) => backTo(payload.enterpriseOrgId)),
  );
}

export function loader() {
  return redirect("/staff/enterprises");
}
