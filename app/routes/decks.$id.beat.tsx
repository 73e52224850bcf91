import type { ActionFunctionArgs } from "@remix-run/node";
import { recordPageTime } from "~/modules/roadshows/analytics.server";
import { deckViewerFrom } from "~/modules/roadshows/viewer.server";
import { orHttpError } from "~/utils/route.server";

/** Reading-time heartbeats from the viewer page (only within the viewer's own session). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await deckViewerFrom(request, context.app, params.id ?? "");
  const form = await request.formData();
  orHttpError(() => recordPageTime(context.app, viewer, String(form.get("s") ?? ""), Number(form.get("page")), Number(form.get("ms"))));
  return new Response(null, { status: 204 });
}
