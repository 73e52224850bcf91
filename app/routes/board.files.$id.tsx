import type { LoaderFunctionArgs } from "@remix-run/node";
import { openApplicationFile } from "~/modules/board/applications.server";
import { requireActor } from "~/modules/identity/auth.server";
import { orHttpError } from "~/utils/route.server";

/** Supporting files, for whoever may see the application; served as attachments, never inline HTML. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const { file, bytes } = orHttpError(() => openApplicationFile(context.app, actor, params.id!));
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": file.mimeType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
