import crypto from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { DateTime } from "luxon";
import { memberships, roadshowCalendarFeeds, roadshowEvents, roadshowModerators, roadshowSlots, roadshowVenues } from "@db/schema";
import type { Actor } from "~/modules/identity/actor";
import type { Viewer } from "~/modules/access";
import type { AppContext } from "~/utils/context.server";
import { BOARD_TIME_ZONE } from "~/utils/dates";
import { myRegistrations } from "./registrations.server";
import { visibleEvent } from "./events.server";

/**
 * China has had no daylight saving since 1991, so Asia/Shanghai is one fixed +08:00 rule; written out here so every
 * calendar client (Outlook included, which wants a VTIMEZONE for a TZID) reads the times as Beijing time.
 */
const SHANGHAI_VTIMEZONE = [
  "BEGIN:VTIMEZONE",
  "TZID:Asia/Shanghai",
  "X-LIC-LOCATION:Asia/Shanghai",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0800",
  "TZOFFSETTO:+0800",
  "TZNAME:CST",
  "DTSTART:19700101T000000",
  "END:STANDARD",
  "END:VTIMEZONE",
].join("\r\n");

type CalendarEvent = {
  id: string;
  title: string;
  description: string | null;
  startsAt: number;
  endsAt: number;
  state: "scheduled" | "cancelled";
  venueName: string;
  venueAddress: string | null;
  updatedAt?: number;
};

function calendarOf(name: string, origin: string, events: CalendarEvent[], method?: ICalCalendarMethod): string {
  const cal = ical({
    name,
    prodId: { company: "xjex", product: "srdi-board-roadshows", language: "ZH" },
    timezone: { name: BOARD_TIME_ZONE, generator: (tz) => (tz === BOARD_TIME_ZONE ? SHANGHAI_VTIMEZONE : null) },
    ...(method ? { method } : {}),
  });
  for (const e of events) {
    cal.createEvent({
      id: `roadshow-${e.id}@srdi-board`,
      // Luxon values in the board's zone: ical-generator writes them as Beijing wall time with TZID=Asia/Shanghai.
      start: DateTime.fromMillis(e.startsAt, { zone: BOARD_TIME_ZONE }),
      end: DateTime.fromMillis(e.endsAt, { zone: BOARD_TIME_ZONE }),
      timezone: BOARD_TIME_ZONE,
      summary: e.title,
      description: [e.description ?? "", `${origin}/roadshows/${e.id}`].filter(Boolean).join("\n\n"),
      location: [e.venueName, e.venueAddress].filter(Boolean).join(" · "),
      url: `${origin}/roadshows/${e.id}`,
      status: e.state === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      // A reschedule changes the times: the sequence moves on so clients replace their copy.
      sequence: Math.floor((e.updatedAt ?? 0) / 1000) % 2_000_000_000,
    });
  }
  return cal.toString();
}

/** The .ics of one event, for anyone in its audience. */
export function eventIcs(ctx: Pick<AppContext, "db">, viewer: Viewer, eventId: string, origin: string): { fileName: string; body: string } {
  const { event } = visibleEvent(ctx, viewer, eventId);
  const venue = ctx.db.select().from(roadshowVenues).where(eq(roadshowVenues.id, event.venueId)).get()!;
  const body = calendarOf(event.title, origin, [{ ...event, venueName: venue.name, venueAddress: venue.address }], ICalCalendarMethod.PUBLISH);
  return { fileName: `roadshow-${event.id}.ics`, body };
}

const hashOf = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** A new private feed address for the actor (the old one stops working); the token is shown once. */
export function resetCalendarFeed(ctx: Pick<AppContext, "db" | "clock">, actor: Actor): string {
  const token = crypto.randomBytes(24).toString("base64url");
  ctx.db
    .insert(roadshowCalendarFeeds)
    .values({ userId: actor.userId, tokenHash: hashOf(token), createdAt: ctx.clock.now() })
    .onConflictDoUpdate({ target: roadshowCalendarFeeds.userId, set: { tokenHash: hashOf(token), createdAt: ctx.clock.now() } })
    .run();
  return token;
}

export function hasCalendarFeed(ctx: Pick<AppContext, "db">, actor: Actor): boolean {
  return !!ctx.db.select({ u: roadshowCalendarFeeds.userId }).from(roadshowCalendarFeeds).where(eq(roadshowCalendarFeeds.userId, actor.userId)).get();
}

/**
 * The subscribable feed behind a token: the roadshows the user registered for (or waits for), presents or moderates,
 * cancelled ones included so calendars drop them. An unknown token is null (the route answers 404).
 */
export function calendarFeed(ctx: Pick<AppContext, "db">, token: string, origin: string): string | null {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const feed = ctx.db.select().from(roadshowCalendarFeeds).where(eq(roadshowCalendarFeeds.tokenHash, hashOf(token))).get();
  if (!feed) return null;
  const registered = myRegistrations(ctx, feed.userId).map((r) => r.eventId);
  const orgIds = ctx.db.select({ orgId: memberships.orgId }).from(memberships).where(eq(memberships.userId, feed.userId)).all().map((r) => r.orgId);
  const presenting = orgIds.length ? ctx.db.select({ id: roadshowSlots.eventId }).from(roadshowSlots).where(inArray(roadshowSlots.enterpriseOrgId, orgIds)).all().map((r) => r.id) : [];
  const moderating = ctx.db.select({ id: roadshowModerators.eventId }).from(roadshowModerators).where(eq(roadshowModerators.userId, feed.userId)).all().map((r) => r.id);
  const ids = [...new Set([...registered, ...presenting, ...moderating])];
  const rows = ids.length
    ? ctx.db
        .select({ event: roadshowEvents, venueName: roadshowVenues.name, venueAddress: roadshowVenues.address })
        .from(roadshowEvents)
        .innerJoin(roadshowVenues, eq(roadshowVenues.id, roadshowEvents.venueId))
        .where(inArray(roadshowEvents.id, ids))
        .all()
    : [];
  return calendarOf("路演 Roadshows", origin, rows.map((r) => ({ ...r.event, venueName: r.venueName, venueAddress: r.venueAddress })));
}

