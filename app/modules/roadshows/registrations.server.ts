import { and, asc, eq, gt, inArray, lte } from "drizzle-orm";
import { roadshowEvents, roadshowRegistrations, roadshowReminders, roadshowVenues, type RegistrationState, type ReminderKind } from "@db/schema";
import { assertCan } from "~/modules/access";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import { notify, pushUnreadCount } from "~/modules/messaging/notifications.server";
import type { AppContext } from "~/utils/context.server";
import { ConflictError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { eventRow, partiesOf, registrationCounts, visibleEvent } from "./event-records.server";
import { formatShanghai } from "./time";

type Ctx = Pick<AppContext, "db" | "clock">;

function ownRegistration(ctx: Pick<AppContext, "db">, eventId: string, userId: string) {
  return ctx.db
    .select()
    .from(roadshowRegistrations)
    .where(and(eq(roadshowRegistrations.eventId, eventId), eq(roadshowRegistrations.userId, userId)))
    .get();
}

/**
 * Registers the actor: a seat while seats are free, otherwise a place on the waitlist. Refused for a cancelled, past
 * or closed event and for someone already registered; the count and the insert share one IMMEDIATE transaction, so
 * two people taking the last seat at once get one seat and one waitlist place.
 */
export function register(ctx: AppContext, actor: Actor, eventId: string): { state: RegistrationState } {
  const { event, parties } = visibleEvent(ctx, actor, eventId);
  assertCan(actor, "register:roadshow:audience", parties, { message: "roadshows:errors.cannotRegister" });
  const now = ctx.clock.now();
  if (event.state === "cancelled") throw new ConflictError("roadshows:errors.cancelled");
  if (event.endsAt <= now) throw new ConflictError("roadshows:errors.ended");
  if (event.registrationDeadline <= now) throw new ConflictError("roadshows:errors.registrationClosed", { time: formatShanghai(event.registrationDeadline) });
  let state: RegistrationState = "registered";
  ctx.db.transaction(
    () => {
      const existing = ownRegistration(ctx, eventId, actor.userId);
      if (existing && existing.state !== "cancelled") throw new ConflictError(existing.state === "registered" ? "roadshows:errors.alreadyRegistered" : "roadshows:errors.alreadyWaitlisted");
      const { registered } = registrationCounts(ctx, eventId);
      state = registered < event.capacity ? "registered" : "waitlisted";
      if (existing) {
        ctx.db.update(roadshowRegistrations).set({ state, queuedAt: now, updatedAt: now, orgId: actor.orgId }).where(eq(roadshowRegistrations.id, existing.id)).run();
      } else {
        ctx.db.insert(roadshowRegistrations).values({ id: newId(), eventId, userId: actor.userId, orgId: actor.orgId, state, queuedAt: now, createdAt: now, updatedAt: now }).run();
      }
      appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: `roadshow.registration.${state}`, subjectType: "roadshow_event", subjectId: eventId, data: { title: event.title } });
    },
    { behavior: "immediate" },
  );
  return { state };
}

/** Cancels the actor's place; a freed seat goes to the first person on the waitlist, who is told. */
export function cancelRegistration(ctx: AppContext, actor: Actor, eventId: string): { promotedUserId: string | null } {
  const { event } = visibleEvent(ctx, actor, eventId);
  if (event.endsAt <= ctx.clock.now()) throw new ConflictError("roadshows:errors.ended");
  let promotedUserId: string | null = null;
  ctx.db.transaction(
    () => {
      const existing = ownRegistration(ctx, eventId, actor.userId);
      if (!existing || existing.state === "cancelled") throw new ConflictError("roadshows:errors.notRegistered");
      const now = ctx.clock.now();
      ctx.db.update(roadshowRegistrations).set({ state: "cancelled", updatedAt: now }).where(eq(roadshowRegistrations.id, existing.id)).run();
      appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "roadshow.registration.cancelled", subjectType: "roadshow_event", subjectId: eventId, data: { was: existing.state } });
      if (existing.state === "registered" && event.state === "scheduled") promotedUserId = promoteFromWaitlist(ctx, event);
    },
    { behavior: "immediate" },
  );
  if (promotedUserId) pushUnreadCount(ctx, promotedUserId);
  return { promotedUserId };
}

/** Inside a transaction: while seats are free, the longest-waiting person gets one. Returns the last promoted user. */
function promoteFromWaitlist(ctx: Ctx, event: typeof roadshowEvents.$inferSelect): string | null {
  let promoted: string | null = null;
  for (;;) {
    const { registered } = registrationCounts(ctx, event.id);
    if (registered >= event.capacity) return promoted;
    const next = ctx.db
      .select()
      .from(roadshowRegistrations)
      .where(and(eq(roadshowRegistrations.eventId, event.id), eq(roadshowRegistrations.state, "waitlisted")))
      .orderBy(asc(roadshowRegistrations.queuedAt), asc(roadshowRegistrations.createdAt))
      .get();
    if (!next) return promoted;
    const now = ctx.clock.now();
    ctx.db.update(roadshowRegistrations).set({ state: "registered", updatedAt: now }).where(eq(roadshowRegistrations.id, next.id)).run();
    appendAudit(ctx, { actorUserId: null, actorOrgId: null, action: "roadshow.registration.promoted", subjectType: "roadshow_event", subjectId: event.id, data: { userId: next.userId } });
    notify(ctx, { userId: next.userId, kind: "roadshow", payload: { key: "roadshows:notifications.promoted", values: { title: event.title, time: formatShanghai(event.startsAt) }, href: `/roadshows/${event.id}` } });
    promoted = next.userId;
  }
}

/** Raising an event's capacity (an edit) promotes from the waitlist at once. */
export function promoteAfterCapacityChange(ctx: AppContext, eventId: string): void {
  const event = eventRow(ctx, eventId);
  if (event.state !== "scheduled") return;
  const promoted = ctx.db.transaction(() => promoteFromWaitlist(ctx, event), { behavior: "immediate" });
  if (promoted) pushUnreadCount(ctx, promoted);
}

export function registrationOf(ctx: Pick<AppContext, "db">, actor: Actor | null, eventId: string) {
  if (!actor) return null;
  const r = ownRegistration(ctx, eventId, actor.userId);
  if (!r || r.state === "cancelled") return null;
  const position =
    r.state === "waitlisted"
      ? ctx.db
          .select({ id: roadshowRegistrations.id })
          .from(roadshowRegistrations)
          .where(and(eq(roadshowRegistrations.eventId, eventId), eq(roadshowRegistrations.state, "waitlisted"), lte(roadshowRegistrations.queuedAt, r.queuedAt)))
          .all().length
      : null;
  return { state: r.state, position };
}

/** The actor's registrations, soonest first (for "my roadshows" and the calendar feed). */
export function myRegistrations(ctx: Pick<AppContext, "db">, userId: string) {
  return ctx.db
    .select({
      state: roadshowRegistrations.state,
      eventId: roadshowEvents.id,
      title: roadshowEvents.title,
      startsAt: roadshowEvents.startsAt,
      endsAt: roadshowEvents.endsAt,
      eventState: roadshowEvents.state,
      venueName: roadshowVenues.name,
      venueAddress: roadshowVenues.address,
      format: roadshowEvents.format,
      description: roadshowEvents.description,
      cancelReason: roadshowEvents.cancelReason,
    })
    .from(roadshowRegistrations)
    .innerJoin(roadshowEvents, eq(roadshowEvents.id, roadshowRegistrations.eventId))
    .innerJoin(roadshowVenues, eq(roadshowVenues.id, roadshowEvents.venueId))
    .where(and(eq(roadshowRegistrations.userId, userId), inArray(roadshowRegistrations.state, ["registered", "waitlisted"])))
    .orderBy(asc(roadshowEvents.startsAt))
    .all();
}

/** Staff and the presenting enterprise see who registered. */
export function registrationsOfEvent(ctx: Pick<AppContext, "db">, actor: Actor, eventId: string) {
  const event = eventRow(ctx, eventId);
  assertCan(actor, "view:roadshow-attendance:own", partiesOf(ctx, event), { refusal: "not-found", message: "roadshows:errors.eventNotFound" });
  return ctx.db.select().from(roadshowRegistrations).where(and(eq(roadshowRegistrations.eventId, eventId), inArray(roadshowRegistrations.state, ["registered", "waitlisted"]))).orderBy(asc(roadshowRegistrations.queuedAt)).all();
}

export const REMINDER_LEAD_MS: Record<ReminderKind, number> = { "24h": 24 * 3_600_000, "1h": 3_600_000 };

/**
 * One pass of the reminder job: for every scheduled event starting within 24 hours, each registered person gets the
 * 24-hour reminder (if it is still more than an hour away) and, within the last hour, the 1-hour one. A row per
 * (event, person, kind, start time) is written with the notification in one transaction, so each reminder goes out
 * once however often the job runs or restarts, and a rescheduled event earns fresh reminders.
 */
export function sendDueRoadshowReminders(ctx: AppContext): { sent: number } {
  const now = ctx.clock.now();
  const events = ctx.db
    .select()
    .from(roadshowEvents)
    .where(and(eq(roadshowEvents.state, "scheduled"), gt(roadshowEvents.startsAt, now), lte(roadshowEvents.startsAt, now + REMINDER_LEAD_MS["24h"])))
    .all();
  const told = new Set<string>();
  let sent = 0;
  for (const event of events) {
    const kind: ReminderKind = event.startsAt - now <= REMINDER_LEAD_MS["1h"] ? "1h" : "24h";
    ctx.db.transaction(() => {
      const people = ctx.db
        .select({ userId: roadshowRegistrations.userId })
        .from(roadshowRegistrations)
        .where(and(eq(roadshowRegistrations.eventId, event.id), eq(roadshowRegistrations.state, "registered")))
        .all();
      for (const { userId } of people) {
        const inserted = ctx.db.insert(roadshowReminders).values({ eventId: event.id, userId, kind, startsAt: event.startsAt, sentAt: now }).onConflictDoNothing().run().changes;
        if (!inserted) continue;
        notify(ctx, {
          userId,
          kind: "roadshow",
          payload: { key: `roadshows:notifications.reminder${kind}`, values: { title: event.title, time: formatShanghai(event.startsAt) }, href: `/roadshows/${event.id}` },
        });
        told.add(userId);
        sent++;
      }
    });
  }
  for (const userId of told) pushUnreadCount(ctx, userId);
  return { sent };
}

