import type { LoaderFunctionArgs } from "@remix-run/node";
import { getActor } from "~/modules/identity/auth.server";
import { eventIcs } from "~/modules/roadshows/calendar.server";
import { baseUrl, orHttpError } from "~/utils/route.server";

/** One roadshow as an iCalendar file (Beijing time), for anyone in its audience. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await getActor(request, context.app);
  const { fileName, body } = orHttpError(() => eventIcs(context.app, actor, params.id ?? "", baseUrl(request, context)));
  return new Response(body, {
    headers: { "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "private, no-cache" },
  });
}
