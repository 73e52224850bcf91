import type { LoaderFunctionArgs } from "@remix-run/node";
import { openViolationFile } from "~/modules/board/violation-files.server";
import { requireActor } from "~/modules/identity/auth.server";
import { orHttpError } from "~/utils/route.server";

/** A violation's evidence file, for the exchange and the regulators; served as an attachment, never inline. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const { file, bytes } = orHttpError(() => openViolationFile(context.app, actor, params.id!));
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
