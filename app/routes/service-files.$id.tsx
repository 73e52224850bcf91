import fs from "node:fs";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/modules/identity/auth.server";
import { openServiceFile } from "~/modules/staff/service-requests.server";
import { downloadResponse } from "~/utils/download.server";
import { orHttpError } from "~/utils/route.server";

/** Files of a service request or visit, for whoever may read it; served as attachments, never inline. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const file = orHttpError(() => openServiceFile(context.app, actor, params.id ?? ""));
  const bytes = fs.readFileSync(file.path);
  return downloadResponse(bytes, file);
}
