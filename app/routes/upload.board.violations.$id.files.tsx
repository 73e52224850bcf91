import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { addViolationFile } from "~/modules/board/violation-files.server";
import { boardActionOptions, boardDone } from "~/modules/board/route-support.server";
import { requireActor } from "~/modules/identity/auth.server";
import { handleForm } from "~/utils/actions.server";

// Under /upload so the server accepts bodies above its default limit; the service caps files at 10 MB and checks their content.
export async function loader() {
  return redirect("/board/violations");
}

export async function action({ request, context, params }: ActionFunctionArgs & LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const back = "/board/violations";
  return handleForm(
    await request.formData(),
    z.object({ file: z.instanceof(File) }),
    async ({ file }) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      addViolationFile(context.app, actor, params.id!, { fileName: file.name || "file", bytes });
      return boardDone(context, request, back, "boardRules:violations.fileAdded");
    },
    boardActionOptions(context, request, back),
  );
}
