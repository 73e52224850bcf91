import type { ActionFunctionArgs } from "@remix-run/node";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { uploadDeckVersion } from "~/modules/roadshows/decks.server";
import { isAppError } from "~/utils/errors";
import { asHttpError } from "~/utils/route.server";

/** A new version of an existing deck (under /upload for the larger body limit). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const id = params.id ?? "";
  const file = (await request.formData()).get("file");
  try {
    const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    const v = await uploadDeckVersion(context.app, actor, id, { name: file instanceof File ? file.name : "deck.pdf", bytes });
    return redirectWithToast(context.app, request, `/decks/${id}/manage`, { kind: "success", message: "roadshows:toast.versionUploaded", values: { version: v.version } });
  } catch (error) {
    if (!isAppError(error) || error.status >= 500 || error.status === 404) throw asHttpError(error);
    return redirectWithToast(context.app, request, `/decks/${id}/manage`, { kind: "error", message: error.message, values: error.values });
  }
}
