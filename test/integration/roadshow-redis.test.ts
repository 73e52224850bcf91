import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent } from "~/modules/roadshows/events.server";
import type { ChatView } from "~/modules/roadshows/live.server";
import { eventInput, makeRoadshowWorld, type RoadshowWorld } from "@test/support/roadshow-world";
import { startServer } from "../../server";
import { ensureBuild } from "../support/build";
import { startRedis } from "../support/redis";
import { tempServerEnv, type RunningServer } from "../support/server";
import { openClient, request, sessionCookie, type Client } from "./messaging-support";

/** Two app processes' servers over one database and one Redis: a room broadcast on A reaches a viewer on B. */
let redis: Awaited<ReturnType<typeof startRedis>>;
let a: RunningServer;
let b: RunningServer;
let env: NodeJS.ProcessEnv;
let w: RoadshowWorld;
let eventId: string;
const open: Client[] = [];

beforeAll(async () => {
  ensureBuild({ onlyIfMissing: true });
  redis = await startRedis();
  env = { ...tempServerEnv(), REDIS_URL: redis.url };
  a = await startServer(env);
  b = await startServer(env);
  w = await makeRoadshowWorld(a.ctx);
  eventId = createEvent(a.ctx, w.scheduler, eventInput(a.ctx, w, {}, 1 / 3));
}, 600_000);

afterAll(async () => {
  for (const s of open) s.close();
  await a?.close();
  await b?.close();
  await redis?.stop();
  if (env?.DATA_DIR) fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
});

async function joinedOn(server: RunningServer, userId: string): Promise<Client> {
  const socket = await openClient(server.port, await sessionCookie(server.ctx, userId));
  open.push(socket);
  expect(await request(socket, "live:join", { eventId })).toMatchObject({ ok: true });
  return socket;
}

describe("the live room across two processes through Redis", () => {
  it("a slide set and a chat message sent on process A reach a viewer connected to process B", async () => {
    const presenter = await joinedOn(a, w.enterprise.userId);
    const viewer = await joinedOn(b, w.bank.userId);
    const slide = new Promise<{ page: number }>((resolve) => viewer.once("slide", resolve));
    expect(await request(presenter, "slide:set", { eventId, deckId: w.deckA, page: 4 })).toMatchObject({ ok: true });
    expect((await slide).page).toBe(4);
    const chat = new Promise<ChatView>((resolve) => viewer.on("chat:new", (m: ChatView) => m.clientId === "redis-0001" && resolve(m)));
    expect(await request(presenter, "chat:send", { eventId, clientId: "redis-0001", body: "跨进程送达" })).toMatchObject({ ok: true });
    expect((await chat).body).toBe("跨进程送达");
    // B reads the slide A stored: a late joiner on B lands on page 4.
    const late = await openClient(b.port, await sessionCookie(b.ctx, w.pe.userId));
    open.push(late);
    expect(await request(late, "live:join", { eventId })).toMatchObject({ ok: true, slide: { deckId: w.deckA, page: 4 } });
  });
});
