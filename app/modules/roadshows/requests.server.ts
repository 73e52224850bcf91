import { and, asc, desc, eq, inArray, max } from "drizzle-orm";
import { decks, memberships, organisations, roadshowEvents, roadshowRequests, roadshowSlots, roadshowVenues, type EventAudience, type RequestState } from "@db/schema";
import { assertCan, can } from "~/modules/access";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import { notify, pushUnreadCount } from "~/modules/messaging/notifications.server";
import type { AppContext } from "~/utils/context.server";
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { assertNoClash, eventRow, MAX_SLOTS } from "./event-records.server";
import { formatShanghai } from "./time";

type Ctx = Pick<AppContext, "db" | "clock">;
type RequestRow = typeof roadshowRequests.$inferSelect;

export type RoadshowRequestInput = { preferredDates: string[]; audience: EventAudience; deckId?: string | null; note?: string | null };

function checkDates(ctx: Ctx, dates: string[]): string[] {
  const unique = [...new Set(dates.map((d) => d.trim()).filter(Boolean))];
  if (!unique.length || unique.length > 3) throw new DomainError("roadshows:errors.preferredDates", {}, "preferredDates");
  const today = formatShanghai(ctx.clock.now()).slice(0, 10);
  for (const d of unique) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00+08:00`))) throw new DomainError("roadshows:errors.preferredDates", {}, "preferredDates");
    if (d <= today) throw new DomainError("roadshows:errors.preferredDatePast", { date: d }, "preferredDates");
  }
  return unique.sort();
}

/** An enterprise asks the exchange for a roadshow (its own deck only). */
export function submitRoadshowRequest(ctx: Ctx, actor: Actor, input: RoadshowRequestInput): string {
  assertCan(actor, "request:roadshow:own", undefined);
  const dates = checkDates(ctx, input.preferredDates);
  if (input.deckId) {
    const deck = ctx.db.select({ org: decks.enterpriseOrgId }).from(decks).where(eq(decks.id, input.deckId)).get();
    if (deck?.org !== actor.orgId) throw new DomainError("roadshows:errors.deckNotOwn", {}, "deckId");
  }
  const note = input.note?.trim() || null;
  if (note && note.length > 1000) throw new DomainError("roadshows:errors.noteTooLong", {}, "note");
  const open = ctx.db
    .select({ id: roadshowRequests.id })
    .from(roadshowRequests)
    .where(and(eq(roadshowRequests.enterpriseOrgId, actor.orgId), inArray(roadshowRequests.state, ["waiting", "proposed"])))
    .get();
  if (open) throw new ConflictError("roadshows:errors.requestOpen");
  const id = newId();
  const at = ctx.clock.now();
  ctx.db.transaction(() => {
    ctx.db
      .insert(roadshowRequests)
      .values({ id, enterpriseOrgId: actor.orgId, requestedBy: actor.userId, preferredDates: JSON.stringify(dates), audience: input.audience, deckId: input.deckId || null, note, createdAt: at, updatedAt: at })
      .run();
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "roadshow.request.submitted", subjectType: "roadshow_request", subjectId: id, enterpriseOrgId: actor.orgId, data: { dates, audience: input.audience } });
  });
  return id;
}

function requestRow(ctx: Pick<AppContext, "db">, actor: Actor, id: string): RequestRow {
  const row = ctx.db.select().from(roadshowRequests).where(eq(roadshowRequests.id, id)).get();
  if (!row) throw new NotFoundError("roadshows:errors.requestNotFound");
  assertCan(actor, "view:roadshow-request:own", row, { refusal: "not-found", message: "roadshows:errors.requestNotFound" });
  return row;
}

function tellEnterprise(ctx: Ctx, row: RequestRow, key: string, values: Record<string, string | number>, href = "/roadshows/requests"): string[] {
  const people = ctx.db.selectDistinct({ userId: memberships.userId }).from(memberships).where(eq(memberships.orgId, row.enterpriseOrgId)).all().map((r) => r.userId);
  for (const userId of people) notify(ctx, { userId, kind: "roadshow", payload: { key, values, href } });
  return people;
}

function decided(ctx: Ctx, actor: Actor, row: RequestRow, state: RequestState, set: Partial<RequestRow>, audit: Record<string, unknown>) {
  const at = ctx.clock.now();
  const changed = ctx.db
    .update(roadshowRequests)
    .set({ ...set, state, decidedBy: actor.userId, decidedAt: at, updatedAt: at })
    .where(and(eq(roadshowRequests.id, row.id), eq(roadshowRequests.state, row.state)))
    .run().changes;
  if (!changed) throw new ConflictError("roadshows:errors.requestDecided");
  appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: `roadshow.request.${state}`, subjectType: "roadshow_request", subjectId: row.id, enterpriseOrgId: row.enterpriseOrgId, data: audit });
}

/** Called inside createEvent's transaction when the scheduler builds a new event from a request. */
export function markRequestAccepted(ctx: Ctx, actor: Actor, requestId: string, eventId: string, presenterOrgIds: string[]): void {
  const row = requestRow(ctx, actor, requestId);
  if (row.state !== "waiting") throw new ConflictError("roadshows:errors.requestDecided");
  if (!presenterOrgIds.includes(row.enterpriseOrgId)) throw new DomainError("roadshows:errors.requestEnterpriseMissing", {}, "slots");
  decided(ctx, actor, row, "accepted", { eventId }, { eventId });
  const event = eventRow(ctx, eventId);
  tellEnterprise(ctx, row, "roadshows:notifications.requestAccepted", { title: event.title, time: formatShanghai(event.startsAt) }, `/roadshows/${eventId}`);
}

/** Accepts a waiting request into an existing event: the enterprise becomes its next presenter (the booking rule holds). */
export function acceptRequestIntoEvent(ctx: AppContext, actor: Actor, requestId: string, eventId: string): void {
  assertCan(actor, "schedule:roadshow:any", undefined);
  const row = requestRow(ctx, actor, requestId);
  if (row.state !== "waiting") throw new ConflictError("roadshows:errors.requestDecided");
  const event = eventRow(ctx, eventId);
  if (event.state !== "scheduled" || event.startsAt <= ctx.clock.now()) throw new ConflictError("roadshows:errors.eventNotOpenForPresenters");
  let told: string[] = [];
  ctx.db.transaction(
    () => {
      const slots = ctx.db.select().from(roadshowSlots).where(eq(roadshowSlots.eventId, eventId)).all();
      if (slots.some((s) => s.enterpriseOrgId === row.enterpriseOrgId)) throw new ConflictError("roadshows:errors.presenterTwice");
      if (slots.length >= MAX_SLOTS) throw new DomainError("roadshows:errors.tooManySlots", { max: MAX_SLOTS });
      const venue = ctx.db.select().from(roadshowVenues).where(eq(roadshowVenues.id, event.venueId)).get()!;
      // Only the newcomer can clash: the event's venue and moderators are already booked by the event itself.
      assertNoClash(ctx, { startsAt: event.startsAt, endsAt: event.endsAt, venueId: venue.id, venueKind: "online", orgIds: [row.enterpriseOrgId], moderatorUserIds: [] }, eventId);
      const position = (ctx.db.select({ p: max(roadshowSlots.position) }).from(roadshowSlots).where(eq(roadshowSlots.eventId, eventId)).get()?.p ?? 0) + 1;
      ctx.db.insert(roadshowSlots).values({ eventId, position, enterpriseOrgId: row.enterpriseOrgId, deckId: row.deckId }).run();
      if (!event.currentDeckId && row.deckId) ctx.db.update(roadshowEvents).set({ currentDeckId: row.deckId, currentPage: 1 }).where(eq(roadshowEvents.id, eventId)).run();
      decided(ctx, actor, row, "accepted", { eventId }, { eventId });
      told = tellEnterprise(ctx, row, "roadshows:notifications.requestAccepted", { title: event.title, time: formatShanghai(event.startsAt) }, `/roadshows/${eventId}`);
    },
    { behavior: "immediate" },
  );
  for (const u of told) pushUnreadCount(ctx, u);
}

export function proposeAnotherTime(ctx: AppContext, actor: Actor, requestId: string, input: { startsAt: number; reason?: string | null }): void {
  assertCan(actor, "schedule:roadshow:any", undefined);
  const row = requestRow(ctx, actor, requestId);
  if (row.state !== "waiting") throw new ConflictError("roadshows:errors.requestDecided");
  if (!Number.isFinite(input.startsAt) || input.startsAt <= ctx.clock.now()) throw new DomainError("roadshows:errors.startInPast", {}, "proposedStartsAt");
  let told: string[] = [];
  ctx.db.transaction(() => {
    decided(ctx, actor, row, "proposed", { proposedStartsAt: input.startsAt, reason: input.reason?.trim() || null }, { proposedStartsAt: input.startsAt });
    told = tellEnterprise(ctx, row, "roadshows:notifications.requestProposed", { time: formatShanghai(input.startsAt) });
  });
  for (const u of told) pushUnreadCount(ctx, u);
}

export function declineRequest(ctx: AppContext, actor: Actor, requestId: string, reason: string): void {
  assertCan(actor, "schedule:roadshow:any", undefined);
  const row = requestRow(ctx, actor, requestId);
  if (row.state !== "waiting" && row.state !== "proposed") throw new ConflictError("roadshows:errors.requestDecided");
  const why = reason.trim();
  if (why.length < 2 || why.length > 500) throw new DomainError("roadshows:errors.reason", {}, "reason");
  let told: string[] = [];
  ctx.db.transaction(() => {
    decided(ctx, actor, row, "declined", { reason: why }, { reason: why });
    told = tellEnterprise(ctx, row, "roadshows:notifications.requestDeclined", { reason: why });
  });
  for (const u of told) pushUnreadCount(ctx, u);
}

/** The enterprise answers a proposed time: agreeing puts the request back in the queue for that date; or it withdraws. */
export function answerProposal(ctx: Ctx, actor: Actor, requestId: string, agree: boolean): void {
  const row = requestRow(ctx, actor, requestId);
  if (row.enterpriseOrgId !== actor.orgId) throw new NotFoundError("roadshows:errors.requestNotFound");
  if (row.state !== "proposed") throw new ConflictError("roadshows:errors.requestNotProposed");
  const at = ctx.clock.now();
  ctx.db.transaction(() => {
    const set = agree
      ? { state: "waiting" as const, preferredDates: JSON.stringify([formatShanghai(row.proposedStartsAt!).slice(0, 10)]), note: `${row.note ? `${row.note}\n` : ""}${formatShanghai(row.proposedStartsAt!)}` }
      : { state: "withdrawn" as const };
    ctx.db.update(roadshowRequests).set({ ...set, updatedAt: at }).where(eq(roadshowRequests.id, row.id)).run();
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: agree ? "roadshow.request.proposalAccepted" : "roadshow.request.withdrawn", subjectType: "roadshow_request", subjectId: row.id, enterpriseOrgId: row.enterpriseOrgId });
  });
}

export function withdrawRequest(ctx: Ctx, actor: Actor, requestId: string): void {
  const row = requestRow(ctx, actor, requestId);
  if (row.enterpriseOrgId !== actor.orgId) throw new NotFoundError("roadshows:errors.requestNotFound");
  if (row.state !== "waiting" && row.state !== "proposed") throw new ConflictError("roadshows:errors.requestDecided");
  ctx.db.transaction(() => {
    ctx.db.update(roadshowRequests).set({ state: "withdrawn", updatedAt: ctx.clock.now() }).where(eq(roadshowRequests.id, row.id)).run();
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "roadshow.request.withdrawn", subjectType: "roadshow_request", subjectId: row.id, enterpriseOrgId: row.enterpriseOrgId });
  });
}

/** The scheduler sees every request (waiting first); an enterprise sees its own. */
export function listRequests(ctx: Pick<AppContext, "db">, actor: Actor) {
  const all = can(actor, "schedule:roadshow:any");
  if (!all) assertCan(actor, "request:roadshow:own", undefined);
  return ctx.db
    .select({ request: roadshowRequests, enterpriseName: organisations.name, deckTitle: decks.title, eventTitle: roadshowEvents.title })
    .from(roadshowRequests)
    .innerJoin(organisations, eq(organisations.id, roadshowRequests.enterpriseOrgId))
    .leftJoin(decks, eq(decks.id, roadshowRequests.deckId))
    .leftJoin(roadshowEvents, eq(roadshowEvents.id, roadshowRequests.eventId))
    .where(all ? undefined : eq(roadshowRequests.enterpriseOrgId, actor.orgId))
    .orderBy(asc(roadshowRequests.state), desc(roadshowRequests.createdAt))
    .all()
    .map((r) => ({ ...r.request, preferredDates: JSON.parse(r.request.preferredDates) as string[], enterpriseName: r.enterpriseName, deckTitle: r.deckTitle, eventTitle: r.eventTitle }));
}

export function getRequestForScheduler(ctx: Pick<AppContext, "db">, actor: Actor, requestId: string) {
  assertCan(actor, "schedule:roadshow:any", undefined);
  const row = requestRow(ctx, actor, requestId);
  return { ...row, preferredDates: JSON.parse(row.preferredDates) as string[] };
}
