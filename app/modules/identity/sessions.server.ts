import crypto from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { memberships, organisations, sessions, users } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import type { Actor } from "./actor";

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Only a hash of the session id is stored: a copy of the database does not hand out live sessions. */
export const hashToken = (token: string): string => crypto.createHash("sha256").update(token).digest("hex");
export const newToken = (): string => crypto.randomBytes(32).toString("base64url");

export function createSession(
  ctx: Pick<AppContext, "db" | "clock">,
  userId: string,
  meta: { userAgent?: string | null; ip?: string | null } = {},
): { token: string; expiresAt: number } {
  const token = newToken();
  const expiresAt = ctx.clock.now() + SESSION_TTL_MS;
  ctx.db
    .insert(sessions)
    .values({ id: hashToken(token), userId, expiresAt, userAgent: meta.userAgent?.slice(0, 300) ?? null, ip: meta.ip ?? null })
    .run();
  return { token, expiresAt };
}

export function revokeSession(ctx: Pick<AppContext, "db">, token: string): void {
  ctx.db.delete(sessions).where(eq(sessions.id, hashToken(token))).run();
}

export function revokeAllSessions(ctx: Pick<AppContext, "db">, userId: string): number {
  return ctx.db.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
}

export function listSessions(ctx: Pick<AppContext, "db" | "clock">, userId: string) {
  return ctx.db
    .select({ createdAt: sessions.createdAt, expiresAt: sessions.expiresAt, userAgent: sessions.userAgent, ip: sessions.ip })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, ctx.clock.now())))
    .all();
}

/** Loads the actor behind a session token, or null when the session is unknown, expired or the user disabled. */
export function actorForSession(ctx: Pick<AppContext, "db" | "clock">, token: string): Actor | null {
  const row = ctx.db
    .select({ user: users, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, hashToken(token)), isNull(users.disabledAt)))
    .get();
  if (!row || row.expiresAt <= ctx.clock.now()) return null;
  return actorForUser(ctx, row.user);
}

export function actorForUser(ctx: Pick<AppContext, "db">, user: typeof users.$inferSelect): Actor | null {
  const rows = ctx.db
    .select({ role: memberships.role, org: organisations })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(eq(memberships.userId, user.id))
    .orderBy(memberships.createdAt)
    .all();
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
