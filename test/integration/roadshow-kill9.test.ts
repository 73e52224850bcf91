import fs from "node:fs";
import { and, count, eq } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roadshowChatMessages } from "@db/schema";
import { embeddedSearchRuntime } from "@search/index";
import { createEvent } from "~/modules/roadshows/events.server";
import type { ChatView, QuestionView } from "~/modules/roadshows/live.server";
import { eventInput, makeRoadshowWorld, type RoadshowWorld } from "~/modules/roadshows/testing";
import { loadConfig } from "~/utils/config.server";
import { systemClock, type AppContext } from "~/utils/context.server";
import { offlineRealtime } from "~/utils/realtime.server";
import { io as connect, type Socket } from "socket.io-client";
import { migrateDatabase, openDatabase, type Db } from "../../db/client";
import { ensureBuild } from "../support/build";
import { freePort, startServerProcess, type ServerProcess } from "../support/server-process";
import { tempServerEnv } from "../support/server";
import { sessionCookie } from "./messaging-support";

type Ack<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };
type Snapshot = { slide: { deckId: string; page: number } | null; chat: { messages: ChatView[]; lastSeq: number }; qa: { questions: QuestionView[]; myVotes: string[] } };

/**
 * A live-room client as the browser's (app/components/roadshows/use-live-room.ts) behaves: it rejoins on every
 * (re)connect, replays the chat after the last sequence it holds, then resends what was never acknowledged under the
 * same client id. Outgoing chat waits in `pending` until an ack (or the replay) shows it stored.
 */
class LiveClient {
  socket: Socket;
  lastSeq = 0;
  chat = new Map<number, ChatView>();
  pending: { clientId: string; body: string }[] = [];
  joins: Snapshot[] = [];
  resent: Ack<{ message: ChatView; duplicate: boolean }>[] = [];
  private waiters: (() => void)[] = [];

  constructor(port: number, cookie: string, readonly eventId: string) {
    this.socket = connect(`http://127.0.0.1:${port}`, { transports: ["websocket"], extraHeaders: { cookie }, forceNew: true, reconnectionDelay: 200, reconnectionDelayMax: 1000, randomizationFactor: 0 });
    this.socket.on("connect", () => void this.rejoin());
    this.socket.on("chat:new", (m: ChatView) => this.add([m]));
  }

  private call<T>(event: string, payload: object) {
    return this.socket.timeout(20_000).emitWithAck(event, { eventId: this.eventId, ...payload }) as Promise<Ack<T>>;
  }

  private add(list: ChatView[]) {
    for (const m of list) {
      this.chat.set(m.seq, m);
      this.lastSeq = Math.max(this.lastSeq, m.seq);
    }
    const stored = new Set(list.map((m) => m.clientId));
    this.pending = this.pending.filter((p) => !stored.has(p.clientId));
  }

  private async rejoin() {
    const snapshot = await this.call<Snapshot>("live:join", { consent: true });
    if (!snapshot.ok) throw new Error(`join refused: ${snapshot.error.message}`);
    const replay = await this.call<{ messages: ChatView[] }>("chat:replay", { afterSeq: this.lastSeq });
    if (replay.ok) this.add(replay.messages);
    for (const p of [...this.pending]) {
      const reply = await this.call<{ message: ChatView; duplicate: boolean }>("chat:send", p);
      this.resent.push(reply);
      if (reply.ok) this.add([reply.message]);
    }
    this.joins.push(snapshot);
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves after the n-th completed join. */
  joined(n: number): Promise<void> {
    return this.joins.length >= n ? Promise.resolve() : new Promise((resolve) => this.waiters.push(() => void (this.joins.length >= n ? resolve() : this.joined(n).then(resolve))));
  }

  /** Sends and waits for the ack (an acknowledged message). */
  async send(clientId: string, body: string) {
    this.pending.push({ clientId, body });
    const reply = await this.call<{ message: ChatView; duplicate: boolean }>("chat:send", { clientId, body });
    if (reply.ok) this.add([reply.message]);
    return reply;
  }

  /** Queues a message and puts it on the wire without waiting: its ack never reaches this client. */
  sendUnacked(clientId: string, body: string) {
    this.pending.push({ clientId, body });
    this.socket.emit("chat:send", { eventId: this.eventId, clientId, body });
  }

  request<T>(event: string, payload: object) {
    return this.call<T>(event, payload);
  }
}

let env: NodeJS.ProcessEnv;
let db: Db;
let ctx: AppContext;
let w: RoadshowWorld;
let eventId: string;
let port: number;
let server: ServerProcess | null = null;
const clients: LiveClient[] = [];

beforeAll(async () => {
  ensureBuild({ onlyIfMissing: true });
  env = tempServerEnv();
  db = openDatabase(env.DATABASE_PATH!);
  migrateDatabase(db);
  const logger = pino({ level: "silent" });
  ctx = { db, config: loadConfig(env), clock: systemClock, logger, realtime: offlineRealtime, search: embeddedSearchRuntime(db, logger) };
  w = await makeRoadshowWorld(ctx);
  // The room opens 30 minutes before the start: this one starts in 20 minutes (real clock).
  eventId = createEvent(ctx, w.scheduler, eventInput(ctx, w, {}, 1 / 3));
  port = await freePort();
  server = await startServerProcess(env, port);
}, 600_000);

afterAll(async () => {
  for (const c of clients) c.socket.close();
  await server?.stop();
  db?.$client.close();
  if (env?.DATA_DIR) fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
});

async function client(who: "enterprise" | "moderator" | "bank" | "pe"): Promise<LiveClient> {
  const c = new LiveClient(port, await sessionCookie(ctx, w[who].userId), eventId);
  clients.push(c);
  await c.joined(1);
  return c;
}

const storedCount = (clientId: string) => db.select({ n: count() }).from(roadshowChatMessages).where(and(eq(roadshowChatMessages.eventId, eventId), eq(roadshowChatMessages.clientId, clientId))).get()!.n;

describe("kill -9 of the server in the middle of a live roadshow", () => {
  it("viewers reconnect to the restarted process; the slide, acknowledged chat and the Q&A survive; unacknowledged chat is resent and stored once", async () => {
    const presenter = await client("enterprise");
    const moderator = await client("moderator");
    const bank = await client("bank");
    const pe = await client("pe");

    // Before: the presenter is on page 3; a question asked, approved, voted on and answered; another still pending.
    expect(await presenter.request("slide:set", { deckId: w.deckA, page: 3 })).toMatchObject({ ok: true });
    const asked = await pe.request<{ question: QuestionView }>("qa:ask", { clientId: "kill9-ask-1", body: "产能利用率多少？", anonymous: true });
    if (!asked.ok) throw new Error(asked.error.message);
    const answered = asked.question.id;
    expect(await moderator.request("qa:moderate", { questionId: answered, change: { action: "approve" } })).toMatchObject({ ok: true });
    expect(await bank.request("qa:vote", { questionId: answered })).toMatchObject({ ok: true, question: { votes: 1 } });
    expect(await presenter.request("qa:answer", { questionId: answered, text: "约百分之八十五" })).toMatchObject({ ok: true });
    const pending = await bank.request<{ question: QuestionView }>("qa:ask", { clientId: "kill9-ask-2", body: "订单能见度？", anonymous: false });
    if (!pending.ok) throw new Error(pending.error.message);

    // Chat: one acknowledged just before the kill, and one on the wire at the moment of the kill (stored or not).
    const acked = await bank.send("kill9-chat-acked", "刚刚发出的消息");
    if (!acked.ok) throw new Error(acked.error.message);
    const seqBefore = acked.message.seq;
    pe.sendUnacked("kill9-chat-inflight", "断电瞬间的消息");
    await server!.kill9();
    server = null;

    // While the server is down the bank writes; the message waits in its outbox.
    await new Promise((r) => setTimeout(r, 300));
    expect(bank.socket.connected).toBe(false);
    bank.pending.push({ clientId: "kill9-chat-outage", body: "服务中断时写的消息" });

    server = await startServerProcess(env, port);
    await Promise.all([presenter, moderator, bank, pe].map((c) => c.joined(2)));

    // The slide resumes where the presenter left it, for every viewer that rejoined.
    for (const c of [presenter, moderator, bank, pe]) expect(c.joins[1]!.slide).toEqual({ deckId: w.deckA, page: 3 });

    // Every message exactly once, stored and in each client's view. The outage message was resent after the rejoin;
    // a client that lost the ack of the last message before the kill resends it and gets the stored one back.
    expect(bank.resent).toEqual([expect.objectContaining({ ok: true, duplicate: false, message: expect.objectContaining({ clientId: "kill9-chat-outage" }) as unknown })]);
    expect(await bank.request("chat:send", { clientId: "kill9-chat-acked", body: "刚刚发出的消息" })).toMatchObject({ ok: true, duplicate: true, message: { id: acked.message.id, seq: seqBefore } });
    for (const clientId of ["kill9-chat-acked", "kill9-chat-inflight", "kill9-chat-outage"]) expect(storedCount(clientId)).toBe(1);
    expect(bank.pending).toEqual([]);
    expect(pe.pending).toEqual([]);
    const replay = await moderator.request<{ messages: ChatView[] }>("chat:replay", { afterSeq: seqBefore - 1 });
    if (!replay.ok) throw new Error(replay.error.message);
    expect(replay.messages.map((m) => m.clientId).sort()).toEqual(["kill9-chat-acked", "kill9-chat-inflight", "kill9-chat-outage"]);
    expect(replay.messages.map((m) => m.seq)).toEqual(replay.messages.map((_, i) => seqBefore + i));
    await expect.poll(() => [...bank.chat.values()].filter((m) => m.seq >= seqBefore).map((m) => m.clientId).sort(), { timeout: 10_000 }).toEqual(replay.messages.map((m) => m.clientId).sort());

    // Q&A as it was: the answered question with its vote and answer; the pending one still pending (staff see it).
    const staffView = moderator.joins[1]!.qa.questions;
    expect(staffView.find((q) => q.id === answered)).toMatchObject({ state: "approved", votes: 1, answerText: "约百分之八十五" });
    expect(staffView.find((q) => q.id === pending.question.id)).toMatchObject({ state: "pending" });
    expect(bank.joins[1]!.qa.myVotes).toContain(answered);
    // The asker sees their own pending question; the rest of the audience still does not.
    expect(bank.joins[1]!.qa.questions.map((q) => q.id)).toContain(pending.question.id);
    expect(pe.joins[1]!.qa.questions.map((q) => q.id)).not.toContain(pending.question.id);
    expect(await bank.request("qa:vote", { questionId: answered })).toMatchObject({ ok: false, error: { message: "roadshows:errors.alreadyVoted" } });

    // And the room is live again: a flip on the restarted process reaches the reconnected viewers.
    const flipSeen = new Promise<{ page: number }>((resolve) => pe.socket.once("slide", resolve));
    expect(await presenter.request("slide:set", { deckId: w.deckA, page: 2 })).toMatchObject({ ok: true });
    expect((await flipSeen).page).toBe(2);
  }, 600_000);
});
