import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_PASSWORD } from "@seed/world";
import { logInCookie, startTempServer } from "../support/server";

// "Viewing now" on a deck's analytics page over the real server's socket.io (ADR 0827): a member opening the deck
// moves the owner's figure without a reload; another enterprise's member cannot follow that deck.
let app: Awaited<ReturnType<typeof startTempServer>>;
let base: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  // "fresh": the deck viewer's route (in build/) is what announces the new viewer.
  app = await startTempServer({ seed: true, build: "fresh" });
  base = app.base;
}, 600_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await app?.close();
});

const sessionCookie = (email: string) => logInCookie(base, email, DEMO_PASSWORD);

function connected(cookie: string): Promise<Socket> {
  const socket = connect(base, { transports: ["websocket"], extraHeaders: { Origin: base, Cookie: cookie }, reconnection: false, forceNew: true });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

type Figure = { count: number; named: { name: string; version: number }[]; changesInMs: number | null };
type Reply = ({ ok: true } & Figure) | { ok: false; error: { code: string } };
const watch = (socket: Socket, deckId: string) => new Promise<Reply>((resolve) => socket.emit("deck-analytics:watch", { deckId }, resolve));

describe("deck analytics: viewing now, live", () => {
  test("a member opening the deck moves the owner's figure; another enterprise's member cannot subscribe", async () => {
    const db = app.server.ctx.db.$client;
    const deck = db.prepare("select id from roadshow_decks where title = ?").get("金沙锂电 2026 融资路演") as { id: string } | undefined;
    if (!deck) throw new Error("the seeded members' deck is missing");
    // The seed's readings happened moments ago: age them, so nobody counts as viewing now before the test's viewer.
    db.prepare("update roadshow_deck_view_sessions set last_seen_at = 0 where deck_id = ?").run(deck.id);

    const [ownerCookie, strangerCookie, viewerCookie] = await Promise.all([sessionCookie("ent01@demo.xj"), sessionCookie("ent02@demo.xj"), sessionCookie("pe1@inst.demo")]);
    const [owner, stranger] = await Promise.all([connected(ownerCookie), connected(strangerCookie)]);

    expect(await watch(owner, deck.id)).toEqual({ ok: true, count: 0, named: [], changesInMs: null });
    const refused = await watch(stranger, deck.id);
    expect(refused).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await watch(stranger, "no-such-deck")).toMatchObject({ ok: false, error: { code: "not_found" } });

    const strangerHeard: unknown[] = [];
    stranger.on("deck:viewing-now", (p) => strangerHeard.push(p));
    const pushed = new Promise<Figure & { deckId: string }>((resolve) => owner.once("deck:viewing-now", resolve));

    // The PE member opens the deck with analytics consent (the viewer page's "open" button).
    const opened = await fetch(`${base}/decks/${deck.id}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, Cookie: viewerCookie },
      body: new URLSearchParams({ intent: "open", consent: "on" }),
      redirect: "manual",
    });
    expect(opened.status).toBe(302);

    const figure = await pushed;
    expect(figure.deckId).toBe(deck.id);
    expect(figure.count).toBe(1);
    expect(figure.named).toEqual([{ name: expect.stringContaining("雪莲创业投资"), version: 2 }]);
    expect(figure.changesInMs).toBeGreaterThan(0);
    // Asking again gives the same figure; the stranger, never admitted to the room, heard nothing.
    expect(await watch(owner, deck.id)).toMatchObject({ ok: true, count: 1 });
    expect(strangerHeard).toEqual([]);
  });
});
