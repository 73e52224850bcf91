import crypto from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { memberships, organisations, sessions, users } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { sessionRoom, userRoom } from "~/utils/realtime.server";
import { preparedQuery } from "~/utils/sql.server";
import type { Actor } from "./actor";

/** Activity moves a session's idle clock at most this often, so a busy page does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

/** Only a hash of the session id is stored: a copy of the database does not hand out live sessions. */
export const hashToken = (token: string): string => crypto.createHash("sha256").update(token).digest("hex");
export const newToken = (): string => crypto.randomBytes(32).toString("base64url");

/**
 * A session ends at the first of: its absolute lifetime after sign-in (SESSION_ABSOLUTE_HOURS), or an idle
 * period without any request or socket event (SESSION_IDLE_MINUTES, sliding).
 */
export function createSession(
  ctx: Pick<AppContext, "db" | "clock" | "config">,
  userId: string,
  meta: { userAgent?: string | null; ip?: string | null } = {},
  stage: "full" | "mfa" | "enrol" = "full",
): { token: string; expiresAt: number; stage: "full" | "mfa" | "enrol" } {
  const token = newToken();
  const now = ctx.clock.now();
  const expiresAt = now + ctx.config.sessionAbsoluteMs;
  ctx.db
    .insert(sessions)
    .values({ id: hashToken(token), userId, expiresAt, lastSeenAt: now, createdAt: now, stage, userAgent: meta.userAgent?.slice(0, 300) ?? null, ip: meta.ip ?? null })
    .run();
  return { token, expiresAt, stage };
}

/** Ends one session and closes its live sockets at once. */
export function revokeSession(ctx: Pick<AppContext, "db" | "realtime">, token: string): void {
  const id = hashToken(token);
  ctx.db.delete(sessions).where(eq(sessions.id, id)).run();
  ctx.realtime.disconnect(sessionRoom(id));
}

/** Ends every session of the user (sign out everywhere, password reset, last membership removed) and closes their sockets. */
export function revokeAllSessions(ctx: Pick<AppContext, "db" | "realtime">, userId: string): number {
  const changes = ctx.db.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
  disconnectUser(ctx, userId);
  return changes;
}

/**
 * Closes the user's live sockets without ending their sessions: after a change of memberships a reconnecting
 * client is admitted again under its current organisation and rooms.
 */
export function disconnectUser(ctx: Pick<AppContext, "realtime">, userId: string): void {
  ctx.realtime.disconnect(userRoom(userId));
}

export function listSessions(ctx: Pick<AppContext, "db" | "clock">, userId: string) {
  return ctx.db
    .select({ createdAt: sessions.createdAt, expiresAt: sessions.expiresAt, userAgent: sessions.userAgent, ip: sessions.ip })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, ctx.clock.now())))
    .all();
}

/** Loads the actor behind a session token, or null when the session is unknown, expired, idle too long or the user disabled. */
export function actorForSession(ctx: Pick<AppContext, "db" | "clock" | "config">, token: string): Actor | null {
  return actorForSessionId(ctx, hashToken(token));
}

/**
 * The same by the stored id (the token's hash), as sockets keep it: every socket event comes through here, so it
 * acts for a session and membership that are valid now, not at the handshake. Use counts as activity.
 */
export function actorForSessionId(ctx: Pick<AppContext, "db" | "clock" | "config">, sessionId: string, options: { touch: boolean } = { touch: true }): Actor | null {
  const row = preparedQuery(ctx.db, "session-user", (db) =>
    db
      .select({ user: users, expiresAt: sessions.expiresAt, lastSeenAt: sessions.lastSeenAt })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      // A session still waiting for its second factor (or MFA enrolment) acts for nobody.
      .where(and(eq(sessions.id, sql.placeholder("sessionId")), eq(sessions.stage, "full"), isNull(users.disabledAt)))
      .prepare(),
  ).get({ sessionId });
  const now = ctx.clock.now();
  if (!row || row.expiresAt <= now || row.lastSeenAt + ctx.config.sessionIdleMs <= now) return null;
  if (options.touch && now - row.lastSeenAt >= TOUCH_EVERY_MS) ctx.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId)).run();
  return actorForUser(ctx, row.user);
}

export function actorForUser(ctx: Pick<AppContext, "db">, user: typeof users.$inferSelect): Actor | null {
  const rows = preparedQuery(ctx.db, "user-memberships", (db) =>
    db
      .select({ role: memberships.role, org: organisations })
      .from(memberships)
      .innerJoin(organisations, eq(organisations.id, memberships.orgId))
      .where(eq(memberships.userId, sql.placeholder("userId")))
      .orderBy(memberships.createdAt)
      .prepare(),
  ).all({ userId: user.id });
  const first = rows[0];
  if (!first) return null;
  const org = first.org;
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    locale: user.locale,
    orgId: org.id,
    orgKind: org.kind,
    orgName: org.name,
    institutionType: org.institutionType,
    prefectureCode: org.prefectureCode,
    roles: rows.filter((r) => r.org.id === org.id).map((r) => r.role),
  };
}
