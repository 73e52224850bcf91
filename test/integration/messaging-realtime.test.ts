import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "@db/schema";
import { startConversation } from "~/modules/messaging/conversations.server";
import type { MessageView, ReceiptView } from "~/modules/messaging/messages.server";
import { listNotifications, markNotificationsRead } from "~/modules/messaging/notifications.server";
import { makeMessagingWorld } from "@test/support/messaging-world";
import { newId } from "~/utils/ids";
import { startServer } from "../../server";
import { ensureBuild } from "../support/build";
import { tempServerEnv, type RunningServer } from "../support/server";
import { openClient, request, sessionCookie, type Client } from "./messaging-support";
import { presenceOf } from "~/modules/messaging/presence.server";
import { eventually } from "@test/support/eventually";

type SendReply = { message: MessageView; duplicate: boolean };
type ReplayReply = { messages: MessageView[]; lastSeq: number; hasMore: boolean };

let env: NodeJS.ProcessEnv;
let server: RunningServer;
let world: ReturnType<typeof makeMessagingWorld>;
let conversationId: string;
const cookies: Record<"enterprise" | "bank" | "otherBank", string> = { enterprise: "", bank: "", otherBank: "" };
const open: Client[] = [];
const cid = () => `rt-${newId()}`;

async function client(who: keyof typeof cookies): Promise<Client> {
  const socket = await openClient(server.port, cookies[who]);
  open.push(socket);
  return socket;
}

async function joined(who: keyof typeof cookies): Promise<Client> {
  const socket = await client(who);
  const reply = await request(socket, "conversation:join", { conversationId });
  expect(reply.ok).toBe(true);
  return socket;
}

function storedCount(): number {
  return server.ctx.db.select({ n: count() }).from(messages).where(eq(messages.conversationId, conversationId)).get()!.n;
}

beforeAll(async () => {
  // Socket tests need some build to exist (production mode imports it); a stale one serves them as well.
  ensureBuild({ onlyIfMissing: true });
  env = tempServerEnv();
  server = await startServer(env);
  world = makeMessagingWorld(server.ctx);
  conversationId = startConversation(server.ctx, world.bank, { subjectType: "general", withOrgId: world.enterprise.orgId }).id;
  cookies.enterprise = await sessionCookie(server.ctx, world.enterprise.userId);
  cookies.bank = await sessionCookie(server.ctx, world.bank.userId);
  cookies.otherBank = await sessionCookie(server.ctx, world.otherBank.userId);
}, 600_000);

afterAll(async () => {
  for (const s of open) s.close();
  await server?.close();
});

describe("realtime messaging against the real server", () => {
  it("refuses a socket without a session", async () => {
    await expect(openClient(server.port, null)).rejects.toThrow("unauthenticated");
  });

  it("delivers live, and replays in order what a disconnected receiver missed", async () => {
    const bank = await joined("bank");
    const enterprise = await joined("enterprise");
    const live = new Promise<MessageView>((resolve) => enterprise.once("message:new", resolve));
    const first = await request<SendReply>(bank, "message:send", { conversationId, clientId: cid(), body: "实时送达" });
    expect(first.ok).toBe(true);
    const seen = await live;
    expect(seen.body).toBe("实时送达");
    const lastSeen = seen.seq;

    // Typing is relayed to the other side; a read receipt reaches the sender.
    const typing = new Promise<{ userId: string }>((resolve) => bank.once("typing", resolve));
    await request(enterprise, "typing", { conversationId });
    expect((await typing).userId).toBe(world.enterprise.userId);
    const receipt = new Promise<ReceiptView>((resolve) => bank.on("receipt", (r: ReceiptView) => r.userId === world.enterprise.userId && resolve(r)));
    await request(enterprise, "read", { conversationId, seq: lastSeen });
    expect((await receipt).lastReadSeq).toBe(lastSeen);

    // While the enterprise was looking at the thread it got no notification; once gone, it does.
    expect(listNotifications(server.ctx, world.enterprise, { unreadOnly: true }).items.filter((n) => n.kind === "message")).toEqual([]);
    markNotificationsRead(server.ctx, world.enterprise, "all");
    enterprise.close();
    await eventually(() => !presenceOf(server.ctx.realtime)?.isViewing(conversationId, world.enterprise.userId)); // the server has seen the disconnect

    const sent: number[] = [];
    for (let i = 1; i <= 8; i++) {
      const reply = await request<SendReply>(bank, "message:send", { conversationId, clientId: cid(), body: `离线消息 ${i}` });
      if (!reply.ok) throw new Error(reply.error.message);
      sent.push(reply.message.seq);
    }

    const pending = listNotifications(server.ctx, world.enterprise, { unreadOnly: true }).items;
    expect(pending.map((n) => [n.kind, n.payload.values.count])).toEqual([["message", 8]]);

    const back = await joined("enterprise");
    const replay = await request<ReplayReply>(back, "message:replay", { conversationId, afterSeq: lastSeen });
    if (!replay.ok) throw new Error(replay.error.message);
    expect(replay.messages.map((m) => m.seq)).toEqual(sent);
    expect(replay.messages.map((m) => m.body)).toEqual(sent.map((_, i) => `离线消息 ${i + 1}`));
    expect(sent).toEqual(sent.map((_, i) => lastSeen + 1 + i));
    bank.close();
    back.close();
  });

  it("stores one message when the same client id is sent twice (concurrently and later)", async () => {
    const bank = await joined("bank");
    const enterprise = await joined("enterprise");
    const received: MessageView[] = [];
    enterprise.on("message:new", (m: MessageView) => received.push(m));
    const before = storedCount();
    const clientId = cid();
    const payload = { conversationId, clientId, body: "只应保存一次" };
    const [a, b] = await Promise.all([request<SendReply>(bank, "message:send", payload), request<SendReply>(bank, "message:send", payload)]);
    const c = await request<SendReply>(bank, "message:send", payload);
    if (!a.ok || !b.ok || !c.ok) throw new Error("send failed");
    expect(new Set([a.message.id, b.message.id, c.message.id]).size).toBe(1);
    expect([a.duplicate, b.duplicate, c.duplicate].filter((d) => !d)).toHaveLength(1);
    expect(storedCount()).toBe(before + 1);
    await request(enterprise, "conversation:join", { conversationId }); // a round trip, so any second broadcast would have arrived
    expect(received.filter((m) => m.clientId === clientId)).toHaveLength(1);
    bank.close();
    enterprise.close();
  });

  it("keeps a third organisation out of the conversation", async () => {
    const outsider = await client("otherBank");
    const join = await request(outsider, "conversation:join", { conversationId });
    const send = await request(outsider, "message:send", { conversationId, clientId: cid(), body: "窥探" });
    const replay = await request(outsider, "message:replay", { conversationId, afterSeq: 0 });
    const typing = await request(outsider, "typing", { conversationId });
    expect([join, send, replay].map((r) => (r.ok ? "ok" : r.error.code))).toEqual(["not_found", "not_found", "not_found"]);
    expect(typing).toEqual({ ok: true, relayed: false });
    outsider.close();
  });

  it("answers bad input with clear errors and stores nothing wrongly", async () => {
    const enterprise = await joined("enterprise");
    const before = storedCount();
    const oneMb = await request(enterprise, "message:send", { conversationId, clientId: cid(), body: "x".repeat(1_000_000) });
    const empty = await request(enterprise, "message:send", { conversationId, clientId: cid(), body: "" });
    const wrongShape = await request(enterprise, "message:send", { conversationId, clientId: cid(), body: 42 });
    const badReplay = await request(enterprise, "message:replay", { conversationId, afterSeq: -1 });
    expect([oneMb, empty, wrongShape, badReplay].map((r) => (r.ok ? "ok" : r.error.message))).toEqual([
      "messaging:errors.bodyTooLong",
      "messaging:errors.bodyEmpty",
      "messaging:errors.invalid",
      "messaging:errors.invalid",
    ]);
    expect(storedCount()).toBe(before);

    const html = `<img src=x onerror="alert(1)"><script>alert(2)</script>`;
    const stored = await request<SendReply>(enterprise, "message:send", { conversationId, clientId: cid(), body: html });
    expect(stored.ok && stored.message.body).toBe(html);

    // A frame above the transport limit (~1.1 MB) is not parsed at all: the server drops the connection.
    const dropped = new Promise<string>((resolve) => enterprise.once("disconnect", resolve));
    enterprise.emit("message:send", { conversationId, clientId: cid(), body: "y".repeat(1_200_000) });
    expect(await dropped).toMatch(/transport (close|error)/);
    expect(storedCount()).toBe(before + 1);
  });

  it("loses no acknowledged message when the server is stopped and started again on the same database", async () => {
    const enterprise = await joined("enterprise");
    const ids = Array.from({ length: 40 }, () => cid());
    const acked = new Map<string, MessageView>();
    let tenAcked!: () => void;
    const firstTen = new Promise<void>((resolve) => (tenAcked = resolve));
    const sends = ids.map((clientId, i) =>
      request<SendReply>(enterprise, "message:send", { conversationId, clientId, body: `重启前 ${i}` }, 5_000).then(
        (reply) => {
          if (reply.ok) acked.set(clientId, reply.message);
          if (acked.size === 10) tenAcked();
        },
        () => undefined, // no ack: the client does not know whether it was stored
      ),
    );
    // Stop the server while the rest of the burst is in flight.
    await firstTen;
    await server.close();
    await Promise.all(sends);
    enterprise.close();
    expect(acked.size).toBeGreaterThanOrEqual(10);

    server = await startServer(env);
    const again = await joined("enterprise");
    const replay = await request<ReplayReply>(again, "message:replay", { conversationId, afterSeq: 0 });
    if (!replay.ok) throw new Error(replay.error.message);
    const byClientId = new Map(replay.messages.map((m) => [m.clientId, m]));
    for (const [clientId, message] of acked) expect(byClientId.get(clientId)).toEqual(message);
    expect(replay.messages.map((m) => m.seq)).toEqual(replay.messages.map((_, i) => i + 1));

    // The client resends what was never acknowledged, with the same ids: nothing is duplicated.
    for (const [i, clientId] of ids.entries()) {
      if (acked.has(clientId)) continue;
      const reply = await request<SendReply>(again, "message:send", { conversationId, clientId, body: `重启前 ${i}` });
      expect(reply.ok).toBe(true);
    }
    const all = await request<ReplayReply>(again, "message:replay", { conversationId, afterSeq: 0 });
    if (!all.ok) throw new Error(all.error.message);
    const restartIds = all.messages.filter((m) => m.body.startsWith("重启前")).map((m) => m.clientId);
    expect(restartIds.sort()).toEqual([...ids].sort());
  });
});
