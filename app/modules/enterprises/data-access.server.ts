import { and, desc, eq, gt, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { auditLog, dataAccessRequests, organisations, users, type ProfileSection } from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import { notify, notifyOrgs } from "~/modules/messaging/notifications.server";
import type { AppContext } from "~/utils/context.server";
import { endOfShanghaiDay } from "~/utils/dates";
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import type { AccessDecisionInput } from "./schemas";
import { assertCan } from "~/modules/access";


/** Sections a live grant (granted, not revoked, not expired) lets `viewerOrgId` see. */
export function liveGrantSections(ctx: Pick<AppContext, "db" | "clock">, enterpriseOrgId: string, viewerOrgId: string): Set<ProfileSection> {
  const rows = ctx.db
    .select({ sections: dataAccessRequests.grantedSections })
    .from(dataAccessRequests)
    .where(
      and(
        eq(dataAccessRequests.enterpriseOrgId, enterpriseOrgId),
        eq(dataAccessRequests.requesterOrgId, viewerOrgId),
        eq(dataAccessRequests.state, "granted"),
        gt(dataAccessRequests.expiresAt, ctx.clock.now()),
      ),
    )
    .all();
  return new Set(rows.flatMap((r) => r.sections));
}

export function pendingRequestFor(ctx: Pick<AppContext, "db">, enterpriseOrgId: string, requesterOrgId: string) {
  return (
    ctx.db
      .select({ id: dataAccessRequests.id, createdAt: dataAccessRequests.createdAt, sections: dataAccessRequests.requestedSections })
      .from(dataAccessRequests)
      .where(
        and(
          eq(dataAccessRequests.enterpriseOrgId, enterpriseOrgId),
          eq(dataAccessRequests.requesterOrgId, requesterOrgId),
          eq(dataAccessRequests.state, "pending"),
        ),
      )
      .get() ?? null
  );
}


/** An alliance member asks an enterprise for sections it cannot see yet. */
export function requestDataAccess(
  ctx: Pick<AppContext, "db" | "clock">,
  actor: Actor,
  enterpriseOrgId: string,
  input: { sections: ProfileSection[]; purpose: string },
): string {
  assertCan(actor, "request:data-access:member", undefined);
  const org = ctx.db.select({ kind: organisations.kind, name: organisations.name }).from(organisations).where(eq(organisations.id, enterpriseOrgId)).get();
  if (!org || org.kind !== "enterprise") throw new NotFoundError();
  if (pendingRequestFor(ctx, enterpriseOrgId, actor.orgId)) throw new ConflictError("enterprises:errors.requestPending");
  const id = newId();
  const at = ctx.clock.now();
  ctx.db.transaction(() => {
    ctx.db
      .insert(dataAccessRequests)
      .values({
        id,
        enterpriseOrgId,
        requesterOrgId: actor.orgId,
        requesterUserId: actor.userId,
        requestedSections: [...new Set(input.sections)],
        purpose: input.purpose,
        createdAt: at,
      })
      .run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "enterprise.data.access_requested",
      subjectType: "data_access_request",
      subjectId: id,
      enterpriseOrgId,
      data: { sections: input.sections },
    });
    notifyOrgs(ctx, [enterpriseOrgId], {
      kind: "system",
      roles: ["org_admin"],
      payload: { key: "enterprises:notify.accessRequested", values: { org: actor.orgName }, href: "/profile/access" },
    });
  });
  return id;
}

function ownRequest(ctx: Pick<AppContext, "db">, actor: Actor, requestId: string) {
  const row = ctx.db.select().from(dataAccessRequests).where(eq(dataAccessRequests.id, requestId)).get();
  if (!row) throw new NotFoundError();
  assertCan(actor, "decide:data-access:own", row, { refusal: "not-found" });
  return row;
}

/** The enterprise grants (a scope and an expiry) or refuses. Both go to the audit chain. */
export function decideDataAccess(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, requestId: string, input: AccessDecisionInput): void {
  const row = ownRequest(ctx, actor, requestId);
  if (row.state !== "pending") throw new ConflictError("enterprises:errors.alreadyDecided");
  const at = ctx.clock.now();
  ctx.db.transaction(() => {
    if (input.decision === "grant") {
      const expiresAt = endOfShanghaiDay(input.expiresOn);
      if (!(expiresAt > at)) throw new DomainError("enterprises:errors.expiryPast", {}, "expiresOn");
      ctx.db
        .update(dataAccessRequests)
        .set({ state: "granted", grantedSections: [...new Set(input.sections)], expiresAt, decidedBy: actor.userId, decidedAt: at, decisionNote: input.note ?? null })
        .where(eq(dataAccessRequests.id, requestId))
        .run();
    } else {
      ctx.db
        .update(dataAccessRequests)
        .set({ state: "refused", decidedBy: actor.userId, decidedAt: at, decisionNote: input.note ?? null })
        .where(eq(dataAccessRequests.id, requestId))
        .run();
    }
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: input.decision === "grant" ? "enterprise.data.access_granted" : "enterprise.data.access_refused",
      subjectType: "data_access_request",
      subjectId: requestId,
      enterpriseOrgId: actor.orgId,
      data:
        input.decision === "grant"
          ? { requesterOrgId: row.requesterOrgId, sections: input.sections, expiresOn: input.expiresOn }
          : { requesterOrgId: row.requesterOrgId },
    });
    if (row.requesterUserId) {
      notify(ctx, {
        userId: row.requesterUserId,
        kind: "system",
        payload: {
          key: input.decision === "grant" ? "enterprises:notify.accessGranted" : "enterprises:notify.accessRefused",
          values: { org: actor.orgName },
          href: `/enterprises/${actor.orgId}`,
        },
      });
    }
  });
}

export function revokeDataAccess(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, requestId: string): void {
  const row = ownRequest(ctx, actor, requestId);
  if (row.state !== "granted") throw new ConflictError("enterprises:errors.notGranted");
  ctx.db.transaction(() => {
    ctx.db.update(dataAccessRequests).set({ state: "revoked", revokedAt: ctx.clock.now() }).where(eq(dataAccessRequests.id, requestId)).run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "enterprise.data.access_revoked",
      subjectType: "data_access_request",
      subjectId: requestId,
      enterpriseOrgId: actor.orgId,
      data: { requesterOrgId: row.requesterOrgId, sections: row.grantedSections },
    });
  });
}

const requester = alias(organisations, "requester");
const enterprise = alias(organisations, "enterprise");

/** The enterprise's inbox of requests and the grants it gave (expired ones are shown as such). */
export function listAccessRequestsForEnterprise(ctx: Pick<AppContext, "db" | "clock">, actor: Actor) {
  assertCan(actor, "decide:data-access:own", undefined);
  const now = ctx.clock.now();
  return ctx.db
    .select({ r: dataAccessRequests, requesterName: requester.name, userName: users.name })
    .from(dataAccessRequests)
    .innerJoin(requester, eq(requester.id, dataAccessRequests.requesterOrgId))
    .leftJoin(users, eq(users.id, dataAccessRequests.requesterUserId))
    .where(eq(dataAccessRequests.enterpriseOrgId, actor.orgId))
    .orderBy(desc(dataAccessRequests.createdAt))
    .all()
    .map(({ r, requesterName, userName }) => ({
      ...r,
      requesterName,
      userName,
      requestedSections: r.requestedSections,
      grantedSections: r.grantedSections,
      expired: r.state === "granted" && (r.expiresAt ?? 0) <= now,
    }));
}

/** A member's own requests, across enterprises. */
export function listMyAccessRequests(ctx: Pick<AppContext, "db" | "clock">, actor: Actor) {
  const now = ctx.clock.now();
  return ctx.db
    .select({ r: dataAccessRequests, enterpriseName: enterprise.name })
    .from(dataAccessRequests)
    .innerJoin(enterprise, eq(enterprise.id, dataAccessRequests.enterpriseOrgId))
    .where(eq(dataAccessRequests.requesterOrgId, actor.orgId))
    .orderBy(desc(dataAccessRequests.createdAt))
    .all()
    .map(({ r, enterpriseName }) => ({
      id: r.id,
      enterpriseOrgId: r.enterpriseOrgId,
      enterpriseName,
      state: r.state,
      requestedSections: r.requestedSections,
      grantedSections: r.grantedSections,
      expiresAt: r.expiresAt,
      expired: r.state === "granted" && (r.expiresAt ?? 0) <= now,
      createdAt: r.createdAt,
    }));
}

const VIEW_ACTIONS = ["enterprise.data.viewed", "financing.need.viewed", "roadshow.deck.viewed"] as const;

/** Who saw which of the enterprise's non-public data, when, and on what ground — read from the audit chain. */
export function listDataViews(ctx: Pick<AppContext, "db">, actor: Actor, limit = 200) {
  assertCan(actor, "decide:data-access:own", undefined);
  const viewerOrg = alias(organisations, "viewer_org");
  return ctx.db
    .select({
      seq: auditLog.seq,
      at: auditLog.at,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      data: auditLog.data,
      userName: users.name,
      orgName: viewerOrg.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(viewerOrg, eq(viewerOrg.id, auditLog.actorOrgId))
    .where(and(eq(auditLog.enterpriseOrgId, actor.orgId), inArray(auditLog.action, [...VIEW_ACTIONS])))
    .orderBy(desc(auditLog.seq))
    .limit(limit)
    .all()
    .map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
}
