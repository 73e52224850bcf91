import crypto from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { generateSecret, generateURI, verifySync } from "otplib";
import { memberships, recoveryCodes, sessions, users, type OrgKind } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { assertCan, can } from "../access";
import type { Actor } from "./actor";
import { appendAudit } from "../audit/audit.server";
import { assertNotBlocked, clearFailures, recordFailure, type Limit } from "./rate-limit.server";
import { actorForUser, disconnectUser, hashToken, revokeAllSessions } from "./sessions.server";

/**
 * Two-step sign-in (ASVS 6.3.3, 6.5): TOTP (RFC 6238, otplib; ADR 0604) plus ten one-time recovery codes.
 * Optional for everyone, required for exchange staff, regulators and prefecture bureaus. A password alone opens a
 * session in stage "mfa" (or "enrol" when a required user has no authenticator yet), which acts for nobody until
 * the second factor is checked; the session then records when (sessions.mfaAt).
 */
export const MFA_REQUIRED_KINDS: readonly OrgKind[] = ["exchange", "regulator", "bureau"];

export const MFA_LIMIT: Limit = { max: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 };
/** A password-checked session waiting for its second factor lapses after this long. */
export const PENDING_TTL_MS = 10 * 60_000;
const ISSUER = "专精特新专板 XJ SRDI Board";
const RECOVERY_CODES = 10;

export type SessionStage = "full" | "mfa" | "enrol";

type Ctx = Pick<AppContext, "db" | "clock">;

function userRow(ctx: Pick<AppContext, "db">, userId: string) {
  const user = ctx.db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new NotFoundError();
  return user;
}

export function mfaRequiredFor(ctx: Pick<AppContext, "db">, userId: string): boolean {
  const actor = actorForUser(ctx, userRow(ctx, userId));
  return !!actor && can(actor, "require:mfa:own");
}

/** Where a password sign-in lands: straight in, or at the second factor, or at enrolment. */
export function stageAfterPassword(ctx: Pick<AppContext, "db">, userId: string): SessionStage {
  const user = userRow(ctx, userId);
  if (user.totpEnabledAt) return "mfa";
  return mfaRequiredFor(ctx, userId) ? "enrol" : "full";
}

/** The session behind a token that still waits for its second factor (or enrolment), or null. */
export function pendingSession(ctx: Ctx, token: string): { sessionId: string; userId: string; stage: Exclude<SessionStage, "full"> } | null {
  const row = ctx.db.select().from(sessions).where(eq(sessions.id, hashToken(token))).get();
  if (!row || row.stage === "full" || row.createdAt + PENDING_TTL_MS <= ctx.clock.now() || row.expiresAt <= ctx.clock.now()) return null;
  return { sessionId: row.id, userId: row.userId, stage: row.stage };
}

/** Starts (or restarts) enrolment: a fresh secret, kept unconfirmed until a code from it is entered. */
export function beginEnrolment(ctx: Ctx, userId: string): { secret: string; uri: string } {
  const user = userRow(ctx, userId);
  if (user.totpEnabledAt) throw new DomainError("identity:mfa.alreadyEnabled");
  const secret = user.totpSecret ?? generateSecret();
  if (!user.totpSecret) ctx.db.update(users).set({ totpSecret: secret }).where(eq(users.id, userId)).run();
  return { secret, uri: generateURI({ issuer: ISSUER, label: user.email, secret }) };
}

function checkTotp(ctx: Ctx, user: typeof users.$inferSelect, code: string): boolean {
  if (!user.totpSecret || !/^\d{6}$/.test(code)) return false;
  const epoch = Math.floor(ctx.clock.now() / 1000);
  const result = verifySync({
    secret: user.totpSecret,
    token: code,
    epoch,
    epochTolerance: 30,
    afterTimeStep: user.totpLastStep ?? undefined,
  });
  if (!result.valid) return false;
  const step = "timeStep" in result ? result.timeStep : Math.floor(epoch / 30) + result.delta;
  ctx.db.update(users).set({ totpLastStep: step }).where(eq(users.id, user.id)).run();
  return true;
}

const hashCode = (code: string) => crypto.createHash("sha256").update(code.replace(/[\s-]/g, "").toLowerCase()).digest("hex");

function newRecoveryCodes(ctx: Ctx, userId: string): string[] {
  ctx.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  const codes = Array.from({ length: RECOVERY_CODES }, () => {
    const raw = crypto.randomBytes(5).toString("hex");
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  for (const code of codes) ctx.db.insert(recoveryCodes).values({ id: newId(), userId, codeHash: hashCode(code), createdAt: ctx.clock.now() }).run();
  return codes;
}

function completeSession(ctx: Ctx, sessionId: string | null): void {
  if (sessionId) ctx.db.update(sessions).set({ stage: "full", mfaAt: ctx.clock.now(), lastSeenAt: ctx.clock.now() }).where(eq(sessions.id, sessionId)).run();
}

function throttled<T>(ctx: Ctx, userId: string, attempt: () => T | null): T {
  const key = `mfa:${userId}`;
  assertNotBlocked(ctx, [key]);
  const result = attempt();
  if (result === null) {
    recordFailure(ctx, key, MFA_LIMIT);
    assertNotBlocked(ctx, [key]);
    throw new DomainError("identity:mfa.invalidCode", {}, "code");
  }
  clearFailures(ctx, key);
  return result;
}

/**
 * Confirms enrolment with a code from the new secret; MFA is on from now, and the ten recovery codes are returned
 * once (only their hashes are kept). A pending session becomes a full one with MFA recorded.
 */
export function confirmEnrolment(ctx: Ctx, userId: string, code: string, sessionId: string | null = null): { recoveryCodes: string[] } {
  return throttled(ctx, userId, () => {
    const user = userRow(ctx, userId);
    if (user.totpEnabledAt) throw new DomainError("identity:mfa.alreadyEnabled");
    if (!checkTotp(ctx, user, code.trim())) return null;
    return ctx.db.transaction(() => {
      ctx.db.update(users).set({ totpEnabledAt: ctx.clock.now() }).where(eq(users.id, userId)).run();
      const codes = newRecoveryCodes(ctx, userId);
      completeSession(ctx, sessionId);
      appendAudit(ctx, { actorUserId: userId, action: "user.mfa_enabled", subjectType: "user", subjectId: userId });
      return { recoveryCodes: codes };
    });
  });
}

/** The second step of a sign-in: a current TOTP code (each time step once) or an unused recovery code. */
export function verifySecondFactor(ctx: Ctx, token: string, input: { code?: string; recoveryCode?: string }): { userId: string; usedRecoveryCode: boolean } {
  const pending = pendingSession(ctx, token);
  if (!pending || pending.stage !== "mfa") throw new NotFoundError("identity:mfa.expired");
  return throttled(ctx, pending.userId, () => {
    const user = userRow(ctx, pending.userId);
    if (input.code && checkTotp(ctx, user, input.code.trim())) {
      completeSession(ctx, pending.sessionId);
      return { userId: user.id, usedRecoveryCode: false };
    }
    if (input.recoveryCode) {
      const used = ctx.db
        .update(recoveryCodes)
        .set({ usedAt: ctx.clock.now() })
        .where(and(eq(recoveryCodes.userId, user.id), eq(recoveryCodes.codeHash, hashCode(input.recoveryCode)), isNull(recoveryCodes.usedAt)))
        .run();
      if (used.changes === 1) {
        completeSession(ctx, pending.sessionId);
        appendAudit(ctx, { actorUserId: user.id, action: "user.mfa_recovery_code_used", subjectType: "user", subjectId: user.id });
        return { userId: user.id, usedRecoveryCode: true };
      }
    }
    return null;
  });
}

export function remainingRecoveryCodes(ctx: Ctx, userId: string): number {
  return ctx.db.select({ id: recoveryCodes.id }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt), gt(recoveryCodes.createdAt, 0))).all().length;
}

export function mfaStatus(ctx: Pick<AppContext, "db">, userId: string) {
  const user = userRow(ctx, userId);
  return { enabled: !!user.totpEnabledAt, required: mfaRequiredFor(ctx, userId) };
}

/**
 * New recovery codes for a signed-in user who proves the authenticator is still in hand (a current code): the old
 * ten stop working at once. For when the codes run low or may have been seen.
 */
export function regenerateRecoveryCodes(ctx: Ctx, userId: string, code: string): { recoveryCodes: string[] } {
  return throttled(ctx, userId, () => {
    const user = userRow(ctx, userId);
    if (!user.totpEnabledAt) throw new DomainError("identity:mfa.notEnabled");
    if (!checkTotp(ctx, user, code.trim())) return null;
    return ctx.db.transaction(() => {
      const codes = newRecoveryCodes(ctx, userId);
      appendAudit(ctx, { actorUserId: userId, action: "user.mfa_recovery_codes_regenerated", subjectType: "user", subjectId: userId });
      return { recoveryCodes: codes };
    });
  });
}

/**
 * A member who lost both the authenticator and the recovery codes: the organisation's admin (or the exchange admin)
 * clears the second factor after checking who asks, out of band. The member's sessions end, so the next sign-in
 * enrols afresh (required for exchange, regulator and bureau staff). Nobody resets their own: that would let a
 * stolen password of an admin remove the admin's own second factor.
 */
export function resetMemberMfa(ctx: AppContext, actor: Actor, orgId: string, userId: string): void {
  assertCan(actor, "reset:member-mfa:own-org", { orgId }, { refusal: "not-found" });
  const member = ctx.db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId))).get();
  if (!member) throw new NotFoundError();
  if (userId === actor.userId) throw new DomainError("identity:mfa.resetSelf");
  ctx.db.transaction(() => {
    ctx.db.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null }).where(eq(users.id, userId)).run();
    ctx.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
    revokeAllSessions(ctx, userId);
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "user.mfa_reset", subjectType: "user", subjectId: userId, data: { orgId } });
  });
  disconnectUser(ctx, userId);
}

/**
 * The QR code (SVG, qrcode — ADR 0607) of the enrolment this user has begun and not yet confirmed, for authenticator
 * apps that scan rather than take a typed key; null when there is none (nothing is created here: a read).
 */
export async function enrolmentQrSvg(ctx: Pick<AppContext, "db">, userId: string): Promise<string | null> {
  const user = ctx.db.select().from(users).where(eq(users.id, userId)).get();
  if (!user?.totpSecret || user.totpEnabledAt) return null;
  const { default: QRCode } = await import("qrcode");
  return QRCode.toString(generateURI({ issuer: ISSUER, label: user.email, secret: user.totpSecret }), { type: "svg", errorCorrectionLevel: "M", margin: 1 });
}
