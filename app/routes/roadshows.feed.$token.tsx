import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarFeed } from "~/modules/roadshows/calendar.server";
import { baseUrl } from "~/utils/route.server";

/** A user's private roadshow calendar, for calendar apps to subscribe to (the token is the only credential). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = (params.token ?? "").replace(/\.ics$/, "");
  const body = calendarFeed(context.app, token, baseUrl(request, context));
  if (body === null) throw new Response("Not Found", { status: 404 });
  return new Response(body, { headers: { "Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "private, max-age=300", "X-Robots-Tag": "noindex" } });
}
