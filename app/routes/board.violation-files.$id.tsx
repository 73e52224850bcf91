import type { LoaderFunctionArgs } from "@remix-run/node";
import { openViolationFile } from "~/modules/board/violation-files.server";
import { requireActor } from "~/modules/identity/auth.server";
import { downloadResponse } from "~/utils/download.server";
import { orHttpError } from "~/utils/route.server";

/** A violation's evidence file, for the exchange and the regulators; served as an attachment, never inline. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const { file, bytes } = orHttpError(() => openViolationFile(context.app, actor, params.id!));
  return downloadResponse(bytes, file);
}
