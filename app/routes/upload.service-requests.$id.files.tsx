import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { attachmentUploadOptions } from "~/modules/messaging/attachment-uploads.server";
import { attachServiceFile } from "~/modules/staff/service-requests.server";
import { handleUpload, uploadedFile } from "~/utils/uploads.server";

/** A file on a service request (under /upload for the larger body limit; the service checks the bytes); refusals are toasts. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const id = params.id ?? "";
  const back = `/service-requests/${id}`;
  return handleUpload(
    request,
    z.object({ file: uploadedFile("messaging:errors.fileMissing") }),
    ({ file }) => {
      attachServiceFile(context.app, actor, { requestId: id, ...file });
      return redirectWithToast(context.app, request, back, { kind: "success", message: "staff:requests.fileAdded" });
    },
    attachmentUploadOptions(context, request, back),
  );
}

export function loader({ params }: { params: { id?: string } }) {
  return redirect(`/service-requests/${params.id ?? ""}`);
}
