import { and, eq, gt, isNull } from "drizzle-orm";
import { passwordResets, users } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { translator } from "~/i18n/i18n.server";
import { appendAudit } from "../audit/audit.server";
import { enqueueMail } from "../messaging/mail.server";

import { assertAcceptablePassword, hashPassword } from "./password.server";
import { isBlocked, recordFailure, type Limit } from "./rate-limit.server";
import { hashToken, newToken, revokeAllSessions } from "./sessions.server";

export const RESET_TTL_MS = 60 * 60 * 1000;

/** At most this many reset mails per account and per client address in an hour; more requests send nothing. */
export const RESET_LIMITS = {
  account: { max: 3, windowMs: 60 * 60_000, blockMs: 60 * 60_000 },
  ip: { max: 10, windowMs: 60 * 60_000, blockMs: 60 * 60_000 },
} satisfies Record<string, Limit>;

/**
 * Always looks the same to the caller, whether or not the address has an account or the request was throttled
 * (no enumeration). A new link replaces any earlier one: only the newest link works.
 */
export async function requestPasswordReset(ctx: AppContext, email: string, baseUrl: string, clientIp: string | null = null): Promise<void> {
  const ipKey = `reset:ip:${clientIp ?? "unknown"}`;
  const accountKey = `reset:account:${email.toLowerCase()}`;
  if (isBlocked(ctx, [ipKey, accountKey])) return;
  // Counted whether or not the account exists, so the throttle itself reveals nothing.
  recordFailure(ctx, ipKey, RESET_LIMITS.ip);
  recordFailure(ctx, accountKey, RESET_LIMITS.account);
  const user = ctx.db.select().from(users).where(and(eq(users.email, email), isNull(users.disabledAt))).get();
  if (!user) return;
  const token = newToken();
  const t = await translator(user.locale, "identity");
  ctx.db.transaction(() => {
    ctx.db
      .update(passwordResets)
      .set({ usedAt: ctx.clock.now() })
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)))
      .run();
    ctx.db
      .insert(passwordResets)
      .values({ id: newId(), userId: user.id, tokenHash: hashToken(token), expiresAt: ctx.clock.now() + RESET_TTL_MS, createdAt: ctx.clock.now() })
      .run();
    enqueueMail(ctx, {
      to: user.email,
      kind: "password_reset",
      subject: t("mail.reset.subject"),
      body: t("mail.reset.body", { name: user.name, link: `${baseUrl}/reset-password/${token}` }),
    });
  });
}

export function findOpenReset(ctx: Pick<AppContext, "db" | "clock">, token: string) {
  const row = ctx.db
    .select()
    .from(passwordResets)
    .where(and(eq(passwordResets.tokenHash, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, ctx.clock.now())))
    .get();
  if (!row) throw new NotFoundError("identity:reset.invalidOrExpired");
  return row;
}

/** A new password ends every existing session: whoever had the old one is out. */
export async function resetPassword(ctx: AppContext, token: string, password: string): Promise<void> {
  const reset = findOpenReset(ctx, token);
  const user = ctx.db.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, reset.userId)).get();
  assertAcceptablePassword(password, [user?.email, user?.name]);
  const passwordHash = await hashPassword(password);
  ctx.db.transaction(() => {
    const fresh = ctx.db.select({ usedAt: passwordResets.usedAt }).from(passwordResets).where(eq(passwordResets.id, reset.id)).get();
    if (fresh?.usedAt) throw new NotFoundError("identity:reset.invalidOrExpired");
    ctx.db.update(users).set({ passwordHash }).where(eq(users.id, reset.userId)).run();
    ctx.db.update(passwordResets).set({ usedAt: ctx.clock.now() }).where(eq(passwordResets.id, reset.id)).run();
    revokeAllSessions(ctx, reset.userId);
    appendAudit(ctx, { actorUserId: reset.userId, action: "user.password_reset", subjectType: "user", subjectId: reset.userId });
  });
}
