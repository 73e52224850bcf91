import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { fileKindInput } from "~/modules/board/application-schemas";
import { addApplicationFile } from "~/modules/board/applications.server";
import { boardDone, boardUploadOptions } from "~/modules/board/route-support.server";
import { requireActor } from "~/modules/identity/auth.server";
import { handleUpload, uploadedFile } from "~/utils/uploads.server";

// Under /upload so the server accepts bodies above its default limit; the service caps files at 10 MB and checks their content.
export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/board/applications/${params.id}?step=files`);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const back = `/board/applications/${params.id}?step=files`;
  return handleUpload(
    request,
    fileKindInput.extend({ file: uploadedFile() }),
    ({ kind, file }) => {
      addApplicationFile(context.app, actor, params.id!, { kind, fileName: file.fileName || "file", bytes: file.bytes });
      return boardDone(context, request, back, "board:apply.fileAdded");
    },
    boardUploadOptions(context, request, back),
  );
}
