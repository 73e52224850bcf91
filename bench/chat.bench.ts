// Chat benchmark: PAIRS enterprise↔bank conversations, one socket.io client per user, every client
// sending MESSAGES messages to its counterpart over loopback against the real server (production
// build, SQLite file) running in a child process. Prints messages/s, p50/p99 delivery latency
// (send → counterpart's message:new), lost and duplicated counts (verified by counting deliveries
// and the stored rows), and server memory per connection. Same-run baseline: the socket.io round
// trip of a relayed event that stores nothing (typing), on the same connections.
// `node --import tsx bench/chat.bench.ts` (BENCH_CHAT_PAIRS / BENCH_CHAT_MESSAGES to resize).
import { fork } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { count, eq } from "drizzle-orm";
import pino from "pino";
import { embeddedAppSearch } from "~/modules/search/runtime.server";
import { migrateDatabase, openDatabase } from "../db/client";
import { messages } from "../db/schema";
import { startConversation } from "../app/modules/messaging/conversations.server";
import type { MessageView } from "../app/modules/messaging/messages.server";
import { loadConfig } from "../app/utils/config.server";
import { offlineRealtime } from "../app/utils/realtime.server";
import { systemClock, type AppContext } from "../app/utils/context.server";
import { openClient, request, sessionCookie, type Client } from "../test/integration/messaging-support";
import { ensureBuild } from "../test/support/build";
import { tempServerEnv } from "../test/support/server";
import { makeActor, makeOrg } from "@test/support/actors";

const PAIRS = Number(process.env.BENCH_CHAT_PAIRS ?? 50);
const MESSAGES = Number(process.env.BENCH_CHAT_MESSAGES ?? 20);
const UNLOADED_MESSAGES = 50;
const TIME_LIMIT_MS = Number(process.env.BENCH_CHAT_TIME_LIMIT_MS ?? 120_000);
const self = fileURLToPath(import.meta.url);

type Memory = { rss: number; heapUsed: number; external: number };

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** The server side: started in its own process so its memory is not mixed with the clients'. */
async function childMain(): Promise<void> {
  const { startServer } = await import("../server");
  const server = await startServer(process.env);
  const memory = (): Memory => {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    return { rss: m.rss, heapUsed: m.heapUsed, external: m.external + m.arrayBuffers };
  };
  process.on("message", (msg: { type: string }) => {
    if (msg.type === "memory") process.send!({ type: "memory", memory: memory() });
    if (msg.type === "stop") void server.close().then(() => process.exit(0));
  });
  process.send!({ type: "ready", port: server.port });
}

type Child = ReturnType<typeof fork>;
function ask<T>(child: Child, type: string, answer: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (msg: { type: string } & Record<string, unknown>) => {
      if (msg.type !== answer) return;
      child.off("message", onMessage);
      resolve(msg as T);
    };
    child.on("message", onMessage);
    if (type) child.send({ type });
  });
}

export default async function run() {
  ensureBuild({ onlyIfMissing: true });
  const env = tempServerEnv();
  const dir = path.dirname(env.DATABASE_PATH!);

  // The world: PAIRS enterprises and banks, one conversation each, a session per user.
  const db = openDatabase(env.DATABASE_PATH!);
  migrateDatabase(db);
  const logger = pino({ level: "silent" });
  const ctx: AppContext = { db, config: loadConfig(env), clock: systemClock, logger, realtime: offlineRealtime, search: embeddedAppSearch(db, logger) };
  const pairs: { conversationId: string; cookies: [string, string]; userIds: [string, string] }[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const enterprise = makeActor(ctx, { orgId: makeOrg(ctx, "enterprise", `基准企业 ${i}`) });
    const bank = makeActor(ctx, { orgId: makeOrg(ctx, "institution", `基准银行 ${i}`) });
    const conversationId = startConversation(ctx, bank, { subjectType: "general", withOrgId: enterprise.orgId }).id;
    pairs.push({ conversationId, cookies: [await sessionCookie(ctx, enterprise.userId), await sessionCookie(ctx, bank.userId)], userIds: [enterprise.userId, bank.userId] });
  }
  db.$client.close();

  const child = fork(self, [], { execArgv: ["--import", "tsx", "--expose-gc"], env: { ...env, CHAT_BENCH_SERVER: "1" }, stdio: "inherit" });
  const clients: Client[] = [];
  try {
    const { port } = await ask<{ port: number }>(child, "", "ready");
    // Warm the server first (session lookup, socket.io and handler code paths, caches): measured from a cold
    // start, the one-off growth and a later GC made the per-connection figure swing below zero.
    for (const side of [0, 1] as const) {
      const warm = await openClient(port, pairs[0]!.cookies[side]);
      await request(warm, "conversation:join", { conversationId: pairs[0]!.conversationId });
      warm.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const memBefore = (await ask<{ memory: Memory }>(child, "memory", "memory")).memory;

    type Peer = { socket: Client; userId: string; conversationId: string };
    const peers: Peer[] = [];
    for (const p of pairs) {
      for (const side of [0, 1] as const) {
        const socket = await openClient(port, p.cookies[side]);
        clients.push(socket);
        const joined = await request(socket, "conversation:join", { conversationId: p.conversationId });
        if (!joined.ok) throw new Error(`join failed: ${joined.error.message}`);
        peers.push({ socket, userId: p.userIds[side], conversationId: p.conversationId });
      }
    }
    const memAfter = (await ask<{ memory: Memory }>(child, "memory", "memory")).memory;
    const connections = peers.length;

    // Baseline: a relayed, unstored event's round trip on the same connections.
    const baseline: number[] = [];
    await Promise.all(
      peers.map(async (peer) => {
        for (let i = 0; i < 5; i++) {
          const t = performance.now();
          await request(peer.socket, "typing", { conversationId: peer.conversationId });
          baseline.push(performance.now() - t);
        }
      }),
    );

    // Unloaded delivery latency: one message at a time on one pair, nothing else going on.
    const unloaded: number[] = [];
    const [a, b] = [peers[0]!, peers[1]!];
    for (let i = 0; i < UNLOADED_MESSAGES; i++) {
      const clientId = `solo-${i}-${a.userId.slice(0, 8)}`;
      const arrived = new Promise<void>((resolve) => {
        const onMessage = (m: MessageView) => {
          if (m.clientId !== clientId) return;
          b.socket.off("message:new", onMessage);
          resolve();
        };
        b.socket.on("message:new", onMessage);
      });
      const t = performance.now();
      await request(a.socket, "message:send", { conversationId: a.conversationId, clientId, body: `单条 ${i}` });
      await arrived;
      unloaded.push(performance.now() - t);
    }

    // The run: every client sends MESSAGES messages, one at a time (waiting for each ack), all clients at once.
    const sentAt = new Map<string, number>();
    const deliveries = new Map<string, number>();
    const latencies: number[] = [];
    let delivered = 0;
    for (const peer of peers) {
      peer.socket.on("message:new", (m: MessageView) => {
        if (m.senderUserId === peer.userId) return;
        delivered++;
        deliveries.set(m.clientId, (deliveries.get(m.clientId) ?? 0) + 1);
        const t = sentAt.get(m.clientId);
        if (t !== undefined) latencies.push(performance.now() - t);
      });
    }
    const expected = connections * MESSAGES;
    const deadline = Date.now() + TIME_LIMIT_MS;
    let acked = 0;
    let failed = 0;
    const started = performance.now();
    await Promise.all(
      peers.map(async (peer, p) => {
        for (let i = 0; i < MESSAGES && Date.now() < deadline; i++) {
          const clientId = `bench-${p}-${i}-${peer.userId.slice(0, 8)}`;
          sentAt.set(clientId, performance.now());
          const reply = await request(peer.socket, "message:send", { conversationId: peer.conversationId, clientId, body: `基准消息 ${i} from ${p}` });
          if (reply.ok) acked++;
          else failed++;
        }
      }),
    );
    const waitUntil = Date.now() + 10_000;
    while (delivered < acked && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 20));
    const elapsedMs = performance.now() - started;

    const dupes = [...deliveries.values()].filter((n) => n > 1).length;
    const lost = [...sentAt.keys()].filter((id) => !deliveries.has(id)).length;

    // Count what is stored, and check every conversation replays as a gap-free sequence.
    const check = openDatabase(env.DATABASE_PATH!);
    const stored = check.select({ n: count() }).from(messages).get()!.n;
    let gaps = 0;
    for (const p of pairs) {
      const seqs = check.select({ seq: messages.seq }).from(messages).where(eq(messages.conversationId, p.conversationId)).orderBy(messages.seq).all();
      if (seqs.some((s, i) => s.seq !== i + 1)) gaps++;
    }
    check.$client.close();

    latencies.sort((a, b) => a - b);
    baseline.sort((a, b) => a - b);
    unloaded.sort((a, b) => a - b);
    const result = {
      connections,
      messagesSent: sentAt.size,
      expected,
      acked,
      failed,
      delivered,
      stored,
      lost,
      duplicated: dupes,
      conversationsWithGaps: gaps,
      elapsedMs: Math.round(elapsedMs),
      messagesPerSecond: Math.round((acked / elapsedMs) * 1000),
      deliveryP50Ms: +percentile(latencies, 50).toFixed(2),
      deliveryP99Ms: +percentile(latencies, 99).toFixed(2),
      unloadedP50Ms: +percentile(unloaded, 50).toFixed(2),
      unloadedP99Ms: +percentile(unloaded, 99).toFixed(2),
      baselineP50Ms: +percentile(baseline, 50).toFixed(2),
      baselineP99Ms: +percentile(baseline, 99).toFixed(2),
      // Heap + off-heap buffers after a forced GC is what a connection holds; the RSS change is printed too but
      // swings with pages the allocator returns to the OS, so it is not the per-connection figure.
      perConnectionKb: Math.round((memAfter.heapUsed + memAfter.external - memBefore.heapUsed - memBefore.external) / connections / 1024),
      rssChangeMb: +mb(memAfter.rss - memBefore.rss),
      serverRssMb: +mb(memAfter.rss),
      ok: lost === 0 && dupes === 0 && failed === 0 && stored === acked + UNLOADED_MESSAGES && gaps === 0 && acked === expected,
    };
    console.log(
      [
        `bench/chat: ${PAIRS} pairs (${connections} socket.io clients), ${MESSAGES} messages each, loopback, server in a child process`,
        `  throughput      ${result.messagesPerSecond} messages/s stored+acked (${acked}/${expected} in ${result.elapsedMs} ms)`,
        `  under load      p50 ${result.deliveryP50Ms} ms · p99 ${result.deliveryP99Ms} ms (send → counterpart receives)`,
        `  unloaded        p50 ${result.unloadedP50Ms} ms · p99 ${result.unloadedP99Ms} ms (one message at a time on one pair)`,
        `  baseline        p50 ${result.baselineP50Ms} ms · p99 ${result.baselineP99Ms} ms (unstored relayed event round trip, same connections)`,
        `  integrity       lost ${lost} · duplicated ${dupes} · failed ${failed} · stored ${stored} (incl. ${UNLOADED_MESSAGES} unloaded) · conversations with seq gaps ${gaps}`,
        `  memory          ${result.perConnectionKb} KB per connection (heap + buffers after GC) · server RSS ${result.serverRssMb} MB (${result.rssChangeMb >= 0 ? "+" : ""}${result.rssChangeMb} MB while connecting)`,
        `  ${result.ok ? "OK" : "FAILED"}`,
      ].join("\n"),
    );
    return result;
  } finally {
    for (const c of clients) c.close();
    child.send({ type: "stop" });
    await new Promise((r) => child.once("exit", r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.CHAT_BENCH_SERVER === "1") {
  await childMain();
} else if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const result = await run();
  process.exit(result.ok ? 0 : 1);
}
