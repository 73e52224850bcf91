import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { fileKindInput } from "~/modules/board/application-schemas";
import { addApplicationFile } from "~/modules/board/applications.server";
import { runAction } from "~/modules/board/route-support.server";
import { requireActor } from "~/modules/identity/auth.server";

// Under /upload so the server accepts bodies above its default limit; the service caps files at 10 MB.
export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/board/applications/${params.id}?step=files`);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const fd = await request.formData();
  const file = fd.get("file");
  const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
  const back = `/board/applications/${params.id}?step=files`;
  return runAction(
    context,
    request,
    () => {
      const { kind } = fileKindInput.parse({ kind: fd.get("kind") });
      addApplicationFile(context.app, actor, params.id!, { kind, fileName: file instanceof File ? file.name : "file", bytes });
    },
    { to: back, message: "board:apply.fileAdded" },
    back,
  );
}
