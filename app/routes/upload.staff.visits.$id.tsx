import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { attachmentUploadOptions } from "~/modules/messaging/attachment-uploads.server";
import { attachVisitFile } from "~/modules/staff/visits.server";
import { handleUpload, uploadedFile } from "~/utils/uploads.server";

/** A file on a visit record (under /upload for the larger body limit; the service checks size and bytes); refusals are toasts. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleUpload(
    request,
    z.object({ file: uploadedFile("messaging:errors.fileMissing") }),
    ({ file }) => {
      const saved = attachVisitFile(context.app, actor, params.id ?? "", file);
      return redirectWithToast(context.app, request, `/staff/enterprises/${saved.enterpriseOrgId}#visit-${params.id ?? ""}`, { kind: "success", message: "staff:visits.fileAdded" });
    },
    attachmentUploadOptions(context, request, "/staff/enterprises"),
  );
}

export function loader() {
  return redirect("/staff/enterprises");
}
