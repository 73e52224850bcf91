import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { attachServiceFile } from "~/modules/staff/service-requests.server";
import { isAppError } from "~/utils/errors";
import { asHttpError } from "~/utils/route.server";

/** A file on a service request (under /upload for the larger body limit; the service checks size and bytes). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const id = params.id ?? "";
  const back = `/service-requests/${id}`;
  try {
    const form = await request.formData();
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return redirectWithToast(context.app, request, back, { kind: "error", message: "messaging:errors.fileMissing" });
    attachServiceFile(context.app, actor, { requestId: id, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    return redirectWithToast(context.app, request, back, { kind: "success", message: "staff:requests.fileAdded" });
  } catch (error) {
    if (!isAppError(error) || error.status !== 422) throw asHttpError(error);
    return redirectWithToast(context.app, request, back, { kind: "error", message: error.message, values: error.values });
  }
}

export function loader({ params }: { params: { id?: string } }) {
  return redirect(`/service-requests/${params.id ?? ""}`);
}
