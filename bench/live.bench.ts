// Live roadshow room benchmark: VIEWERS socket.io clients in one room against the real server (production build,
// SQLite file) in a child process; the presenter flips FLIPS pages, viewers chat at CHAT_RATE messages/s for
// CHAT_SECONDS, and every viewer upvotes one approved question. Prints p50/p99 fan-out latency (server timestamp on
// the broadcast → arrival at each viewer; same host, same clock), lost and duplicated chat deliveries per viewer,
// and server memory per connection. Same-run baseline: a bare socket.io server in the same child process
// broadcasting a timestamp to the same number of clients (no auth, no storage).
// `npm run bench -- live` (BENCH_LIVE_VIEWERS, BENCH_LIVE_FLIPS, BENCH_LIVE_CHAT_SECONDS to resize; REDIS_URL is not
// used here: the two-process run is not written yet).
import { fork } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { embeddedAppSearch } from "~/modules/search/runtime.server";
import { migrateDatabase, openDatabase } from "../db/client";
import { createEvent } from "../app/modules/roadshows/events.server";
import { askQuestion, moderateQuestion } from "../app/modules/roadshows/live.server";
import type { ChatView } from "../app/modules/roadshows/live-types";
import { eventInput, makeRoadshowWorld } from "@test/support/roadshow-world";
import { loadConfig } from "../app/utils/config.server";
import { offlineRealtime } from "../app/utils/realtime.server";
import { systemClock, type AppContext } from "../app/utils/context.server";
import { openClient, request, sessionCookie } from "../test/integration/messaging-support";
import { ensureBuild } from "../test/support/build";
import { tempServerEnv } from "../test/support/server";
import { makeActor, makeOrg } from "@test/support/actors";

const VIEWERS = Number(process.env.BENCH_LIVE_VIEWERS ?? 2000);
const FLIPS = Number(process.env.BENCH_LIVE_FLIPS ?? 20);
const CHAT_RATE = 20;
const CHAT_SECONDS = Number(process.env.BENCH_LIVE_CHAT_SECONDS ?? 10);
const CONNECT_BATCH = 100;
const self = fileURLToPath(import.meta.url);

type Memory = { rss: number; heapUsed: number };
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function childMain(): Promise<void> {
  const { startServer } = await import("../server");
  const server = await startServer(process.env);
  // The baseline: a bare socket.io server in this same process.
  const bareHttp = http.createServer();
  const bare = new Server(bareHttp, { serveClient: false });
  await new Promise<void>((r) => bareHttp.listen(0, "127.0.0.1", r));
  const memory = (): Memory => {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    return { rss: m.rss, heapUsed: m.heapUsed };
  };
  process.on("message", (msg: { type: string }) => {
    if (msg.type === "memory") process.send!({ type: "memory", memory: memory() });
    if (msg.type === "bare") bare.emit("tick", { at: Date.now() });
    if (msg.type === "stop") {
      void bare.close();
      void server.close().then(() => process.exit(0));
    }
  });
  process.send!({ type: "ready", port: server.port, barePort: (bareHttp.address() as { port: number }).port });
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

function report(name: string, latencies: number[]) {
  const s = [...latencies].sort((a, b) => a - b);
  return `${name}: n=${s.length} p50=${percentile(s, 50).toFixed(1)} ms p99=${percentile(s, 99).toFixed(1)} ms max=${(s.at(-1) ?? NaN).toFixed(1)} ms`;
}

export default async function run() {
  ensureBuild({ onlyIfMissing: true });
  const env = tempServerEnv();
  const db = openDatabase(env.DATABASE_PATH!);
  migrateDatabase(db);
  const logger = pino({ level: "silent" });
  const ctx: AppContext = { db, config: loadConfig(env), clock: systemClock, logger, realtime: offlineRealtime, search: embeddedAppSearch(db, logger) };
  const w = await makeRoadshowWorld(ctx);
  const eventId = createEvent(ctx, w.scheduler, eventInput(ctx, w, { audience: "members", capacity: 50 }, 1 / 3));
  const question = askQuestion(ctx, w.pe, eventId, { clientId: "bench-question-1", body: "基准问题", anonymous: false }).question.id;
  moderateQuestion(ctx, w.scheduler, eventId, question, { action: "approve" });
  const viewerCookies: string[] = [];
  const viewerOrg = makeOrg(ctx, "institution", "基准机构", "bank");
  for (let i = 0; i < VIEWERS; i++) viewerCookies.push(await sessionCookie(ctx, makeActor(ctx, { orgId: viewerOrg, roles: ["member"], userName: `观众${i}` }).userId));
  const presenterCookie = await sessionCookie(ctx, w.enterprise.userId);
  db.$client.close();

  const child = fork(self, [], { execArgv: ["--import", "tsx", "--expose-gc"], env: { ...env, LIVE_BENCH_SERVER: "1" }, stdio: "inherit" });
  const sockets: Socket[] = [];
  try {
    const { port, barePort } = await ask<{ port: number; barePort: number }>(child, "", "ready");
    const presenter = await openClient(port, presenterCookie);
    sockets.push(presenter);
    await request(presenter, "live:join", { eventId });
    await sleep(300);
    const memBefore = (await ask<{ memory: Memory }>(child, "memory", "memory")).memory;

    // Viewers join in batches; each records what it receives.
    const slideLatency: number[] = [];
    const chatLatency: number[] = [];
    const seen: Map<number, number>[] = [];
    const viewers: Socket[] = [];
    for (let i = 0; i < VIEWERS; i += CONNECT_BATCH) {
      const batch = await Promise.all(
        viewerCookies.slice(i, i + CONNECT_BATCH).map(async (cookie) => {
          const s = await openClient(port, cookie);
          const reply = await request(s, "live:join", { eventId }, 60_000);
          if (!reply.ok) throw new Error(`join refused: ${reply.error.message}`);
          const mine = new Map<number, number>();
          seen.push(mine);
          s.on("slide", (p: { at: number }) => slideLatency.push(Date.now() - p.at));
          s.on("chat:new", (m: ChatView) => {
            chatLatency.push(Date.now() - m.createdAt);
            mine.set(m.seq, (mine.get(m.seq) ?? 0) + 1);
          });
          return s;
        }),
      );
      viewers.push(...batch);
      sockets.push(...batch);
    }
    await sleep(500);
    const memAfter = (await ask<{ memory: Memory }>(child, "memory", "memory")).memory;

    // Baseline: the same number of bare clients, ten timestamped broadcasts.
    const bareLatency: number[] = [];
    const bareClients: Socket[] = [];
    for (let i = 0; i < VIEWERS; i += CONNECT_BATCH) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(CONNECT_BATCH, VIEWERS - i) }, () =>
          new Promise<Socket>((resolve, reject) => {
            const s = connect(`http://127.0.0.1:${barePort}`, { transports: ["websocket"], reconnection: false, forceNew: true });
            s.once("connect", () => resolve(s));
            s.once("connect_error", reject);
            s.on("tick", (p: { at: number }) => bareLatency.push(Date.now() - p.at));
          }),
        ),
      );
      bareClients.push(...batch);
    }
    for (let i = 0; i < 10; i++) {
      child.send({ type: "bare" });
      await sleep(300);
    }
    for (const s of bareClients) s.close();

    // The run: flips at 2/s, chat at CHAT_RATE/s, then one vote per viewer.
    const flipping = (async () => {
      for (let i = 0; i < FLIPS; i++) {
        await request(presenter, "slide:set", { eventId, deckId: w.deckA, page: (i % 4) + 1 });
        await sleep(500);
      }
    })();
    const chatting = (async () => {
      const total = CHAT_RATE * CHAT_SECONDS;
      for (let i = 0; i < total; i++) {
        const from = viewers[(i * 7919) % viewers.length]!;
        void request(from, "chat:send", { eventId, clientId: `bench-chat-${i.toString().padStart(6, "0")}`, body: `消息 ${i}` });
        await sleep(1000 / CHAT_RATE);
      }
      return total;
    })();
    await flipping;
    const sent = await chatting;
    const voteStart = performance.now();
    const votes = await Promise.all(viewers.map((s) => request(s, "qa:vote", { eventId, questionId: question }, 60_000)));
    const voteMs = performance.now() - voteStart;
    await sleep(2000);

    let lost = 0;
    let duplicated = 0;
    for (const mine of seen) {
      lost += sent - mine.size;
      for (const n of mine.values()) if (n > 1) duplicated += n - 1;
    }
    const perConnKb = (memAfter.rss - memBefore.rss) / VIEWERS / 1024;
    console.log(`viewers=${VIEWERS} flips=${FLIPS} chat=${sent} messages (${CHAT_RATE}/s) votes=${votes.filter((v) => v.ok).length}/${VIEWERS} in ${voteMs.toFixed(0)} ms`);
    console.log(report("slide fan-out", slideLatency));
    console.log(report("chat fan-out ", chatLatency));
    console.log(report("baseline bare socket.io broadcast", bareLatency));
    console.log(`chat deliveries: lost=${lost} duplicated=${duplicated} (of ${sent * VIEWERS})`);
    console.log(`server memory per connection: ${perConnKb.toFixed(1)} KB rss (${((memAfter.heapUsed - memBefore.heapUsed) / VIEWERS / 1024).toFixed(1)} KB heap)`);
  } finally {
    for (const s of sockets) s.close();
    child.send({ type: "stop" });
    await new Promise((r) => child.once("exit", r));
  }
}

if (process.env.LIVE_BENCH_SERVER === "1") void childMain();
else if (process.argv[1] === self) void run().then(() => process.exit(0));
