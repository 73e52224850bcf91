import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { notifications, roadshowReminders } from "@db/schema";
import { APP_JOBS } from "~/modules/jobs/registry.server";
import { createScheduler } from "~/modules/jobs/scheduler.server";
import { ConflictError, ForbiddenError, NotFoundError } from "~/utils/errors";
import { createTestContext, type TestContext } from "@test/support/context";
import { calendarFeed, eventIcs, resetCalendarFeed } from "./calendar.server";
import { cancelEvent, createEvent, updateEvent } from "./events.server";
import { cancelRegistration, myRegistrations, register, registrationOf, sendDueRoadshowReminders } from "./registrations.server";
import { eventInput, HOUR, makeRoadshowWorld, type RoadshowWorld } from "@test/support/roadshow-world";

let ctx: TestContext;
let w: RoadshowWorld;

beforeEach(async () => {
  ctx = createTestContext();
  w = await makeRoadshowWorld(ctx);
});

const keysOf = (userId: string) =>
  ctx.db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .all()
    .map((n) => (JSON.parse(n.payload) as { key: string }).key);

describe("registrations", () => {
  it("fills seats, then the waitlist, and promotes the longest-waiting person when a seat frees", () => {
    const id = createEvent(ctx, w.scheduler, eventInput(ctx, w, { capacity: 1 }));
    expect(register(ctx, w.bank, id).state).toBe("registered");
    ctx.clock.advance(1000);
    expect(register(ctx, w.pe, id).state).toBe("waitlisted");
    ctx.clock.advance(1000);
    expect(register(ctx, w.otherBank, id).state).toBe("waitlisted");
    expect(registrationOf(ctx, w.otherBank, id)).toEqual({ state: "waitlisted", position: 2 });
    expect(cancelRegistration(ctx, w.bank, id).promotedUserId).toBe(w.pe.userId);
    expect(registrationOf(ctx, w.pe, id)?.state).toBe("registered");
    expect(registrationOf(ctx, w.otherBank, id)).toEqual({ state: "waitlisted", position: 1 });
    expect(keysOf(w.pe.userId)).toContain("roadshows:notifications.promoted");
    // A waitlisted person leaving frees no seat: nobody is promoted.
    expect(cancelRegistration(ctx, w.otherBank, id).promotedUserId).toBeNull();
  });

  it("refuses registering twice, after the deadline, for a past or cancelled event, and for the presenter", () => {
    const input = eventInput(ctx, w);
    const id = createEvent(ctx, w.scheduler, input);
    register(ctx, w.bank, id);
    expect(() => register(ctx, w.bank, id)).toThrow(expect.objectContaining({ message: "roadshows:errors.alreadyRegistered" }) as Error);
    expect(() => register(ctx, w.enterprise, id)).toThrow(ForbiddenError);
    ctx.clock.ms = input.registrationDeadline;
    expect(() => register(ctx, w.pe, id)).toThrow(expect.objectContaining({ message: "roadshows:errors.registrationClosed" }) as Error);
    ctx.clock.ms = input.endsAt + 1;
    expect(() => register(ctx, w.pe, id)).toThrow(expect.objectContaining({ message: "roadshows:errors.ended" }) as Error);
    expect(() => cancelRegistration(ctx, w.bank, id)).toThrow(ConflictError);

    const later = createEvent(ctx, w.scheduler, eventInput(ctx, w, { title: "另一场" }));
    cancelEvent(ctx, w.scheduler, later, "主讲人出差");
    expect(() => register(ctx, w.pe, later)).toThrow(expect.objectContaining({ message: "roadshows:errors.cancelled" }) as Error);
  });

  it("cancelling and registering again puts you at the back of the queue; a registration of a cancelled one is not counted", () => {
    const id = createEvent(ctx, w.scheduler, eventInput(ctx, w, { capacity: 1 }));
    register(ctx, w.bank, id);
    cancelRegistration(ctx, w.bank, id);
    register(ctx, w.pe, id);
    expect(register(ctx, w.bank, id).state).toBe("waitlisted");
  });

  it("invited events: only invited institutions may see and register; others get not found", () => {
    const id = createEvent(ctx, w.scheduler, eventInput(ctx, w, { audience: "invited", invitedOrgIds: [w.peOrg] }));
    expect(keysOf(w.pe.userId)).toContain("roadshows:notifications.invited");
    expect(register(ctx, w.pe, id).state).toBe("registered");
    expect(() => register(ctx, w.bank, id)).toThrow(NotFoundError);
  });

  it("the .ics follows the audience (public for anyone, members need a login) and carries Beijing time", () => {
    const pub = createEvent(ctx, w.scheduler, eventInput(ctx, w, { audience: "public", title: "公开路演" }));
    const mem = createEvent(ctx, w.scheduler, eventInput(ctx, w, { title: "会员路演", slots: [{ enterpriseOrgId: w.entB }], format: "online", venueId: w.online, moderatorUserIds: [] }));
    const ics = eventIcs(ctx, null, pub, "https://board.example").body;
    expect(ics).toContain("BEGIN:VTIMEZONE");
    expect(ics).toContain("TZID:Asia/Shanghai");
    expect(ics).toContain("SUMMARY:公开路演");
    expect(ics).toMatch(/DTSTART;TZID=Asia\/Shanghai:20260304T1000\d\d/);
    expect(() => eventIcs(ctx, null, mem, "https://board.example")).toThrow(NotFoundError);
  });
});

describe("the private calendar feed", () => {
  it("lists the user's roadshows behind an unguessable token; a reset kills the old address", () => {
    const id = createEvent(ctx, w.scheduler, eventInput(ctx, w, { title: "订阅测试" }));
    register(ctx, w.bank, id);
    const token = resetCalendarFeed(ctx, w.bank);
    expect(calendarFeed(ctx, token, "https://x")).toContain("SUMMARY:订阅测试");
    expect(calendarFeed(ctx, `${token}x`, "https://x")).toBeNull();
    const again = resetCalendarFeed(ctx, w.bank);
    expect(calendarFeed(ctx, token, "https://x")).toBeNull();
    // The presenter's own feed has its roadshow without registering.
    expect(calendarFeed(ctx, resetCalendarFeed(ctx, w.enterprise), "https://x")).toContain("SUMMARY:订阅测试");
    cancelEvent(ctx, w.scheduler, id, "延期举办");
    expect(calendarFeed(ctx, again, "https://x")).toContain("STATUS:CANCELLED");
    expect(myRegistrations(ctx, w.bank.userId)).toHaveLength(1);
  });
});

describe("reminders", () => {
  it("sends the 24-hour and the 1-hour reminder once each, across job runs and a restarted scheduler", async () => {
    const input = eventInput(ctx, w, {}, 30);
    const id = createEvent(ctx, w.scheduler, input);
    register(ctx, w.bank, id);
    expect(sendDueRoadshowReminders(ctx).sent).toBe(0);
    ctx.clock.ms = input.startsAt - 23 * HOUR;
    const job = APP_JOBS.find((j) => j.name === "roadshows.remind")!;
    const first = createScheduler(ctx, [job], { tickMs: 0 });
    expect((await first.tick())[0]?.outcome?.counts?.sent).toBe(1);
    ctx.clock.advance(60_000);
    expect((await first.tick())[0]?.outcome?.counts?.sent).toBe(0);
    await first.stop();
    // A new process (a restart) finds the reminder already recorded.
    const second = createScheduler(ctx, [job], { tickMs: 0 });
    ctx.clock.advance(60_000);
    expect((await second.tick())[0]?.outcome?.counts?.sent).toBe(0);
    ctx.clock.ms = input.startsAt - 30 * 60_000;
    expect((await second.tick())[0]?.outcome?.counts?.sent).toBe(1);
    ctx.clock.advance(60_000);
    expect((await second.tick())[0]?.outcome?.counts?.sent).toBe(0);
    await second.stop();
    expect(keysOf(w.bank.userId).filter((k) => k.startsWith("roadshows:notifications.reminder"))).toEqual(["roadshows:notifications.reminder24h", "roadshows:notifications.reminder1h"]);
  });

  it("a rescheduled event earns fresh reminders; the waitlist and cancelled events get none", () => {
    const input = eventInput(ctx, w, { capacity: 1 }, 30);
    const id = createEvent(ctx, w.scheduler, input);
    register(ctx, w.bank, id);
    register(ctx, w.pe, id);
    ctx.clock.ms = input.startsAt - 20 * HOUR;
    expect(sendDueRoadshowReminders(ctx).sent).toBe(1);
    updateEvent(ctx, w.scheduler, id, { ...input, startsAt: input.startsAt + 2 * HOUR, endsAt: input.endsAt + 2 * HOUR });
    expect(sendDueRoadshowReminders(ctx).sent).toBe(1);
    expect(ctx.db.select().from(roadshowReminders).all()).toHaveLength(2);
    cancelEvent(ctx, w.scheduler, id, "取消");
    ctx.clock.ms = input.startsAt + 90 * 60_000;
    expect(sendDueRoadshowReminders(ctx).sent).toBe(0);
  });

});
