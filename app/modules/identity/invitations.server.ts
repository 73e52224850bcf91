import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { type z } from "zod";
import { invitations, memberships, organisations, users, type OrgKind, type Role } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { translator } from "~/i18n/i18n.server";
import { appendAudit } from "../audit/audit.server";
import { enqueueMail } from "../messaging/mail.server";

import type { Actor } from "./actor";
import { stageAfterPassword } from "./mfa.server";
import { assertAcceptablePassword, hashPassword, verifyPassword } from "./password.server";
import { createSession, disconnectUser, hashToken, newToken, revokeAllSessions } from "./sessions.server";
import { type inviteInput, type acceptInvitationInput } from "./schemas";
import { assertCan, assignableRoles, can } from "~/modules/access";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;


function assertCanManage(ctx: Pick<AppContext, "db">, actor: Actor, orgId: string) {
  const org = ctx.db.select().from(organisations).where(eq(organisations.id, orgId)).get();
  if (!org) throw new NotFoundError();
  assertCan(actor, "manage:member:own-org", { orgId });
  return org;
}

/** Reviewer, service specialist, scheduler and admin are exchange jobs; org admin and member exist everywhere. */
function assertRoleFits(orgKind: OrgKind, role: Role) {
  if (!assignableRoles(orgKind).includes(role)) throw new DomainError("identity:invite.roleNotForOrg", {}, "role");
}

/**
 * Sends a single-use link that expires in a week. The token itself is only ever in the email;
 * the database keeps its hash.
 */
export async function inviteMember(ctx: AppContext, actor: Actor, orgId: string, input: z.infer<typeof inviteInput>, baseUrl: string) {
  const org = assertCanManage(ctx, actor, orgId);
  assertRoleFits(org.kind, input.role);
  const already = ctx.db
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(users.email, input.email), eq(memberships.role, input.role)))
    .get();
  if (already) throw new ConflictError("identity:invite.alreadyMember", {}, "email");
  const token = newToken();
  const id = newId();
  const t = await translator(actor.locale, "identity");
  ctx.db.transaction(() => {
    ctx.db
      .insert(invitations)
      .values({
        id,
        orgId,
        email: input.email,
        role: input.role,
        tokenHash: hashToken(token),
        invitedBy: actor.userId,
        expiresAt: ctx.clock.now() + INVITATION_TTL_MS,
        createdAt: ctx.clock.now(),
      })
      .run();
    enqueueMail(ctx, {
      to: input.email,
      kind: "invitation",
      subject: t("mail.invitation.subject", { org: org.name }),
      body: t("mail.invitation.body", { org: org.name, inviter: actor.name, link: `${baseUrl}/invite/${token}` }),
    });
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "membership.invited",
      subjectType: "organisation",
      subjectId: orgId,
      data: { email: input.email, role: input.role, invitationId: id },
    });
  });
  return { id, token };
}

export function findOpenInvitation(ctx: Pick<AppContext, "db" | "clock">, token: string) {
  const row = ctx.db
    .select({ invitation: invitations, orgName: organisations.name, orgKind: organisations.kind })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.orgId))
    .where(
      and(
        eq(invitations.tokenHash, hashToken(token)),
        isNull(invitations.usedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, ctx.clock.now()),
      ),
    )
    .get();
  if (!row) throw new NotFoundError("identity:invite.invalidOrExpired");
  const existingUser = ctx.db.select({ id: users.id }).from(users).where(eq(users.email, row.invitation.email)).get();
  return { ...row, existingUser: Boolean(existingUser) };
}


/** Accepting creates the account (or, for an existing user, proves it with the password) and joins the org. */
export async function acceptInvitation(ctx: AppContext, token: string, input: z.infer<typeof acceptInvitationInput>, meta: { ip?: string | null; userAgent?: string | null } = {}) {
  const { invitation } = findOpenInvitation(ctx, token);
  const existing = ctx.db.select().from(users).where(eq(users.email, invitation.email)).get();
  let userId: string;
  if (existing) {
    if (!(await verifyPassword(existing.passwordHash, input.password))) throw new DomainError("identity:invite.wrongPassword", {}, "password");
    userId = existing.id;
  } else {
    if (!input.name) throw new DomainError("validation.required", {}, "name");
    userId = newId();
  }
  if (!existing) assertAcceptablePassword(input.password, [invitation.email, input.name]);
  const passwordHash = existing ? null : await hashPassword(input.password);
  ctx.db.transaction(() => {
    // Re-check inside the transaction: two tabs accepting the same link must not both succeed.
    const still = ctx.db.select({ usedAt: invitations.usedAt }).from(invitations).where(eq(invitations.id, invitation.id)).get();
    if (still?.usedAt) throw new NotFoundError("identity:invite.invalidOrExpired");
    if (!existing) {
      ctx.db.insert(users).values({ id: userId, email: invitation.email, name: input.name!, passwordHash: passwordHash!, createdAt: ctx.clock.now() }).run();
    }
    ctx.db
      .insert(memberships)
      .values({ id: newId(), userId, orgId: invitation.orgId, role: invitation.role, createdAt: ctx.clock.now() })
      .onConflictDoNothing()
      .run();
    ctx.db.update(invitations).set({ usedAt: ctx.clock.now() }).where(eq(invitations.id, invitation.id)).run();
    appendAudit(ctx, {
      actorUserId: userId,
      actorOrgId: invitation.orgId,
      action: "membership.joined",
      subjectType: "organisation",
      subjectId: invitation.orgId,
      data: { role: invitation.role, invitationId: invitation.id },
    });
  });
  return { userId, session: createSession(ctx, userId, meta, stageAfterPassword(ctx, userId)) };
}

export function listMembers(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, orgId: string) {
  const org = ctx.db.select().from(organisations).where(eq(organisations.id, orgId)).get();
  if (!org) throw new NotFoundError();
  assertCan(actor, "read:member:own-org", { orgId }, { refusal: "not-found" });
  const members = ctx.db
    .select({ membershipId: memberships.id, userId: users.id, name: users.name, email: users.email, role: memberships.role, since: memberships.createdAt, mfaOn: sql<boolean>`${users.totpEnabledAt} is not null` })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(memberships.createdAt)
    .all();
  const pending = can(actor, "manage:member:own-org", { orgId })
    ? ctx.db
        .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt })
        .from(invitations)
        .where(and(eq(invitations.orgId, orgId), isNull(invitations.usedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, ctx.clock.now())))
        .all()
    : [];
  return { org, members, pending };
}

/** Removes one role of a member; the last org admin cannot be removed (an org must stay manageable). */
export function removeMember(ctx: AppContext, actor: Actor, membershipId: string): void {
  const m = ctx.db.select().from(memberships).where(eq(memberships.id, membershipId)).get();
  if (!m) throw new NotFoundError();
  // Existence of another org's membership is nobody else's business.
  assertCan(actor, "manage:member:own-org", m, { refusal: "not-found" });
  ctx.db.transaction(() => {
    if (m.role === "org_admin") {
      const admins = ctx.db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.orgId, m.orgId), eq(memberships.role, "org_admin"))).all();
      if (admins.length <= 1) throw new DomainError("identity:members.lastAdmin");
    }
    ctx.db.delete(memberships).where(eq(memberships.id, membershipId)).run();
    const left = ctx.db.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, m.userId)).all();
    if (left.length === 0) revokeAllSessions(ctx, m.userId);
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "membership.removed",
      subjectType: "organisation",
      subjectId: m.orgId,
      data: { userId: m.userId, role: m.role },
    });
  });
  // Live sockets were admitted under the old memberships: close them; a reconnect is admitted afresh.
  disconnectUser(ctx, m.userId);
}

export function revokeInvitation(ctx: AppContext, actor: Actor, invitationId: string): void {
  const inv = ctx.db.select().from(invitations).where(eq(invitations.id, invitationId)).get();
  if (!inv) throw new NotFoundError();
  assertCan(actor, "manage:member:own-org", inv, { refusal: "not-found" });
  ctx.db.update(invitations).set({ revokedAt: ctx.clock.now() }).where(eq(invitations.id, invitationId)).run();
}
