import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { boardMemberships, custodyReminders, notificationPreferences, notifications, staffReminderItems } from "@db/schema";
import { createTestContext, type TestContext } from "@test/support/context";
import { sendDueCustodyReminders } from "~/modules/board/board-jobs.server";
import { openCustody } from "~/modules/board/custody.server";
import { callRoute, createRouteTestContext, sessionCookie } from "@test/support/routes";
import type { Actor } from "~/modules/identity/actor";
import { newId } from "~/utils/ids";
import { loader as custodyLoader } from "~/routes/_app.board.custody";
import { deliverReminderDigests, listMyReminders, queueReminder } from "./reminders.server";
import { makeActor } from "@test/support/actors";
import { makeUscc } from "@test/support/uscc";

/** 10:00 in Shanghai on a calendar date. */
const at = (date: string): number => Date.parse(`${date}T02:00:00Z`);
const DAY = 86_400_000;

let ctx: TestContext;
let specialist: Actor;

/** n enterprises admitted on one day with one service person, custody opened for each. */
function twentyOnOneDay(n = 20): Actor[] {
  const admin = makeActor(ctx, { orgKind: "exchange", roles: ["exchange_admin"] });
  specialist = makeActor(ctx, { orgKind: "exchange", roles: ["service_specialist"], orgId: admin.orgId });
  const ents: Actor[] = [];
  for (let i = 1; i <= n; i++) {
    const ent = makeActor(ctx, { orgKind: "enterprise", prefectureCode: "6501", uscc: makeUscc(i), orgName: `企业${i}` });
    const membershipId = newId();
    ctx.db.insert(boardMemberships).values({ id: membershipId, enterpriseOrgId: ent.orgId, tier: "standardisation", entryDate: "2026-01-05", servicePersonUserId: specialist.userId }).run();
    openCustody(ctx, admin, { membershipId, totalShares: 1_000_000 });
    ents.push(ent);
  }
  return ents;
}

const notificationsOf = (userId: string) => ctx.db.select().from(notifications).where(eq(notifications.userId, userId)).all();

describe("reminder digests", () => {
  beforeEach(() => {
    ctx = createTestContext();
    ctx.clock.ms = at("2026-01-05");
  });

  it("20 custody reminders due on one day reach the service person as 1 notification", () => {
    const ents = twentyOnOneDay();
    // Deadline 2026-04-03; 20 working days before it is early March.
    ctx.clock.ms = at("2026-03-06");
    expect(sendDueCustodyReminders(ctx).sent).toBe(20);
    const mine = notificationsOf(specialist.userId);
    expect(mine).toHaveLength(1);
    expect(JSON.parse(mine[0]!.payload)).toMatchObject({ key: "staff:notify.reminderDigest", values: { count: 20, day: "2026-03-06" }, href: "/reminders?day=2026-03-06" });
    expect(listMyReminders(ctx, specialist, "2026-03-06")).toHaveLength(20);
    // Each enterprise had one reminder: it reads as itself.
    for (const e of ents) {
      const own = notificationsOf(e.userId);
      expect(own).toHaveLength(1);
      expect(JSON.parse(own[0]!.payload)).toMatchObject({ key: "board:notify.custodyDue" });
    }
    // A second pass the same day, and another reminder source the same day, join the same notification.
    expect(sendDueCustodyReminders(ctx).sent).toBe(0);
    queueReminder(ctx, [specialist.userId], { source: "service_request", key: "staff:notify.requestOverdue", values: { title: "x" }, href: "/staff/requests" });
    deliverReminderDigests(ctx);
    const after = notificationsOf(specialist.userId);
    expect(after).toHaveLength(1);
    expect(JSON.parse(after[0]!.payload)).toMatchObject({ values: { count: 21 } });
  });

  it("the next day's reminders are the next day's one notification; a day with nothing due adds none", () => {
    twentyOnOneDay(3);
    ctx.clock.ms = at("2026-03-06");
    sendDueCustodyReminders(ctx);
    ctx.clock.advance(DAY);
    expect(deliverReminderDigests(ctx)).toEqual({ people: 0, items: 0 });
    expect(notificationsOf(specialist.userId)).toHaveLength(1);
    // d10 falls due later in March: a second digest, on its own day.
    for (let d = 0; d < 20; d++) {
      sendDueCustodyReminders(ctx);
      ctx.clock.advance(DAY);
    }
    const days = notificationsOf(specialist.userId).map((n) => n.groupKey);
    expect(days).toHaveLength(2);
    expect(new Set(days).size).toBe(2);
  });

  it("a person who switched board notices off entirely gets none, and the items are not re-tried forever", () => {
    twentyOnOneDay(2);
    ctx.db.insert(notificationPreferences).values({ userId: specialist.userId, kind: "board", inApp: false, emailDigest: false, updatedAt: 0 }).run();
    ctx.clock.ms = at("2026-03-06");
    sendDueCustodyReminders(ctx);
    expect(notificationsOf(specialist.userId)).toHaveLength(0);
    expect(ctx.db.select().from(staffReminderItems).where(eq(staffReminderItems.userId, specialist.userId)).all().every((i) => i.notificationId !== null)).toBe(true);
    expect(deliverReminderDigests(ctx)).toEqual({ people: 0, items: 0 });
  });
});

describe("opening /board/custody", () => {
  it("only reads: no reminder is recorded, queued or notified by a page view", async () => {
    const rctx = createRouteTestContext();
    ctx = rctx;
    ctx.clock.ms = at("2026-01-05");
    twentyOnOneDay(5);
    ctx.clock.ms = at("2026-03-06");
    const res = await callRoute(rctx, custodyLoader, { url: "/board/custody", cookie: await sessionCookie(rctx, specialist) });
    expect(res.status).toBe(200);
    expect((res.body as { rows: unknown[] }).rows).toHaveLength(5);
    expect(ctx.db.select().from(custodyReminders).all()).toHaveLength(0);
    expect(ctx.db.select().from(staffReminderItems).all()).toHaveLength(0);
    expect(ctx.db.select().from(notifications).all()).toHaveLength(0);
  });
});
