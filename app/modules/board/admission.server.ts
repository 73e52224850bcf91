import { recordDeclaredFinancing } from "~/modules/enterprises/disclosure-duties.server";
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import {
  boardApplicationFinancials,
  boardApplications,
  boardMemberships,
  memberships,
  organisations,
  tierDecisions,
  tierPlanItems,
  users,
} from "@db/schema";
import { organisationChanged } from "~/modules/search/organisation-sources.server";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { preparedQuery } from "~/utils/sql.server";
import { shanghaiDate } from "~/utils/dates";
import { ConflictError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { recordFirstAssignment } from "~/modules/staff/assignments.server";
import { recordReview } from "./applications.server";
import { bureauOrgIds } from "./board-notify.server";
import { notifyOrgs, notifyUsers } from "~/modules/messaging/notifications.server";
import { custodyIdForEnterprise, getCustodyStatus, openCustody } from "./custody.server";
import { assertCan } from "~/modules/access";

/**
 * 入板: after the notice, each approved enterprise becomes a board member with its tier and entry
 * date, gets a dedicated service person (专人服务, the exchange's service specialist with the fewest
 * enterprises), and its custody clock starts (60 working days). The enterprise and its bureau are told.
 */

/** The exchange's service specialist with the fewest listed enterprises (ties: by name, stable). */
export function pickServicePerson(ctx: Pick<AppContext, "db">): string | null {
  const specialists = ctx.db
    .select({ userId: memberships.userId, name: users.name })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(organisations.kind, "exchange"), eq(memberships.role, "service_specialist")))
    .orderBy(asc(users.name))
    .all();
  if (specialists.length === 0) return null;
  const load = new Map(
    ctx.db
      .select({ userId: boardMemberships.servicePersonUserId, n: count() })
      .from(boardMemberships)
      .where(and(eq(boardMemberships.status, "listed"), inArray(boardMemberships.servicePersonUserId, specialists.map((s) => s.userId))))
      .groupBy(boardMemberships.servicePersonUserId)
      .all()
      .map((r) => [r.userId, r.n]),
  );
  return [...specialists].sort((a, b) => (load.get(a.userId) ?? 0) - (load.get(b.userId) ?? 0))[0]!.userId;
}

/** Admits one plan item (call inside the notice's closing transaction). */
export function admitPlanItem(ctx: AppContext, actor: Actor, planItemId: string): string {
  assertCan(actor, "admit:plan-item:any", undefined);
  const row = ctx.db
    .select({ item: tierPlanItems, decision: tierDecisions })
    .from(tierPlanItems)
    .innerJoin(tierDecisions, eq(tierDecisions.id, tierPlanItems.tierDecisionId))
    .where(eq(tierPlanItems.id, planItemId))
    .get();
  if (!row) throw new NotFoundError();
  const app = ctx.db.select().from(boardApplications).where(eq(boardApplications.id, row.decision.applicationId!)).get()!;
  const listed = ctx.db
    .select({ id: boardMemberships.id })
    .from(boardMemberships)
    .where(and(eq(boardMemberships.enterpriseOrgId, app.enterpriseOrgId), eq(boardMemberships.status, "listed")))
    .get();
  if (listed) throw new ConflictError("board:errors.alreadyMember");
  const tier = row.decision.finalTier ?? row.decision.proposedTier;
  const entryDate = shanghaiDate(ctx.clock.now());
  const servicePersonUserId = pickServicePerson(ctx);
  const membershipId = newId();
  const now = ctx.clock.now();
  ctx.db
    .insert(boardMemberships)
    .values({ id: membershipId, enterpriseOrgId: app.enterpriseOrgId, tier, entryDate, servicePersonUserId, status: "listed", admittedByPlanItemId: planItemId, createdAt: now, updatedAt: now })
    .run();
  recordFirstAssignment(ctx, { membershipId, enterpriseOrgId: app.enterpriseOrgId, userId: servicePersonUserId, assignedBy: actor.userId });
  ctx.db.update(boardApplications).set({ state: "admitted", updatedAt: now }).where(eq(boardApplications.id, app.id)).run();
  // The tier in search (the enterprise and its needs) comes from the membership: reindex in this transaction so it cannot lag.
  organisationChanged(ctx.db, app.enterpriseOrgId);
  recordReview(ctx, actor, app, "comment", "admitted", "admitted");
  appendAudit(ctx, {
    actorUserId: actor.userId,
    actorOrgId: actor.orgId,
    action: "board.membership.admitted",
    subjectType: "board_membership",
    subjectId: membershipId,
    enterpriseOrgId: app.enterpriseOrgId,
    data: { tier, entryDate, servicePersonUserId, planItemId, decisionId: row.decision.id, thresholdVersionId: row.decision.thresholdVersionId },
  });
  const shares = ctx.db
    .select({ totalShares: boardApplicationFinancials.totalShares })
    .from(boardApplicationFinancials)
    .where(eq(boardApplicationFinancials.applicationId, app.id))
    .orderBy(desc(boardApplicationFinancials.fiscalYear))
    .limit(1)
    .get();
  // Without a share count (an imported row with no financials) the clock cannot be set; staff see it unstarted.
  if (shares && shares.totalShares > 0) openCustody(ctx, actor, { membershipId, totalShares: shares.totalShares });
  // The PE/VC rounds and government fund it declared are financing: directed disclosure to the regulators from entry on.
  recordDeclaredFinancing(ctx, app.enterpriseOrgId, actor.userId);
  const orgName = ctx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, app.enterpriseOrgId)).get()?.name ?? "";
  notifyOrgs(ctx, [app.enterpriseOrgId], { kind: "board", payload: { key: "board:notify.admitted", values: { tier, entryDate }, href: "/board/membership" } });
  notifyOrgs(ctx, bureauOrgIds(ctx, app.prefectureCode), { kind: "board", payload: { key: "board:notify.admittedBureau", values: { enterprise: orgName, tier }, href: "/board/queue" } });
  notifyUsers(ctx, [servicePersonUserId], { kind: "board", payload: { key: "board:notify.assigned", values: { enterprise: orgName }, href: "/board/custody" } });
  return membershipId;
}

/** The enterprise's board status for its own page and dashboard (exchange staff may look at any). */
export function boardStatusOf(ctx: AppContext, actor: Actor, enterpriseOrgId: string) {
  assertCan(actor, "read:board-status:own", { enterpriseOrgId }, { refusal: "not-found" });
  // Prepared once per connection: every enterprise's dashboard asks (ADR 0910).
  const membership =
    preparedQuery(ctx.db, "board-status-membership", (db) =>
      db
        .select({ m: boardMemberships, servicePersonName: users.name, servicePersonEmail: users.email })
        .from(boardMemberships)
        .leftJoin(users, eq(users.id, boardMemberships.servicePersonUserId))
        .where(eq(boardMemberships.enterpriseOrgId, sql.placeholder("orgId")))
        .orderBy(desc(boardMemberships.createdAt))
        .prepare(),
    ).get({ orgId: enterpriseOrgId }) ?? null;
  const custodyId = custodyIdForEnterprise(ctx, enterpriseOrgId);
  const custody = custodyId ? getCustodyStatus(ctx, actor, custodyId) : null;
  return {
    membership: membership ? { ...membership.m, servicePersonName: membership.servicePersonName, servicePersonEmail: membership.servicePersonEmail } : null,
    custody,
  };
}
