import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { notificationDigestRuns, notifications, users } from "@db/schema";
import { translator } from "~/i18n/i18n.server";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { enqueueMail } from "./mail.server";
import type { NotificationPayload } from "./notifications.server";
import { preferencesOf } from "./notifications.server";

/** The digest goes out at the end of the Shanghai working day (the jobs registry schedules it). */
export const DIGEST_HOUR_SHANGHAI = 18;
const MAX_LINES = 50;

/**
 * Queues one email per user who has unread notifications not yet mailed, in kinds they want by
 * email. At most one digest per user per Shanghai day: the run row's primary key makes a second
 * run (a restart, a second node) a no-op, and it is written in the same transaction as the mail.
 */
export async function runDailyDigest(ctx: AppContext): Promise<{ day: string; queued: number }> {
  const now = ctx.clock.now();
  const day = shanghaiDate(now);
  const pendingUsers = ctx.db
    .selectDistinct({ userId: notifications.userId })
    .from(notifications)
    .where(and(isNull(notifications.readAt), isNull(notifications.emailedAt)))
    .all();
  let queued = 0;
  for (const { userId } of pendingUsers) {
    const already = ctx.db
      .select({ userId: notificationDigestRuns.userId })
      .from(notificationDigestRuns)
      .where(and(eq(notificationDigestRuns.userId, userId), eq(notificationDigestRuns.day, day)))
      .get();
    if (already) continue;
    const user = ctx.db.select().from(users).where(eq(users.id, userId)).get();
    if (!user || user.disabledAt) continue;
    const kinds = preferencesOf(ctx, userId)
      .filter((p) => p.emailDigest)
      .map((p) => p.kind);
    if (kinds.length === 0) continue;
    const items = ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), isNull(notifications.emailedAt), inArray(notifications.kind, kinds)))
      .orderBy(asc(notifications.createdAt))
      .all();
    if (items.length === 0) continue;

    const t = await translator(user.locale, "messaging");
    const origin = ctx.config.appOrigin ?? "";
    const lines = items.slice(0, MAX_LINES).map((n) => {
      const p = JSON.parse(n.payload) as NotificationPayload;
      return `• ${t(p.key, p.values)}\n  ${origin}${p.href}`;
    });
    if (items.length > MAX_LINES) lines.push(t("digest.more", { count: items.length - MAX_LINES }));
    const body = [t("digest.greeting", { name: user.name }), "", ...lines, "", t("digest.footer", { link: `${origin}/notifications` })].join("\n");

    const inserted = ctx.db.transaction(() => {
      const run = ctx.db
        .insert(notificationDigestRuns)
        .values({ userId, day, notificationCount: items.length, createdAt: now })
        .onConflictDoNothing()
        .run();
      if (run.changes === 0) return false;
      const mailId = enqueueMail(ctx, { to: user.email, subject: t("digest.subject", { count: items.length }), body, kind: "notification_digest" });
      ctx.db.update(notificationDigestRuns).set({ mailId }).where(and(eq(notificationDigestRuns.userId, userId), eq(notificationDigestRuns.day, day))).run();
      ctx.db
        .update(notifications)
        .set({ emailedAt: now })
        .where(
          inArray(
            notifications.id,
            items.map((i) => i.id),
          ),
        )
        .run();
      return true;
    });
    if (inserted) queued++;
  }
  if (queued) ctx.logger.info({ day, queued }, "notification digests queued");
  return { day, queued };
}
