import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent } from "~/modules/roadshows/events.server";
import type { ChatView, QuestionView } from "~/modules/roadshows/live.server";
import { eventInput, makeRoadshowWorld, type RoadshowWorld } from "@test/support/roadshow-world";
import { startServer } from "../../server";
import { ensureBuild } from "../support/build";
import { tempServerEnv, type RunningServer } from "../support/server";
import { openClient, request, sessionCookie, type Client } from "./messaging-support";

type Snapshot = { slide: { deckId: string; page: number } | null; chat: { messages: ChatView[]; lastSeq: number }; qa: { questions: QuestionView[] }; role: { canPresent: boolean; canModerate: boolean } };

let server: RunningServer;
let w: RoadshowWorld;
let eventId: string;
let otherEventId: string;
const cookies: Record<string, string> = {};
const open: Client[] = [];

async function client(who: keyof RoadshowWorld & string): Promise<Client> {
  const socket = await openClient(server.port, cookies[who]!);
  open.push(socket);
  return socket;
}

async function joined(who: "enterprise" | "bank" | "pe" | "moderator" | "otherBank", id = eventId): Promise<{ socket: Client; snapshot: Snapshot }> {
  const socket = await client(who);
  const reply = await request<Snapshot>(socket, "live:join", { eventId: id, consent: true });
  if (!reply.ok) throw new Error(`join refused: ${reply.error.message}`);
  return { socket, snapshot: reply as unknown as Snapshot };
}

const next = <T>(socket: Client, event: string, pred: (p: T) => boolean = () => true) =>
  new Promise<T>((resolve) => {
    const handler = (p: T) => {
      if (!pred(p)) return;
      socket.off(event, handler);
      resolve(p);
    };
    socket.on(event, handler);
  });

beforeAll(async () => {
  // Socket tests need some build to exist (production mode imports it); a stale one serves them as well.
  ensureBuild({ onlyIfMissing: true });
  server = await startServer(tempServerEnv());
  w = await makeRoadshowWorld(server.ctx);
  // The rooms are open from 30 minutes before the start: these start in 20 minutes (real clock).
  const soon = eventInput(server.ctx, w, {}, 1 / 3);
  eventId = createEvent(server.ctx, w.scheduler, soon);
  otherEventId = createEvent(
    server.ctx,
    w.scheduler,
    eventInput(server.ctx, w, { title: "定向路演", audience: "invited", invitedOrgIds: [w.peOrg], format: "online", venueId: w.online, slots: [{ enterpriseOrgId: w.entB, deckId: w.deckB }], moderatorUserIds: [] }, 1 / 3),
  );
  for (const who of ["enterprise", "bank", "pe", "moderator", "otherBank"] as const) cookies[who] = await sessionCookie(server.ctx, w[who].userId);
}, 600_000);

afterAll(async () => {
  for (const s of open) s.close();
  await server?.close();
});

describe("the live roadshow room against the real server", () => {
  it("refuses a member outside an invited audience at join, and any action before joining", async () => {
    const bank = await client("bank");
    const refused = await request(bank, "live:join", { eventId: otherEventId });
    expect(refused).toMatchObject({ ok: false, error: { message: "roadshows:errors.eventNotFound" } });
    expect(await request(bank, "chat:send", { eventId: otherEventId, clientId: "sneaky-123", body: "hi" })).toMatchObject({ ok: false, error: { code: "not_joined" } });
    const pe = await client("pe");
    expect(await request(pe, "live:join", { eventId: otherEventId })).toMatchObject({ ok: true });
  });

  it("slide sync: the presenter flips, every viewer gets it once, a viewer cannot flip, a late joiner lands on the page", async () => {
    const enterprise = await joined("enterprise");
    const bank = await joined("bank");
    const pe = await joined("pe");
    expect(enterprise.snapshot.role.canPresent).toBe(true);
    const seenByBank = next<{ page: number }>(bank.socket, "slide");
    const seenByPe = next<{ page: number }>(pe.socket, "slide");
    expect(await request(enterprise.socket, "slide:set", { eventId, deckId: w.deckA, page: 3 })).toMatchObject({ ok: true });
    expect((await seenByBank).page).toBe(3);
    expect((await seenByPe).page).toBe(3);
    expect(await request(bank.socket, "slide:set", { eventId, deckId: w.deckA, page: 1 })).toMatchObject({ ok: false, error: { message: "roadshows:errors.notPresenter" } });
    const late = await joined("otherBank");
    expect(late.snapshot.slide).toEqual({ deckId: w.deckA, page: 3 });
  });

  it("Q&A: a question reaches the audience only after the moderator approves it, anonymously; votes count once", async () => {
    const moderator = await joined("moderator");
    const pe = await joined("pe");
    const bank = await joined("bank");
    let bankSawPending = false;
    bank.socket.on("qa:update", (q: QuestionView) => {
      if (q.state === "pending") bankSawPending = true;
    });
    const staffSees = next<QuestionView>(moderator.socket, "qa:staff", (q) => q.body === "现金流何时转正？");
    const asked = await request<{ question: QuestionView }>(pe.socket, "qa:ask", { eventId, clientId: "ask-000001", body: "现金流何时转正？", anonymous: true });
    expect(asked.ok).toBe(true);
    const pending = await staffSees;
    expect(pending.askerName).toBe("投资经理");
    const bankSees = next<QuestionView>(bank.socket, "qa:update", (q) => q.id === pending.id && q.state === "approved");
    expect(await request(bank.socket, "qa:moderate", { eventId, questionId: pending.id, change: { action: "approve" } })).toMatchObject({ ok: false });
    expect(await request(moderator.socket, "qa:moderate", { eventId, questionId: pending.id, change: { action: "approve" } })).toMatchObject({ ok: true });
    const approved = await bankSees;
    expect(approved.askerName).toBeNull();
    expect(bankSawPending).toBe(false);
    expect(await request(bank.socket, "qa:vote", { eventId, questionId: pending.id })).toMatchObject({ ok: true, question: { votes: 1 } });
    expect(await request(bank.socket, "qa:vote", { eventId, questionId: pending.id })).toMatchObject({ ok: false, error: { message: "roadshows:errors.alreadyVoted" } });
    expect(await request(pe.socket, "qa:ask", { eventId, clientId: "ask-000002", body: "长".repeat(10_000) })).toMatchObject({ ok: false, error: { message: "roadshows:errors.questionTooLong" } });
  });

  it("chat: persisted before the ack, broadcast to the room, a resend is the same message, and a reconnecting viewer replays what it missed", async () => {
    const bank = await joined("bank");
    const pe = await joined("pe");
    const live = next<ChatView>(pe.socket, "chat:new", (m) => m.clientId === "chat-000001");
    const sent = await request<{ message: ChatView; duplicate: boolean }>(bank.socket, "chat:send", { eventId, clientId: "chat-000001", body: "<script>alert(1)</script>" });
    expect(sent).toMatchObject({ ok: true, duplicate: false });
    const seen = await live;
    expect(seen.body).toBe("<script>alert(1)</script>");
    const resend = await request<{ message: ChatView; duplicate: boolean }>(bank.socket, "chat:send", { eventId, clientId: "chat-000001", body: "<script>alert(1)</script>" });
    expect(resend).toMatchObject({ ok: true, duplicate: true, message: { id: seen.id, seq: seen.seq } });

    // The PE drops off; two messages are sent meanwhile; on reconnecting it asks for everything after its last seq.
    pe.socket.close();
    for (const n of [2, 3]) await request(bank.socket, "chat:send", { eventId, clientId: `chat-00000${n}`, body: `消息${n}` });
    const back = await joined("pe");
    const replay = await request<{ messages: ChatView[] }>(back.socket, "chat:replay", { eventId, afterSeq: seen.seq });
    expect(replay.ok && replay.messages.map((m) => m.body)).toEqual(["消息2", "消息3"]);
  });
});
