import type { Server, Socket } from "socket.io";
import { z } from "zod";
import type { AppContext } from "~/utils/context.server";
import { isAppError } from "~/utils/errors";
import type { Actor } from "../identity/actor";
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
 * Messaging over socket.io. The handshake (server.ts) has already authenticated the user and
 * joined their user and org rooms; here a socket joins a conversation room only after the service
 * says the actor is a party. Every handler validates its payload and answers through the ack, so a
 * client always learns whether its message was stored (and under which id and sequence).
 */
export function attachMessagingSockets(io: Server, ctx: AppContext): Presence {
  const presence = new Presence();
  registerPresence(ctx.realtime, presence);

  io.on("connection", (socket: Socket) => {
    const actor = socket.data.actor as Actor;
    const viewing = new Set<string>();
    presence.connect(actor.userId);
    socket.emit("notification:count", { unread: unreadNotificationCount(ctx, actor.userId) });

    /** Runs a handler with a parsed payload; errors (validation, permission) go back in the ack. */
    const on = <S extends z.ZodTypeAny, T extends object>(event: string, schema: S, handler: (input: z.infer<S>) => T | Promise<T>) => {
      socket.on(event, async (payload: unknown, ack?: unknown) => {
        const reply: Ack<T> = typeof ack === "function" ? (ack as Ack<T>) : () => {};
        try {
          const parsed = schema.safeParse(payload);
          if (!parsed.success) throw invalidInput(parsed.error);
          reply({ ok: true, ...(await handler(parsed.data)) });
        } catch (error) {
          if (!isAppError(error)) ctx.logger.error({ err: error, event, userId: actor.userId }, "socket handler failed");
          reply({ ok: false, error: asSocketError(error) });
        }
      });
    };

    on("conversation:join", conversationRef, async ({ conversationId }) => {
      const { conversation } = participation(ctx, actor, conversationId);
      if (!viewing.has(conversationId)) {
        await socket.join(conversationRoom(conversationId));
        viewing.add(conversationId);
        presence.enter(conversationId, actor.userId);
      }
      return { lastSeq: conversation.lastSeq };
    });

    on("conversation:leave", conversationRef, async ({ conversationId }) => {
      if (viewing.delete(conversationId)) {
        await socket.leave(conversationRoom(conversationId));
        presence.leave(conversationId, actor.userId);
      }
      return {};
    });

    on("message:send", sendPayload, (input) => {
      const { message, duplicate } = sendMessage(ctx, actor, input);
      return { message, duplicate };
    });

    on("message:replay", replayInput, ({ conversationId, afterSeq }) => messagesAfter(ctx, actor, conversationId, afterSeq));

    on("delivered", receiptInput, ({ conversationId, seq }) => ({ receipt: markDelivered(ctx, actor, conversationId, seq) }));

    on("read", receiptInput, ({ conversationId, seq }) => ({ receipt: markRead(ctx, actor, conversationId, seq) }));

    // Typing is a hint, not data: never stored, only relayed to sockets already admitted to the room.
    on("typing", conversationRef, ({ conversationId }) => {
      if (!viewing.has(conversationId)) return { relayed: false };
      ctx.realtime.toRoom(conversationRoom(conversationId), "typing", { conversationId, userId: actor.userId, name: actor.name, orgName: actor.orgName });
      return { relayed: true };
    });

    socket.on("disconnect", () => {
      for (const conversationId of viewing) presence.leave(conversationId, actor.userId);
      viewing.clear();
      presence.disconnect(actor.userId);
    });
  });

  return presence;
}
