import type { LoaderFunctionArgs } from "@remix-run/node";
import { openApplicationFile } from "~/modules/board/applications.server";
import { requireActor } from "~/modules/identity/auth.server";
import { downloadResponse } from "~/utils/download.server";
import { orHttpError } from "~/utils/route.server";

/** Supporting files, for whoever may see the application; served as attachments, never inline HTML. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const { file, bytes } = orHttpError(() => openApplicationFile(context.app, actor, params.id!));
  return downloadResponse(bytes, file);
}
