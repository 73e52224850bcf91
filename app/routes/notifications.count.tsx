import type { LoaderFunctionArgs } from "@remix-run/node";
import { getActor } from "~/modules/identity/auth.server";
import { unreadNotificationCount } from "~/modules/messaging/notifications.server";

/** The header badge's first value (then kept live over socket.io). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await getActor(request, context.app);
  return Response.json({ unread: actor ? unreadNotificationCount(context.app, actor.userId) : 0 }, { headers: { "Cache-Control": "no-store" } });
}
