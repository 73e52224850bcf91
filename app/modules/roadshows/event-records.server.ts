import { and, asc, eq, gt, inArray, lt, ne, sql } from "drizzle-orm";
import {
  organisations,
  roadshowEvents,
  roadshowInvitedOrgs,
  roadshowModerators,
  roadshowRegistrations,
  roadshowSlots,
  roadshowVenues,
  users,
  type VenueKind,
} from "@db/schema";
import { assertCan, type RoadshowParties, type Viewer } from "~/modules/access";
import type { AppContext } from "~/utils/context.server";
import { ConflictError, NotFoundError } from "~/utils/errors";
import { formatShanghai } from "./time";

/**
 * The roadshow event as a record: reading it with its parties and registration counts, and the double-booking
 * check. Scheduling (events.server), registrations and enterprise requests all build on these, so they live
 * below all three.
 */
export type EventRow = typeof roadshowEvents.$inferSelect;
export const MAX_SLOTS = 10;

/**
 * The double-booking rule: no venue (other than the online channel), presenting enterprise or moderator is in two
 * overlapping scheduled events. Called inside the write transaction (BEGIN IMMEDIATE), so two schedulers saving at
 * once are serialised and the second sees the first's event; the error names the clashing event.
 */
export function assertNoClash(ctx: Pick<AppContext, "db">, input: { startsAt: number; endsAt: number; venueId: string; venueKind: VenueKind; orgIds: string[]; moderatorUserIds: string[] }, selfId: string | null) {
  const overlapping = and(
    eq(roadshowEvents.state, "scheduled"),
    lt(roadshowEvents.startsAt, input.endsAt),
    gt(roadshowEvents.endsAt, input.startsAt),
    selfId ? ne(roadshowEvents.id, selfId) : undefined,
  );
  const clash = (resource: "venue" | "presenter" | "moderator", row: { id: string; title: string; startsAt: number; endsAt: number } | undefined, name: string) => {
    if (!row) return;
    throw new ConflictError(
      `roadshows:errors.clash.${resource}`,
      { event: row.title, eventId: row.id, name, from: formatShanghai(row.startsAt), to: formatShanghai(row.endsAt, { timeOnly: true }) },
      resource === "venue" ? "venueId" : resource === "presenter" ? "slots" : "moderatorUserIds",
    );
  };
  const cols = { id: roadshowEvents.id, title: roadshowEvents.title, startsAt: roadshowEvents.startsAt, endsAt: roadshowEvents.endsAt };
  if (input.venueKind !== "online") {
    const row = ctx.db.select(cols).from(roadshowEvents).where(and(overlapping, eq(roadshowEvents.venueId, input.venueId))).orderBy(asc(roadshowEvents.startsAt)).get();
    clash("venue", row, ctx.db.select({ n: roadshowVenues.name }).from(roadshowVenues).where(eq(roadshowVenues.id, input.venueId)).get()?.n ?? "");
  }
  const presenter = ctx.db
    .select({ ...cols, name: organisations.name })
    .from(roadshowSlots)
    .innerJoin(roadshowEvents, eq(roadshowEvents.id, roadshowSlots.eventId))
    .innerJoin(organisations, eq(organisations.id, roadshowSlots.enterpriseOrgId))
    .where(and(overlapping, inArray(roadshowSlots.enterpriseOrgId, input.orgIds)))
    .orderBy(asc(roadshowEvents.startsAt))
    .get();
  clash("presenter", presenter, presenter?.name ?? "");
  if (input.moderatorUserIds.length) {
    const moderator = ctx.db
      .select({ ...cols, name: users.name })
      .from(roadshowModerators)
      .innerJoin(roadshowEvents, eq(roadshowEvents.id, roadshowModerators.eventId))
      .innerJoin(users, eq(users.id, roadshowModerators.userId))
      .where(and(overlapping, inArray(roadshowModerators.userId, input.moderatorUserIds)))
      .orderBy(asc(roadshowEvents.startsAt))
      .get();
    clash("moderator", moderator, moderator?.name ?? "");
  }
}

export function eventRow(ctx: Pick<AppContext, "db">, eventId: string): EventRow {
  const row = ctx.db.select().from(roadshowEvents).where(eq(roadshowEvents.id, eventId)).get();
  if (!row) throw new NotFoundError("roadshows:errors.eventNotFound");
  return row;
}

export function partiesOf(ctx: Pick<AppContext, "db">, event: Pick<EventRow, "id" | "audience">): RoadshowParties & { slots: { position: number; enterpriseOrgId: string; deckId: string | null; name: string }[] } {
  const slots = ctx.db
    .select({ position: roadshowSlots.position, enterpriseOrgId: roadshowSlots.enterpriseOrgId, deckId: roadshowSlots.deckId, name: organisations.name })
    .from(roadshowSlots)
    .innerJoin(organisations, eq(organisations.id, roadshowSlots.enterpriseOrgId))
    .where(eq(roadshowSlots.eventId, event.id))
    .orderBy(asc(roadshowSlots.position))
    .all();
  return {
    audience: event.audience,
    slots,
    presenterOrgIds: slots.map((s) => s.enterpriseOrgId),
    moderatorUserIds: ctx.db.select({ u: roadshowModerators.userId }).from(roadshowModerators).where(eq(roadshowModerators.eventId, event.id)).all().map((r) => r.u),
    invitedOrgIds: ctx.db.select({ o: roadshowInvitedOrgs.orgId }).from(roadshowInvitedOrgs).where(eq(roadshowInvitedOrgs.eventId, event.id)).all().map((r) => r.o),
  };
}

/** The event as this viewer may see it; an event outside the viewer's audience does not exist for them. */
export function visibleEvent(ctx: Pick<AppContext, "db">, viewer: Viewer, eventId: string) {
  const event = eventRow(ctx, eventId);
  const parties = partiesOf(ctx, event);
  assertCan(viewer, "view:roadshow:audience", parties, { refusal: "not-found", message: "roadshows:errors.eventNotFound" });
  return { event, parties };
}

export function registrationCounts(ctx: Pick<AppContext, "db">, eventId: string) {
  const rows = ctx.db
    .select({ state: roadshowRegistrations.state, n: sql<number>`count(*)` })
    .from(roadshowRegistrations)
    .where(eq(roadshowRegistrations.eventId, eventId))
    .groupBy(roadshowRegistrations.state)
    .all();
  const by = new Map(rows.map((r) => [r.state, r.n]));
  return { registered: by.get("registered") ?? 0, waitlisted: by.get("waitlisted") ?? 0 };
}
