import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, notifications, roadshowEvents, roadshowRequests, roadshowSlots } from "@db/schema";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "~/utils/errors";
import { createTestContext, type TestContext } from "@test/support/context";
import { calendarEvents, cancelEvent, createEvent, createVenue, listVenuesToManage, updateEvent, upcomingEvents, visibleEvent } from "./events.server";
import { acceptRequestIntoEvent, answerProposal, declineRequest, listRequests, proposeAnotherTime, submitRoadshowRequest, withdrawRequest } from "./requests.server";
import { eventInput, HOUR, makeRoadshowWorld, type RoadshowWorld } from "@test/support/roadshow-world";
import { parseShanghaiLocal, toShanghaiLocal } from "./time";

let ctx: TestContext;
let w: RoadshowWorld;

beforeEach(async () => {
  ctx = createTestContext();
  w = await makeRoadshowWorld(ctx);
});

const audits = (action: string) => ctx.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

describe("venues", () => {
  it("are managed by exchange admins only, with a positive capacity", () => {
    expect(() => createVenue(ctx, w.scheduler, { name: "二号厅", kind: "hall", capacity: 30 })).toThrow(ForbiddenError);
    expect(() => createVenue(ctx, w.admin, { name: "二号厅", kind: "hall", capacity: 0 })).toThrow(DomainError);
    expect(createVenue(ctx, w.admin, { name: "二号厅", kind: "hall", capacity: 30 })).toBeTruthy();
    expect(audits("roadshow.venue.created").length).toBe(3);
  });

  it("the list to manage (archived ones too) is the admins' alone", () => {
    expect(() => listVenuesToManage(ctx, w.scheduler)).toThrow(ForbiddenError);
    const id = createVenue(ctx, w.admin, { name: "三号厅", kind: "hall", capacity: 20 });
    expect(listVenuesToManage(ctx, w.admin).map((v) => v.id)).toContain(id);
  });
});

describe("scheduling events", () => {
  it("creates a joint roadshow with ordered slots, audited, and tells the presenters", () => {
    const id = createEvent(ctx, w.scheduler, eventInput(ctx, w, { slots: [{ enterpriseOrgId: w.entB, deckId: w.deckB }, { enterpriseOrgId: w.entA, deckId: w.deckA }] }));
    const slots = ctx.db.select().from(roadshowSlots).where(eq(roadshowSlots.eventId, id)).orderBy(roadshowSlots.position).all();
    expect(slots.map((s) => [s.position, s.enterpriseOrgId])).toEqual([
      [1, w.entB],
      [2, w.entA],
    ]);
    expect(ctx.db.select().from(roadshowEvents).where(eq(roadshowEvents.id, id)).get()!.currentDeckId).toBe(w.deckB);
    expect(audits("roadshow.event.created")).toHaveLength(1);
    expect(ctx.db.select().from(notifications).where(eq(notifications.userId, w.enterprise.userId)).all()).toHaveLength(1);
  });

  it("only lets roadshow schedulers (and exchange admins) schedule", () => {
    expect(() => createEvent(ctx, w.moderator, eventInput(ctx, w))).toThrow(ForbiddenError);
    expect(() => createEvent(ctx, w.enterprise, eventInput(ctx, w))).toThrow(ForbiddenError);
    expect(createEvent(ctx, w.admin, eventInput(ctx, w))).toBeTruthy();
  });

  it.each([
    ["end before start", (i: ReturnType<typeof eventInput>) => ({ ...i, endsAt: i.startsAt - HOUR }), "roadshows:errors.endBeforeStart"],
    ["capacity 0", (i: ReturnType<typeof eventInput>) => ({ ...i, capacity: 0 }), "roadshows:errors.capacity"],
    ["capacity over the hall", (i: ReturnType<typeof eventInput>) => ({ ...i, capacity: 81 }), "roadshows:errors.overVenueCapacity"],
    ["javascript: stream", (i: ReturnType<typeof eventInput>) => ({ ...i, streamUrl: "javascript:alert(1)" }), "roadshows:errors.url"],
    ["data: stream", (i: ReturnType<typeof eventInput>) => ({ ...i, streamUrl: "data:text/html,<b>x</b>" }), "roadshows:errors.url"],
    ["deadline after start", (i: ReturnType<typeof eventInput>) => ({ ...i, registrationDeadline: i.startsAt + 1 }), "roadshows:errors.deadlineAfterStart"],
    ["start in the past", (i: ReturnType<typeof eventInput>) => ({ ...i, startsAt: ctx.clock.now() - HOUR, endsAt: ctx.clock.now(), registrationDeadline: ctx.clock.now() - 2 * HOUR }), "roadshows:errors.startInPast"],
    ["no presenter", (i: ReturnType<typeof eventInput>) => ({ ...i, slots: [] }), "roadshows:errors.noPresenter"],
    ["someone else's deck", (i: ReturnType<typeof eventInput>) => ({ ...i, slots: [{ enterpriseOrgId: w.entA, deckId: w.deckB }] }), "roadshows:errors.deckNotPresenters"],
    ["a bank as moderator", (i: ReturnType<typeof eventInput>) => ({ ...i, moderatorUserIds: [w.bank.userId] }), "roadshows:errors.moderatorNotStaff"],
    ["invited without invitees", (i: ReturnType<typeof eventInput>) => ({ ...i, audience: "invited" as const }), "roadshows:errors.invitedEmpty"],
    ["online event in a hall", (i: ReturnType<typeof eventInput>) => ({ ...i, format: "online" as const }), "roadshows:errors.onlineNeedsOnlineVenue"],
  ])("refuses %s and stores nothing", (_name, change, message) => {
    expect(() => createEvent(ctx, w.scheduler, change(eventInput(ctx, w)))).toThrow(expect.objectContaining({ message }) as Error);
    expect(ctx.db.select().from(roadshowEvents).all()).toHaveLength(0);
  });

  it("keeps an https stream URL", () => {
    const id = createEvent(ctx, w.scheduler, eventInput(ctx, w, { streamUrl: "https://live.example.com/a/index.m3u8" }));
    expect(ctx.db.select().from(roadshowEvents).where(eq(roadshowEvents.id, id)).get()!.streamUrl).toBe("https://live.example.com/a/index.m3u8");
  });
});

describe("no double booking", () => {
  let first: string;
  beforeEach(() => {
    first = createEvent(ctx, w.scheduler, eventInput(ctx, w, { title: "第一场" }));
  });

  it("refuses the same hall at an overlapping time and names the clashing event", () => {
    const clash = eventInput(ctx, w, { title: "第二场", slots: [{ enterpriseOrgId: w.entB }], moderatorUserIds: [w.moderator2.userId] });
    clash.startsAt += 30 * 60_000;
    clash.endsAt += 30 * 60_000;
    expect(() => createEvent(ctx, w.scheduler, clash)).toThrow(expect.objectContaining({ message: "roadshows:errors.clash.venue", values: expect.objectContaining({ event: "第一场", eventId: first }) }) as Error);
  });

  it("refuses the same presenting enterprise even online", () => {
    const clash = eventInput(ctx, w, { title: "线上场", format: "online", venueId: w.online, moderatorUserIds: [] });
    expect(() => createEvent(ctx, w.scheduler, clash)).toThrow(expect.objectContaining({ message: "roadshows:errors.clash.presenter", values: expect.objectContaining({ event: "第一场" }) }) as Error);
  });

  it("refuses the same moderator", () => {
    const clash = eventInput(ctx, w, { title: "线上场", format: "online", venueId: w.online, slots: [{ enterpriseOrgId: w.entB }] });
    expect(() => createEvent(ctx, w.scheduler, clash)).toThrow(expect.objectContaining({ message: "roadshows:errors.clash.moderator" }) as Error);
  });

  it("allows back-to-back events, the online channel twice, and ignores cancelled events", () => {
    const after = eventInput(ctx, w, { title: "紧接一场" });
    after.startsAt += HOUR;
    after.endsAt += HOUR;
    after.registrationDeadline += HOUR;
    expect(createEvent(ctx, w.scheduler, after)).toBeTruthy();
    expect(createEvent(ctx, w.scheduler, eventInput(ctx, w, { format: "online", venueId: w.online, slots: [{ enterpriseOrgId: w.entB }], moderatorUserIds: [w.moderator2.userId] }))).toBeTruthy();
    cancelEvent(ctx, w.scheduler, first, "企业申请延期");
    expect(createEvent(ctx, w.scheduler, eventInput(ctx, w, { title: "替补" }))).toBeTruthy();
  });

  it("checks a reschedule too, but not against the event itself", () => {
    const later = eventInput(ctx, w, { title: "第二场", slots: [{ enterpriseOrgId: w.entB }], moderatorUserIds: [] }, 72);
    const second = createEvent(ctx, w.scheduler, later);
    const moved = { ...later, startsAt: later.startsAt - 24 * HOUR, endsAt: later.endsAt - 24 * HOUR, registrationDeadline: later.registrationDeadline - 24 * HOUR };
    expect(() => updateEvent(ctx, w.scheduler, second, moved)).toThrow(ConflictError);
    expect(updateEvent(ctx, w.scheduler, first, { ...eventInput(ctx, w, { title: "第一场（改）" }) }).rescheduled).toBe(false);
  });
});

describe("reschedule and cancel", () => {
  it("tells every registrant; a cancelled event cannot be cancelled or edited again", async () => {
    const { register } = await import("./registrations.server");
    const input = eventInput(ctx, w);
    const id = createEvent(ctx, w.scheduler, input);
    register(ctx, w.bank, id);
    const moved = { ...input, startsAt: input.startsAt + 2 * HOUR, endsAt: input.endsAt + 2 * HOUR };
    expect(updateEvent(ctx, w.scheduler, id, moved).rescheduled).toBe(true);
    const bankNotes = () => ctx.db.select().from(notifications).where(eq(notifications.userId, w.bank.userId)).all().map((n) => JSON.parse(n.payload).key as string);
    expect(bankNotes()).toContain("roadshows:notifications.rescheduled");
    expect(audits("roadshow.event.rescheduled")).toHaveLength(1);
    cancelEvent(ctx, w.scheduler, id, "场地检修");
    expect(bankNotes()).toContain("roadshows:notifications.cancelled");
    expect(() => cancelEvent(ctx, w.scheduler, id, "再次取消")).toThrow(ConflictError);
    expect(() => updateEvent(ctx, w.scheduler, id, moved)).toThrow(ConflictError);
    expect(() => cancelEvent(ctx, w.scheduler, id, "")).toThrow();
  });
});

describe("audiences", () => {
  it("public events are listed without login; invited events only for the invited", () => {
    const pub = createEvent(ctx, w.scheduler, eventInput(ctx, w, { audience: "public" }));
    const inv = createEvent(ctx, w.scheduler, eventInput(ctx, w, { audience: "invited", invitedOrgIds: [w.peOrg], slots: [{ enterpriseOrgId: w.entB }], format: "online", venueId: w.online, moderatorUserIds: [] }));
    expect(upcomingEvents(ctx, null).map((e) => e.id)).toEqual([pub]);
    expect(upcomingEvents(ctx, w.pe).map((e) => e.id).sort()).toEqual([pub, inv].sort());
    expect(() => visibleEvent(ctx, w.bank, inv)).toThrow(NotFoundError);
    expect(visibleEvent(ctx, w.enterpriseB, inv).event.id).toBe(inv);
    expect(calendarEvents(ctx, w.moderator, { from: 0, to: Number.MAX_SAFE_INTEGER })).toHaveLength(2);
    expect(() => calendarEvents(ctx, w.bank, { from: 0, to: Number.MAX_SAFE_INTEGER })).toThrow(ForbiddenError);
  });
});

describe("enterprise roadshow requests", () => {
  const tomorrowish = () => toShanghaiLocal(ctx.clock.now() + 5 * 24 * HOUR).slice(0, 10);

  it("waiting → accepted into an existing event, with the enterprise added as the next presenter", () => {
    const event = createEvent(ctx, w.scheduler, eventInput(ctx, w, { slots: [{ enterpriseOrgId: w.entA, deckId: w.deckA }] }));
    const req = submitRoadshowRequest(ctx, w.enterpriseB, { preferredDates: [tomorrowish()], audience: "members", deckId: w.deckB });
    expect(() => submitRoadshowRequest(ctx, w.enterpriseB, { preferredDates: [tomorrowish()], audience: "members" })).toThrow(ConflictError);
    acceptRequestIntoEvent(ctx, w.scheduler, req, event);
    const slots = ctx.db.select().from(roadshowSlots).where(eq(roadshowSlots.eventId, event)).all();
    expect(slots.find((s) => s.enterpriseOrgId === w.entB)?.position).toBe(2);
    expect(listRequests(ctx, w.enterpriseB)[0]!.state).toBe("accepted");
    expect(() => declineRequest(ctx, w.scheduler, req, "太晚了")).toThrow(ConflictError);
    expect(audits("roadshow.request.accepted")).toHaveLength(1);
  });

  it("refuses accepting an enterprise into an event that clashes with its other roadshow", () => {
    createEvent(ctx, w.scheduler, eventInput(ctx, w, { title: "天宏专场", slots: [{ enterpriseOrgId: w.entB }], format: "online", venueId: w.online, moderatorUserIds: [] }));
    const event = createEvent(ctx, w.scheduler, eventInput(ctx, w, { title: "金沙专场" }));
    const req = submitRoadshowRequest(ctx, w.enterpriseB, { preferredDates: [tomorrowish()], audience: "members" });
    expect(() => acceptRequestIntoEvent(ctx, w.scheduler, req, event)).toThrow(expect.objectContaining({ message: "roadshows:errors.clash.presenter", values: expect.objectContaining({ event: "天宏专场" }) }) as Error);
    expect(ctx.db.select().from(roadshowRequests).where(eq(roadshowRequests.id, req)).get()!.state).toBe("waiting");
  });

  it("waiting → proposed → agreed (waiting again) → declined with a reason; the enterprise sees each state", () => {
    const req = submitRoadshowRequest(ctx, w.enterprise, { preferredDates: [tomorrowish()], audience: "public" });
    const when = parseShanghaiLocal(`${tomorrowish()}T15:00`) + 24 * HOUR;
    proposeAnotherTime(ctx, w.scheduler, req, { startsAt: when });
    expect(listRequests(ctx, w.enterprise)[0]!.state).toBe("proposed");
    expect(() => proposeAnotherTime(ctx, w.scheduler, req, { startsAt: when })).toThrow(ConflictError);
    answerProposal(ctx, w.enterprise, req, true);
    const after = listRequests(ctx, w.enterprise)[0]!;
    expect(after.state).toBe("waiting");
    expect(after.preferredDates).toEqual([toShanghaiLocal(when).slice(0, 10)]);
    expect(() => declineRequest(ctx, w.scheduler, req, "")).toThrow(DomainError);
    declineRequest(ctx, w.scheduler, req, "本季度路演已排满");
    expect(listRequests(ctx, w.enterprise)[0]).toMatchObject({ state: "declined", reason: "本季度路演已排满" });
    expect(() => withdrawRequest(ctx, w.enterprise, req)).toThrow(ConflictError);
  });

  it("keeps requests private to their enterprise and refuses bad dates and others' decks", () => {
    const req = submitRoadshowRequest(ctx, w.enterprise, { preferredDates: [tomorrowish()], audience: "members" });
    expect(listRequests(ctx, w.enterpriseB)).toHaveLength(0);
    expect(() => withdrawRequest(ctx, w.enterpriseB, req)).toThrow(NotFoundError);
    expect(() => submitRoadshowRequest(ctx, w.enterpriseB, { preferredDates: ["2020-01-01"], audience: "members" })).toThrow(DomainError);
    expect(() => submitRoadshowRequest(ctx, w.enterpriseB, { preferredDates: [tomorrowish()], audience: "members", deckId: w.deckA })).toThrow(DomainError);
    expect(() => submitRoadshowRequest(ctx, w.bank, { preferredDates: [tomorrowish()], audience: "members" })).toThrow(ForbiddenError);
    expect(() => proposeAnotherTime(ctx, w.enterprise, req, { startsAt: ctx.clock.now() + 99 * HOUR })).toThrow(ForbiddenError);
  });

  it("a new event built from a request accepts it in the same transaction", () => {
    const req = submitRoadshowRequest(ctx, w.enterprise, { preferredDates: [tomorrowish()], audience: "members", deckId: w.deckA });
    const id = createEvent(ctx, w.scheduler, eventInput(ctx, w), { fromRequestId: req });
    expect(ctx.db.select().from(roadshowRequests).where(and(eq(roadshowRequests.id, req), eq(roadshowRequests.eventId, id))).get()!.state).toBe("accepted");
  });
});
