import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { fileKindInput } from "~/modules/board/application-schemas";
import { addApplicationFile } from "~/modules/board/applications.server";
import { boardActionOptions, boardDone } from "~/modules/board/route-support.server";
import { requireActor } from "~/modules/identity/auth.server";
import { handleForm } from "~/utils/actions.server";

// Under /upload so the server accepts bodies above its default limit; the service caps files at 10 MB.
export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/board/applications/${params.id}?step=files`);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const fd = await request.formData();
  const back = `/board/applications/${params.id}?step=files`;
  return handleForm(
    fd,
    fileKindInput.extend({ file: z.instanceof(File) }),
    async ({ kind, file }) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      addApplicationFile(context.app, actor, params.id!, { kind, fileName: file.name || "file", bytes });
      return boardDone(context, request, back, "board:apply.fileAdded");
    },
    boardActionOptions(context, request, back),
  );
}
