import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, asc, count, desc, eq, inArray, isNull, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import {
  organisations,
  serviceFiles,
  serviceRequestEvents,
  serviceRequests,
  SERVICE_REQUEST_KINDS,
  SERVICE_REQUEST_STATES,
  users,
  type ServiceRequestEventKind,
  type ServiceRequestKind,
  type ServiceRequestState,
} from "@db/schema";
import { assertCan, can } from "~/modules/access";
import { appendAudit } from "~/modules/audit/audit.server";
import { orgUserIds, notifyUsers } from "~/modules/messaging/notifications.server";
import { isCalendarYearCovered, loadWorkingCalendar } from "~/modules/board/working-days.server";
import type { Actor } from "~/modules/identity/actor";
import { loadSystemActor } from "~/modules/identity/system-actor.server";
import { detectFileType, uploadsDir } from "~/modules/messaging/attachments.server";
import { MAX_ATTACHMENT_BYTES } from "~/modules/messaging/schemas";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { servedEnterprise } from "./assignments.server";
import { deliverReminderDigests, queueReminder } from "./reminders.server";

/**
 * 需求收集: an enterprise (or its service person on its behalf) raises a need; it goes to the enterprise's
 * service person with a due date counted in the board's working days (China's calendar with 调休, staff
 * overrides); open → in progress → resolved → closed; overdue ones escalate to the exchange admins from a
 * scheduler job; after resolution the enterprise rates the service 1–5.
 */

/** Working days to resolve, per kind (the exchange's service commitment). */
export const SLA_WORKING_DAYS: Record<ServiceRequestKind, number> = {
  financing: 5,
  listing_advice: 10,
  training: 10,
  policy: 3,
  roadshow: 10,
  other: 5,
};

export const raiseServiceRequestInput = z.object({
  id: z.string().trim().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
  enterpriseOrgId: z.string().min(1).max(64).optional(),
  kind: z.enum(SERVICE_REQUEST_KINDS),
  title: z.string().trim().min(2).max(120),
  body: z.string().trim().min(2).max(4000),
});

/** Which moves are allowed from each state; anything else is refused with the two states named. */
export const TRANSITIONS: Record<ServiceRequestState, readonly ServiceRequestState[]> = {
  open: ["in_progress", "resolved", "closed"],
  in_progress: ["resolved", "closed"],
  resolved: ["in_progress", "closed"],
  closed: [],
};

export const moveServiceRequestInput = z.object({
  to: z.enum(SERVICE_REQUEST_STATES),
  note: z.string().trim().max(4000).optional(),
});

export const rateServiceRequestInput = z.object({
  rating: z.coerce.number().int(),
  comment: z.string().trim().max(1000).optional(),
});

type Row = typeof serviceRequests.$inferSelect;

function addEvent(ctx: Pick<AppContext, "db" | "clock">, requestId: string, kind: ServiceRequestEventKind, actorUserId: string | null, note?: string | null) {
  ctx.db.insert(serviceRequestEvents).values({ id: newId(), requestId, kind, actorUserId, note: note ?? null, at: ctx.clock.now() }).run();
}

function audit(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, action: string, row: Pick<Row, "id" | "enterpriseOrgId">, data: Record<string, unknown> = {}) {
  appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: `staff.service_request.${action}`, subjectType: "service_request", subjectId: row.id, enterpriseOrgId: row.enterpriseOrgId, data });
}

/** The due date, and whether the official calendar is known for every year it spans (else it is provisional). */
export function serviceDueDate(ctx: Pick<AppContext, "db">, openedOn: string, kind: ServiceRequestKind): { dueOn: string; calendarCovered: boolean } {
  const dueOn = loadWorkingCalendar(ctx).addWorkingDays(openedOn, SLA_WORKING_DAYS[kind]);
  let calendarCovered = true;
  for (let y = Number(openedOn.slice(0, 4)); y <= Number(dueOn.slice(0, 4)); y++) if (!isCalendarYearCovered(ctx, y)) calendarCovered = false;
  return { dueOn, calendarCovered };
}

export function raiseServiceRequest(ctx: AppContext, actor: Actor, raw: z.input<typeof raiseServiceRequestInput>) {
  const input = raiseServiceRequestInput.parse(raw);
  const asEnterprise = can(actor, "raise:service-request:own");
  const enterpriseOrgId = asEnterprise ? actor.orgId : input.enterpriseOrgId;
  // A bank (or anyone not the enterprise or the exchange's service staff) is refused before anything is looked up.
  if (!(asEnterprise || can(actor, "read:service-desk:any"))) throw new ForbiddenError();
  if (!enterpriseOrgId) throw new DomainError("staff:errors.enterpriseRequired", {}, "enterpriseOrgId");
  const served = servedEnterprise(ctx, enterpriseOrgId);
  if (!served) {
    if (asEnterprise) throw new DomainError("staff:errors.notOnBoard");
    throw new NotFoundError();
  }
  assertCan(actor, "create:service-request:own", served);
  const existing = ctx.db.select().from(serviceRequests).where(eq(serviceRequests.id, input.id)).get();
  if (existing) {
    if (existing.enterpriseOrgId !== enterpriseOrgId || existing.raisedByUserId !== actor.userId) throw new ConflictError("staff:errors.duplicateId");
    return { request: existing, calendarCovered: true, created: false };
  }
  const openedOn = shanghaiDate(ctx.clock.now());
  const { dueOn, calendarCovered } = serviceDueDate(ctx, openedOn, input.kind);
  const now = ctx.clock.now();
  const row = ctx.db.transaction(() => {
    ctx.db
      .insert(serviceRequests)
      .values({
        id: input.id,
        enterpriseOrgId,
        raisedByUserId: actor.userId,
        raisedByOrgId: actor.orgId,
        kind: input.kind,
        title: input.title,
        body: input.body,
        state: "open",
        assigneeUserId: served.servicePersonUserId,
        openedOn,
        dueOn,
        slaWorkingDays: SLA_WORKING_DAYS[input.kind],
        createdAt: now,
        updatedAt: now,
      })
      .run();
    addEvent(ctx, input.id, "opened", actor.userId);
    const r = ctx.db.select().from(serviceRequests).where(eq(serviceRequests.id, input.id)).get()!;
    audit(ctx, actor, "opened", r, { kind: input.kind, dueOn, assignee: served.servicePersonUserId });
    const enterpriseName = ctx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, enterpriseOrgId)).get()?.name ?? "";
    const recipients = asEnterprise ? [served.servicePersonUserId] : orgUserIds(ctx, [enterpriseOrgId]);
    notifyUsers(
      ctx,
      recipients.filter((u) => u !== actor.userId), { kind: "board", payload:
      { key: "staff:notify.requestRaised", values: { enterprise: enterpriseName, title: input.title, dueOn }, href: `/service-requests/${input.id}` } },);
    return r;
  });
  return { request: row, calendarCovered, created: true };
}

function loadForRead(ctx: Pick<AppContext, "db">, actor: Actor, id: string): Row {
  const row = ctx.db.select().from(serviceRequests).where(eq(serviceRequests.id, id)).get();
  // Another enterprise's request (or a bank asking) does not exist for them.
  if (!row) throw new NotFoundError();
  // Another enterprise's request does not exist for it; others are told they may not.
  assertCan(actor, "read:service-request:own", row, { refusal: can(actor, "raise:service-request:own") ? "not-found" : "forbidden" });
  return row;
}

export function moveServiceRequest(ctx: AppContext, actor: Actor, id: string, raw: z.input<typeof moveServiceRequestInput>) {
  const input = moveServiceRequestInput.parse(raw);
  const row = loadForRead(ctx, actor, id);
  // The enterprise may withdraw its own open request (→ closed) or reopen a resolved one it is not content with.
  const enterpriseMove = (row.state !== "resolved" && input.to === "closed") || (row.state === "resolved" && input.to === "in_progress");
  const asEnterprise = can(actor, "raise:service-request:own");
  if (asEnterprise) {
    if (!enterpriseMove) throw new ForbiddenError();
    assertCan(actor, "withdraw:service-request:own", row);
  } else {
    assertCan(actor, "work:service-request:assigned", row);
  }
  if (!TRANSITIONS[row.state].includes(input.to)) throw new ConflictError("staff:errors.illegalTransition", { from: row.state, to: input.to });
  if (input.to === "resolved" && !input.note) throw new DomainError("staff:errors.resolutionRequired", {}, "note");
  if (row.rating !== null && input.to === "in_progress") throw new ConflictError("staff:errors.alreadyRated");
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  ctx.db.transaction(() => {
    const set: Partial<Row> = { state: input.to, updatedAt: now };
    if (input.to === "in_progress" && row.state === "open") set.startedAt = now;
    if (input.to === "resolved") Object.assign(set, { resolvedAt: now, resolvedOn: today, resolution: input.note ?? null });
    if (input.to === "in_progress" && row.state === "resolved") Object.assign(set, { resolvedAt: null, resolvedOn: null });
    if (input.to === "closed") set.closedAt = now;
    // Guarded on the state read above, so two clicks racing cannot both apply.
    const changed = ctx.db.update(serviceRequests).set(set).where(and(eq(serviceRequests.id, id), eq(serviceRequests.state, row.state))).run().changes;
    if (changed === 0) throw new ConflictError("staff:errors.changedMeanwhile");
    const kind: ServiceRequestEventKind = input.to === "in_progress" ? (row.state === "resolved" ? "reopened" : "started") : input.to === "resolved" ? "resolved" : "closed";
    addEvent(ctx, id, kind, actor.userId, input.note);
    audit(ctx, actor, kind, row, { from: row.state, to: input.to });
    const toEnterprise = !asEnterprise;
    notifyUsers(ctx, toEnterprise ? orgUserIds(ctx, [row.enterpriseOrgId]) : [row.assigneeUserId], { kind: "board", payload: {
      key: `staff:notify.request.${kind}`,
      values: { title: row.title },
      href: `/service-requests/${id}`,
    } });
  });
  return ctx.db.select().from(serviceRequests).where(eq(serviceRequests.id, id)).get()!;
}

export function rateServiceRequest(ctx: AppContext, actor: Actor, id: string, raw: z.input<typeof rateServiceRequestInput>) {
  const input = rateServiceRequestInput.parse(raw);
  const row = loadForRead(ctx, actor, id);
  assertCan(actor, "rate:service-request:own", row);
  if (row.resolvedAt === null) throw new ConflictError("staff:errors.rateAfterResolution");
  if (row.rating !== null) throw new ConflictError("staff:errors.alreadyRated");
  if (input.rating < 1 || input.rating > 5) throw new DomainError("staff:errors.ratingRange", {}, "rating");
  ctx.db.transaction(() => {
    ctx.db.update(serviceRequests).set({ rating: input.rating, ratingComment: input.comment || null, ratedAt: ctx.clock.now(), updatedAt: ctx.clock.now() }).where(eq(serviceRequests.id, id)).run();
    addEvent(ctx, id, "rated", actor.userId, input.comment);
    audit(ctx, actor, "rated", row, { rating: input.rating });
    notifyUsers(ctx, [row.assigneeUserId], { kind: "board", payload: { key: "staff:notify.requestRated", values: { title: row.title, rating: input.rating }, href: `/service-requests/${id}` } });
  });
  return ctx.db.select().from(serviceRequests).where(eq(serviceRequests.id, id)).get()!;
}

/**
 * Scheduler pass: every open or in-progress request past its due date is escalated once — the exchange admins and
 * the assignee get it in their reminder digest. Working days only (the job checks the calendar).
 */
export function escalateOverdueServiceRequests(ctx: AppContext): { escalated: number } {
  const today = shanghaiDate(ctx.clock.now());
  const due = ctx.db
    .select({ r: serviceRequests, enterpriseName: organisations.name })
    .from(serviceRequests)
    .innerJoin(organisations, eq(organisations.id, serviceRequests.enterpriseOrgId))
    .where(and(inArray(serviceRequests.state, ["open", "in_progress"]), lt(serviceRequests.dueOn, today), isNull(serviceRequests.escalatedAt)))
    .all();
  if (due.length === 0) return { escalated: 0 };
  const system = loadSystemActor(ctx);
  if (!system) return { escalated: 0 };
  const admins = orgUserIds(ctx, [system.orgId], ["exchange_admin"]);
  ctx.db.transaction(() => {
    for (const { r, enterpriseName } of due) {
      ctx.db.update(serviceRequests).set({ escalatedAt: ctx.clock.now(), updatedAt: ctx.clock.now() }).where(eq(serviceRequests.id, r.id)).run();
      addEvent(ctx, r.id, "escalated", null);
      audit(ctx, system, "escalated", r, { dueOn: r.dueOn });
      queueReminder(ctx, [...admins, r.assigneeUserId], {
        source: "service_request",
        key: "staff:notify.requestOverdue",
        values: { title: r.title, enterprise: enterpriseName, dueOn: r.dueOn },
        href: `/service-requests/${r.id}`,
      });
    }
  });
  deliverReminderDigests(ctx);
  return { escalated: due.length };
}

export type ServiceRequestFilters = {
  scope?: "mine" | "all";
  state?: ServiceRequestState;
  kind?: ServiceRequestKind;
  enterpriseOrgId?: string;
  overdue?: boolean;
  page?: number;
};

/** The enterprise's own requests; a service person's (or, with scope=all, the exchange's). */
export function listServiceRequests(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, filters: ServiceRequestFilters = {}) {
  const where: (SQL | undefined)[] = [];
  if (can(actor, "raise:service-request:own")) where.push(eq(serviceRequests.enterpriseOrgId, actor.orgId));
  else if (can(actor, "list:service-request:exchange")) {
    // The whole desk's list is for service staff; anyone else at the exchange sees what is assigned to them.
    if (!(filters.scope === "all" && can(actor, "read:service-desk:any"))) where.push(eq(serviceRequests.assigneeUserId, actor.userId));
    if (filters.enterpriseOrgId) where.push(eq(serviceRequests.enterpriseOrgId, filters.enterpriseOrgId));
  } else throw new ForbiddenError();
  if (filters.state) where.push(eq(serviceRequests.state, filters.state));
  if (filters.kind) where.push(eq(serviceRequests.kind, filters.kind));
  if (filters.overdue) where.push(and(inArray(serviceRequests.state, ["open", "in_progress"]), lt(serviceRequests.dueOn, shanghaiDate(ctx.clock.now()))));
  const pageSize = 20;
  const page = Math.max(1, filters.page ?? 1);
  const total = ctx.db.select({ n: count() }).from(serviceRequests).where(and(...where)).get()!.n;
  const rows = ctx.db
    .select({ r: serviceRequests, enterpriseName: organisations.name, assigneeName: users.name })
    .from(serviceRequests)
    .innerJoin(organisations, eq(organisations.id, serviceRequests.enterpriseOrgId))
    .leftJoin(users, eq(users.id, serviceRequests.assigneeUserId))
    .where(and(...where))
    .orderBy(desc(serviceRequests.createdAt), desc(serviceRequests.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const today = shanghaiDate(ctx.clock.now());
  return {
    total,
    page,
    pageSize,
    items: rows.map(({ r, enterpriseName, assigneeName }) => ({ ...r, enterpriseName, assigneeName, overdue: (r.state === "open" || r.state === "in_progress") && r.dueOn < today })),
  };
}

export function getServiceRequest(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, id: string) {
  const row = loadForRead(ctx, actor, id);
  const events = ctx.db
    .select({ id: serviceRequestEvents.id, kind: serviceRequestEvents.kind, note: serviceRequestEvents.note, at: serviceRequestEvents.at, actorName: users.name })
    .from(serviceRequestEvents)
    .leftJoin(users, eq(users.id, serviceRequestEvents.actorUserId))
    .where(eq(serviceRequestEvents.requestId, id))
    .orderBy(asc(serviceRequestEvents.at), asc(serviceRequestEvents.id))
    .all();
  const files = ctx.db
    .select({ id: serviceFiles.id, fileName: serviceFiles.fileName, mimeType: serviceFiles.mimeType, sizeBytes: serviceFiles.sizeBytes })
    .from(serviceFiles)
    .where(eq(serviceFiles.requestId, id))
    .all();
  const enterpriseName = ctx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, row.enterpriseOrgId)).get()?.name ?? "";
  const assigneeName = row.assigneeUserId ? (ctx.db.select({ name: users.name }).from(users).where(eq(users.id, row.assigneeUserId)).get()?.name ?? null) : null;
  const today = shanghaiDate(ctx.clock.now());
  const isEnterprise = can(actor, "raise:service-request:own");
  const can_ = {
    start: !isEnterprise && can(actor, "work:service-request:assigned", row) && TRANSITIONS[row.state].includes("in_progress") && row.state === "open",
    resolve: !isEnterprise && can(actor, "work:service-request:assigned", row) && TRANSITIONS[row.state].includes("resolved"),
    close: (isEnterprise ? row.state !== "resolved" : can(actor, "work:service-request:assigned", row)) && TRANSITIONS[row.state].includes("closed"),
    reopen: isEnterprise && row.state === "resolved" && row.rating === null,
    rate: isEnterprise && can(actor, "rate:service-request:own", row) && row.resolvedAt !== null && row.rating === null,
    attach: row.state !== "closed",
    /** Exchange staff may open the enterprise's service page from here. */
    enterprisePage: can(actor, "read:served-enterprise:any", { enterpriseOrgId: row.enterpriseOrgId, servicePersonUserId: null }),
  };
  return {
    request: { ...row, enterpriseName, assigneeName, overdue: (row.state === "open" || row.state === "in_progress") && row.dueOn < today },
    events,
    files,
    can: can_,
  };
}

/** A file on a request: the same checks as message attachments (size, type from the bytes). */
export function attachServiceFile(ctx: AppContext, actor: Actor, input: { requestId?: string; visitId?: string; fileName: string; bytes: Uint8Array }) {
  if (input.requestId) {
    const row = loadForRead(ctx, actor, input.requestId);
    if (row.state === "closed") throw new ConflictError("staff:errors.closed");
  }
  if (input.bytes.byteLength === 0) throw new DomainError("messaging:errors.fileEmpty", {}, "file");
  if (input.bytes.byteLength > MAX_ATTACHMENT_BYTES) throw new DomainError("messaging:errors.fileTooLarge", { maxMb: MAX_ATTACHMENT_BYTES / 1024 / 1024 }, "file");
  const mimeType = detectFileType(input.bytes);
  if (!mimeType) throw new DomainError("messaging:errors.fileType", {}, "file");
  const ext = mimeType === "application/pdf" ? "pdf" : mimeType.split("/")[1]!;
  const storageKey = `staff-${crypto.randomBytes(18).toString("base64url")}.${ext}`;
  const dir = uploadsDir(ctx);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, storageKey);
  fs.writeFileSync(file, input.bytes, { flag: "wx", mode: 0o640 });
  // eslint-disable-next-line no-control-regex
  const fileName = path.basename(input.fileName.replace(/\\/g, "/")).replace(/[\u0000-\u001f\u007f"<>|*?:]/g, "").trim().slice(0, 200) || `file.${ext}`;
  const id = newId();
  try {
    ctx.db
      .insert(serviceFiles)
      .values({
        id,
        requestId: input.requestId ?? null,
        visitId: input.visitId ?? null,
        fileName,
        mimeType,
        sizeBytes: input.bytes.byteLength,
        sha256: crypto.createHash("sha256").update(input.bytes).digest("hex"),
        storageKey,
        uploadedBy: actor.userId,
        uploadedAt: ctx.clock.now(),
      })
      .run();
  } catch (error) {
    fs.rmSync(file, { force: true });
    throw error;
  }
  return { id, fileName, mimeType };
}

/** For the download route: whoever may read the request (or the visit's enterprise record). */
export function openServiceFile(ctx: AppContext, actor: Actor, fileId: string) {
  const row = ctx.db.select().from(serviceFiles).where(eq(serviceFiles.id, fileId)).get();
  if (!row) throw new NotFoundError();
  if (row.requestId) loadForRead(ctx, actor, row.requestId);
  else if (!can(actor, "read:service-file:any")) throw new NotFoundError();
  return { ...row, path: path.join(uploadsDir(ctx), row.storageKey) };
}
