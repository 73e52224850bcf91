import { and, asc, eq, gt, gte, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import {
  decks,
  memberships,
  organisations,
  roadshowEvents,
  roadshowInvitedOrgs,
  roadshowModerators,
  roadshowRegistrations,
  roadshowSlots,
  roadshowVenues,
  users,
  type EventAudience,
  type EventFormat,
  type VenueKind,
} from "@db/schema";
import { assertCan, can, type Viewer } from "~/modules/access";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import { notify, pushUnreadCount } from "~/modules/messaging/notifications.server";
import type { AppContext } from "~/utils/context.server";
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { promoteAfterCapacityChange } from "./registrations.server";
import { markRequestAccepted } from "./requests.server";
import { assertNoClash, eventRow, MAX_SLOTS, partiesOf, registrationCounts, visibleEvent, type EventRow } from "./event-records.server";
import { formatShanghai } from "./time";

export { assertNoClash, eventRow, MAX_SLOTS, partiesOf, registrationCounts, visibleEvent, type EventRow };

type Ctx = Pick<AppContext, "db" | "clock">;

export const TITLE_MAX = 120;

// ---------------------------------------------------------------- venues

export type VenueInput = { name: string; kind: VenueKind; address?: string | null; capacity: number };

function checkCapacity(capacity: number, field = "capacity"): void {
  if (!Number.isInteger(capacity) || capacity < 1) throw new DomainError("roadshows:errors.capacity", {}, field);
  if (capacity > 100_000) throw new DomainError("roadshows:errors.capacityTooLarge", {}, field);
}

export function createVenue(ctx: Ctx, actor: Actor, input: VenueInput): string {
  assertCan(actor, "manage:roadshow-venue:any", undefined);
  checkCapacity(input.capacity);
  const id = newId();
  ctx.db.transaction(() => {
    ctx.db.insert(roadshowVenues).values({ id, name: input.name, kind: input.kind, address: input.address ?? null, capacity: input.capacity, createdAt: ctx.clock.now() }).run();
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "roadshow.venue.created", subjectType: "roadshow_venue", subjectId: id, data: { ...input } });
  });
  return id;
}

export function updateVenue(ctx: Ctx, actor: Actor, venueId: string, input: VenueInput & { archived?: boolean }): void {
  assertCan(actor, "manage:roadshow-venue:any", undefined);
  checkCapacity(input.capacity);
  ctx.db.transaction(() => {
    const changed = ctx.db
      .update(roadshowVenues)
      .set({ name: input.name, kind: input.kind, address: input.address ?? null, capacity: input.capacity, archivedAt: input.archived ? ctx.clock.now() : null })
      .where(eq(roadshowVenues.id, venueId))
      .run().changes;
    if (!changed) throw new NotFoundError("roadshows:errors.venueNotFound");
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "roadshow.venue.updated", subjectType: "roadshow_venue", subjectId: venueId, data: { ...input } });
  });
}

export function venueOf(ctx: Pick<AppContext, "db">, venueId: string) {
  const venue = ctx.db.select().from(roadshowVenues).where(eq(roadshowVenues.id, venueId)).get();
  if (!venue) throw new NotFoundError("roadshows:errors.venueNotFound");
  return venue;
}

/** Every venue, archived ones too, for the staff who keep the list (others: 403). */
export function listVenuesToManage(ctx: Pick<AppContext, "db">, actor: Actor) {
  assertCan(actor, "manage:roadshow-venue:any", undefined);
  return listVenues(ctx, { includeArchived: true });
}

export function listVenues(ctx: Pick<AppContext, "db">, opts: { includeArchived?: boolean } = {}) {
  return ctx.db
    .select()
    .from(roadshowVenues)
    .where(opts.includeArchived ? undefined : isNull(roadshowVenues.archivedAt))
    .orderBy(asc(roadshowVenues.name))
    .all();
}

// ---------------------------------------------------------------- events: input and checks

export type EventInput = {
  title: string;
  description?: string | null;
  format: EventFormat;
  venueId: string;
  startsAt: number;
  endsAt: number;
  audience: EventAudience;
  capacity: number;
  registrationDeadline: number;
  streamUrl?: string | null;
  recordingUrl?: string | null;
  slots: { enterpriseOrgId: string; deckId?: string | null }[];
  moderatorUserIds: string[];
  invitedOrgIds: string[];
};

/** Only http(s) links are accepted for streams and recordings: a `javascript:` or `data:` URL never reaches a page. */
export function checkedHttpUrl(value: string | null | undefined, field: string): string | null {
  const v = value?.trim();
  if (!v) return null;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new DomainError("roadshows:errors.url", {}, field);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new DomainError("roadshows:errors.url", {}, field);
  if (v.length > 2000) throw new DomainError("roadshows:errors.url", {}, field);
  return url.toString();
}

function validateEvent(ctx: Ctx, input: EventInput, opts: { isNew: boolean }) {
  const title = input.title.trim();
  if (title.length < 2 || title.length > TITLE_MAX) throw new DomainError("roadshows:errors.eventTitle", {}, "title");
  if (!Number.isFinite(input.startsAt) || !Number.isFinite(input.endsAt)) throw new DomainError("roadshows:errors.time", {}, "startsAt");
  if (input.endsAt <= input.startsAt) throw new DomainError("roadshows:errors.endBeforeStart", {}, "endsAt");
  if (input.endsAt - input.startsAt > 12 * 3_600_000) throw new DomainError("roadshows:errors.tooLong", {}, "endsAt");
  if (opts.isNew && input.startsAt <= ctx.clock.now()) throw new DomainError("roadshows:errors.startInPast", {}, "startsAt");
  if (input.registrationDeadline > input.startsAt) throw new DomainError("roadshows:errors.deadlineAfterStart", {}, "registrationDeadline");
  checkCapacity(input.capacity);
  const venue = ctx.db.select().from(roadshowVenues).where(eq(roadshowVenues.id, input.venueId)).get();
  if (!venue || venue.archivedAt) throw new DomainError("roadshows:errors.venueNotFound", {}, "venueId");
  if (input.format === "online" && venue.kind !== "online") throw new DomainError("roadshows:errors.onlineNeedsOnlineVenue", {}, "venueId");
  if (input.format !== "online" && venue.kind === "online") throw new DomainError("roadshows:errors.onsiteNeedsHall", {}, "venueId");
  if (input.format !== "online" && input.capacity > venue.capacity) {
    throw new DomainError("roadshows:errors.overVenueCapacity", { venue: venue.name, capacity: venue.capacity }, "capacity");
  }
  const streamUrl = checkedHttpUrl(input.streamUrl, "streamUrl");
  const recordingUrl = checkedHttpUrl(input.recordingUrl, "recordingUrl");

  if (!input.slots.length) throw new DomainError("roadshows:errors.noPresenter", {}, "slots");
  if (input.slots.length > MAX_SLOTS) throw new DomainError("roadshows:errors.tooManySlots", { max: MAX_SLOTS }, "slots");
  const orgIds = input.slots.map((s) => s.enterpriseOrgId);
  if (new Set(orgIds).size !== orgIds.length) throw new DomainError("roadshows:errors.presenterTwice", {}, "slots");
  const enterprises = ctx.db.select({ id: organisations.id }).from(organisations).where(and(inArray(organisations.id, orgIds), eq(organisations.kind, "enterprise"))).all();
  if (enterprises.length !== orgIds.length) throw new DomainError("roadshows:errors.presenterNotEnterprise", {}, "slots");
  for (const slot of input.slots) {
    if (!slot.deckId) continue;
    const deck = ctx.db.select({ org: decks.enterpriseOrgId, version: decks.currentVersionId, archivedAt: decks.archivedAt }).from(decks).where(eq(decks.id, slot.deckId)).get();
    if (!deck || deck.org !== slot.enterpriseOrgId || deck.archivedAt) throw new DomainError("roadshows:errors.deckNotPresenters", {}, "slots");
    if (!deck.version) throw new DomainError("roadshows:errors.deckEmpty", {}, "slots");
  }

  const moderatorUserIds = [...new Set(input.moderatorUserIds)];
  if (moderatorUserIds.length) {
    const staff = ctx.db
      .selectDistinct({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(organisations, eq(organisations.id, memberships.orgId))
      .where(and(inArray(memberships.userId, moderatorUserIds), eq(organisations.kind, "exchange")))
      .all();
    if (staff.length !== moderatorUserIds.length) throw new DomainError("roadshows:errors.moderatorNotStaff", {}, "moderatorUserIds");
  }
  const invitedOrgIds = [...new Set(input.invitedOrgIds)];
  if (input.audience === "invited" && !invitedOrgIds.length) throw new DomainError("roadshows:errors.invitedEmpty", {}, "invitedOrgIds");
  if (invitedOrgIds.length) {
    const found = ctx.db.select({ id: organisations.id }).from(organisations).where(and(inArray(organisations.id, invitedOrgIds), eq(organisations.kind, "institution"))).all();
    if (found.length !== invitedOrgIds.length) throw new DomainError("roadshows:errors.invitedNotInstitution", {}, "invitedOrgIds");
  }
  return { title, streamUrl, recordingUrl, venue, moderatorUserIds, invitedOrgIds: input.audience === "invited" ? invitedOrgIds : [] };
}


function writeParties(ctx: Ctx, eventId: string, input: EventInput, moderatorUserIds: string[], invitedOrgIds: string[]) {
  ctx.db.delete(roadshowSlots).where(eq(roadshowSlots.eventId, eventId)).run();
  ctx.db.delete(roadshowModerators).where(eq(roadshowModerators.eventId, eventId)).run();
  ctx.db.delete(roadshowInvitedOrgs).where(eq(roadshowInvitedOrgs.eventId, eventId)).run();
  ctx.db
    .insert(roadshowSlots)
    .values(input.slots.map((s, i) => ({ eventId, position: i + 1, enterpriseOrgId: s.enterpriseOrgId, deckId: s.deckId || null })))
    .run();
  if (moderatorUserIds.length) ctx.db.insert(roadshowModerators).values(moderatorUserIds.map((userId) => ({ eventId, userId }))).run();
  if (invitedOrgIds.length) ctx.db.insert(roadshowInvitedOrgs).values(invitedOrgIds.map((orgId) => ({ eventId, orgId }))).run();
}

/** Users of the given organisations, for invitations. */
function usersOfOrgs(ctx: Pick<AppContext, "db">, orgIds: string[]): string[] {
  if (!orgIds.length) return [];
  return ctx.db.selectDistinct({ userId: memberships.userId }).from(memberships).where(inArray(memberships.orgId, orgIds)).all().map((r) => r.userId);
}

export function createEvent(ctx: Ctx, actor: Actor, input: EventInput, opts: { fromRequestId?: string } = {}): string {
  assertCan(actor, "schedule:roadshow:any", undefined);
  const v = validateEvent(ctx, input, { isNew: true });
  const id = newId();
  const at = ctx.clock.now();
  let invitedUsers: string[] = [];
  ctx.db.transaction(
    () => {
      assertNoClash(ctx, { ...input, venueKind: v.venue.kind, orgIds: input.slots.map((s) => s.enterpriseOrgId), moderatorUserIds: v.moderatorUserIds }, null);
      const firstDeck = input.slots.find((s) => s.deckId)?.deckId ?? null;
      ctx.db
        .insert(roadshowEvents)
        .values({
          id,
          title: v.title,
          description: input.description?.trim() || null,
          format: input.format,
          venueId: input.venueId,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          audience: input.audience,
          capacity: input.capacity,
          registrationDeadline: input.registrationDeadline,
          streamUrl: v.streamUrl,
          recordingUrl: v.recordingUrl,
          currentDeckId: firstDeck,
          createdBy: actor.userId,
          createdAt: at,
          updatedAt: at,
        })
        .run();
      writeParties(ctx, id, input, v.moderatorUserIds, v.invitedOrgIds);
      appendAudit(ctx, {
        actorUserId: actor.userId,
        actorOrgId: actor.orgId,
        action: "roadshow.event.created",
        subjectType: "roadshow_event",
        subjectId: id,
        enterpriseOrgId: input.slots[0]!.enterpriseOrgId,
        data: { title: v.title, startsAt: input.startsAt, endsAt: input.endsAt, venueId: input.venueId, presenters: input.slots.map((s) => s.enterpriseOrgId), fromRequestId: opts.fromRequestId ?? null },
      });
      if (opts.fromRequestId) markRequestAccepted(ctx, actor, opts.fromRequestId, id, input.slots.map((s) => s.enterpriseOrgId));
      invitedUsers = usersOfOrgs(ctx, v.invitedOrgIds);
      for (const userId of invitedUsers) {
        notify(ctx, { userId, kind: "roadshow", payload: { key: "roadshows:notifications.invited", values: { title: v.title, time: formatShanghai(input.startsAt) }, href: `/roadshows/${id}` } });
      }
      for (const slot of input.slots) {
        for (const userId of usersOfOrgs(ctx, [slot.enterpriseOrgId])) {
          notify(ctx, { userId, kind: "roadshow", payload: { key: "roadshows:notifications.presenting", values: { title: v.title, time: formatShanghai(input.startsAt) }, href: `/roadshows/${id}` } });
        }
      }
    },
    { behavior: "immediate" },
  );
  return id;
}

function activeRegistrants(ctx: Pick<AppContext, "db">, eventId: string): string[] {
  return ctx.db
    .select({ userId: roadshowRegistrations.userId })
    .from(roadshowRegistrations)
    .where(and(eq(roadshowRegistrations.eventId, eventId), inArray(roadshowRegistrations.state, ["registered", "waitlisted"])))
    .all()
    .map((r) => r.userId);
}

/** Edits an event. A change of time is a reschedule: every registrant is told the new time. */
export function updateEvent(ctx: AppContext, actor: Actor, eventId: string, input: EventInput): { rescheduled: boolean } {
  assertCan(actor, "schedule:roadshow:any", undefined);
  const before = eventRow(ctx, eventId);
  if (before.state === "cancelled") throw new ConflictError("roadshows:errors.cancelled");
  if (before.endsAt <= ctx.clock.now()) throw new ConflictError("roadshows:errors.ended");
  const v = validateEvent(ctx, input, { isNew: before.startsAt !== input.startsAt });
  const rescheduled = before.startsAt !== input.startsAt || before.endsAt !== input.endsAt;
  let told: string[] = [];
  ctx.db.transaction(
    () => {
      assertNoClash(ctx, { ...input, venueKind: v.venue.kind, orgIds: input.slots.map((s) => s.enterpriseOrgId), moderatorUserIds: v.moderatorUserIds }, eventId);
      const decksNow = input.slots.map((s) => s.deckId).filter(Boolean);
      ctx.db
        .update(roadshowEvents)
        .set({
          title: v.title,
          description: input.description?.trim() || null,
          format: input.format,
          venueId: input.venueId,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          audience: input.audience,
          capacity: input.capacity,
          registrationDeadline: input.registrationDeadline,
          streamUrl: v.streamUrl,
          recordingUrl: v.recordingUrl,
          ...(before.currentDeckId && decksNow.includes(before.currentDeckId) ? {} : { currentDeckId: decksNow[0] ?? null, currentPage: 1 }),
          updatedAt: ctx.clock.now(),
        })
        .where(eq(roadshowEvents.id, eventId))
        .run();
      writeParties(ctx, eventId, input, v.moderatorUserIds, v.invitedOrgIds);
      appendAudit(ctx, {
        actorUserId: actor.userId,
        actorOrgId: actor.orgId,
        action: rescheduled ? "roadshow.event.rescheduled" : "roadshow.event.updated",
        subjectType: "roadshow_event",
        subjectId: eventId,
        enterpriseOrgId: input.slots[0]!.enterpriseOrgId,
        data: { title: v.title, from: { startsAt: before.startsAt, endsAt: before.endsAt }, to: { startsAt: input.startsAt, endsAt: input.endsAt }, venueId: input.venueId },
      });
      if (rescheduled) {
        told = activeRegistrants(ctx, eventId);
        for (const userId of told) {
          notify(ctx, {
            userId,
            kind: "roadshow",
            payload: { key: "roadshows:notifications.rescheduled", values: { title: v.title, from: formatShanghai(before.startsAt), time: formatShanghai(input.startsAt) }, href: `/roadshows/${eventId}` },
          });
        }
      }
    },
    { behavior: "immediate" },
  );
  for (const userId of told) pushUnreadCount(ctx, userId);
  if (input.capacity > before.capacity) promoteAfterCapacityChange(ctx, eventId);
  return { rescheduled };
}

export function cancelEvent(ctx: AppContext, actor: Actor, eventId: string, reason: string): void {
  assertCan(actor, "schedule:roadshow:any", undefined);
  const why = reason.trim();
  if (why.length < 2 || why.length > 500) throw new DomainError("roadshows:errors.reason", {}, "reason");
  const before = eventRow(ctx, eventId);
  if (before.state === "cancelled") throw new ConflictError("roadshows:errors.cancelled");
  if (before.endsAt <= ctx.clock.now()) throw new ConflictError("roadshows:errors.ended");
  let told: string[] = [];
  ctx.db.transaction(
    () => {
      ctx.db.update(roadshowEvents).set({ state: "cancelled", cancelReason: why, updatedAt: ctx.clock.now() }).where(eq(roadshowEvents.id, eventId)).run();
      appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "roadshow.event.cancelled", subjectType: "roadshow_event", subjectId: eventId, data: { title: before.title, reason: why } });
      told = activeRegistrants(ctx, eventId);
      for (const userId of told) {
        notify(ctx, { userId, kind: "roadshow", payload: { key: "roadshows:notifications.cancelled", values: { title: before.title, time: formatShanghai(before.startsAt), reason: why }, href: `/roadshows/${eventId}` } });
      }
    },
    { behavior: "immediate" },
  );
  for (const userId of told) pushUnreadCount(ctx, userId);
}

// ---------------------------------------------------------------- reading

export type EventPhase = "upcoming" | "live" | "ended" | "cancelled";
/** The room opens 30 minutes before the start so people can settle in. */
export const ROOM_OPENS_BEFORE_MS = 30 * 60_000;
export function phaseOf(event: Pick<EventRow, "state" | "startsAt" | "endsAt">, now: number): EventPhase {
  if (event.state === "cancelled") return "cancelled";
  if (now >= event.endsAt) return "ended";
  if (now >= event.startsAt - ROOM_OPENS_BEFORE_MS) return "live";
  return "upcoming";
}

const listCols = {
  id: roadshowEvents.id,
  title: roadshowEvents.title,
  format: roadshowEvents.format,
  audience: roadshowEvents.audience,
  startsAt: roadshowEvents.startsAt,
  endsAt: roadshowEvents.endsAt,
  state: roadshowEvents.state,
  capacity: roadshowEvents.capacity,
  venueId: roadshowEvents.venueId,
  venueName: roadshowVenues.name,
  streamUrl: roadshowEvents.streamUrl,
};

function presenterNames(ctx: Pick<AppContext, "db">, eventIds: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!eventIds.length) return out;
  const rows = ctx.db
    .select({ eventId: roadshowSlots.eventId, name: organisations.name })
    .from(roadshowSlots)
    .innerJoin(organisations, eq(organisations.id, roadshowSlots.enterpriseOrgId))
    .where(inArray(roadshowSlots.eventId, eventIds))
    .orderBy(asc(roadshowSlots.position))
    .all();
  for (const r of rows) out.set(r.eventId, [...(out.get(r.eventId) ?? []), r.name]);
  return out;
}

/** The staff calendar: every event (cancelled ones too) in [from, to), optionally one venue's. */
export function calendarEvents(ctx: Pick<AppContext, "db">, actor: Actor, range: { from: number; to: number; venueId?: string | null }) {
  assertCan(actor, "view:roadshow-calendar:any", undefined);
  const rows = ctx.db
    .select(listCols)
    .from(roadshowEvents)
    .innerJoin(roadshowVenues, eq(roadshowVenues.id, roadshowEvents.venueId))
    .where(and(lt(roadshowEvents.startsAt, range.to), gt(roadshowEvents.endsAt, range.from), range.venueId ? eq(roadshowEvents.venueId, range.venueId) : undefined))
    .orderBy(asc(roadshowEvents.startsAt))
    .all();
  const names = presenterNames(ctx, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, presenters: names.get(r.id) ?? [], ...registrationCounts(ctx, r.id) }));
}

/** Upcoming and live events the viewer may see (anonymous visitors: public ones only), soonest first. */
export function upcomingEvents(ctx: Pick<AppContext, "db" | "clock">, viewer: Viewer, opts: { limit?: number; includePast?: boolean } = {}) {
  const now = ctx.clock.now();
  const rows = ctx.db
    .select(listCols)
    .from(roadshowEvents)
    .innerJoin(roadshowVenues, eq(roadshowVenues.id, roadshowEvents.venueId))
    .where(and(eq(roadshowEvents.state, "scheduled"), opts.includePast ? lt(roadshowEvents.endsAt, now) : gte(roadshowEvents.endsAt, now)))
    .orderBy(opts.includePast ? sql`${roadshowEvents.startsAt} desc` : asc(roadshowEvents.startsAt))
    .limit(200)
    .all()
    .filter((r) => can(viewer, "view:roadshow:audience", partiesOf(ctx, r)))
    .slice(0, opts.limit ?? 50);
  const names = presenterNames(ctx, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, presenters: names.get(r.id) ?? [], phase: phaseOf(r, now), ...registrationCounts(ctx, r.id) }));
}

/** The events an enterprise presents at (for its roadshow page). */
export function eventsPresentedBy(ctx: Pick<AppContext, "db" | "clock">, orgId: string) {
  const now = ctx.clock.now();
  const rows = ctx.db
    .select(listCols)
    .from(roadshowSlots)
    .innerJoin(roadshowEvents, eq(roadshowEvents.id, roadshowSlots.eventId))
    .innerJoin(roadshowVenues, eq(roadshowVenues.id, roadshowEvents.venueId))
    .where(eq(roadshowSlots.enterpriseOrgId, orgId))
    .orderBy(sql`${roadshowEvents.startsAt} desc`)
    .all();
  return rows.map((r) => ({ ...r, phase: phaseOf(r, now) }));
}

/** For the editor: the event with its parties in input shape. */
export function eventForEditor(ctx: Pick<AppContext, "db">, actor: Actor, eventId: string) {
  assertCan(actor, "schedule:roadshow:any", undefined);
  const event = eventRow(ctx, eventId);
  const parties = partiesOf(ctx, event);
  return { event, parties };
}

/** Choices for the editor: exchange staff (moderators), enterprises with their decks, institutions (invitations). */
export function editorChoices(ctx: Pick<AppContext, "db">, actor: Actor) {
  assertCan(actor, "schedule:roadshow:any", undefined);
  const staff = ctx.db
    .selectDistinct({ userId: users.id, name: users.name })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(organisations.kind, "exchange"), ne(users.id, "system")))
    .orderBy(asc(users.name))
    .all();
  const enterprises = ctx.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.kind, "enterprise")).orderBy(asc(organisations.name)).all();
  const deckRows = ctx.db
    .select({ id: decks.id, title: decks.title, org: decks.enterpriseOrgId })
    .from(decks)
    .where(and(isNull(decks.archivedAt), sql`${decks.currentVersionId} is not null`))
    .all();
  const institutions = ctx.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.kind, "institution")).orderBy(asc(organisations.name)).all();
  return { staff, enterprises, decks: deckRows, institutions, venues: listVenues(ctx) };
}

