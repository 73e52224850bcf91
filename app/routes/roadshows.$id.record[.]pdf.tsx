import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/modules/identity/auth.server";
import { activityRecordPdf } from "~/modules/roadshows/record.server";
import { asHttpError } from "~/utils/route.server";
import { downloadResponse } from "~/utils/download.server";

/** The 投资者关系活动记录表 of an ended roadshow, for the presenting enterprise and exchange staff. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  try {
    const { fileName, bytes } = await activityRecordPdf(context.app, actor, params.id ?? "");
    return downloadResponse(bytes, { fileName, mimeType: "application/pdf" });
  } catch (error) {
    throw asHttpError(error);
  }
}
