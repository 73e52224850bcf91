import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { uploadDeckVersion } from "~/modules/roadshows/decks.server";
import { DECK_MAX_BYTES } from "~/modules/roadshows/schemas";
import { handleUpload, uploadedFile } from "~/utils/uploads.server";

/** A new version of an existing deck (under /upload for the larger body limit); refusals are toasts on the manage page. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const id = params.id ?? "";
  const back = `/decks/${id}/manage`;
  return handleUpload(
    request,
    z.object({ file: uploadedFile("roadshows:errors.empty") }),
    async ({ file }) => {
      const v = await uploadDeckVersion(context.app, actor, id, { name: file.fileName || "deck.pdf", bytes: file.bytes });
      return redirectWithToast(context.app, request, back, { kind: "success", message: "roadshows:toast.versionUploaded", values: { version: v.version } });
    },
    {
      maxBytes: DECK_MAX_BYTES,
      tooLarge: { key: "roadshows:errors.tooLarge", values: { mb: DECK_MAX_BYTES / 1024 / 1024 } },
      refuseWith: ({ key, values }) => redirectWithToast(context.app, request, back, { kind: "error", message: key, values }),
    },
  );
}
