import type { Server, Socket } from "socket.io";
import { z } from "zod";
import type { AppContext } from "~/utils/context.server";
import { isAppError, UnauthenticatedError } from "~/utils/errors";
import type { Actor } from "../identity/actor";
import { socketActor as currentActor } from "../identity/socket-session.server";
import { participation } from "./conversations.server";
import { conversationRoom, invalidInput, markDelivered, markRead, messagesAfter, sendMessage } from "./messages.server";
import { unreadNotificationCount } from "./notifications.server";
import { Presence, registerPresence } from "./presence.server";
import { conversationRef, receiptInput, replayInput } from "./schemas";
import type { AckReply, SocketError } from "./types";

export type Ack<T> = (reply: AckReply<T>) => void;

function asSocketError(error: unknown): SocketError {
  if (isAppError(error)) return { code: error.code, message: error.message, values: error.values };
  return { code: "server", message: "errors.server" };
}

/** A message:send payload: anything else (wrong shape, too long) gets a clear error in the ack. */
const sendPayload = z.object({
  conversationId: z.string(),
  clientId: z.string(),
  body: z.string().optional(),
  attachmentIds: z.array(z.string()).optional(),
});

/**
 * How often sockets that only listen are checked against their sessions (idle timeout, expiry, a revocation
 * another process made without an adapter); sockets that act are checked on every event.
 */
const SESSION_SWEEP_MS = 30_000;

/**
 * Messaging over socket.io. The handshake (server.ts) has already authenticated the user and
 * joined their session, user and org rooms; here a socket joins a conversation room only after the service
 * says the actor is a party. Every handler first re-checks the session and membership (a revoked or expired
 * session, or a removed member, is disconnected), validates its payload and answers through the ack, so a
 * client always learns whether its message was stored (and under which id and sequence).
 */
export function attachMessagingSockets(io: Server, ctx: AppContext): Presence {
  const presence = new Presence();
  registerPresence(ctx.realtime, presence);

  const sweep = setInterval(() => {
    for (const socket of io.of("/").sockets.values()) {
      if (!currentActor(ctx, socket, { touch: false })) socket.disconnect(true);
    }
  }, SESSION_SWEEP_MS);
  sweep.unref();
  io.httpServer?.once("close", () => clearInterval(sweep));

  io.on("connection", (socket: Socket) => {
    const admitted = socket.data.actor as Actor;
    const viewing = new Set<string>();
    presence.connect(admitted.userId);
    socket.emit("notification:count", { unread: unreadNotificationCount(ctx, admitted.userId) });

    /**
     * Runs a handler for the session's current actor with a parsed payload; errors (validation, permission) go
     * back in the ack. A session that is no longer valid gets "unauthenticated" and the socket is closed.
     */
    const on = <S extends z.ZodTypeAny, T extends object>(event: string, schema: S, handler: (input: z.infer<S>, actor: Actor) => T | Promise<T>) => {
      socket.on(event, async (payload: unknown, ack?: unknown) => {
        const reply: Ack<T> = typeof ack === "function" ? (ack as Ack<T>) : () => {};
        try {
          const actor = currentActor(ctx, socket, { touch: true });
          if (!actor) {
            reply({ ok: false, error: asSocketError(new UnauthenticatedError()) });
            socket.disconnect(true);
            return;
          }
          const parsed = schema.safeParse(payload);
          if (!parsed.success) throw invalidInput(parsed.error);
          reply({ ok: true, ...(await handler(parsed.data, actor)) });
        } catch (error) {
          if (!isAppError(error)) ctx.logger.error({ err: error, event, userId: admitted.userId }, "socket handler failed");
          reply({ ok: false, error: asSocketError(error) });
        }
      });
    };

    on("conversation:join", conversationRef, async ({ conversationId }, actor) => {
      const { conversation } = participation(ctx, actor, conversationId);
      if (!viewing.has(conversationId)) {
        await socket.join(conversationRoom(conversationId));
        viewing.add(conversationId);
        presence.enter(conversationId, actor.userId);
      }
      return { lastSeq: conversation.lastSeq };
    });

    on("conversation:leave", conversationRef, async ({ conversationId }, actor) => {
      if (viewing.delete(conversationId)) {
        await socket.leave(conversationRoom(conversationId));
        presence.leave(conversationId, actor.userId);
      }
      return {};
    });

    on("message:send", sendPayload, (input, actor) => {
      const { message, duplicate } = sendMessage(ctx, actor, input);
      return { message, duplicate };
    });

    on("message:replay", replayInput, ({ conversationId, afterSeq }, actor) => messagesAfter(ctx, actor, conversationId, afterSeq));

    on("delivered", receiptInput, ({ conversationId, seq }, actor) => ({ receipt: markDelivered(ctx, actor, conversationId, seq) }));

    on("read", receiptInput, ({ conversationId, seq }, actor) => ({ receipt: markRead(ctx, actor, conversationId, seq) }));

    // Typing is a hint, not data: never stored, only relayed to sockets already admitted to the room.
    on("typing", conversationRef, ({ conversationId }, actor) => {
      if (!viewing.has(conversationId)) return { relayed: false };
      ctx.realtime.toRoom(conversationRoom(conversationId), "typing", { conversationId, userId: actor.userId, name: actor.name, orgName: actor.orgName });
      return { relayed: true };
    });

    socket.on("disconnect", () => {
      for (const conversationId of viewing) presence.leave(conversationId, admitted.userId);
      viewing.clear();
      presence.disconnect(admitted.userId);
    });
  });

  return presence;
}
