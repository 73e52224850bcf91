import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { attachVisitFile } from "~/modules/staff/visits.server";
import { isAppError } from "~/utils/errors";
import { asHttpError } from "~/utils/route.server";

/** A file on a visit record (under /upload for the larger body limit; the service checks size and bytes). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const back = "/staff/enterprises";
  try {
    const form = await request.formData();
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return redirectWithToast(context.app, request, back, { kind: "error", message: "messaging:errors.fileMissing" });
    const saved = attachVisitFile(context.app, actor, params.id ?? "", { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    return redirectWithToast(context.app, request, `/staff/enterprises/${saved.enterpriseOrgId}#visit-${params.id ?? ""}`, { kind: "success", message: "staff:visits.fileAdded" });
  } catch (error) {
    if (!isAppError(error) || error.status !== 422) throw asHttpError(error);
    return redirectWithToast(context.app, request, back, { kind: "error", message: error.message, values: error.values });
  }
}

export function loader() {
  return redirect("/staff/enterprises");
}
