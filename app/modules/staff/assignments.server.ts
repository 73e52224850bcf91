import { and, asc, count, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { boardMemberships, memberships, organisations, serviceAssignments, serviceRequests, users } from "@db/schema";
import { assertCan, can } from "~/modules/access";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import { notifyUsers } from "~/modules/messaging/notifications.server";
import type { AppContext } from "~/utils/context.server";
import { DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { preparedQuery } from "~/utils/sql.server";

/**
 * 专人服务: every listed enterprise has one dedicated service person. Admission picks one (board/admission) and
 * records the first assignment here; the exchange admin may reassign, only to a service specialist, and every
 * change is kept with who made it and why.
 */

/** The current membership and service person of an enterprise (null when it is not on the board). */
export function servedEnterprise(ctx: Pick<AppContext, "db">, enterpriseOrgId: string) {
  // Prepared once per connection: every listed enterprise's dashboard asks (ADR 0910).
  return (
    preparedQuery(ctx.db, "served-enterprise", (db) =>
      db
        .select({ membershipId: boardMemberships.id, enterpriseOrgId: boardMemberships.enterpriseOrgId, servicePersonUserId: boardMemberships.servicePersonUserId, tier: boardMemberships.tier, entryDate: boardMemberships.entryDate })
        .from(boardMemberships)
        .where(and(eq(boardMemberships.enterpriseOrgId, sql.placeholder("orgId")), eq(boardMemberships.status, "listed")))
        .prepare(),
    ).get({ orgId: enterpriseOrgId }) ?? null
  );
}

/** Admission's pick, as the first line of the history (call inside the admission transaction). */
export function recordFirstAssignment(ctx: Pick<AppContext, "db" | "clock">, input: { membershipId: string; enterpriseOrgId: string; userId: string | null; assignedBy: string | null }): void {
  if (!input.userId) return;
  ctx.db
    .insert(serviceAssignments)
    .values({ id: newId(), membershipId: input.membershipId, enterpriseOrgId: input.enterpriseOrgId, userId: input.userId, startedAt: ctx.clock.now(), assignedBy: input.assignedBy, reason: "admission" })
    .run();
}

/** Whether a user is one of the exchange's service specialists (an admin alone is not one). */
export function isServiceSpecialistUser(ctx: Pick<AppContext, "db">, userId: string): boolean {
  const row = ctx.db
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.userId, userId), eq(memberships.role, "service_specialist"), eq(organisations.kind, "exchange"), isNull(users.disabledAt)))
    .get();
  return !!row;
}

export const reassignInput = z.object({
  enterpriseOrgId: z.string().min(1).max(64),
  userId: z.string().min(1).max(64),
  reason: z.string().trim().min(2).max(500),
});

export function reassignServicePerson(ctx: AppContext, actor: Actor, input: z.infer<typeof reassignInput>): { changed: boolean } {
  assertCan(actor, "assign:service-person:any", undefined);
  const served = servedEnterprise(ctx, input.enterpriseOrgId);
  if (!served) throw new NotFoundError();
  if (!isServiceSpecialistUser(ctx, input.userId)) throw new DomainError("staff:errors.notServicePerson", {}, "userId");
  if (served.servicePersonUserId === input.userId) return { changed: false };
  const now = ctx.clock.now();
  ctx.db.transaction(() => {
    // A membership admitted before the history existed gets its first line now, so the history is complete.
    const open = ctx.db.select().from(serviceAssignments).where(and(eq(serviceAssignments.enterpriseOrgId, input.enterpriseOrgId), isNull(serviceAssignments.endedAt))).all();
    if (open.length === 0 && served.servicePersonUserId) {
      ctx.db
        .insert(serviceAssignments)
        .values({ id: newId(), membershipId: served.membershipId, enterpriseOrgId: served.enterpriseOrgId, userId: served.servicePersonUserId, startedAt: now, endedAt: now, assignedBy: null, reason: "admission" })
        .run();
    }
    ctx.db.update(serviceAssignments).set({ endedAt: now }).where(and(eq(serviceAssignments.enterpriseOrgId, input.enterpriseOrgId), isNull(serviceAssignments.endedAt))).run();
    ctx.db.insert(serviceAssignments).values({ id: newId(), membershipId: served.membershipId, enterpriseOrgId: served.enterpriseOrgId, userId: input.userId, startedAt: now, assignedBy: actor.userId, reason: input.reason }).run();
    ctx.db.update(boardMemberships).set({ servicePersonUserId: input.userId, updatedAt: now }).where(eq(boardMemberships.id, served.membershipId)).run();
    // Open requests follow the enterprise to its new person.
    ctx.db
      .update(serviceRequests)
      .set({ assigneeUserId: input.userId, updatedAt: now })
      .where(and(eq(serviceRequests.enterpriseOrgId, input.enterpriseOrgId), inArray(serviceRequests.state, ["open", "in_progress"])))
      .run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "staff.service_person.reassigned",
      subjectType: "board_membership",
      subjectId: served.membershipId,
      enterpriseOrgId: served.enterpriseOrgId,
      data: { from: served.servicePersonUserId, to: input.userId, reason: input.reason },
    });
    const name = ctx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, served.enterpriseOrgId)).get()?.name ?? "";
    notifyUsers(ctx, [input.userId], { kind: "board", payload: { key: "board:notify.assigned", values: { enterprise: name }, href: `/staff/enterprises/${served.enterpriseOrgId}` } });
  });
  return { changed: true };
}

/** Who served the enterprise when, newest first. */
export function assignmentHistory(ctx: Pick<AppContext, "db">, enterpriseOrgId: string) {
  return ctx.db
    .select({ id: serviceAssignments.id, userId: serviceAssignments.userId, name: users.name, startedAt: serviceAssignments.startedAt, endedAt: serviceAssignments.endedAt, reason: serviceAssignments.reason })
    .from(serviceAssignments)
    .innerJoin(users, eq(users.id, serviceAssignments.userId))
    .where(eq(serviceAssignments.enterpriseOrgId, enterpriseOrgId))
    .orderBy(desc(serviceAssignments.startedAt), desc(serviceAssignments.id))
    .all();
}

/** The exchange's service specialists with how many listed enterprises and open requests each carries. */
export function serviceWorkload(ctx: Pick<AppContext, "db">, actor: Actor) {
  assertCan(actor, "read:service-workload:any", undefined);
  const people = ctx.db
    .selectDistinct({ userId: users.id, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(organisations.kind, "exchange"), eq(memberships.role, "service_specialist"), isNull(users.disabledAt)))
    .orderBy(asc(users.name))
    .all();
  const enterprises = new Map(
    ctx.db
      .select({ userId: boardMemberships.servicePersonUserId, n: count() })
      .from(boardMemberships)
      .where(eq(boardMemberships.status, "listed"))
      .groupBy(boardMemberships.servicePersonUserId)
      .all()
      .map((r) => [r.userId, r.n]),
  );
  const open = new Map(
    ctx.db
      .select({ userId: serviceRequests.assigneeUserId, n: count() })
      .from(serviceRequests)
      .where(inArray(serviceRequests.state, ["open", "in_progress"]))
      .groupBy(serviceRequests.assigneeUserId)
      .all()
      .map((r) => [r.userId, r.n]),
  );
  const unassigned = ctx.db
    .select({ n: count() })
    .from(boardMemberships)
    .where(and(eq(boardMemberships.status, "listed"), isNull(boardMemberships.servicePersonUserId)))
    .get()!.n;
  return {
    people: people.map((p) => ({ ...p, enterprises: enterprises.get(p.userId) ?? 0, openRequests: open.get(p.userId) ?? 0 })),
    unassigned,
  };
}

/** The service specialists an admin may pick from (for the reassign form). */
export function servicePersonChoices(ctx: Pick<AppContext, "db">, actor: Actor, exceptUserId?: string | null) {
  assertCan(actor, "assign:service-person:any", undefined);
  return ctx.db
    .selectDistinct({ userId: users.id, name: users.name })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(organisations.kind, "exchange"), eq(memberships.role, "service_specialist"), isNull(users.disabledAt), exceptUserId ? ne(users.id, exceptUserId) : undefined))
    .orderBy(asc(users.name))
    .all();
}

/** What the enterprise sees of its service person: the name and whom to message. */
export function myServicePerson(ctx: Pick<AppContext, "db">, actor: Actor) {
  if (!can(actor, "read:service-person:own")) return null;
  const served = servedEnterprise(ctx, actor.orgId);
  if (!served?.servicePersonUserId) return null;
  const user = preparedQuery(ctx.db, "service-person-user", (db) =>
    db.select({ userId: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, sql.placeholder("userId"))).prepare(),
  ).get({ userId: served.servicePersonUserId });
  // The message button opens a conversation with the exchange, which the service person answers.
  const exchange = preparedQuery(ctx.db, "service-person-org", (db) =>
    db.select({ orgId: memberships.orgId }).from(memberships).where(eq(memberships.userId, sql.placeholder("userId"))).prepare(),
  ).get({ userId: served.servicePersonUserId });
  return user && exchange ? { ...user, exchangeOrgId: exchange.orgId } : null;
}
