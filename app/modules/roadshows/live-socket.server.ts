import type { Server, Socket } from "socket.io";
import { z } from "zod";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { isAppError } from "~/utils/errors";
import { socketActor } from "~/modules/identity/socket-session.server";
import {
  answerQuestion,
  askQuestion,
  chatAfter,
  deleteChat,
  endAttendance,
  liveAccess,
  moderateQuestion,
  muteInChat,
  recordPageSeen,
  roomOf,
  roomSnapshot,
  sendChat,
  setSlide,
  setSlowMode,
  startAttendance,
  staffRoomOf,
  voteQuestion,
} from "./live.server";

type Reply = (reply: { ok: true } & object | { ok: false; error: { code: string; message: string; values?: Record<string, string | number> } }) => void;

const id = z.string().min(1).max(40);
const ref = z.object({ eventId: id });
const schemas = {
  join: ref.extend({ consent: z.boolean().default(false) }),
  slide: ref.extend({ deckId: id, page: z.number().int() }),
  chat: ref.extend({ clientId: z.string().max(64), body: z.string().max(20_000) }),
  replay: ref.extend({ afterSeq: z.number().int().min(0) }),
  chatDelete: ref.extend({ messageId: id }),
  mute: ref.extend({ userId: id, muted: z.boolean() }),
  slow: ref.extend({ seconds: z.number().int() }),
  ask: ref.extend({ clientId: z.string().max(64), body: z.string().max(20_000), anonymous: z.boolean().default(false) }),
  vote: ref.extend({ questionId: id }),
  moderate: ref.extend({
    questionId: id,
    change: z.discriminatedUnion("action", [z.object({ action: z.literal("approve") }), z.object({ action: z.literal("hide") }), z.object({ action: z.literal("answering") }), z.object({ action: z.literal("merge"), intoId: id })]),
  }),
  answer: ref.extend({ questionId: id, text: z.string().max(20_000).optional(), live: z.boolean().optional() }),
};

/**
 * The live roadshow room over socket.io. The handshake (server.ts) authenticated the session; `live:join` checks the
 * event's audience before the socket enters the room. Every handler answers through its ack, and every change is
 * broadcast once to the room by the service (through ctx.realtime), never per participant.
 */
export function attachRoadshowSockets(io: Server, ctx: AppContext): void {
  io.on("connection", (socket: Socket) => {
    const actor = socket.data.actor as Actor;
    /** eventId → the attendance row of this socket's stay. */
    const joined = new Map<string, string>();

    const on = <S extends z.ZodTypeAny>(event: string, schema: S, handler: (input: z.infer<S>) => object | Promise<object>) => {
      socket.on(event, async (payload: unknown, ack?: unknown) => {
        const reply: Reply = typeof ack === "function" ? (ack as Reply) : () => {};
        try {
          // The session must still be valid for every act, not only at connect (logout or removal closes the socket).
          if (!socketActor(ctx, socket, { touch: true })) {
            reply({ ok: false, error: { code: "unauthenticated", message: "errors.unauthenticated" } });
            socket.disconnect(true);
            return;
          }
          const parsed = schema.safeParse(payload);
          if (!parsed.success) return reply({ ok: false, error: { code: "invalid", message: "roadshows:errors.invalid" } });
          const input = parsed.data as { eventId: string };
          // Only the join handler may be used before joining: a socket outside the room cannot act in it.
          if (event !== "live:join" && !joined.has(input.eventId)) return reply({ ok: false, error: { code: "not_joined", message: "roadshows:errors.notJoined" } });
          reply({ ok: true, ...(await handler(parsed.data)) });
        } catch (error) {
          if (!isAppError(error)) ctx.logger.error({ err: error, event, userId: actor.userId }, "roadshow socket handler failed");
          reply({ ok: false, error: isAppError(error) ? { code: error.code, message: error.message, values: error.values } : { code: "server", message: "errors.server" } });
        }
      });
    };

    on("live:join", schemas.join, async ({ eventId, consent }) => {
      const { role } = liveAccess(ctx, actor, eventId);
      if (!joined.has(eventId)) {
        await socket.join(roomOf(eventId));
        if (role.staffView) await socket.join(staffRoomOf(eventId));
        joined.set(eventId, startAttendance(ctx, actor, eventId, consent));
      }
      return roomSnapshot(ctx, actor, eventId);
    });

    on("live:leave", ref, async ({ eventId }) => {
      const attendance = joined.get(eventId);
      joined.delete(eventId);
      if (attendance) endAttendance(ctx, attendance);
      await socket.leave(roomOf(eventId));
      await socket.leave(staffRoomOf(eventId));
      return {};
    });

    on("slide:set", schemas.slide, ({ eventId, deckId, page }) => ({ slide: setSlide(ctx, actor, eventId, { deckId, page }) }));
    on("page:seen", schemas.slide, ({ eventId, deckId, page }) => {
      recordPageSeen(ctx, actor, eventId, { deckId, page });
      return {};
    });
    on("chat:send", schemas.chat, ({ eventId, clientId, body }) => sendChat(ctx, actor, eventId, { clientId, body }));
    on("chat:replay", schemas.replay, ({ eventId, afterSeq }) => chatAfter(ctx, actor, eventId, afterSeq));
    on("chat:delete", schemas.chatDelete, ({ eventId, messageId }) => {
      deleteChat(ctx, actor, eventId, messageId);
      return {};
    });
    on("chat:mute", schemas.mute, ({ eventId, userId, muted }) => {
      muteInChat(ctx, actor, eventId, userId, muted);
      return {};
    });
    on("chat:slow", schemas.slow, ({ eventId, seconds }) => {
      setSlowMode(ctx, actor, eventId, seconds);
      return {};
    });
    on("qa:ask", schemas.ask, ({ eventId, clientId, body, anonymous }) => askQuestion(ctx, actor, eventId, { clientId, body, anonymous }));
    on("qa:vote", schemas.vote, ({ eventId, questionId }) => ({ question: voteQuestion(ctx, actor, eventId, questionId) }));
    on("qa:moderate", schemas.moderate, ({ eventId, questionId, change }) => ({ question: moderateQuestion(ctx, actor, eventId, questionId, change) }));
    on("qa:answer", schemas.answer, ({ eventId, questionId, text, live }) => ({ question: answerQuestion(ctx, actor, eventId, questionId, { text, live }) }));

    socket.on("disconnect", () => {
      for (const attendance of joined.values()) {
        try {
          endAttendance(ctx, attendance);
        } catch (error) {
          ctx.logger.warn({ err: error }, "closing a roadshow attendance failed");
        }
      }
      joined.clear();
    });
  });
}
