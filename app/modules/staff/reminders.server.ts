import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { notifications, staffReminderDigests, staffReminderItems, type ReminderSource } from "@db/schema";
import type { NotificationPayload } from "~/modules/messaging/notifications.server";
import { preferencesOf } from "~/modules/messaging/notifications.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { newId } from "~/utils/ids";

/**
 * Reminders never go out from a page view and never one notice each: the scheduler jobs that find something due
 * queue a reminder item per person, and `deliverReminderDigests` turns a person's items of the day into one
 * notification (a single item reads as itself; several read "N reminders today" and link to /reminders).
 * A person gets at most one reminder notification per Shanghai day; later items of the same day join it.
 */

export type ReminderInput = { source: ReminderSource; key: string; values: Record<string, string | number>; href: string };

/** Queues a reminder for people (call inside the transaction that records the reminder as sent). */
export function queueReminder(ctx: Pick<AppContext, "db" | "clock">, userIds: (string | null | undefined)[], item: ReminderInput): number {
  const day = shanghaiDate(ctx.clock.now());
  let queued = 0;
  for (const userId of new Set(userIds.filter((u): u is string => !!u))) {
    ctx.db.insert(staffReminderItems).values({ id: newId(), userId, day, source: item.source, key: item.key, values: item.values, href: item.href, createdAt: ctx.clock.now() }).run();
    queued++;
  }
  return queued;
}

function digestPayload(items: { key: string; values: Record<string, string | number>; href: string }[], day: string): NotificationPayload {
  if (items.length === 1) return { key: items[0]!.key, values: items[0]!.values, href: items[0]!.href };
  return { key: "staff:notify.reminderDigest", values: { count: items.length, day }, href: `/reminders?day=${day}` };
}

/**
 * One pass: every person with undelivered reminders gets (or has refreshed, and marked unread again) their one
 * notification of the day. Idempotent: with nothing new it changes nothing.
 */
export function deliverReminderDigests(ctx: Pick<AppContext, "db" | "clock">): { people: number; items: number } {
  const now = ctx.clock.now();
  const day = shanghaiDate(now);
  let people = 0;
  let delivered = 0;
  ctx.db.transaction(() => {
    const pending = ctx.db.select().from(staffReminderItems).where(isNull(staffReminderItems.notificationId)).orderBy(asc(staffReminderItems.createdAt)).all();
    const byUser = new Map<string, typeof pending>();
    for (const p of pending) byUser.set(p.userId, [...(byUser.get(p.userId) ?? []), p]);
    for (const [userId, items] of byUser) {
      const pref = preferencesOf(ctx, userId).find((p) => p.kind === "board");
      const existing = ctx.db.select().from(staffReminderDigests).where(and(eq(staffReminderDigests.userId, userId), eq(staffReminderDigests.day, day))).get();
      let notificationId: string | null = existing?.notificationId ?? null;
      if (pref && !pref.inApp && !pref.emailDigest) {
        notificationId = "";
      } else {
        const ofDay = [
          ...(existing ? ctx.db.select().from(staffReminderItems).where(eq(staffReminderItems.notificationId, existing.notificationId)).orderBy(asc(staffReminderItems.createdAt)).all() : []),
          ...items,
        ];
        const payload = JSON.stringify(digestPayload(ofDay, day));
        if (existing) {
          ctx.db.update(notifications).set({ payload, readAt: null, emailedAt: null, updatedAt: now }).where(eq(notifications.id, existing.notificationId)).run();
        } else {
          notificationId = newId();
          ctx.db.insert(notifications).values({ id: notificationId, userId, kind: "board", payload, groupKey: `reminders:${day}`, createdAt: now, updatedAt: now }).run();
          ctx.db.insert(staffReminderDigests).values({ userId, day, notificationId, createdAt: now }).run();
        }
      }
      ctx.db.update(staffReminderItems).set({ notificationId }).where(inArray(staffReminderItems.id, items.map((i) => i.id))).run();
      people++;
      delivered += items.length;
    }
  });
  return { people, items: delivered };
}

/** The viewer's own reminders of a day (the page a digest links to), newest day first when no day is given. */
export function listMyReminders(ctx: Pick<AppContext, "db">, actor: Actor, day?: string) {
  const where = day ? and(eq(staffReminderItems.userId, actor.userId), eq(staffReminderItems.day, day)) : eq(staffReminderItems.userId, actor.userId);
  return ctx.db
    .select({ id: staffReminderItems.id, day: staffReminderItems.day, source: staffReminderItems.source, key: staffReminderItems.key, values: staffReminderItems.values, href: staffReminderItems.href })
    .from(staffReminderItems)
    .where(where)
    .orderBy(desc(staffReminderItems.day), asc(staffReminderItems.createdAt))
    .limit(200)
    .all();
}
