import type { Server, Socket } from "socket.io";
import { z } from "zod";
import { socketActor } from "~/modules/identity/socket-session.server";
import type { AppContext } from "~/utils/context.server";
import { isAppError } from "~/utils/errors";
import { deckAnalyticsRoom, watchViewingNow, type ViewingNow } from "./analytics.server";

type Reply = (reply: ({ ok: true } & ViewingNow) | { ok: true } | { ok: false; error: { code: string; message: string } }) => void;

const deckRef = z.object({ deckId: z.string().min(1).max(40) });

/**
 * "Viewing now" on a deck's analytics page, live (ADR 0827). `deck-analytics:watch` checks the page's own permission
 * (`read:deck-analytics:own`, for the session's current actor) before the socket enters the deck's room, and answers
 * with the figure as it stands; the service then pushes `deck:viewing-now` to that room whenever a viewer opens the
 * deck or comes back. Asking again (the page does when the first viewer would drop out) answers afresh.
 */
export function attachDeckAnalyticsSockets(io: Server, ctx: AppContext): void {
  io.on("connection", (socket: Socket) => {
    const on = (event: string, handler: (deckId: string, reply: Reply) => Promise<void>) =>
      socket.on(event, async (payload: unknown, ack?: unknown) => {
        const reply: Reply = typeof ack === "function" ? (ack as Reply) : () => {};
        const parsed = deckRef.safeParse(payload);
        if (!parsed.success) return reply({ ok: false, error: { code: "invalid", message: "roadshows:errors.invalid" } });
        try {
          await handler(parsed.data.deckId, reply);
        } catch (error) {
          if (!isAppError(error)) ctx.logger.error({ err: error, event }, "deck analytics socket handler failed");
          reply({ ok: false, error: isAppError(error) ? { code: error.code, message: error.message } : { code: "server", message: "errors.server" } });
        }
      });

    on("deck-analytics:watch", async (deckId, reply) => {
      const actor = socketActor(ctx, socket, { touch: false });
      if (!actor) {
        reply({ ok: false, error: { code: "unauthenticated", message: "errors.unauthenticated" } });
        socket.disconnect(true);
        return;
      }
      const now = watchViewingNow(ctx, actor, deckId);
      await socket.join(deckAnalyticsRoom(deckId));
      reply({ ok: true, ...now });
    });

    on("deck-analytics:unwatch", async (deckId, reply) => {
      await socket.leave(deckAnalyticsRoom(deckId));
      reply({ ok: true });
    });
  });
}
