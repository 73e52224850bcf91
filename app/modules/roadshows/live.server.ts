import { and, asc, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import {
  decks,
  deckVersions,
  organisations,
  roadshowAttendance,
  roadshowChatMessages,
  roadshowChatMutes,
  roadshowEvents,
  roadshowPagesSeen,
  roadshowQuestions,
  roadshowQuestionVotes,
  roadshowSlideChanges,
  users,
} from "@db/schema";
import { assertCan, can, seesRoadshowStaffView } from "~/modules/access";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import type { Locale } from "~/i18n/config";
import { renderDeckPageFor } from "./decks.server";
import { phaseOf, visibleEvent, type EventRow } from "./events.server";
import type { ChatView, QuestionView } from "./live-types";

export type { ChatView, QuestionView };

type Ctx = Pick<AppContext, "db" | "clock">;

export const roomOf = (eventId: string) => `roadshow:${eventId}`;
/** Exchange staff and moderators also sit here: they get the pending queue and askers' names. */
export const staffRoomOf = (eventId: string) => `roadshow:${eventId}:staff`;

export const CHAT_MAX_CHARS = 500;
export const QUESTION_MAX_CHARS = 500;
export const SLOW_MODE_MAX_SECONDS = 600;
export const CHAT_PAGE = 200;

export type LiveRole = { canPresent: boolean; canModerate: boolean; canAnswer: boolean; staffView: boolean };

/** The live room for this actor: in the audience, not cancelled, and open (from 30 minutes before the start). */
export function liveAccess(ctx: Ctx, actor: Actor, eventId: string) {
  const { event, parties } = visibleEvent(ctx, actor, eventId);
  assertCan(actor, "join:roadshow-live:audience", parties, { refusal: "not-found", message: "roadshows:errors.eventNotFound" });
  const phase = phaseOf(event, ctx.clock.now());
  if (phase === "cancelled") throw new ConflictError("roadshows:errors.cancelled");
  if (phase === "upcoming") throw new ConflictError("roadshows:errors.roomNotOpen");
  const role: LiveRole = {
    canPresent: can(actor, "present:roadshow:own", parties),
    canModerate: can(actor, "moderate:roadshow:own", parties),
    canAnswer: can(actor, "answer:roadshow-question:own", parties),
    staffView: seesRoadshowStaffView(actor, parties),
  };
  return { event, parties, phase, role };
}

export type LiveAccess = ReturnType<typeof liveAccess>;

// ---------------------------------------------------------------- slides

function deckPages(ctx: Pick<AppContext, "db">, deckIds: string[]) {
  if (!deckIds.length) return [];
  return ctx.db
    .select({ deckId: decks.id, title: decks.title, pageCount: deckVersions.pageCount, version: deckVersions.version })
    .from(decks)
    .innerJoin(deckVersions, eq(deckVersions.id, decks.currentVersionId))
    .where(inArray(decks.id, deckIds))
    .all();
}

/** The presenter or a moderator moves everyone to a page; the page is stored (late joiners and restarts land on it). */
export function setSlide(ctx: AppContext, actor: Actor, eventId: string, input: { deckId: string; page: number }) {
  const { parties, phase } = liveAccess(ctx, actor, eventId);
  assertCan(actor, "present:roadshow:own", parties, { message: "roadshows:errors.notPresenter" });
  if (phase === "ended") throw new ConflictError("roadshows:errors.ended");
  const deck = deckPages(ctx, parties.slots.map((s) => s.deckId).filter((d): d is string => !!d)).find((d) => d.deckId === input.deckId);
  if (!deck) throw new DomainError("roadshows:errors.deckNotInEvent");
  if (!Number.isInteger(input.page) || input.page < 1 || input.page > deck.pageCount) throw new DomainError("roadshows:errors.noPage");
  const at = ctx.clock.now();
  ctx.db.transaction(() => {
    ctx.db.update(roadshowEvents).set({ currentDeckId: input.deckId, currentPage: input.page }).where(eq(roadshowEvents.id, eventId)).run();
    ctx.db.insert(roadshowSlideChanges).values({ id: newId(), eventId, deckId: input.deckId, page: input.page, byUserId: actor.userId, at }).run();
  });
  const slide = { eventId, deckId: input.deckId, page: input.page, at };
  ctx.realtime.toRoom(roomOf(eventId), "slide", slide);
  return slide;
}

/**
 * A page of one of the event's decks for someone in the room, rendered by the deck viewer with their own watermark.
 * The event's audience rule decides (the enterprise put the deck on stage), not the deck's own audience.
 */
export async function liveDeckPage(ctx: Pick<AppContext, "db" | "clock" | "config">, actor: Actor, eventId: string, deckId: string, page: number, locale: Locale) {
  const { parties } = liveAccess(ctx, actor, eventId);
  if (!parties.slots.some((s) => s.deckId === deckId)) throw new NotFoundError("roadshows:errors.deckNotInEvent");
  const deck = ctx.db.select().from(decks).where(eq(decks.id, deckId)).get();
  if (!deck) throw new NotFoundError("roadshows:errors.notFound");
  return renderDeckPageFor(ctx, { kind: "actor", actor }, deck, page, locale);
}

export function recordPageSeen(ctx: Ctx, actor: Actor, eventId: string, input: { deckId: string; page: number }): void {
  const { parties } = liveAccess(ctx, actor, eventId);
  if (!parties.slots.some((s) => s.deckId === input.deckId)) throw new DomainError("roadshows:errors.deckNotInEvent");
  if (!Number.isInteger(input.page) || input.page < 1 || input.page > 500) throw new DomainError("roadshows:errors.noPage");
  ctx.db.insert(roadshowPagesSeen).values({ eventId, userId: actor.userId, deckId: input.deckId, page: input.page, firstSeenAt: ctx.clock.now() }).onConflictDoNothing().run();
}

// ---------------------------------------------------------------- attendance

/** `access`: the caller's liveAccess of this request (a join checks it once for the attendance and the snapshot). */
export function startAttendance(ctx: Ctx, actor: Actor, eventId: string, consent: boolean, access?: LiveAccess): string {
  if (!access) liveAccess(ctx, actor, eventId);
  const id = newId();
  ctx.db.insert(roadshowAttendance).values({ id, eventId, userId: actor.userId, orgId: actor.orgId, consent, joinedAt: ctx.clock.now() }).run();
  return id;
}

export function endAttendance(ctx: Ctx, attendanceId: string): void {
  ctx.db.update(roadshowAttendance).set({ leftAt: ctx.clock.now() }).where(and(eq(roadshowAttendance.id, attendanceId), isNull(roadshowAttendance.leftAt))).run();
}

// ---------------------------------------------------------------- chat


const chatCols = {
  id: roadshowChatMessages.id,
  seq: roadshowChatMessages.seq,
  clientId: roadshowChatMessages.clientId,
  userId: roadshowChatMessages.userId,
  name: users.name,
  orgName: organisations.name,
  body: roadshowChatMessages.body,
  deletedAt: roadshowChatMessages.deletedAt,
  createdAt: roadshowChatMessages.createdAt,
};

type ChatRow = { id: string; seq: number; clientId: string; userId: string; name: string; orgName: string; body: string; deletedAt: number | null; createdAt: number };
const chatView = (r: ChatRow): ChatView => ({ id: r.id, seq: r.seq, clientId: r.clientId, userId: r.userId, name: r.name, orgName: r.orgName, body: r.deletedAt ? "" : r.body, deleted: !!r.deletedAt, createdAt: r.createdAt });

function chatQuery(ctx: Pick<AppContext, "db">) {
  return ctx.db
    .select(chatCols)
    .from(roadshowChatMessages)
    .innerJoin(users, eq(users.id, roadshowChatMessages.userId))
    .innerJoin(organisations, eq(organisations.id, roadshowChatMessages.orgId));
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE";
}

/**
 * The messaging contract in a room: stored (with the room's next sequence) before the ack; a resend with the same
 * client id returns the stored message; the new message is broadcast once to the room. Chat closes at the end; a
 * muted viewer and one writing faster than slow mode allows are refused (moderators are neither).
 */
export function sendChat(ctx: AppContext, actor: Actor, eventId: string, input: { clientId: string; body: string }): { message: ChatView; duplicate: boolean } {
  const { event, role } = liveAccess(ctx, actor, eventId);
  const body = input.body.trim();
  if (!body) throw new DomainError("roadshows:errors.chatEmpty", {}, "body");
  if (body.length > CHAT_MAX_CHARS) throw new DomainError("roadshows:errors.chatTooLong", { max: CHAT_MAX_CHARS }, "body");
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(input.clientId)) throw new DomainError("roadshows:errors.clientId");
  const earlier = chatQuery(ctx).where(and(eq(roadshowChatMessages.eventId, eventId), eq(roadshowChatMessages.clientId, input.clientId))).get();
  if (earlier) {
    if (earlier.userId !== actor.userId) throw new DomainError("roadshows:errors.clientId");
    return { message: chatView(earlier), duplicate: true };
  }
  const now = ctx.clock.now();
  if (now >= event.endsAt) throw new ConflictError("roadshows:errors.chatClosed");
  if (!role.canModerate) {
    const muted = ctx.db.select().from(roadshowChatMutes).where(and(eq(roadshowChatMutes.eventId, eventId), eq(roadshowChatMutes.userId, actor.userId))).get();
    if (muted) throw new ForbiddenError("roadshows:errors.muted");
  }
  let stored: { id: string; seq: number };
  try {
    stored = ctx.db.transaction(
      () => {
        // Slow mode is read inside the write transaction, so two quick sends from two tabs cannot both pass.
        const fresh = ctx.db.select({ slow: roadshowEvents.slowModeSeconds }).from(roadshowEvents).where(eq(roadshowEvents.id, eventId)).get()!;
        if (fresh.slow > 0 && !role.canModerate) {
          const last = ctx.db
            .select({ at: roadshowChatMessages.createdAt })
            .from(roadshowChatMessages)
            .where(and(eq(roadshowChatMessages.eventId, eventId), eq(roadshowChatMessages.userId, actor.userId)))
            .orderBy(desc(roadshowChatMessages.createdAt))
            .get();
          const wait = last ? Math.ceil((last.at + fresh.slow * 1000 - now) / 1000) : 0;
          if (wait > 0) throw new DomainError("roadshows:errors.slowMode", { seconds: wait });
        }
        const bumped = ctx.db
          .update(roadshowEvents)
          .set({ chatLastSeq: sql`${roadshowEvents.chatLastSeq} + 1` })
          .where(eq(roadshowEvents.id, eventId))
          .returning({ seq: roadshowEvents.chatLastSeq })
          .get()!;
        const id = newId();
        ctx.db.insert(roadshowChatMessages).values({ id, eventId, seq: bumped.seq, clientId: input.clientId, userId: actor.userId, orgId: actor.orgId, body, createdAt: now }).run();
        return { id, seq: bumped.seq };
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    if (isUniqueViolation(error)) {
      const winner = chatQuery(ctx).where(and(eq(roadshowChatMessages.eventId, eventId), eq(roadshowChatMessages.clientId, input.clientId))).get();
      if (winner) return { message: chatView(winner), duplicate: true };
    }
    throw error;
  }
  const message: ChatView = { id: stored.id, seq: stored.seq, clientId: input.clientId, userId: actor.userId, name: actor.name, orgName: actor.orgName, body, deleted: false, createdAt: now };
  ctx.realtime.toRoom(roomOf(eventId), "chat:new", message);
  return { message, duplicate: false };
}

/** Everything after `afterSeq`, in order: what a reconnecting viewer asks for. */
export function chatAfter(ctx: Ctx, actor: Actor, eventId: string, afterSeq: number) {
  const { event } = liveAccess(ctx, actor, eventId);
  if (!Number.isInteger(afterSeq) || afterSeq < 0) throw new DomainError("roadshows:errors.invalid");
  const rows = chatQuery(ctx).where(and(eq(roadshowChatMessages.eventId, eventId), gt(roadshowChatMessages.seq, afterSeq))).orderBy(asc(roadshowChatMessages.seq)).limit(CHAT_PAGE + 1).all();
  return { messages: rows.slice(0, CHAT_PAGE).map(chatView), lastSeq: event.chatLastSeq, hasMore: rows.length > CHAT_PAGE };
}

function recentChat(ctx: Pick<AppContext, "db">, eventId: string) {
  return chatQuery(ctx).where(eq(roadshowChatMessages.eventId, eventId)).orderBy(desc(roadshowChatMessages.seq)).limit(CHAT_PAGE).all().reverse().map(chatView);
}

function moderation(ctx: Ctx, actor: Actor, eventId: string) {
  const access = liveAccess(ctx, actor, eventId);
  assertCan(actor, "moderate:roadshow:own", access.parties, { message: "roadshows:errors.notModerator" });
  return access;
}

export function deleteChat(ctx: AppContext, actor: Actor, eventId: string, messageId: string): void {
  moderation(ctx, actor, eventId);
  const row = ctx.db.select().from(roadshowChatMessages).where(and(eq(roadshowChatMessages.id, messageId), eq(roadshowChatMessages.eventId, eventId))).get();
  if (!row) throw new NotFoundError("roadshows:errors.messageNotFound");
  if (row.deletedAt) return;
  ctx.db.transaction(() => {
    ctx.db.update(roadshowChatMessages).set({ deletedAt: ctx.clock.now(), deletedBy: actor.userId }).where(eq(roadshowChatMessages.id, messageId)).run();
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "roadshow.chat.deleted", subjectType: "roadshow_event", subjectId: eventId, data: { messageId, authorUserId: row.userId, seq: row.seq } });
  });
  ctx.realtime.toRoom(roomOf(eventId), "chat:deleted", { eventId, id: messageId, seq: row.seq });
}

export function muteInChat(ctx: AppContext, actor: Actor, eventId: string, userId: string, muted: boolean): void {
  const { parties } = moderation(ctx, actor, eventId);
  if (parties.moderatorUserIds.includes(userId)) throw new DomainError("roadshows:errors.cannotMuteModerator");
  ctx.db.transaction(() => {
    if (muted) ctx.db.insert(roadshowChatMutes).values({ eventId, userId, mutedBy: actor.userId, mutedAt: ctx.clock.now() }).onConflictDoNothing().run();
    else ctx.db.delete(roadshowChatMutes).where(and(eq(roadshowChatMutes.eventId, eventId), eq(roadshowChatMutes.userId, userId))).run();
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: muted ? "roadshow.chat.muted" : "roadshow.chat.unmuted", subjectType: "roadshow_event", subjectId: eventId, data: { userId } });
  });
  ctx.realtime.toUser(userId, "chat:muted", { eventId, muted });
  ctx.realtime.toRoom(staffRoomOf(eventId), "chat:mutes", { eventId, userId, muted });
}

export function setSlowMode(ctx: AppContext, actor: Actor, eventId: string, seconds: number): void {
  moderation(ctx, actor, eventId);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > SLOW_MODE_MAX_SECONDS) throw new DomainError("roadshows:errors.slowModeRange", { max: SLOW_MODE_MAX_SECONDS });
  ctx.db.transaction(() => {
    ctx.db.update(roadshowEvents).set({ slowModeSeconds: seconds }).where(eq(roadshowEvents.id, eventId)).run();
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "roadshow.chat.slowMode", subjectType: "roadshow_event", subjectId: eventId, data: { seconds } });
  });
  ctx.realtime.toRoom(roomOf(eventId), "chat:slow", { eventId, seconds });
}

// ---------------------------------------------------------------- Q&A

export type QuestionRow = typeof roadshowQuestions.$inferSelect & { askerName: string; askerOrgName: string };


function questionView(q: QuestionRow, staff: boolean): QuestionView {
  const hideName = q.anonymous && !staff;
  return {
    id: q.id,
    body: q.body,
    state: q.state,
    votes: q.votes,
    anonymous: q.anonymous,
    askerName: hideName ? null : q.askerName,
    askerOrgName: hideName ? null : q.askerOrgName,
    mergedIntoId: q.mergedIntoId,
    answeringNow: q.answeringNow,
    answerText: q.answerText,
    answeredLive: q.answeredLive,
    answeredAt: q.answeredAt,
    createdAt: q.createdAt,
  };
}

function questionsQuery(ctx: Pick<AppContext, "db">) {
  return ctx.db
    .select({ q: roadshowQuestions, askerName: users.name, askerOrgName: organisations.name })
    .from(roadshowQuestions)
    .innerJoin(users, eq(users.id, roadshowQuestions.askerUserId))
    .innerJoin(organisations, eq(organisations.id, roadshowQuestions.askerOrgId));
}

function questionRow(ctx: Pick<AppContext, "db">, eventId: string, questionId: string): QuestionRow {
  const r = questionsQuery(ctx).where(and(eq(roadshowQuestions.id, questionId), eq(roadshowQuestions.eventId, eventId))).get();
  if (!r) throw new NotFoundError("roadshows:errors.questionNotFound");
  return { ...r.q, askerName: r.askerName, askerOrgName: r.askerOrgName };
}

const byVotes = (a: QuestionView, b: QuestionView) => b.votes - a.votes || a.createdAt - b.createdAt;

/** Approved questions for everyone (sorted by votes), plus the viewer's own pending ones; staff see every question. */
export function questionsFor(ctx: Pick<AppContext, "db">, actor: Actor, eventId: string, staff: boolean) {
  const rows = questionsQuery(ctx).where(eq(roadshowQuestions.eventId, eventId)).all();
  const visible = rows.filter((r) => staff || r.q.state === "approved" || (r.q.askerUserId === actor.userId && r.q.state === "pending"));
  const mine = rows.filter((r) => r.q.askerUserId === actor.userId).map((r) => r.q.id);
  const myVotes = ctx.db
    .select({ id: roadshowQuestionVotes.questionId })
    .from(roadshowQuestionVotes)
    .innerJoin(roadshowQuestions, eq(roadshowQuestions.id, roadshowQuestionVotes.questionId))
    .where(and(eq(roadshowQuestions.eventId, eventId), eq(roadshowQuestionVotes.userId, actor.userId)))
    .all()
    .map((r) => r.id);
  return { questions: visible.map((r) => questionView({ ...r.q, askerName: r.askerName, askerOrgName: r.askerOrgName }, staff)).sort(byVotes), mine, myVotes };
}

/** One change, broadcast once to the room (the audience's view) and once to the staff room (with names). */
function broadcastQuestion(ctx: AppContext, eventId: string, q: QuestionRow): void {
  const publicView = questionView(q, false);
  // The audience never learns of pending questions; a hidden or merged one is sent so it disappears.
  if (q.state !== "pending") ctx.realtime.toRoom(roomOf(eventId), "qa:update", publicView);
  ctx.realtime.toRoom(staffRoomOf(eventId), "qa:staff", questionView(q, true));
}

export function askQuestion(ctx: AppContext, actor: Actor, eventId: string, input: { clientId: string; body: string; anonymous: boolean }): { question: QuestionView; duplicate: boolean } {
  const { event, parties } = liveAccess(ctx, actor, eventId);
  const body = input.body.trim();
  if (!body) throw new DomainError("roadshows:errors.questionEmpty", {}, "body");
  if (body.length > QUESTION_MAX_CHARS) throw new DomainError("roadshows:errors.questionTooLong", { max: QUESTION_MAX_CHARS }, "body");
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(input.clientId)) throw new DomainError("roadshows:errors.clientId");
  const earlier = ctx.db.select().from(roadshowQuestions).where(and(eq(roadshowQuestions.eventId, eventId), eq(roadshowQuestions.clientId, input.clientId))).get();
  if (earlier) {
    if (earlier.askerUserId !== actor.userId) throw new DomainError("roadshows:errors.clientId");
    return { question: questionView(questionRow(ctx, eventId, earlier.id), true), duplicate: true };
  }
  if (ctx.clock.now() >= event.endsAt) throw new ConflictError("roadshows:errors.qaClosed");
  const id = newId();
  const at = ctx.clock.now();
  ctx.db
    .insert(roadshowQuestions)
    .values({ id, eventId, clientId: input.clientId, askerUserId: actor.userId, askerOrgId: actor.orgId, enterpriseOrgId: parties.presenterOrgIds[0] ?? null, body, anonymous: input.anonymous, createdAt: at, updatedAt: at })
    .run();
  const row = questionRow(ctx, eventId, id);
  broadcastQuestion(ctx, eventId, row);
  // The asker always sees their own name on their own question.
  return { question: questionView(row, true), duplicate: false };
}

export type ModerationAction = { action: "approve" } | { action: "hide" } | { action: "answering" } | { action: "merge"; intoId: string };

export function moderateQuestion(ctx: AppContext, actor: Actor, eventId: string, questionId: string, input: ModerationAction): QuestionView {
  moderation(ctx, actor, eventId);
  const q = questionRow(ctx, eventId, questionId);
  const at = ctx.clock.now();
  const changed: string[] = [questionId];
  ctx.db.transaction(() => {
    if (input.action === "approve") {
      if (q.state !== "pending" && q.state !== "hidden") throw new ConflictError("roadshows:errors.questionState");
      ctx.db.update(roadshowQuestions).set({ state: "approved", moderatedBy: actor.userId, updatedAt: at }).where(eq(roadshowQuestions.id, questionId)).run();
    } else if (input.action === "hide") {
      if (q.state === "hidden" || q.state === "merged") throw new ConflictError("roadshows:errors.questionState");
      ctx.db.update(roadshowQuestions).set({ state: "hidden", answeringNow: false, moderatedBy: actor.userId, updatedAt: at }).where(eq(roadshowQuestions.id, questionId)).run();
    } else if (input.action === "answering") {
      if (q.state !== "approved") throw new ConflictError("roadshows:errors.questionState");
      const others = ctx.db
        .update(roadshowQuestions)
        .set({ answeringNow: false, updatedAt: at })
        .where(and(eq(roadshowQuestions.eventId, eventId), eq(roadshowQuestions.answeringNow, true)))
        .returning({ id: roadshowQuestions.id })
        .all();
      changed.push(...others.map((o) => o.id).filter((id) => id !== questionId));
      ctx.db.update(roadshowQuestions).set({ answeringNow: true, updatedAt: at }).where(eq(roadshowQuestions.id, questionId)).run();
    } else {
      const target = questionRow(ctx, eventId, input.intoId);
      if (target.id === q.id || target.state !== "approved" || q.state === "merged") throw new ConflictError("roadshows:errors.mergeTarget");
      // Votes follow the question into the one it duplicates; a person who voted for both counts once.
      ctx.db.run(sql`insert or ignore into roadshow_question_votes (question_id, user_id, at) select ${target.id}, user_id, at from roadshow_question_votes where question_id = ${q.id}`);
      const votes = ctx.db.select({ n: sql<number>`count(*)` }).from(roadshowQuestionVotes).where(eq(roadshowQuestionVotes.questionId, target.id)).get()!.n;
      ctx.db.update(roadshowQuestions).set({ votes, updatedAt: at }).where(eq(roadshowQuestions.id, target.id)).run();
      ctx.db.update(roadshowQuestions).set({ state: "merged", mergedIntoId: target.id, answeringNow: false, moderatedBy: actor.userId, updatedAt: at }).where(eq(roadshowQuestions.id, questionId)).run();
      changed.push(target.id);
    }
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: `roadshow.question.${input.action}`, subjectType: "roadshow_question", subjectId: questionId, data: { eventId, ...(input.action === "merge" ? { intoId: input.intoId } : {}) } });
  });
  for (const id of changed) broadcastQuestion(ctx, eventId, questionRow(ctx, eventId, id));
  return questionView(questionRow(ctx, eventId, questionId), true);
}

/** One vote per person, on approved questions only. */
export function voteQuestion(ctx: AppContext, actor: Actor, eventId: string, questionId: string): QuestionView {
  return storeVote(ctx, actor, eventId, checkVote(ctx, actor, eventId, questionId));
}

/**
 * The reading half of a vote (who may, on what): the socket handler runs it before the group commit so that only the
 * writing half holds the write lock (ADR 0510).
 */
export function checkVote(ctx: Ctx, actor: Actor, eventId: string, questionId: string): QuestionRow {
  const { event } = liveAccess(ctx, actor, eventId);
  if (ctx.clock.now() >= event.endsAt) throw new ConflictError("roadshows:errors.qaClosed");
  const q = questionRow(ctx, eventId, questionId);
  if (q.state !== "approved") throw new ConflictError("roadshows:errors.voteUnapproved");
  return q;
}

/** The writing half: the vote and the count, the question's state checked again inside the write. */
export function storeVote(ctx: AppContext, actor: Actor, eventId: string, q: QuestionRow): QuestionView {
  const stored = ctx.db.transaction(() => {
    const added = ctx.db.insert(roadshowQuestionVotes).values({ questionId: q.id, userId: actor.userId, at: ctx.clock.now() }).onConflictDoNothing().run().changes;
    if (!added) throw new ConflictError("roadshows:errors.alreadyVoted");
    const counted = ctx.db
      .update(roadshowQuestions)
      .set({ votes: sql`${roadshowQuestions.votes} + 1`, updatedAt: ctx.clock.now() })
      .where(and(eq(roadshowQuestions.id, q.id), eq(roadshowQuestions.state, "approved")))
      .returning({ votes: roadshowQuestions.votes, updatedAt: roadshowQuestions.updatedAt })
      .get();
    // Hidden or merged since it was checked: the vote is undone with the savepoint.
    if (!counted) throw new ConflictError("roadshows:errors.voteUnapproved");
    return counted;
  });
  // The count as stored (other voters, other processes included); the rest of the question did not change.
  const row: QuestionRow = { ...q, ...stored };
  broadcastVoteCount(ctx, eventId, q.id, row);
  return questionView(row, false);
}

/** Vote counts reach the room at most this often per question (the first vote at once, the rest coalesced). */
export const VOTE_BROADCAST_MS = 250;
const voteBroadcasts = new Map<string, { dirty: boolean }>();

/**
 * A vote changes one number, and with 2,000 viewers voting at once a broadcast per vote is 2,000 × 2,000
 * deliveries. The first vote on a question is broadcast at once; votes within the next VOTE_BROADCAST_MS are
 * coalesced into one broadcast of the question as stored then (so the count is exact, whichever process counted).
 */
function broadcastVoteCount(ctx: AppContext, eventId: string, questionId: string, row: QuestionRow): void {
  const key = `${eventId}:${questionId}`;
  const waiting = voteBroadcasts.get(key);
  if (waiting) {
    waiting.dirty = true;
    return;
  }
  broadcastQuestion(ctx, eventId, row);
  const entry = { dirty: false };
  voteBroadcasts.set(key, entry);
  const flush = () => {
    if (!entry.dirty) {
      voteBroadcasts.delete(key);
      return;
    }
    entry.dirty = false;
    try {
      broadcastQuestion(ctx, eventId, questionRow(ctx, eventId, questionId));
    } catch (error) {
      ctx.logger.warn({ err: error, eventId, questionId }, "broadcasting a vote count failed");
    }
    setTimeout(flush, VOTE_BROADCAST_MS).unref();
  };
  setTimeout(flush, VOTE_BROADCAST_MS).unref();
}

/** The presenter answers in writing or marks the question answered live (also after the event, for the DD Q&A). */
export function answerQuestion(ctx: AppContext, actor: Actor, eventId: string, questionId: string, input: { text?: string | null; live?: boolean }): QuestionView {
  const { event, parties } = visibleEvent(ctx, actor, eventId);
  assertCan(actor, "answer:roadshow-question:own", parties, { message: "roadshows:errors.notPresenter" });
  if (event.state === "cancelled") throw new ConflictError("roadshows:errors.cancelled");
  const q = questionRow(ctx, eventId, questionId);
  if (q.state !== "approved") throw new ConflictError("roadshows:errors.questionState");
  const text = input.text?.trim() || null;
  if (!text && !input.live) throw new DomainError("roadshows:errors.answerEmpty", {}, "text");
  if (text && text.length > 5000) throw new DomainError("roadshows:errors.answerTooLong", {}, "text");
  const at = ctx.clock.now();
  ctx.db.transaction(() => {
    ctx.db
      .update(roadshowQuestions)
      .set({ answerText: text ?? q.answerText, answeredLive: input.live ? true : q.answeredLive, answeredAt: at, answeredBy: actor.userId, answeringNow: false, updatedAt: at })
      .where(eq(roadshowQuestions.id, questionId))
      .run();
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "roadshow.question.answered", subjectType: "roadshow_question", subjectId: questionId, enterpriseOrgId: q.enterpriseOrgId, data: { eventId, live: !!input.live } });
  });
  const row = questionRow(ctx, eventId, questionId);
  broadcastQuestion(ctx, eventId, row);
  return questionView(row, false);
}

// ---------------------------------------------------------------- the room as a whole

/** Everything a viewer needs on joining (or re-joining): the stored slide, recent chat, the Q&A as they may see it. */
export function roomSnapshot(ctx: Ctx, actor: Actor, eventId: string, access?: LiveAccess) {
  const { event, parties, phase, role } = access ?? liveAccess(ctx, actor, eventId);
  const deckList = deckPages(ctx, parties.slots.map((s) => s.deckId).filter((d): d is string => !!d));
  const muted = !!ctx.db.select().from(roadshowChatMutes).where(and(eq(roadshowChatMutes.eventId, eventId), eq(roadshowChatMutes.userId, actor.userId))).get();
  return {
    event: eventSummary(event),
    phase,
    role,
    slots: parties.slots.map((s) => ({ position: s.position, name: s.name, deck: deckList.find((d) => d.deckId === s.deckId) ?? null })),
    slide: event.currentDeckId ? { deckId: event.currentDeckId, page: event.currentPage } : null,
    chat: { messages: recentChat(ctx, eventId), lastSeq: event.chatLastSeq, slowModeSeconds: event.slowModeSeconds, muted },
    qa: questionsFor(ctx, actor, eventId, role.staffView),
  };
}

export function eventSummary(event: EventRow) {
  return { id: event.id, title: event.title, startsAt: event.startsAt, endsAt: event.endsAt, streamUrl: event.streamUrl, recordingUrl: event.recordingUrl, format: event.format };
}
