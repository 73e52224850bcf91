import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_PASSWORD } from "@seed/world";
import { logInCookie, startTempServer } from "../support/server";

// The real server on a random loopback port over a fresh seeded database. Production mode serves build/, so a
// missing build is made once (a stale one is fine: pages are not under test).
let app: Awaited<ReturnType<typeof startTempServer>>;
let base: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  app = await startTempServer({ seed: true, build: "ifMissing" });
  base = app.base;
}, 600_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await app?.close();
});

const sessionCookie = (email: string) => logInCookie(base, email, DEMO_PASSWORD);

type Outcome = { connected: true; socket: Socket } | { connected: false; error: string };

function tryConnect(headers: Record<string, string>, transport: "polling" | "websocket"): Promise<Outcome> {
  const socket = connect(base, { transports: [transport], extraHeaders: headers, reconnection: false, timeout: 10_000, forceNew: true });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once("connect", () => resolve({ connected: true, socket }));
    socket.once("connect_error", (error) => {
      socket.close();
      resolve({ connected: false, error: error.message });
    });
  });
}

function userIdOf(email: string): string {
  const row = app.server.ctx.db.$client.prepare("select id from users where email = ?").get(email) as { id: string } | undefined;
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

describe.each(["polling", "websocket"] as const)("socket.io handshake over %s", (transport) => {
  test("a connection without a session cookie is refused", async () => {
    const outcome = await tryConnect({ Origin: base }, transport);
    expect(outcome).toEqual({ connected: false, error: "unauthenticated" });
  });

  test("a connection with a forged session cookie is refused", async () => {
    const outcome = await tryConnect({ Origin: base, Cookie: "__session=eyJ0b2tlbiI6ImZvcmdlZCJ9.bm90LXNpZ25lZA" }, transport);
    expect(outcome).toEqual({ connected: false, error: "unauthenticated" });
  });

  test("a connection from another origin is refused even with a valid session", async () => {
    const cookie = await sessionCookie("ent01@demo.xj");
    const outcome = await tryConnect({ Origin: "http://evil.example", Cookie: cookie }, transport);
    expect(outcome.connected).toBe(false);
  });

  test("a connection with a valid session is accepted and receives only its own user's deliveries", async () => {
    const [mine, theirs] = await Promise.all([sessionCookie("bank1@inst.demo"), sessionCookie("pe1@inst.demo")]);
    const a = await tryConnect({ Origin: base, Cookie: mine }, transport);
    const b = await tryConnect({ Origin: base, Cookie: theirs }, transport);
    if (!a.connected || !b.connected) throw new Error(`expected both to connect: ${JSON.stringify([a, b].map((o) => (o.connected ? "ok" : o.error)))}`);

    const received: unknown[] = [];
    const leaked: unknown[] = [];
    b.socket.on("test:ping", (payload) => leaked.push(payload));
    const arrived = new Promise<unknown>((resolve) => a.socket.once("test:ping", resolve));
    app.server.ctx.realtime.toUser(userIdOf("bank1@inst.demo"), "test:ping", { n: 1, transport });
    received.push(await arrived);
    // A socket gets its events in order: once a later event to the other user has arrived, a misrouted copy of the
    // first would have arrived before it.
    const barrier = new Promise<unknown>((resolve) => b.socket.once("test:barrier", resolve));
    app.server.ctx.realtime.toUser(userIdOf("pe1@inst.demo"), "test:barrier", {});
    await barrier;
    expect(received).toEqual([{ n: 1, transport }]);
    expect(leaked).toEqual([]);
  });
});

test("a logged-out session can no longer open a socket", async () => {
  const cookie = await sessionCookie("guar1@inst.demo");
  const before = await tryConnect({ Origin: base, Cookie: cookie }, "websocket");
  expect(before.connected).toBe(true);
  const out = await fetch(`${base}/logout`, { method: "POST", headers: { Origin: base, Cookie: cookie }, redirect: "manual" });
  expect(out.status).toBeGreaterThanOrEqual(300);
  const after = await tryConnect({ Origin: base, Cookie: cookie }, "websocket");
  expect(after).toEqual({ connected: false, error: "unauthenticated" });
});
