import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { startImportValidation } from "~/modules/board/import-jobs.server";
import { boardActionOptions } from "~/modules/board/route-support.server";
import { requireActor } from "~/modules/identity/auth.server";
import { handleUpload, uploadedFile } from "~/utils/uploads.server";

export async function loader() {
  return redirect("/board/import");
}

/**
 * Receives the XLSX (under /upload for the larger body limit) and starts its validation job. The job checks the
 * file's size and content and reports each problem on the import page, so no smaller limit is set here.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleUpload(
    request,
    z.object({ roundId: z.string().max(64).default(""), file: uploadedFile() }),
    ({ roundId, file }) => redirect(`/board/import?job=${startImportValidation(context.app, actor, { roundId, fileName: file.fileName, file: file.bytes })}`),
    boardActionOptions(context, request, "/board/import"),
  );
}
