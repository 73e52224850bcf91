// One client process of bench/live.bench.ts: holds a share of the viewers (socket.io clients), spread round-robin
// over the app processes, and records what each receives. The bench forks several of these so that the viewers'
// own CPU (parsing 2,000 × every broadcast) is not one event loop that the latency would measure instead of the
// server. Driven over IPC by the bench; imports nothing of the app, so it starts quickly.
import { io as connect, type Socket } from "socket.io-client";

type AckReply = { ok: true } & Record<string, unknown> | { ok: false; error: { code: string; message: string } };
export type ViewerCommand =
  | { type: "connect"; ports: number[]; offset: number; cookies: string[]; eventId: string }
  | { type: "bare-connect"; ports: number[]; offset: number; count: number }
  | { type: "bare-close" }
  | { type: "vote"; questionId: string }
  | { type: "results"; sentSeqs: number[] }
  | { type: "close" };

/** Joins in flight per client process: each join is a stored attendance row (an fsync), so more only queue. */
const CONCURRENT_JOINS = 20;
const CONCURRENT_VOTES = 100;

const viewers: Socket[] = [];
const bare: Socket[] = [];
const slideLatency: number[] = [];
const chatLatency: number[] = [];
const bareLatency: number[] = [];
const voteAckMs: number[] = [];
/** Per viewer: chat seq → deliveries. */
const seen: Map<number, number>[] = [];
let qaUpdates = 0;
let eventId = "";

const send = (msg: object) => process.send!(msg);

function open(port: number, cookie: string | null): Promise<Socket> {
  const socket = connect(`http://127.0.0.1:${port}`, { transports: ["websocket"], extraHeaders: cookie ? { cookie } : {}, reconnection: false, forceNew: true, timeout: 180_000 });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

const request = (socket: Socket, event: string, payload: unknown) =>
  (socket.timeout(120_000).emitWithAck(event, payload) as Promise<AckReply>).catch((error: unknown): AckReply => ({ ok: false, error: { code: "client", message: String(error) } }));

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

async function connectViewers(cmd: Extract<ViewerCommand, { type: "connect" }>) {
  eventId = cmd.eventId;
  let done = 0;
  await pool(cmd.cookies, CONCURRENT_JOINS, async (cookie, i) => {
    const socket = await open(cmd.ports[(cmd.offset + i) % cmd.ports.length]!, cookie);
    const mine = new Map<number, number>();
    socket.on("slide", (p: { at: number }) => slideLatency.push(Date.now() - p.at));
    socket.on("chat:new", (m: { seq: number; createdAt: number }) => {
      chatLatency.push(Date.now() - m.createdAt);
      mine.set(m.seq, (mine.get(m.seq) ?? 0) + 1);
    });
    socket.on("qa:update", () => qaUpdates++);
    const reply = await request(socket, "live:join", { eventId });
    if (!reply.ok) throw new Error(`join refused: ${reply.error.message}`);
    viewers.push(socket);
    seen.push(mine);
    if (++done % 250 === 0) send({ type: "progress", joined: done });
  });
}

async function connectBare(cmd: Extract<ViewerCommand, { type: "bare-connect" }>) {
  await pool(
    Array.from({ length: cmd.count }, (_, i) => i),
    CONCURRENT_JOINS,
    async (i) => {
      const socket = await open(cmd.ports[(cmd.offset + i) % cmd.ports.length]!, null);
      socket.on("tick", (p: { at: number }) => bareLatency.push(Date.now() - p.at));
      bare.push(socket);
    },
  );
}

async function vote(questionId: string) {
  let ok = 0;
  const failures: Record<string, number> = {};
  await pool(viewers, CONCURRENT_VOTES, async (socket) => {
    const t0 = performance.now();
    const reply = await request(socket, "qa:vote", { eventId, questionId });
    voteAckMs.push(performance.now() - t0);
    if (reply.ok) ok++;
    else failures[reply.error.message] = (failures[reply.error.message] ?? 0) + 1;
  });
  return { ok, failures };
}

function results(sentSeqs: number[]) {
  let lost = 0;
  let duplicated = 0;
  let unexpected = 0;
  const expected = new Set(sentSeqs);
  for (const mine of seen) {
    for (const seq of sentSeqs) if (!mine.has(seq)) lost++;
    for (const [seq, n] of mine) {
      if (!expected.has(seq)) unexpected++;
      if (n > 1) duplicated += n - 1;
    }
  }
  return { type: "results", viewers: viewers.length, slideLatency, chatLatency, bareLatency, voteAckMs, qaUpdates, lost, duplicated, unexpected };
}

process.on("message", (cmd: ViewerCommand) => {
  const reply = (work: () => Promise<object> | object) =>
    Promise.resolve()
      .then(work)
      .then((answer) => send(answer))
      .catch((error: unknown) => send({ type: "error", message: String((error as Error)?.stack ?? error) }));
  if (cmd.type === "connect") void reply(async () => (await connectViewers(cmd), { type: "connected", viewers: viewers.length }));
  if (cmd.type === "bare-connect") void reply(async () => (await connectBare(cmd), { type: "bare-connected" }));
  if (cmd.type === "bare-close") void reply(() => (bare.forEach((s) => s.close()), { type: "bare-closed" }));
  if (cmd.type === "vote") void reply(async () => ({ type: "voted", ...(await vote(cmd.questionId)) }));
  if (cmd.type === "results") void reply(() => results(cmd.sentSeqs));
  if (cmd.type === "close") {
    for (const s of viewers) s.close();
    process.exit(0);
  }
});
// The bench gone (crashed, interrupted): do not linger as an orphan with open sockets.
process.once("disconnect", () => process.exit(1));
send({ type: "ready" });
