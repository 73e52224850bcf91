import { and, count, desc, eq, inArray, isNull, notInArray } from "drizzle-orm";
import { memberships, NOTIFICATION_KINDS, notificationPreferences, notifications, users, type NotificationKind, type Role } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { newId } from "~/utils/ids";
import type { Actor } from "../identity/actor";

/** Rendered in the reader's language: an i18n key with its values, and where clicking leads. */
export type NotificationPayload = { key: string; values: Record<string, string | number>; href: string };

export type NotificationPreference = { kind: NotificationKind; inApp: boolean; emailDigest: boolean };

export function preferencesOf(ctx: Pick<AppContext, "db">, userId: string): NotificationPreference[] {
  const rows = ctx.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId)).all();
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  return NOTIFICATION_KINDS.map((kind) => ({ kind, inApp: byKind.get(kind)?.inApp ?? true, emailDigest: byKind.get(kind)?.emailDigest ?? true }));
}

export function setPreferences(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, prefs: NotificationPreference[]): NotificationPreference[] {
  const at = ctx.clock.now();
  ctx.db.transaction(() => {
    for (const p of prefs) {
      ctx.db
        .insert(notificationPreferences)
        .values({ userId: actor.userId, kind: p.kind, inApp: p.inApp, emailDigest: p.emailDigest, updatedAt: at })
        .onConflictDoUpdate({
          target: [notificationPreferences.userId, notificationPreferences.kind],
          set: { inApp: p.inApp, emailDigest: p.emailDigest, updatedAt: at },
        })
        .run();
    }
  });
  return preferencesOf(ctx, actor.userId);
}

function hiddenKinds(ctx: Pick<AppContext, "db">, userId: string): NotificationKind[] {
  return preferencesOf(ctx, userId)
    .filter((p) => !p.inApp)
    .map((p) => p.kind);
}

/**
 * Records a notification (call inside the transaction of the change it reports). With a groupKey,
 * an existing unread notification of the same group is refreshed instead of stacking up a second
 * one — ten messages in one conversation are one line in the centre. Returns null when the user
 * switched this kind off everywhere.
 */
export function notify(
  ctx: Pick<AppContext, "db" | "clock">,
  input: { userId: string; kind: NotificationKind; payload: NotificationPayload; groupKey?: string },
): string | null {
  const pref = preferencesOf(ctx, input.userId).find((p) => p.kind === input.kind);
  if (pref && !pref.inApp && !pref.emailDigest) return null;
  const at = ctx.clock.now();
  if (input.groupKey) {
    const open = ctx.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.userId, input.userId), eq(notifications.groupKey, input.groupKey), isNull(notifications.readAt), isNull(notifications.emailedAt)))
      .get();
    if (open) {
      ctx.db.update(notifications).set({ payload: JSON.stringify(input.payload), updatedAt: at }).where(eq(notifications.id, open.id)).run();
      return open.id;
    }
  }
  const id = newId();
  ctx.db
    .insert(notifications)
    .values({ id, userId: input.userId, kind: input.kind, payload: JSON.stringify(input.payload), groupKey: input.groupKey ?? null, createdAt: at, updatedAt: at })
    .run();
  return id;
}

/** The unread count of a group, for payloads that say "3 new messages". */
export function openGroupCount(ctx: Pick<AppContext, "db">, userId: string, groupKey: string): number {
  const row = ctx.db
    .select({ payload: notifications.payload })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.groupKey, groupKey), isNull(notifications.readAt), isNull(notifications.emailedAt)))
    .get();
  if (!row) return 0;
  const n = (JSON.parse(row.payload) as NotificationPayload).values.count;
  return typeof n === "number" ? n : 1;
}

export function unreadNotificationCount(ctx: Pick<AppContext, "db">, userId: string): number {
  const hidden = hiddenKinds(ctx, userId);
  const row = ctx.db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), hidden.length ? notInArray(notifications.kind, hidden) : undefined))
    .get();
  return row?.n ?? 0;
}

export function listNotifications(ctx: Pick<AppContext, "db">, actor: Actor, opts: { page?: number; pageSize?: number; unreadOnly?: boolean } = {}) {
  const page = Math.max(1, opts.page ?? 1);
  const pageSize = Math.min(100, Math.max(1, opts.pageSize ?? 30));
  const hidden = hiddenKinds(ctx, actor.userId);
  const rows = ctx.db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, actor.userId),
        hidden.length ? notInArray(notifications.kind, hidden) : undefined,
        opts.unreadOnly ? isNull(notifications.readAt) : undefined,
      ),
    )
    .orderBy(desc(notifications.updatedAt), desc(notifications.id))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
    .all();
  return {
    items: rows.slice(0, pageSize).map((r) => ({
      id: r.id,
      kind: r.kind,
      payload: JSON.parse(r.payload) as NotificationPayload,
      readAt: r.readAt,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    })),
    hasMore: rows.length > pageSize,
    unread: unreadNotificationCount(ctx, actor.userId),
  };
}

/** Marks the given notifications (only the actor's own — others' ids are silently ignored) or all of them read. */
export function markNotificationsRead(ctx: AppContext, actor: Actor, ids: string[] | "all"): number {
  const where =
    ids === "all"
      ? and(eq(notifications.userId, actor.userId), isNull(notifications.readAt))
      : and(eq(notifications.userId, actor.userId), isNull(notifications.readAt), inArray(notifications.id, ids.length ? ids : [""]));
  const changed = ctx.db.update(notifications).set({ readAt: ctx.clock.now() }).where(where).run().changes;
  if (changed > 0) pushUnreadCount(ctx, actor.userId);
  return changed;
}

/** Marks read the notifications of one group (opening a conversation clears its message notification). */
export function markGroupRead(ctx: AppContext, userId: string, groupKey: string): void {
  const changed = ctx.db
    .update(notifications)
    .set({ readAt: ctx.clock.now() })
    .where(and(eq(notifications.userId, userId), eq(notifications.groupKey, groupKey), isNull(notifications.readAt)))
    .run().changes;
  if (changed > 0) pushUnreadCount(ctx, userId);
}

/** Tells every open tab of the user the new unread count (the header badge listens for it). */
export function pushUnreadCount(ctx: AppContext, userId: string): void {
  ctx.realtime.toUser(userId, "notification:count", { unread: unreadNotificationCount(ctx, userId) });
}

/** Active users of the given organisations; with `roles`, only those holding one of them (`["org_admin"]`: its administrators). */
export function orgUserIds(ctx: Pick<AppContext, "db">, orgIds: readonly (string | null | undefined)[], roles?: readonly Role[]): string[] {
  const ids = [...new Set(orgIds.filter((id): id is string => !!id))];
  if (ids.length === 0) return [];
  return ctx.db
    .selectDistinct({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(inArray(memberships.orgId, ids), isNull(users.disabledAt), roles ? inArray(memberships.role, [...roles]) : undefined))
    .all()
    .map((r) => r.userId);
}

type NotifyingContext = Pick<AppContext, "db" | "clock"> & Partial<Pick<AppContext, "realtime" | "logger">>;

/**
 * Notifies users about one event (in-app, and in the e-mail digest per their preferences) and pushes their live unread
 * count. Call inside the transaction of the change: the push is sent once the current synchronous work is over —
 * better-sqlite3 transactions are synchronous, so by then the change is committed (or rolled back, and the count
 * pushed is the unchanged one). Contexts without a realtime channel (seeding, jobs) skip the push. Returns who was
 * notified.
 */
export function notifyUsers(
  ctx: NotifyingContext,
  userIds: readonly (string | null | undefined)[],
  input: { kind: NotificationKind; payload: NotificationPayload; groupKey?: string },
): string[] {
  const notified = [...new Set(userIds.filter((id): id is string => !!id))];
  for (const userId of notified) notify(ctx, { userId, ...input });
  pushUnreadCountsAfterCommit(ctx, notified);
  return notified;
}

/** The same for every active user of the given organisations (optionally only some roles), except the acting user. */
export function notifyOrgs(
  ctx: NotifyingContext,
  orgIds: readonly (string | null | undefined)[],
  input: { kind: NotificationKind; payload: NotificationPayload; groupKey?: string; roles?: readonly Role[]; exceptUserId?: string | null },
): string[] {
  const { roles, exceptUserId, ...notification } = input;
  return notifyUsers(
    ctx,
    orgUserIds(ctx, orgIds, roles).filter((userId) => userId !== exceptUserId),
    notification,
  );
}

/** Pushes the users' unread counts once the current synchronous work (a transaction, a socket handler's ack) is over. */
export function pushUnreadCountsAfterCommit(ctx: NotifyingContext, userIds: string[]): void {
  const realtime = ctx.realtime;
  if (!realtime || userIds.length === 0) return;
  setImmediate(() => {
    try {
      for (const userId of userIds) realtime.toUser(userId, "notification:count", { unread: unreadNotificationCount(ctx, userId) });
    } catch (error) {
      // The badge is a convenience: a closed database (shutdown, a finished test) only skips this refresh.
      ctx.logger?.warn({ err: error }, "unread count push skipped");
    }
  });
}
