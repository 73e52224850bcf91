import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, or } from "drizzle-orm";
import { roadshowEvents, roadshowFaqEntries, roadshowQuestions, roadshowSlots } from "@db/schema";
import { assertCan } from "~/modules/access";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";

type Ctx = Pick<AppContext, "db" | "clock">;

export const FAQ_ANSWER_MAX_CHARS = 5000;
export const FAQ_MAX_ENTRIES = 100;

const questionNotFound = "roadshows:errors.questionNotFound";

/**
 * The enterprise a question is for: the slot's enterprise it was asked of, or — for a question to the whole event —
 * the viewer's organisation when it presented the event. Anyone else: nobody's (so "not found" for them).
 */
function ownerOf(ctx: Pick<AppContext, "db">, actor: Actor, q: { eventId: string; enterpriseOrgId: string | null }): string | null {
  if (q.enterpriseOrgId) return q.enterpriseOrgId;
  const presents = ctx.db
    .select({ o: roadshowSlots.enterpriseOrgId })
    .from(roadshowSlots)
    .where(and(eq(roadshowSlots.eventId, q.eventId), eq(roadshowSlots.enterpriseOrgId, actor.orgId)))
    .get();
  return presents ? actor.orgId : null;
}

/** A question of one of the actor's enterprise's roadshows, with its event; another enterprise's does not exist. */
function ownQuestion(ctx: Ctx, actor: Actor, questionId: string) {
  assertCan(actor, "manage:roadshow-faq:own", undefined, { refusal: "not-found", message: questionNotFound });
  const row = ctx.db
    .select({ q: roadshowQuestions, event: { id: roadshowEvents.id, state: roadshowEvents.state, endsAt: roadshowEvents.endsAt } })
    .from(roadshowQuestions)
    .innerJoin(roadshowEvents, eq(roadshowEvents.id, roadshowQuestions.eventId))
    .where(eq(roadshowQuestions.id, questionId))
    .get();
  if (!row) throw new NotFoundError(questionNotFound);
  const owner = ownerOf(ctx, actor, row.q);
  assertCan(actor, "manage:roadshow-faq:own", { enterpriseOrgId: owner ?? "" }, { refusal: "not-found", message: questionNotFound });
  return { ...row, enterpriseOrgId: owner! };
}

/** Only what was said in public and answered, after the event: an answered, approved question of an ended event. */
function assertPublishable(now: number, q: typeof roadshowQuestions.$inferSelect, event: { state: string; endsAt: number }) {
  if (event.state === "cancelled" || now < event.endsAt) throw new ConflictError("roadshows:errors.faqEventNotEnded");
  if (q.state !== "approved") throw new ConflictError("roadshows:errors.faqNotApproved");
  if (q.answeredAt === null) throw new ConflictError("roadshows:errors.faqNotAnswered");
}

function entryOf(ctx: Pick<AppContext, "db">, questionId: string) {
  return ctx.db.select().from(roadshowFaqEntries).where(eq(roadshowFaqEntries.questionId, questionId)).get();
}

/** The enterprise's wording: empty or the same as the answer given in the room means "the original" (null). */
function wording(original: string | null, text: string | null | undefined): string | null {
  const trimmed = text?.trim() ?? "";
  if (!trimmed || trimmed === original) return null;
  if (trimmed.length > FAQ_ANSWER_MAX_CHARS) throw new DomainError("roadshows:errors.faqAnswerTooLong", { max: FAQ_ANSWER_MAX_CHARS }, "answerText");
  return trimmed;
}

/**
 * Publishes an answered question as an FAQ entry on the enterprise's profile, last in the order. Publishing one that
 * is already published changes nothing (a resent form is harmless); one published before and withdrawn comes back
 * with the wording it had. A question answered only live needs the enterprise's written answer.
 */
export function publishFaq(ctx: Ctx, actor: Actor, input: { questionId: string; answerText?: string | null }): { changed: boolean } {
  const { q, event, enterpriseOrgId } = ownQuestion(ctx, actor, input.questionId);
  const now = ctx.clock.now();
  assertPublishable(now, q, event);
  return ctx.db.transaction(() => {
    const existing = entryOf(ctx, q.id);
    if (existing?.published) return { changed: false };
    const answerText = input.answerText?.trim() ? wording(q.answerText, input.answerText) : (existing?.answerText ?? null);
    if (!answerText && !q.answerText) throw new DomainError("roadshows:errors.faqAnswerNeeded", {}, "answerText");
    const published = ctx.db.select({ position: roadshowFaqEntries.position }).from(roadshowFaqEntries).where(and(eq(roadshowFaqEntries.enterpriseOrgId, enterpriseOrgId), eq(roadshowFaqEntries.published, true))).all();
    if (published.length >= FAQ_MAX_ENTRIES) throw new ConflictError("roadshows:errors.faqFull", { max: FAQ_MAX_ENTRIES });
    const position = published.reduce((m, r) => Math.max(m, r.position), -1) + 1;
    const values = { answerText, position, published: true, publishedAt: now, updatedBy: actor.userId, updatedAt: now };
    if (existing) ctx.db.update(roadshowFaqEntries).set(values).where(eq(roadshowFaqEntries.questionId, q.id)).run();
    else ctx.db.insert(roadshowFaqEntries).values({ questionId: q.id, enterpriseOrgId, ...values }).run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "roadshow.faq.published",
      subjectType: "roadshow_question",
      subjectId: q.id,
      enterpriseOrgId,
      data: { eventId: q.eventId, reworded: answerText !== null },
    });
    return { changed: true };
  });
}

/** Takes an entry off the profile (its wording and the question stay); unpublishing twice changes nothing. */
export function unpublishFaq(ctx: Ctx, actor: Actor, input: { questionId: string }): { changed: boolean } {
  const { q, enterpriseOrgId } = ownQuestion(ctx, actor, input.questionId);
  const now = ctx.clock.now();
  return ctx.db.transaction(() => {
    const existing = entryOf(ctx, q.id);
    if (!existing?.published) return { changed: false };
    ctx.db.update(roadshowFaqEntries).set({ published: false, updatedBy: actor.userId, updatedAt: now }).where(eq(roadshowFaqEntries.questionId, q.id)).run();
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "roadshow.faq.unpublished", subjectType: "roadshow_question", subjectId: q.id, enterpriseOrgId, data: { eventId: q.eventId } });
    return { changed: true };
  });
}

/**
 * Rewords the published answer (the answer given in the room stays as it was, in the DD Q&A and the activity record);
 * an empty text or the original's returns to the original. The same wording again changes nothing.
 */
export function rewordFaq(ctx: Ctx, actor: Actor, input: { questionId: string; answerText: string | null }): { changed: boolean } {
  const { q, enterpriseOrgId } = ownQuestion(ctx, actor, input.questionId);
  const now = ctx.clock.now();
  return ctx.db.transaction(() => {
    const existing = entryOf(ctx, q.id);
    if (!existing) throw new NotFoundError("roadshows:errors.faqNotPublished");
    const answerText = wording(q.answerText, input.answerText);
    if (!answerText && !q.answerText) throw new DomainError("roadshows:errors.faqAnswerNeeded", {}, "answerText");
    if (answerText === existing.answerText) return { changed: false };
    ctx.db.update(roadshowFaqEntries).set({ answerText, updatedBy: actor.userId, updatedAt: now }).where(eq(roadshowFaqEntries.questionId, q.id)).run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "roadshow.faq.reworded",
      subjectType: "roadshow_question",
      subjectId: q.id,
      enterpriseOrgId,
      data: { eventId: q.eventId, restoredOriginal: answerText === null },
    });
    return { changed: true };
  });
}

/**
 * Orders the published entries: the list names every published entry once, first shown first. Sending the same order
 * again changes nothing; a list that no longer matches what is published (another tab changed it) is refused.
 */
export function orderFaq(ctx: Ctx, actor: Actor, input: { questionIds: string[] }): { changed: boolean } {
  assertCan(actor, "manage:roadshow-faq:own", { enterpriseOrgId: actor.orgId });
  const now = ctx.clock.now();
  return ctx.db.transaction(() => {
    const published = ctx.db
      .select({ questionId: roadshowFaqEntries.questionId, position: roadshowFaqEntries.position })
      .from(roadshowFaqEntries)
      .where(and(eq(roadshowFaqEntries.enterpriseOrgId, actor.orgId), eq(roadshowFaqEntries.published, true)))
      .all();
    const ids = new Set(published.map((p) => p.questionId));
    if (input.questionIds.length !== ids.size || new Set(input.questionIds).size !== ids.size || input.questionIds.some((id) => !ids.has(id))) {
      throw new ConflictError("roadshows:errors.faqOrderStale");
    }
    const current = new Map(published.map((p) => [p.questionId, p.position]));
    let changed = false;
    input.questionIds.forEach((questionId, position) => {
      if (current.get(questionId) === position) return;
      changed = true;
      ctx.db.update(roadshowFaqEntries).set({ position, updatedBy: actor.userId, updatedAt: now }).where(eq(roadshowFaqEntries.questionId, questionId)).run();
    });
    return { changed };
  });
}

const faqCols = {
  questionId: roadshowQuestions.id,
  eventId: roadshowEvents.id,
  eventTitle: roadshowEvents.title,
  eventEndsAt: roadshowEvents.endsAt,
  body: roadshowQuestions.body,
  originalAnswer: roadshowQuestions.answerText,
  answeredLive: roadshowQuestions.answeredLive,
  votes: roadshowQuestions.votes,
};

/**
 * The FAQ as the enterprise's profile shows it, to whoever may open the profile: the question, the answer in the
 * enterprise's wording (or as given), which roadshow it came from — never who asked. An entry whose question a
 * moderator has since hidden, or whose event was cancelled, is not shown.
 */
export function publishedFaq(ctx: Pick<AppContext, "db">, enterpriseOrgId: string) {
  return ctx.db
    .select({ ...faqCols, reworded: roadshowFaqEntries.answerText })
    .from(roadshowFaqEntries)
    .innerJoin(roadshowQuestions, eq(roadshowQuestions.id, roadshowFaqEntries.questionId))
    .innerJoin(roadshowEvents, eq(roadshowEvents.id, roadshowQuestions.eventId))
    .where(
      and(
        eq(roadshowFaqEntries.enterpriseOrgId, enterpriseOrgId),
        eq(roadshowFaqEntries.published, true),
        eq(roadshowQuestions.state, "approved"),
        isNotNull(roadshowQuestions.answeredAt),
        ne(roadshowEvents.state, "cancelled"),
      ),
    )
    .orderBy(asc(roadshowFaqEntries.position))
    .limit(FAQ_MAX_ENTRIES)
    .all()
    .map((r) => ({ questionId: r.questionId, eventId: r.eventId, eventTitle: r.eventTitle, eventEndsAt: r.eventEndsAt, question: r.body, answer: r.reworded ?? r.originalAnswer ?? "", answeredLive: r.answeredLive }));
}

export type PublishedFaqEntry = ReturnType<typeof publishedFaq>[number];

/**
 * The enterprise's FAQ page: what is published (in order, with the original answer beside the wording) and the
 * answered questions of its ended roadshows it could publish. Askers are not named here either.
 */
export function faqWorkspace(ctx: Ctx, actor: Actor) {
  assertCan(actor, "manage:roadshow-faq:own", { enterpriseOrgId: actor.orgId });
  const now = ctx.clock.now();
  const entries = ctx.db.select().from(roadshowFaqEntries).where(eq(roadshowFaqEntries.enterpriseOrgId, actor.orgId)).all();
  const byQuestion = new Map(entries.map((e) => [e.questionId, e]));
  const presented = ctx.db.select({ eventId: roadshowSlots.eventId }).from(roadshowSlots).where(eq(roadshowSlots.enterpriseOrgId, actor.orgId)).all().map((r) => r.eventId);
  const rows = presented.length
    ? ctx.db
        .select({ ...faqCols, state: roadshowQuestions.state, eventState: roadshowEvents.state })
        .from(roadshowQuestions)
        .innerJoin(roadshowEvents, eq(roadshowEvents.id, roadshowQuestions.eventId))
        .where(
          and(
            inArray(roadshowQuestions.eventId, [...new Set(presented)]),
            or(eq(roadshowQuestions.enterpriseOrgId, actor.orgId), isNull(roadshowQuestions.enterpriseOrgId)),
            isNotNull(roadshowQuestions.answeredAt),
          ),
        )
        .orderBy(desc(roadshowEvents.endsAt), desc(roadshowQuestions.votes))
        .all()
    : [];
  const view = (r: (typeof rows)[number]) => {
    const entry = byQuestion.get(r.questionId);
    return {
      questionId: r.questionId,
      eventId: r.eventId,
      eventTitle: r.eventTitle,
      eventEndsAt: r.eventEndsAt,
      question: r.body,
      originalAnswer: r.originalAnswer,
      answeredLive: r.answeredLive,
      votes: r.votes,
      reworded: entry?.answerText ?? null,
      position: entry?.position ?? 0,
    };
  };
  const published = rows.filter((r) => byQuestion.get(r.questionId)?.published).map(view).sort((a, b) => a.position - b.position);
  const candidates = rows.filter((r) => !byQuestion.get(r.questionId)?.published && r.state === "approved" && r.eventState !== "cancelled" && r.eventEndsAt <= now).map(view);
  return { published, candidates };
}
