import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { attachStageEvidence } from "~/modules/staff/cultivation.server";
import { isAppError } from "~/utils/errors";
import { asHttpError } from "~/utils/route.server";

/** Evidence for a listing-cultivation stage (under /upload for the larger body limit; the service checks the bytes). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const form = await request.formData();
  const enterpriseOrgId = String(form.get("enterpriseOrgId") ?? "");
  const back = /^[a-z0-9]{8,64}$/i.test(enterpriseOrgId) ? `/staff/enterprises/${enterpriseOrgId}` : "/staff/enterprises";
  try {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return redirectWithToast(context.app, request, back, { kind: "error", message: "messaging:errors.fileMissing" });
    attachStageEvidence(context.app, actor, params.id ?? "", { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    return redirectWithToast(context.app, request, back, { kind: "success", message: "staff:cultivation.evidenceAdded" });
  } catch (error) {
    if (!isAppError(error) || error.status !== 422) throw asHttpError(error);
    return redirectWithToast(context.app, request, back, { kind: "error", message: error.message, values: error.values });
  }
}

export function loader() {
  return redirect("/staff/enterprises");
}
