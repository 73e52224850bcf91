import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { serviceFiles, serviceVisits, SERVICE_REQUEST_KINDS, users, visitFollowUps, VISIT_KINDS } from "@db/schema";
import { assertCan } from "~/modules/access";
import { appendAudit } from "~/modules/audit/audit.server";
import { assertIsoDate } from "~/modules/board/working-days.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { servedEnterprise } from "./assignments.server";
import { attachServiceFile, raiseServiceRequest } from "./service-requests.server";

/** 调研走访: the service person's record of a visit or survey; follow-ups can become service requests. */

export const recordVisitInput = z.object({
  id: z.string().trim().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
  enterpriseOrgId: z.string().min(1).max(64),
  kind: z.enum(VISIT_KINDS),
  visitedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  participants: z.array(z.string().trim().min(1).max(80)).min(1).max(20),
  findings: z.string().trim().min(2).max(8000),
  followUps: z
    .array(z.object({ text: z.string().trim().min(2).max(1000), kind: z.enum(SERVICE_REQUEST_KINDS), asRequest: z.boolean().default(false) }))
    .max(20)
    .default([]),
});

export function recordVisit(ctx: AppContext, actor: Actor, raw: z.input<typeof recordVisitInput>) {
  assertCan(actor, "record:visit:any", undefined);
  const input = recordVisitInput.parse(raw);
  assertIsoDate(input.visitedOn);
  if (input.visitedOn > shanghaiDate(ctx.clock.now())) throw new DomainError("staff:errors.visitInFuture", {}, "visitedOn");
  if (!servedEnterprise(ctx, input.enterpriseOrgId)) throw new NotFoundError();
  const existing = ctx.db.select().from(serviceVisits).where(eq(serviceVisits.id, input.id)).get();
  if (existing) {
    if (existing.recordedBy !== actor.userId) throw new ConflictError("staff:errors.duplicateId");
    return { id: existing.id, created: false };
  }
  ctx.db.transaction(() => {
    ctx.db
      .insert(serviceVisits)
      .values({ id: input.id, enterpriseOrgId: input.enterpriseOrgId, kind: input.kind, visitedOn: input.visitedOn, participants: input.participants, findings: input.findings, recordedBy: actor.userId, createdAt: ctx.clock.now() })
      .run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "staff.visit.recorded",
      subjectType: "service_visit",
      subjectId: input.id,
      enterpriseOrgId: input.enterpriseOrgId,
      data: { kind: input.kind, visitedOn: input.visitedOn, followUps: input.followUps.length },
    });
    for (const f of input.followUps) {
      const followUpId = newId();
      ctx.db.insert(visitFollowUps).values({ id: followUpId, visitId: input.id, text: f.text, kind: f.kind }).run();
      if (f.asRequest) followUpToRequest(ctx, actor, followUpId);
    }
  });
  return { id: input.id, created: true };
}

/** Turns a follow-up into a service request raised on the enterprise's behalf (its service person or the admin). */
export function followUpToRequest(ctx: AppContext, actor: Actor, followUpId: string) {
  const row = ctx.db.select({ f: visitFollowUps, v: serviceVisits }).from(visitFollowUps).innerJoin(serviceVisits, eq(serviceVisits.id, visitFollowUps.visitId)).where(eq(visitFollowUps.id, followUpId)).get();
  if (!row) throw new NotFoundError();
  if (row.f.serviceRequestId) throw new ConflictError("staff:errors.followUpConverted");
  const title = row.f.text.length > 60 ? `${row.f.text.slice(0, 59)}…` : row.f.text;
  const { request } = ctx.db.transaction(() => {
    const r = raiseServiceRequest(ctx, actor, { id: `fu-${followUpId}`, enterpriseOrgId: row.v.enterpriseOrgId, kind: row.f.kind, title, body: row.f.text });
    ctx.db.update(visitFollowUps).set({ serviceRequestId: r.request.id }).where(eq(visitFollowUps.id, followUpId)).run();
    return r;
  });
  return request;
}

/** An enterprise's visits with their follow-ups and files, newest first (exchange staff only). */
export function listVisits(ctx: Pick<AppContext, "db">, actor: Actor, enterpriseOrgId: string) {
  assertCan(actor, "read:served-enterprise:any", { enterpriseOrgId, servicePersonUserId: null });
  const visits = ctx.db
    .select({ v: serviceVisits, recordedByName: users.name })
    .from(serviceVisits)
    .innerJoin(users, eq(users.id, serviceVisits.recordedBy))
    .where(eq(serviceVisits.enterpriseOrgId, enterpriseOrgId))
    .orderBy(desc(serviceVisits.visitedOn), desc(serviceVisits.createdAt))
    .all();
  const ids = visits.map((v) => v.v.id);
  const followUps = ids.length ? ctx.db.select().from(visitFollowUps).where(inArray(visitFollowUps.visitId, ids)).orderBy(asc(visitFollowUps.id)).all() : [];
  const files = ids.length
    ? ctx.db.select({ id: serviceFiles.id, visitId: serviceFiles.visitId, fileName: serviceFiles.fileName }).from(serviceFiles).where(and(inArray(serviceFiles.visitId, ids))).all()
    : [];
  return visits.map(({ v, recordedByName }) => ({
    ...v,
    recordedByName,
    followUps: followUps.filter((f) => f.visitId === v.id),
    files: files.filter((f) => f.visitId === v.id),
  }));
}

/** A file on a visit record (minutes, photos, the survey form), checked like every upload. */
export function attachVisitFile(ctx: AppContext, actor: Actor, visitId: string, file: { fileName: string; bytes: Uint8Array }) {
  assertCan(actor, "record:visit:any", undefined);
  const visit = ctx.db.select({ id: serviceVisits.id, enterpriseOrgId: serviceVisits.enterpriseOrgId }).from(serviceVisits).where(eq(serviceVisits.id, visitId)).get();
  if (!visit) throw new NotFoundError();
  return { ...attachServiceFile(ctx, actor, { visitId, fileName: file.fileName, bytes: file.bytes }), enterpriseOrgId: visit.enterpriseOrgId };
}
