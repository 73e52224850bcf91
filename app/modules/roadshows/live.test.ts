import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { roadshowChatMessages, roadshowEvents, roadshowQuestions } from "@db/schema";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "~/utils/errors";
import { createTestContext, type TestContext } from "../../../test/context";
import { createEvent } from "./events.server";
import { answerQuestion, askQuestion, chatAfter, deleteChat, liveAccess, moderateQuestion, muteInChat, questionsFor, roomOf, roomSnapshot, sendChat, setSlide, setSlowMode, staffRoomOf, VOTE_BROADCAST_MS, voteQuestion } from "./live.server";
import { eventInput, HOUR, makeRoadshowWorld, type RoadshowWorld } from "./testing";

let ctx: TestContext;
let w: RoadshowWorld;
let eventId: string;
let endsAt: number;
let n = 0;
const cid = () => `client-${++n}-${Date.now()}`;

beforeEach(async () => {
  ctx = createTestContext();
  w = await makeRoadshowWorld(ctx);
  const input = eventInput(ctx, w, { slots: [{ enterpriseOrgId: w.entA, deckId: w.deckA }, { enterpriseOrgId: w.entB, deckId: w.deckB }] }, 2);
  eventId = createEvent(ctx, w.scheduler, input);
  endsAt = input.endsAt;
  ctx.clock.ms = input.startsAt + 60_000;
});

const broadcasts = (target: string, event: string) => ctx.realtime.events.filter((e) => e.target === target && e.event === event);

describe("joining the room", () => {
  it("opens 30 minutes before the start, for the audience only", async () => {
    const later = createEvent(ctx, w.scheduler, eventInput(ctx, w, { title: "明天", slots: [{ enterpriseOrgId: w.entB }], moderatorUserIds: [] }, 30));
    expect(() => liveAccess(ctx, w.bank, later)).toThrow(expect.objectContaining({ message: "roadshows:errors.roomNotOpen" }) as Error);
    const invited = createEvent(ctx, w.scheduler, eventInput(ctx, w, { title: "定向", audience: "invited", invitedOrgIds: [w.peOrg], format: "online", venueId: w.online, slots: [{ enterpriseOrgId: w.entB }], moderatorUserIds: [] }, 3));
    ctx.clock.advance(2 * HOUR + 40 * 60_000);
    expect(() => liveAccess(ctx, w.bank, invited)).toThrow(NotFoundError);
    expect(liveAccess(ctx, w.pe, invited).role.canPresent).toBe(false);
  });

  it("gives each party its powers: presenter presents and answers, moderator moderates, a viewer neither", () => {
    expect(liveAccess(ctx, w.enterprise, eventId).role).toMatchObject({ canPresent: true, canModerate: false, canAnswer: true, staffView: false });
    expect(liveAccess(ctx, w.moderator, eventId).role).toMatchObject({ canPresent: true, canModerate: true, staffView: true });
    expect(liveAccess(ctx, w.bank, eventId).role).toMatchObject({ canPresent: false, canModerate: false, canAnswer: false });
  });
});

describe("slide sync", () => {
  it("the presenter sets the page; it is stored and broadcast once to the room; late joiners land on it", () => {
    setSlide(ctx, w.enterprise, eventId, { deckId: w.deckA, page: 3 });
    expect(broadcasts(roomOf(eventId), "slide")).toHaveLength(1);
    expect(ctx.db.select().from(roadshowEvents).where(eq(roadshowEvents.id, eventId)).get()).toMatchObject({ currentDeckId: w.deckA, currentPage: 3 });
    expect(roomSnapshot(ctx, w.pe, eventId).slide).toEqual({ deckId: w.deckA, page: 3 });
  });

  it("refuses a viewer flipping slides, a page beyond the deck and a deck not in the event", () => {
    expect(() => setSlide(ctx, w.bank, eventId, { deckId: w.deckA, page: 2 })).toThrow(ForbiddenError);
    expect(() => setSlide(ctx, w.enterprise, eventId, { deckId: w.deckA, page: 99 })).toThrow(DomainError);
    expect(() => setSlide(ctx, w.enterprise, eventId, { deckId: "nope", page: 1 })).toThrow(DomainError);
  });
});

describe("chat", () => {
  it("stores with a room sequence, is idempotent on the client id, and replays after a sequence", () => {
    const a = sendChat(ctx, w.bank, eventId, { clientId: "abcdefgh1", body: "<b>你好</b>" });
    const again = sendChat(ctx, w.bank, eventId, { clientId: "abcdefgh1", body: "<b>你好</b>" });
    expect(again).toMatchObject({ duplicate: true, message: { id: a.message.id, seq: 1 } });
    sendChat(ctx, w.pe, eventId, { clientId: "abcdefgh2", body: "第二条" });
    expect(chatAfter(ctx, w.enterprise, eventId, 1).messages.map((m) => m.body)).toEqual(["第二条"]);
    expect(broadcasts(roomOf(eventId), "chat:new")).toHaveLength(2);
    // Another user cannot claim someone's client id.
    expect(() => sendChat(ctx, w.pe, eventId, { clientId: "abcdefgh1", body: "x" })).toThrow(DomainError);
  });

  it("slow mode refuses a second message too soon (not for moderators); a muted user is refused; deleted messages lose their text", () => {
    setSlowMode(ctx, w.moderator, eventId, 30);
    sendChat(ctx, w.bank, eventId, { clientId: cid(), body: "一" });
    ctx.clock.advance(10_000);
    expect(() => sendChat(ctx, w.bank, eventId, { clientId: cid(), body: "二" })).toThrow(expect.objectContaining({ message: "roadshows:errors.slowMode", values: { seconds: 20 } }) as Error);
    sendChat(ctx, w.moderator, eventId, { clientId: cid(), body: "主持人" });
    sendChat(ctx, w.moderator, eventId, { clientId: cid(), body: "主持人2" });
    ctx.clock.advance(20_000);
    const ok = sendChat(ctx, w.bank, eventId, { clientId: cid(), body: "三" });
    muteInChat(ctx, w.moderator, eventId, w.bank.userId, true);
    ctx.clock.advance(60_000);
    expect(() => sendChat(ctx, w.bank, eventId, { clientId: cid(), body: "四" })).toThrow(ForbiddenError);
    deleteChat(ctx, w.moderator, eventId, ok.message.id);
    expect(chatAfter(ctx, w.pe, eventId, 0).messages.find((m) => m.id === ok.message.id)).toMatchObject({ deleted: true, body: "" });
    expect(() => setSlowMode(ctx, w.bank, eventId, 0)).toThrow(ForbiddenError);
    expect(() => muteInChat(ctx, w.enterprise, eventId, w.pe.userId, true)).toThrow(ForbiddenError);
    expect(() => setSlowMode(ctx, w.moderator, eventId, -1)).toThrow(DomainError);
  });

  it("closes when the event ends and refuses an oversized message", () => {
    expect(() => sendChat(ctx, w.bank, eventId, { clientId: cid(), body: "x".repeat(501) })).toThrow(DomainError);
    ctx.clock.ms = endsAt;
    expect(() => sendChat(ctx, w.bank, eventId, { clientId: cid(), body: "结束了吗" })).toThrow(expect.objectContaining({ message: "roadshows:errors.chatClosed" }) as Error);
    expect(ctx.db.select().from(roadshowChatMessages).all()).toHaveLength(0);
  });
});

describe("Q&A", () => {
  it("questions are hidden until approved; anonymous ones show no name to the audience but staff see who", () => {
    const { question } = askQuestion(ctx, w.pe, eventId, { clientId: cid(), body: "毛利率为何下降？", anonymous: true });
    expect(broadcasts(roomOf(eventId), "qa:update")).toHaveLength(0);
    expect(broadcasts(staffRoomOf(eventId), "qa:staff")).toHaveLength(1);
    expect(questionsFor(ctx, w.bank, eventId, false).questions).toHaveLength(0);
    expect(questionsFor(ctx, w.pe, eventId, false).questions).toHaveLength(1);
    expect(() => voteQuestion(ctx, w.bank, eventId, question.id)).toThrow(expect.objectContaining({ message: "roadshows:errors.voteUnapproved" }) as Error);
    expect(() => moderateQuestion(ctx, w.bank, eventId, question.id, { action: "approve" })).toThrow(ForbiddenError);
    expect(() => moderateQuestion(ctx, w.enterprise, eventId, question.id, { action: "approve" })).toThrow(ForbiddenError);
    moderateQuestion(ctx, w.moderator, eventId, question.id, { action: "approve" });
    const seen = questionsFor(ctx, w.bank, eventId, false).questions[0]!;
    expect(seen).toMatchObject({ body: "毛利率为何下降？", askerName: null, askerOrgName: null });
    expect(JSON.stringify(broadcasts(roomOf(eventId), "qa:update"))).not.toContain("投资经理");
    expect(questionsFor(ctx, w.moderator, eventId, true).questions[0]!.askerName).toBe("投资经理");
    // The presenter is not staff: anonymity holds for the enterprise too.
    expect(roomSnapshot(ctx, w.enterprise, eventId).qa.questions[0]!.askerName).toBeNull();
  });

  it("one vote each; sorted by votes; merge moves votes without double counting", () => {
    const ask = (who: typeof w.bank, body: string) => askQuestion(ctx, who, eventId, { clientId: cid(), body, anonymous: false }).question.id;
    const q1 = ask(w.pe, "募投项目进度？");
    const q2 = ask(w.bank, "现金流情况？");
    const dup = ask(w.otherBank, "现金流怎么样？");
    for (const q of [q1, q2, dup]) moderateQuestion(ctx, w.moderator, eventId, q, { action: "approve" });
    voteQuestion(ctx, w.pe, eventId, q2);
    expect(() => voteQuestion(ctx, w.pe, eventId, q2)).toThrow(expect.objectContaining({ message: "roadshows:errors.alreadyVoted" }) as Error);
    voteQuestion(ctx, w.pe, eventId, dup);
    voteQuestion(ctx, w.enterprise, eventId, dup);
    moderateQuestion(ctx, w.moderator, eventId, dup, { action: "merge", intoId: q2 });
    const list = questionsFor(ctx, w.bank, eventId, false).questions;
    expect(list.map((q) => [q.id, q.votes])).toEqual([
      [q2, 2],
      [q1, 0],
    ]);
    expect(() => moderateQuestion(ctx, w.moderator, eventId, q1, { action: "merge", intoId: q1 })).toThrow(ConflictError);
  });

  describe("vote counts are coalesced", () => {
    afterEach(() => vi.useRealTimers());
    it("the first vote is broadcast at once; votes right after it become one broadcast with the stored count", () => {
      vi.useFakeTimers({ toFake: ["setTimeout"] });
      const q = askQuestion(ctx, w.pe, eventId, { clientId: cid(), body: "订单情况？", anonymous: false }).question.id;
      moderateQuestion(ctx, w.moderator, eventId, q, { action: "approve" });
      const votesSeen = () => broadcasts(roomOf(eventId), "qa:update").map((e) => (e.payload as { votes: number }).votes);
      const before = votesSeen().length;
      voteQuestion(ctx, w.pe, eventId, q);
      expect(votesSeen().slice(before)).toEqual([1]);
      voteQuestion(ctx, w.bank, eventId, q);
      expect(voteQuestion(ctx, w.otherBank, eventId, q).votes).toBe(3);
      // Within the window nothing more is sent to the room; the staff room is coalesced the same way.
      expect(votesSeen().slice(before)).toEqual([1]);
      vi.advanceTimersByTime(VOTE_BROADCAST_MS);
      expect(votesSeen().slice(before)).toEqual([1, 3]);
      expect(broadcasts(staffRoomOf(eventId), "qa:staff").map((e) => (e.payload as { votes: number }).votes).slice(-2)).toEqual([1, 3]);
      // A quiet window ends the coalescing: the next vote is broadcast at once again.
      vi.advanceTimersByTime(VOTE_BROADCAST_MS);
      voteQuestion(ctx, w.enterprise, eventId, q);
      expect(votesSeen().slice(before)).toEqual([1, 3, 4]);
    });
  });

  it("answering now is one at a time; the presenter answers in text or live; a hidden question cannot be answered", () => {
    const a = askQuestion(ctx, w.pe, eventId, { clientId: cid(), body: "A?", anonymous: false }).question.id;
    const b = askQuestion(ctx, w.bank, eventId, { clientId: cid(), body: "B?", anonymous: false }).question.id;
    moderateQuestion(ctx, w.moderator, eventId, a, { action: "approve" });
    moderateQuestion(ctx, w.moderator, eventId, b, { action: "approve" });
    moderateQuestion(ctx, w.moderator, eventId, a, { action: "answering" });
    moderateQuestion(ctx, w.moderator, eventId, b, { action: "answering" });
    const rows = ctx.db.select().from(roadshowQuestions).all();
    expect(rows.filter((r) => r.answeringNow).map((r) => r.id)).toEqual([b]);
    expect(() => answerQuestion(ctx, w.bank, eventId, a, { text: "我来答" })).toThrow(ForbiddenError);
    expect(() => answerQuestion(ctx, w.enterprise, eventId, a, {})).toThrow(DomainError);
    answerQuestion(ctx, w.enterprise, eventId, a, { text: "募投项目已完成 60%。" });
    answerQuestion(ctx, w.enterpriseB, eventId, b, { live: true });
    expect(questionsFor(ctx, w.pe, eventId, false).questions.find((q) => q.id === b)).toMatchObject({ answeredLive: true, answeringNow: false });
    const c = askQuestion(ctx, w.pe, eventId, { clientId: cid(), body: "C?", anonymous: false }).question.id;
    moderateQuestion(ctx, w.moderator, eventId, c, { action: "hide" });
    expect(() => answerQuestion(ctx, w.enterprise, eventId, c, { text: "x" })).toThrow(ConflictError);
  });

  it("refuses a 10,000-character question and questions after the end", () => {
    expect(() => askQuestion(ctx, w.pe, eventId, { clientId: cid(), body: "问".repeat(10_000), anonymous: false })).toThrow(expect.objectContaining({ message: "roadshows:errors.questionTooLong" }) as Error);
    ctx.clock.ms = endsAt + 1;
    expect(() => askQuestion(ctx, w.pe, eventId, { clientId: cid(), body: "还能问吗", anonymous: false })).toThrow(ConflictError);
    expect(ctx.db.select().from(roadshowQuestions).all()).toHaveLength(0);
  });
});
