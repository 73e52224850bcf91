import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { addViolationFile } from "~/modules/board/violation-files.server";
import { boardDone, boardUploadOptions } from "~/modules/board/route-support.server";
import { requireActor } from "~/modules/identity/auth.server";
import { handleUpload, uploadedFile } from "~/utils/uploads.server";

// Under /upload so the server accepts bodies above its default limit; the service caps files at 10 MB and checks their content.
export async function loader() {
  return redirect("/board/violations");
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const back = "/board/violations";
  return handleUpload(
    request,
    z.object({ file: uploadedFile() }),
    ({ file }) => {
      addViolationFile(context.app, actor, params.id!, { fileName: file.fileName || "file", bytes: file.bytes });
      return boardDone(context, request, back, "boardRules:violations.fileAdded");
    },
    boardUploadOptions(context, request, back),
  );
}
