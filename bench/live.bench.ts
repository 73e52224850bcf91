// Live roadshow room benchmark: VIEWERS socket.io clients in one room against the real server (production build,
// SQLite file), first with one app process, then with two app processes over one Redis (Debian's redis-server,
// installed with apt-get when missing, as test/support/redis.ts does) with the viewers split between them. The
// presenter flips FLIPS pages (2/s), chatters send CHAT_RATE messages/s for CHAT_SECONDS, then every viewer upvotes
// one approved question. Prints p50/p99 fan-out latency (server timestamp on the broadcast → arrival at each viewer;
// same host, same clock), lost and duplicated chat deliveries per viewer, vote acks, and server memory per
// connection. Same-run baseline: bare socket.io servers in the same app processes (over the same Redis in the
// two-process run) broadcasting a timestamp to the same number of clients (no auth, no storage).
//
// Sessions are written straight into the database in one transaction (no login per viewer), and the viewers live in
// BENCH_LIVE_CLIENT_PROCS client processes (bench/live-viewers.ts) so the clients' own CPU is not one event loop.
// `npm run bench -- live` (BENCH_LIVE_VIEWERS, default 2000; BENCH_LIVE_PROCESSES "1,2" | "1" | "2";
// BENCH_LIVE_FLIPS; BENCH_LIVE_CHAT_SECONDS; BENCH_LIVE_CLIENT_PROCS to resize; BENCH_LIVE_CPU_PROF=<dir> writes a
// V8 CPU profile of each app process there, for `node --cpu-prof`-style analysis).
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import pino from "pino";
import { createClient } from "redis";
import { Server } from "socket.io";
import { embeddedAppSearch } from "~/modules/search/runtime.server";
import { migrateDatabase, openDatabase } from "../db/client";
import { memberships, sessions, users } from "../db/schema";
import { sessionStorage } from "../app/modules/identity/auth.server";
import { hashToken, newToken } from "../app/modules/identity/sessions.server";
import { createEvent } from "../app/modules/roadshows/events.server";
import { askQuestion, moderateQuestion, type ChatView } from "../app/modules/roadshows/live.server";
import { eventInput, makeRoadshowWorld } from "@test/support/roadshow-world";

import { loadConfig } from "../app/utils/config.server";
import { offlineRealtime } from "../app/utils/realtime.server";
import { systemClock, type AppContext } from "../app/utils/context.server";
import { newId } from "../app/utils/ids";
import { openClient, request, type Client } from "../test/integration/messaging-support";
import { ensureBuild } from "../test/support/build";
import { startRedis } from "../test/support/redis";
import { tempServerEnv } from "../test/support/server";
import type { ViewerCommand } from "./live-viewers";
import { makeOrg } from "@test/support/actors";

const VIEWERS = Number(process.env.BENCH_LIVE_VIEWERS ?? 2000);
const FLIPS = Number(process.env.BENCH_LIVE_FLIPS ?? 20);
const CHAT_RATE = 20;
const CHAT_SECONDS = Number(process.env.BENCH_LIVE_CHAT_SECONDS ?? 10);
const CHATTERS = 10;
const CLIENT_PROCS = Math.max(1, Number(process.env.BENCH_LIVE_CLIENT_PROCS ?? 2));
/**
 * Probe viewers in the bench's own, lightly loaded process (with the presenter and the chatters): their latency is the
 * server's fan-out as a client with CPU to spare sees it; the viewer processes' figures also hold their own queueing
 * (each parses every broadcast for ~1,000 sockets). Part of VIEWERS.
 */
const PROBES = Math.min(Number(process.env.BENCH_LIVE_PROBES ?? 20), Math.floor(VIEWERS / 10));
/** Each phase is bounded, so the run ends in a known time even when the app falls behind (then marked INCOMPLETE). */
const JOIN_BUDGET_MS = Math.max(180_000, VIEWERS * 120);
const VOTE_BUDGET_MS = 180_000;
const MODES = (process.env.BENCH_LIVE_PROCESSES ?? "1,2").split(",").map(Number).filter((n) => n === 1 || n === 2);
const self = fileURLToPath(import.meta.url);
const viewerScript = path.join(path.dirname(self), "live-viewers.ts");

type Memory = { rss: number; heapUsed: number };
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const started = Date.now();
const log = (line: string) => console.log(`[live ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");

/** An app process (LIVE_BENCH_ROLE=server): the real server plus a bare socket.io server for the baseline. */
async function serverMain(): Promise<void> {
  const { startServer } = await import("../server");
  const server = await startServer(process.env);
  const bareHttp = http.createServer();
  const bare = new Server(bareHttp, { serveClient: false });
  let closeRedis = async () => {};
  if (process.env.REDIS_URL) {
    const client = createClient({ url: process.env.REDIS_URL });
    await client.connect();
    bare.adapter(createAdapter(client, { streamName: "live-bench:bare" }));
    closeRedis = async () => void (await client.quit().catch(() => undefined));
  }
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
      void closeRedis()
        .then(() => server.close())
        .then(() => process.exit(0));
    }
  });
  // The bench gone (crashed, interrupted): do not linger as an orphan holding a port and a database.
  process.once("disconnect", () => process.exit(1));
  process.send!({ type: "ready", port: server.port, barePort: (bareHttp.address() as { port: number }).port });
}

function waitFor<T>(child: ChildProcess, answer: string, send?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: { type: string; message?: string } & Record<string, unknown>) => {
      if (msg.type === "error") {
        child.off("message", onMessage);
        reject(new Error(msg.message));
      }
      if (msg.type !== answer) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(msg as T);
    };
    const onExit = (code: number | null) => reject(new Error(`a bench process exited (${code}) while waiting for ${answer}`));
    child.on("message", onMessage);
    child.once("exit", onExit);
    if (send) child.send(send);
  });
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms)));
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** What the run will take on a quiet 2-core machine, and the most it can take (every phase has a budget). */
function durationNotice(): string {
  const perModeExpected = 15 + VIEWERS / 50 + 8 + Math.max(FLIPS / 2, CHAT_SECONDS) + VIEWERS / 150 + 6;
  const perModeBound = 60 + JOIN_BUDGET_MS / 1000 + 15 + Math.max(FLIPS * 0.5 + 60, CHAT_SECONDS + 60) + VOTE_BUDGET_MS / 1000 + 30;
  const min = (s: number) => (s / 60).toFixed(1);
  return `${MODES.length} set-up(s) × ${VIEWERS} viewers: about ${min(10 + perModeExpected * MODES.length)} min on a quiet 2-core machine, at most ${min(30 + perModeBound * MODES.length)} min (each phase has a time budget)`;
}

function report(name: string, latencies: number[]) {
  const s = Float64Array.from(latencies).sort();
  return `${name}: n=${s.length} p50=${percentile([...s], 50).toFixed(1)} ms p99=${percentile([...s], 99).toFixed(1)} ms max=${(s.at(-1) ?? NaN).toFixed(1)} ms`;
}

/** Viewers straight into the database: users, memberships and sessions in one transaction, and their cookies. */
async function bulkViewers(ctx: AppContext, orgId: string, count: number, label: string): Promise<{ userIds: string[]; cookies: string[] }> {
  const storage = sessionStorage(ctx.config);
  const now = Date.now();
  const tokens: string[] = [];
  const userIds: string[] = [];
  ctx.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const userId = newId();
      const token = newToken();
      ctx.db.insert(users).values({ id: userId, email: `${label}-${i}-${userId.slice(0, 6)}@bench.test`, name: `${label}${i}`, passwordHash: "x", locale: "zh-CN" }).run();
      ctx.db.insert(memberships).values({ id: newId(), userId, orgId, role: "member" }).run();
      ctx.db.insert(sessions).values({ id: hashToken(token), userId, expiresAt: now + ctx.config.sessionAbsoluteMs, lastSeenAt: now, createdAt: now, stage: "full" }).run();
      tokens.push(token);
      userIds.push(userId);
    }
  });
  const cookies: string[] = [];
  for (const token of tokens) {
    const session = await storage.getSession();
    session.set("token", token);
    cookies.push((await storage.commitSession(session)).split(";")[0]!);
  }
  return { userIds, cookies };
}

/** Set-ups that ran out of a budget or lost their presenter; the run fails at the end when any did. */
const incomplete: string[] = [];

type Scenario = { eventId: string; questionId: string; deckId: string; presenterCookie: string; chatterCookies: string[] };

async function prepare(env: NodeJS.ProcessEnv) {
  const db = openDatabase(env.DATABASE_PATH!);
  migrateDatabase(db);
  const logger = pino({ level: "silent" });
  const ctx: AppContext = { db, config: loadConfig(env), clock: systemClock, logger, realtime: offlineRealtime, search: embeddedAppSearch(db, logger) };
  const viewerOrg = makeOrg(ctx, "institution", "基准机构", "bank");
  const viewers = await bulkViewers(ctx, viewerOrg, VIEWERS, "观众");
  const scenarios = new Map<number, Scenario>();
  for (const mode of MODES) {
    // A world per run (its own enterprise, hall and moderator), so the two events do not clash in the calendar.
    const w = await makeRoadshowWorld(ctx);
    const eventId = createEvent(ctx, w.scheduler, eventInput(ctx, w, { audience: "members", capacity: 50 }, 1 / 3));
    const questionId = askQuestion(ctx, w.pe, eventId, { clientId: `bench-question-${mode}`, body: "基准问题", anonymous: false }).question.id;
    moderateQuestion(ctx, w.scheduler, eventId, questionId, { action: "approve" });
    const [presenterCookie] = (await bulkSessionsFor(ctx, [w.enterprise.userId])).cookies;
    const chatters = await bulkViewers(ctx, viewerOrg, CHATTERS, `发言人${mode}-`);
    scenarios.set(mode, { eventId, questionId, deckId: w.deckA, presenterCookie: presenterCookie!, chatterCookies: chatters.cookies });
  }
  db.$client.close();
  return { viewerCookies: viewers.cookies, scenarios };
}

async function bulkSessionsFor(ctx: AppContext, userIds: string[]) {
  const storage = sessionStorage(ctx.config);
  const now = Date.now();
  const cookies: string[] = [];
  for (const userId of userIds) {
    const token = newToken();
    ctx.db.insert(sessions).values({ id: hashToken(token), userId, expiresAt: now + ctx.config.sessionAbsoluteMs, lastSeenAt: now, createdAt: now, stage: "full" }).run();
    const session = await storage.getSession();
    session.set("token", token);
    cookies.push((await storage.commitSession(session)).split(";")[0]!);
  }
  return { cookies };
}

async function runMode(mode: number, env: NodeJS.ProcessEnv, viewerCookies: string[], scenario: Scenario) {
  const label = mode === 1 ? "one app process" : "two app processes over Redis";
  log(`=== ${label}: ${VIEWERS} viewers over ${CLIENT_PROCS} client processes (load average ${load()})`);
  const redis = mode === 2 ? await startRedis() : null;
  const servers: ChildProcess[] = [];
  const clients: ChildProcess[] = [];
  const sockets: Client[] = [];
  try {
    const ports: number[] = [];
    const barePorts: number[] = [];
    for (let i = 0; i < mode; i++) {
      // One after the other: each migrates the shared database file on start.
      const profile = process.env.BENCH_LIVE_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_LIVE_CPU_PROF}`] : [];
      const child = fork(self, [], { execArgv: ["--import", "tsx", "--expose-gc", ...profile], env: { ...env, LIVE_BENCH_ROLE: "server", LOG_LEVEL: process.env.BENCH_LIVE_LOG_LEVEL ?? "error", ...(redis ? { REDIS_URL: redis.url } : {}) }, stdio: "inherit" });
      servers.push(child);
      const ready = await waitFor<{ port: number; barePort: number }>(child, "ready");
      ports.push(ready.port);
      barePorts.push(ready.barePort);
    }
    log(`app process(es) on ports ${ports.join(", ")}${redis ? ` with ${redis.url}` : ""}`);
    const memory = async () => Promise.all(servers.map((s) => waitFor<{ memory: Memory }>(s, "memory", { type: "memory" }).then((m) => m.memory)));
    const { eventId, questionId, deckId } = scenario;

    const presenter = await openClient(ports[0]!, scenario.presenterCookie);
    sockets.push(presenter);
    // A dropped presenter or chatter (socket.io's ping timeout: the app process fell so far behind that its pings
    // arrived more than 45 s late) ends the run early; what was measured until then is printed, marked as such.
    const health = { broken: null as string | null };
    presenter.on("disconnect", (reason) => {
      health.broken ??= `presenter disconnected (${reason})`;
      log(`presenter disconnected: ${reason}`);
    });
    const joined = await request(presenter, "live:join", { eventId });
    if (!joined.ok) throw new Error(`presenter join refused: ${joined.error.message}`);
    const chatters: Client[] = [];
    for (const [i, cookie] of scenario.chatterCookies.entries()) {
      const s = await openClient(ports[i % ports.length]!, cookie);
      const r = await request(s, "live:join", { eventId });
      if (!r.ok) throw new Error(`chatter join refused: ${r.error.message}`);
      s.on("disconnect", (reason) => {
        health.broken ??= `chatter ${i} disconnected (${reason})`;
        log(`chatter ${i} disconnected: ${reason}`);
      });
      chatters.push(s);
      sockets.push(s);
    }
    // Probe viewers: ordinary viewers (sessions of the same kind), but in this lightly loaded process.
    type Probe = { socket: Client; slide: number[]; chat: number[]; seen: Map<number, number> };
    const probes: Probe[] = [];
    for (const [i, cookie] of viewerCookies.slice(0, PROBES).entries()) {
      const socket = await openClient(ports[i % ports.length]!, cookie);
      sockets.push(socket);
      const probe: Probe = { socket, slide: [], chat: [], seen: new Map() };
      socket.on("slide", (p: { at: number }) => probe.slide.push(Date.now() - p.at));
      socket.on("chat:new", (m: { seq: number; createdAt: number }) => {
        probe.chat.push(Date.now() - m.createdAt);
        probe.seen.set(m.seq, (probe.seen.get(m.seq) ?? 0) + 1);
      });
      const r = await request(socket, "live:join", { eventId });
      if (!r.ok) throw new Error(`probe join refused: ${r.error.message}`);
      probes.push(probe);
    }
    const crowd = viewerCookies.slice(PROBES);
    const crowdSize = crowd.length;
    await sleep(500);
    const memBefore = await memory();

    for (let k = 0; k < CLIENT_PROCS; k++) clients.push(fork(viewerScript, [], { execArgv: ["--import", "tsx"], stdio: "inherit" }));
    await Promise.all(clients.map((c) => waitFor(c, "ready")));
    const share = Math.ceil(crowdSize / CLIENT_PROCS);
    const progress = new Array<number>(CLIENT_PROCS).fill(0);
    let printed = 0;
    clients.forEach((c, k) =>
      c.on("message", (msg: { type: string; joined?: number }) => {
        if (msg.type !== "progress") return;
        progress[k] = msg.joined!;
        const total = progress.reduce((a, b) => a + b, 0);
        if (total - printed >= 500) {
          printed = total;
          log(`  ${total + PROBES}/${VIEWERS} viewers joined (load average ${load()})`);
        }
      }),
    );
    const t0 = performance.now();
    await within(
      Promise.all(
        clients.map((c, k) =>
          waitFor(c, "connected", { type: "connect", ports, offset: PROBES + k * share, cookies: crowd.slice(k * share, (k + 1) * share), eventId } satisfies ViewerCommand),
        ),
      ),
      JOIN_BUDGET_MS,
      `joining ${VIEWERS} viewers`,
    );
    const joinSeconds = (performance.now() - t0) / 1000;
    log(`${VIEWERS} viewers joined in ${joinSeconds.toFixed(1)} s (${((VIEWERS - PROBES) / joinSeconds).toFixed(0)} joins/s; load average ${load()})`);
    await sleep(1000);
    const memAfter = await memory();

    // Baseline: the same number of bare clients on the same app processes, ten timestamped broadcasts from the first.
    await Promise.all(clients.map((c, k) => waitFor(c, "bare-connected", { type: "bare-connect", ports: barePorts, offset: k * share, count: Math.max(0, Math.min(share, crowdSize - k * share)) } satisfies ViewerCommand)));
    await sleep(500);
    for (let i = 0; i < 10; i++) {
      servers[0]!.send({ type: "bare" });
      await sleep(300);
    }
    await sleep(500);
    await Promise.all(clients.map((c) => waitFor(c, "bare-closed", { type: "bare-close" } satisfies ViewerCommand)));
    log("baseline broadcasts done; flipping pages and chatting");

    // The run: flips at 2/s, chat at CHAT_RATE/s from chatters on every app process, then one vote per viewer.
    const flipAckMs: number[] = [];
    const failures: string[] = [];
    const settle = <T>(p: Promise<T>) => p.catch((error: unknown) => (failures.push(String(error)), null));
    const flipping = (async () => {
      let ok = 0;
      for (let i = 0; i < FLIPS && !health.broken; i++) {
        const t = performance.now();
        const r = await settle(request(presenter, "slide:set", { eventId, deckId, page: (i % 4) + 1 }, 60_000));
        flipAckMs.push(performance.now() - t);
        if (r?.ok) ok++;
        else if (r) failures.push(r.error.message);
        await sleep(500);
      }
      return ok;
    })();
    const chatting = (async () => {
      const total = CHAT_RATE * CHAT_SECONDS;
      const acks: Promise<Awaited<ReturnType<typeof request<{ message: ChatView }>>> | null>[] = [];
      for (let i = 0; i < total && !health.broken; i++) {
        acks.push(settle(request<{ message: ChatView }>(chatters[i % chatters.length]!, "chat:send", { eventId, clientId: `bench-chat-${mode}-${i.toString().padStart(6, "0")}`, body: `消息 ${i}` }, 60_000)));
        await sleep(1000 / CHAT_RATE);
      }
      return (await Promise.all(acks)).flatMap((r) => (r?.ok ? [r.message.seq] : (r && failures.push(r.error.message), [])));
    })();
    const flipped = await flipping;
    const sentSeqs = await chatting;
    log(`flips acked ${flipped}/${FLIPS}, chat acked ${sentSeqs.length}/${CHAT_RATE * CHAT_SECONDS}; voting`);
    if (failures.length) log(`failures: ${[...new Set(failures)].join("; ")}`);
    const voteStart = performance.now();
    // Votes over budget: what was measured until then is still printed, marked INCOMPLETE (the viewer processes answer
    // the results request while their votes are still waiting).
    const votes = health.broken
      ? []
      : await within(
          Promise.all(clients.map((c) => waitFor<{ ok: number; failures: Record<string, number> }>(c, "voted", { type: "vote", questionId } satisfies ViewerCommand))),
          VOTE_BUDGET_MS,
          `${crowdSize} votes`,
        ).catch((error: unknown) => {
          health.broken = (error as Error).message;
          return [];
        });
    const voteMs = performance.now() - voteStart;
    log(health.broken ? `votes: ${health.broken}` : `votes acked in ${(voteMs / 1000).toFixed(1)} s; waiting for the last deliveries`);
    const voteFailures = votes.flatMap((v) => Object.entries(v.failures));
    if (voteFailures.length) log(`vote failures: ${voteFailures.map(([m, n]) => `${m} × ${n}`).join("; ")}`);
    await sleep(3000);

    type Results = { viewers: number; slideLatency: number[]; chatLatency: number[]; bareLatency: number[]; voteAckMs: number[]; qaUpdates: number; lost: number; duplicated: number; unexpected: number };
    const results = await Promise.all(clients.map((c) => waitFor<Results>(c, "results", { type: "results", sentSeqs } satisfies ViewerCommand)));
    const all = <K extends keyof Results>(key: K) => results.flatMap((r) => r[key] as number[]);
    const sum = (key: "lost" | "duplicated" | "unexpected" | "qaUpdates" | "viewers") => results.reduce((a, r) => a + r[key], 0);
    let probeLost = 0;
    let probeDuplicated = 0;
    for (const p of probes) {
      for (const seq of sentSeqs) if (!p.seen.has(seq)) probeLost++;
      for (const n of p.seen.values()) if (n > 1) probeDuplicated += n - 1;
    }
    const rssKb = memAfter.reduce((a, m, i) => a + m.rss - memBefore[i]!.rss, 0) / crowdSize / 1024;
    const heapKb = memAfter.reduce((a, m, i) => a + m.heapUsed - memBefore[i]!.heapUsed, 0) / crowdSize / 1024;
    const votesOk = votes.reduce((a, v) => a + v.ok, 0);
    console.log(`\n--- live room, ${label} (${ports.length} × server; load average ${load()}; ${os.cpus().length} CPUs)`);
    if (health.broken) {
      incomplete.push(`${label}: ${health.broken}`);
      console.log(`INCOMPLETE: ${health.broken} after ${flipped} flips and ${sentSeqs.length} acked chat messages; the figures below cover only that part (lost counts only acked messages)`);
    }
    console.log(`viewers=${sum("viewers") + probes.length} (${probes.length} probes here) flips=${flipped} chat=${sentSeqs.length} messages (${CHAT_RATE}/s) votes=${votesOk}/${crowdSize} acked in ${voteMs.toFixed(0)} ms (${((votesOk / voteMs) * 1000).toFixed(0)} votes/s)`);
    console.log(`joins: ${VIEWERS - PROBES} in ${joinSeconds.toFixed(1)} s`);
    console.log(report("slide fan-out, probes (lightly loaded client)", probes.flatMap((p) => p.slide)));
    console.log(report("chat fan-out,  probes (lightly loaded client)", probes.flatMap((p) => p.chat)));
    console.log(report("slide fan-out, all viewers (incl. client queueing)", all("slideLatency")));
    console.log(report("chat fan-out,  all viewers (incl. client queueing)", all("chatLatency")));
    console.log(report("baseline bare socket.io broadcast", all("bareLatency")));
    console.log(report("slide:set ack (presenter)", flipAckMs));
    // Every viewer process keeps CONCURRENT_VOTES votes in flight, so an ack waits behind those before it: this is
    // in-flight ÷ throughput (Little's law), not fan-out; the server's cost per vote is the votes/s above.
    console.log(report(`vote ack (${CLIENT_PROCS} × 100 in flight: queueing, see votes/s)`, all("voteAckMs")));
    console.log(`chat deliveries: lost=${sum("lost") + probeLost} duplicated=${sum("duplicated") + probeDuplicated} unexpected=${sum("unexpected")} (of ${sentSeqs.length * VIEWERS}); qa:update deliveries=${sum("qaUpdates")}`);
    console.log(`server memory per connection: ${rssKb.toFixed(1)} KB rss (${heapKb.toFixed(1)} KB heap), summed over app processes\n`);
  } finally {
    for (const s of sockets) s.close();
    for (const c of clients) if (c.connected) c.send({ type: "close" } satisfies ViewerCommand);
    await Promise.all(clients.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)));
    for (const s of servers) if (s.connected) s.send({ type: "stop" });
    await Promise.all(servers.map((s) => (s.exitCode === null ? new Promise((r) => s.once("exit", r)) : null)));
    await redis?.stop();
  }
}

export default async function run() {
  ensureBuild({ onlyIfMissing: true });
  const env = tempServerEnv();
  try {
    log(durationNotice());
    log(`preparing ${VIEWERS} viewer sessions in the database (load average ${load()})`);
    const { viewerCookies, scenarios } = await prepare(env);
    log("prepared");
    const failed: string[] = [];
    for (const mode of MODES) {
      // A set-up that runs out of a phase's budget is reported and the next one still runs.
      await runMode(mode, env, viewerCookies, scenarios.get(mode)!).catch((error: unknown) => {
        failed.push(`${mode} process(es): ${(error as Error).message}`);
        console.log(`\n--- INCOMPLETE: ${mode} app process(es): ${(error as Error).message} (load average ${load()})\n`);
      });
    }
    log(`done in ${((Date.now() - started) / 60_000).toFixed(1)} min`);
    failed.push(...incomplete);
    if (failed.length) throw new Error(`live bench incomplete: ${failed.join("; ")}`);
  } finally {
    fs.rmSync(env.DATA_DIR!, { recursive: true, force: true });
  }
}

if (process.env.LIVE_BENCH_ROLE === "server") void serverMain();
else if (process.argv[1] === self) void run().then(() => process.exit(0));
