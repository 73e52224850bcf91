// ASVS V7 (session management) over socket.io: a live socket acts only for a still-valid session and
// membership, and ends the moment its session is revoked (logout, sign out everywhere, password reset,
// removal from the organisation).
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, messages, passwordResets } from "@db/schema";
import { removeMember } from "~/modules/identity/invitations.server";
import { findOpenReset, requestPasswordReset, resetPassword } from "~/modules/identity/password-reset.server";
import { revokeAllSessions } from "~/modules/identity/sessions.server";
import { startConversation } from "~/modules/messaging/conversations.server";
import { makeMessagingWorld } from "@test/support/messaging-world";
import { newId } from "~/utils/ids";
import { startServer } from "../../server";
import { openClient, request, sessionCookie, type Client } from "../integration/messaging-support";
import { ensureBuild } from "../support/build";
import { tempServerEnv, type RunningServer } from "../support/server";

let env: NodeJS.ProcessEnv;
let server: RunningServer;
let world: ReturnType<typeof makeMessagingWorld>;
let conversationId: string;
const open: Client[] = [];

beforeAll(async () => {
  // Logout runs in the Remix bundle: the build must hold the code under test.
  ensureBuild();
  env = tempServerEnv();
  server = await startServer(env);
  world = makeMessagingWorld(server.ctx);
  conversationId = startConversation(server.ctx, world.bank, { subjectType: "general", withOrgId: world.enterprise.orgId }).id;
}, 600_000);

afterAll(async () => {
  for (const s of open) s.close();
  await server?.close();
});

async function joinedAs(userId: string): Promise<{ socket: Client; cookie: string }> {
  const cookie = await sessionCookie(server.ctx, userId);
  const socket = await openClient(server.port, cookie);
  open.push(socket);
  const reply = await request(socket, "conversation:join", { conversationId });
  expect(reply.ok).toBe(true);
  return { socket, cookie };
}

/** Resolves with the disconnect reason, or "still connected" after a grace period. */
function disconnection(socket: Client, withinMs = 3_000): Promise<string> {
  if (!socket.connected) return Promise.resolve("already disconnected");
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("still connected"), withinMs);
    socket.once("disconnect", (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

const stored = () => server.ctx.db.select({ n: count() }).from(messages).where(eq(messages.conversationId, conversationId)).get()!.n;

describe("a socket follows its session", () => {
  it("logout disconnects the session's sockets at once", async () => {
    const { socket, cookie } = await joinedAs(world.enterprise.userId);
    const gone = disconnection(socket);
    const res = await fetch(`http://127.0.0.1:${server.port}/logout`, { method: "POST", headers: { Origin: `http://127.0.0.1:${server.port}`, Cookie: cookie }, redirect: "manual" });
    expect(res.status).toBe(302);
    expect(await gone).toBe("io server disconnect");
  });

  it("sign out everywhere disconnects every socket of the user", async () => {
    const a = await joinedAs(world.bank.userId);
    const b = await joinedAs(world.bank.userId);
    const gone = Promise.all([disconnection(a.socket), disconnection(b.socket)]);
    revokeAllSessions(server.ctx, world.bank.userId);
    expect(await gone).toEqual(["io server disconnect", "io server disconnect"]);
  });

  it("a password reset disconnects the user's sockets", async () => {
    const { socket } = await joinedAs(world.enterprise.userId);
    const gone = disconnection(socket);
    await requestPasswordReset(server.ctx, world.enterprise.email, "http://127.0.0.1");
    const row = server.ctx.db.select().from(passwordResets).all().at(-1)!;
    // The token itself is only in the mail; reset through a fresh row with a known token instead.
    const token = `tok-${newId()}`;
    const { hashToken } = await import("~/modules/identity/sessions.server");
    server.ctx.db.update(passwordResets).set({ tokenHash: hashToken(token) }).where(eq(passwordResets.id, row.id)).run();
    expect(findOpenReset(server.ctx, token).userId).toBe(world.enterprise.userId);
    await resetPassword(server.ctx, token, "a much longer passphrase 8721");
    expect(await gone).toBe("io server disconnect");
  });

  it("removal from the organisation disconnects the member's sockets", async () => {
    const { socket } = await joinedAs(world.enterpriseColleague.userId);
    const gone = disconnection(socket);
    const membership = server.ctx.db.select().from(memberships).where(eq(memberships.userId, world.enterpriseColleague.userId)).get()!;
    removeMember(server.ctx, world.enterprise, membership.id);
    expect(await gone).toBe("io server disconnect");
  });

  it("every event re-checks the session: a session ended behind the socket's back cannot send or replay", async () => {
    const { socket } = await joinedAs(world.bank.userId);
    const before = stored();
    // The session row disappears without going through the revocation hook (expiry, another process).
    server.ctx.db.$client.prepare("delete from sessions where user_id = ?").run(world.bank.userId);
    const send = await request(socket, "message:send", { conversationId, clientId: `s-${newId()}`, body: "不应保存" });
    expect(send).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    expect(stored()).toBe(before);
    await disconnection(socket, 1_000);
    expect(socket.connected).toBe(false);
  });

  it("every event re-checks membership: a member removed behind the socket's back cannot act for the organisation", async () => {
    const { socket } = await joinedAs(world.enterprise.userId);
    const before = stored();
    // A second membership elsewhere keeps the session valid; the enterprise membership is gone.
    const otherOrg = server.ctx.db.select().from(memberships).where(eq(memberships.userId, world.otherBank.userId)).get()!;
    server.ctx.db.$client.prepare("update memberships set org_id = ? where user_id = ?").run(otherOrg.orgId, world.enterprise.userId);
    const send = await request(socket, "message:send", { conversationId, clientId: `s-${newId()}`, body: "不应保存" });
    expect(send).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    expect(stored()).toBe(before);
    await disconnection(socket, 1_000);
    expect(socket.connected).toBe(false);
  });
});
