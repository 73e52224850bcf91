import type { Socket } from "socket.io";
import type { AppContext } from "~/utils/context.server";
import type { Actor } from "./actor";
import { actorForSessionId } from "./sessions.server";

/**
 * The actor a socket acts for now: its session must still be valid and the user still a member of the organisation
 * the socket was admitted under (server.ts's handshake). Every socket handler (messaging, live roadshows) asks this
 * before acting, so a revoked or expired session or a removed member cannot act over a socket that is still open.
 */
export function socketActor(ctx: AppContext, socket: Socket, options: { touch: boolean }): Actor | null {
  const admitted = socket.data.actor as Actor;
  const actor = actorForSessionId(ctx, socket.data.sessionId as string, options);
  return actor && actor.orgId === admitted.orgId ? actor : null;
}
