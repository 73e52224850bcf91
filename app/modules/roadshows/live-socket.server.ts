import type { Server, Socket } from "socket.io";
import { z } from "zod";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { isAppError } from "~/utils/errors";
import { socketActor } from "~/modules/identity/socket-session.server";
import { createLiveBatcher } from "./live-batch.server";
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
  checkVote,
  storeVote,
} from "./live.server";

/** Thrown inside a batched request when the socket's session is no longer valid: the socket is closed. */
class SessionGone extends Error {}

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
  // One group commit per turn of the event loop for every socket of this process (ADR 0510).
  const batch = createLiveBatcher(ctx);
  io.on("connection", (socket: Socket) => {
    const actor = socket.data.actor as Actor;
    /** eventId → the attendance row of this socket's stay. */
    const joined = new Map<string, string>();

    /** The session must still be valid for every act, not only at connect (logout or removal closes the socket). */
    const checkSession = (c: AppContext) => {
      if (!socketActor(c, socket, { touch: true })) throw new SessionGone();
    };

    const on = <S extends z.ZodTypeAny>(event: string, schema: S, handler: (input: z.infer<S>, c: AppContext) => object | Promise<object>) => {
      socket.on(event, async (payload: unknown, ack?: unknown) => {
        const reply: Reply = typeof ack === "function" ? (ack as Reply) : () => {};
        try {
          const parsed = schema.safeParse(payload);
          if (!parsed.success) return reply({ ok: false, error: { code: "invalid", message: "roadshows:errors.invalid" } });
          const input = parsed.data as { eventId: string };
          // Only the join handler may be used before joining: a socket outside the room cannot act in it.
          if (event !== "live:join" && !joined.has(input.eventId)) return reply({ ok: false, error: { code: "not_joined", message: "roadshows:errors.notJoined" } });
          reply({ ok: true, ...(await handler(parsed.data, ctx)) });
        } catch (error) {
          if (error instanceof SessionGone) {
            reply({ ok: false, error: { code: "unauthenticated", message: "errors.unauthenticated" } });
            socket.disconnect(true);
            return;
          }
          if (!isAppError(error)) ctx.logger.error({ err: error, event, userId: actor.userId }, "roadshow socket handler failed");
          reply({ ok: false, error: isAppError(error) ? { code: error.code, message: error.message, values: error.values } : { code: "server", message: "errors.server" } });
        }
      });
    };
    /**
     * A handler that writes: the session is checked first (reads; its rare touch is a write of its own), then the
     * handler runs in the next group commit. Only work that writes goes into the batch, since the batch holds the
     * database's write lock, which the other app processes also need (ADR 0510).
     */
    const onBatched = <S extends z.ZodTypeAny>(event: string, schema: S, handler: (input: z.infer<S>, c: AppContext) => object) =>
      on(event, schema, (input) => {
        checkSession(ctx);
        return batch.run((c) => handler(input, c));
      });
    /** A handler whose reads run at once, outside any batch (a vote then writes through the batch itself). */
    const onRead = <S extends z.ZodTypeAny>(event: string, schema: S, handler: (input: z.infer<S>, c: AppContext) => object | Promise<object>) =>
      on(event, schema, (input, c) => {
        checkSession(c);
        return handler(input, c);
      });

    on("live:join", schemas.join, async ({ eventId, consent }) => {
      // The audience is checked before the socket enters the room; the snapshot is taken after it has (and after the
      // attendance row is stored), so nothing broadcast in between is missed (the browser keys chat and questions by
      // id, so a repeat is harmless). Only the attendance row is written, in the group commit.
      checkSession(ctx);
      const access = liveAccess(ctx, actor, eventId);
      if (!joined.has(eventId)) {
        await socket.join(roomOf(eventId));
        if (access.role.staffView) await socket.join(staffRoomOf(eventId));
        const attendance = await batch.run((c) => startAttendance(c, actor, eventId, consent, access));
        if (joined.has(eventId)) await batch.run((c) => endAttendance(c, attendance));
        else joined.set(eventId, attendance);
      }
      return roomSnapshot(ctx, actor, eventId);
    });

    on("live:leave", ref, async ({ eventId }) => {
      const attendance = joined.get(eventId);
      joined.delete(eventId);
      checkSession(ctx);
      if (attendance) await batch.run((c) => endAttendance(c, attendance));
      await socket.leave(roomOf(eventId));
      await socket.leave(staffRoomOf(eventId));
      return {};
    });

    onBatched("slide:set", schemas.slide, ({ eventId, deckId, page }, c) => ({ slide: setSlide(c, actor, eventId, { deckId, page }) }));
    onBatched("page:seen", schemas.slide, ({ eventId, deckId, page }, c) => {
      recordPageSeen(c, actor, eventId, { deckId, page });
      return {};
    });
    onBatched("chat:send", schemas.chat, ({ eventId, clientId, body }, c) => sendChat(c, actor, eventId, { clientId, body }));
    onRead("chat:replay", schemas.replay, ({ eventId, afterSeq }, c) => chatAfter(c, actor, eventId, afterSeq));
    onBatched("chat:delete", schemas.chatDelete, ({ eventId, messageId }, c) => {
      deleteChat(c, actor, eventId, messageId);
      return {};
    });
    onBatched("chat:mute", schemas.mute, ({ eventId, userId, muted }, c) => {
      muteInChat(c, actor, eventId, userId, muted);
      return {};
    });
    onBatched("chat:slow", schemas.slow, ({ eventId, seconds }, c) => {
      setSlowMode(c, actor, eventId, seconds);
      return {};
    });
    onBatched("qa:ask", schemas.ask, ({ eventId, clientId, body, anonymous }, c) => askQuestion(c, actor, eventId, { clientId, body, anonymous }));
    onRead("qa:vote", schemas.vote, async ({ eventId, questionId }, c) => {
      const question = checkVote(c, actor, eventId, questionId);
      return { question: await batch.run((w) => storeVote(w, actor, eventId, question)) };
    });
    onBatched("qa:moderate", schemas.moderate, ({ eventId, questionId, change }, c) => ({ question: moderateQuestion(c, actor, eventId, questionId, change) }));
    onBatched("qa:answer", schemas.answer, ({ eventId, questionId, text, live }, c) => ({ question: answerQuestion(c, actor, eventId, questionId, { text, live }) }));

    socket.on("disconnect", () => {
      const stays = [...joined.values()];
      joined.clear();
      if (!stays.length) return;
      batch
        .run((c) => {
          for (const attendance of stays) endAttendance(c, attendance);
        })
        .catch((error: unknown) => ctx.logger.warn({ err: error }, "closing a roadshow attendance failed"));
    });
  });
}
