import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requireActor } from "~/modules/identity/auth.server";
import { roomSnapshot } from "~/modules/roadshows/live.server";
import { pageTitle } from "~/utils/meta";
import { orHttpError } from "~/utils/route.server";
import { LiveRoomPage } from "~/components/roadshows/live-room-page";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "roadshowLive", { name: data?.room.event.title ?? "" });

/** The room's state as stored (the page is usable before the socket connects); joining happens over socket.io. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const room = orHttpError(() => roomSnapshot(context.app, actor, params.id ?? ""));
  return { room, me: { userId: actor.userId } };
}

export default function LiveRoomPageRoute() {
  return <LiveRoomPage />;
}
