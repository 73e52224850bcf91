import { and, asc, count, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { z } from "zod";
import {
  boardApplications,
  boardRounds,
  noticeObjections,
  organisations,
  publicNotices,
  tierDecisions,
  tierPlanItems,
  tierPlans,
  type Tier,
} from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import { assertNotBlocked, recordFailure, type Limit } from "~/modules/identity/rate-limit.server";
import { isValidResidentId } from "~/modules/identity/resident-id";
import { checkUscc } from "~/modules/identity/uscc";
import type { AppContext } from "~/utils/context.server";
import { formatDateTime, shanghaiDate } from "~/utils/dates";
import { DomainError, NotFoundError, RateLimitedError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { admitPlanItem } from "./admission.server";
import { checkUploadedFile, recordReview, storeBoardFile } from "./applications.server";
import { bureauOrgIds, orgIdsOfKind } from "./board-notify.server";
import { notifyOrgs } from "~/modules/messaging/notifications.server";
import { exclusionsOf, type Plan } from "./plan-exclusions.server";
import { moveRound } from "./rounds.server";
import { getBoardSettings } from "./settings.server";
import { addCalendarDays, loadWorkingCalendar } from "./working-days.server";
import { assertCan, can } from "~/modules/access";

/**
 * 公示: once the regulators approve a plan, its list is published without login for a notice period
 * (a setting: N working or calendar days, default 5 working days). Anyone may lodge an objection
 * with their identity; the exchange reviews each. Enterprises are admitted only after the period
 * has ended (or an admin ended it early with no objection open) and only if no objection against
 * them was upheld.
 */

export type Notice = typeof publicNotices.$inferSelect;

/** The period for a notice published on `today`: it starts on the first working day from today. */
export function noticePeriod(ctx: Pick<AppContext, "db">, today: string): { startsOn: string; endsOn: string } {
  const settings = getBoardSettings(ctx);
  if (settings.noticeDayKind === "calendar") return { startsOn: today, endsOn: addCalendarDays(today, settings.noticeDays - 1) };
  const calendar = loadWorkingCalendar(ctx);
  const startsOn = calendar.addWorkingDays(today, 0);
  return { startsOn, endsOn: calendar.addWorkingDays(startsOn, settings.noticeDays - 1) };
}

/** Called inside the approving transaction: excluded enterprises drop out, the rest go on notice. */
export function publishNoticeForPlan(ctx: AppContext, actor: Actor, plan: Plan): Notice {
  const round = ctx.db.select().from(boardRounds).where(eq(boardRounds.id, plan.roundId!)).get()!;
  const today = shanghaiDate(ctx.clock.now());
  const period = noticePeriod(ctx, today);
  const notice: Notice = {
    id: newId(),
    planId: plan.id,
    title: round.name,
    ...period,
    publishedBy: actor.userId,
    publishedAt: ctx.clock.now(),
    closedAt: null,
    endedEarlyAt: null,
    endedEarlyBy: null,
    endedEarlyReason: null,
  };
  ctx.db.insert(publicNotices).values(notice).run();
  const excluded = new Map(exclusionsOf(ctx, plan).map((e) => [e.planItemId, e.reason]));
  const items = ctx.db
    .select({ itemId: tierPlanItems.id, applicationId: tierDecisions.applicationId })
    .from(tierPlanItems)
    .innerJoin(tierDecisions, eq(tierDecisions.id, tierPlanItems.tierDecisionId))
    .where(eq(tierPlanItems.planId, plan.id))
    .all();
  const now = ctx.clock.now();
  for (const item of items) {
    const app = ctx.db.select().from(boardApplications).where(eq(boardApplications.id, item.applicationId!)).get()!;
    const reason = excluded.get(item.itemId);
    const to = reason ? "rejected" : "on_notice";
    ctx.db.update(boardApplications).set({ state: to, updatedAt: now }).where(eq(boardApplications.id, app.id)).run();
    recordReview(ctx, actor, app, reason ? "reject" : "comment", to, reason ?? "notice_published");
    notifyOrgs(ctx, [app.enterpriseOrgId], { kind: "board", payload: reason
      ? { key: "board:notify.excluded", values: { reason }, href: `/board/applications/${app.id}` }
      : { key: "board:notify.onNotice", values: { endsOn: notice.endsOn }, href: `/notices/${notice.id}` } });
  }
  moveRound(ctx, actor, round.id, "on_notice");
  appendAudit(ctx, {
    actorUserId: actor.userId,
    actorOrgId: actor.orgId,
    action: "board.notice.published",
    subjectType: "public_notice",
    subjectId: notice.id,
    data: { planId: plan.id, startsOn: notice.startsOn, endsOn: notice.endsOn, excluded: excluded.size },
  });
  return notice;
}

export type NoticePhase = "upcoming" | "open" | "ended" | "closed";

export function noticePhase(notice: Pick<Notice, "startsOn" | "endsOn" | "closedAt" | "endedEarlyAt">, today: string): NoticePhase {
  if (notice.closedAt) return "closed";
  if (notice.endedEarlyAt || today > notice.endsOn) return "ended";
  if (today < notice.startsOn) return "upcoming";
  return "open";
}

/** Public: every published notice, newest first. */
export function listPublicNotices(ctx: Pick<AppContext, "db" | "clock">) {
  const today = shanghaiDate(ctx.clock.now());
  const notices = ctx.db.select().from(publicNotices).orderBy(desc(publicNotices.publishedAt)).all();
  return notices.map((n) => ({ ...n, phase: noticePhase(n, today), listed: noticeEntries(ctx, n).length }));
}

/** The enterprises on a notice (excluded ones are not published), grouped by tier by the page. */
function noticeEntries(ctx: Pick<AppContext, "db">, notice: Notice) {
  const plan = ctx.db.select().from(tierPlans).where(eq(tierPlans.id, notice.planId)).get()!;
  const excluded = new Set(exclusionsOf(ctx, plan).map((e) => e.planItemId));
  return ctx.db
    .select({
      planItemId: tierPlanItems.id,
      enterpriseName: organisations.name,
      uscc: organisations.uscc,
      tier: tierDecisions.finalTier,
      proposedTier: tierDecisions.proposedTier,
      applicationState: boardApplications.state,
    })
    .from(tierPlanItems)
    .innerJoin(tierDecisions, eq(tierDecisions.id, tierPlanItems.tierDecisionId))
    .innerJoin(organisations, eq(organisations.id, tierPlanItems.enterpriseOrgId))
    .leftJoin(boardApplications, eq(boardApplications.id, tierDecisions.applicationId))
    .where(eq(tierPlanItems.planId, notice.planId))
    .orderBy(asc(organisations.name))
    .all()
    .filter((e) => !excluded.has(e.planItemId))
    .map((e) => ({ ...e, tier: (e.tier ?? e.proposedTier) as Tier }));
}

/** Public: one notice with its list by tier. Objectors' details are never shown here. */
export function getPublicNotice(ctx: Pick<AppContext, "db" | "clock">, noticeId: string) {
  const notice = ctx.db.select().from(publicNotices).where(eq(publicNotices.id, noticeId)).get();
  if (!notice) throw new NotFoundError();
  const today = shanghaiDate(ctx.clock.now());
  return { notice, phase: noticePhase(notice, today), today, entries: noticeEntries(ctx, notice) };
}

export const objectionInput = z.object({
  planItemId: z.string().min(1),
  objectorName: z.string().trim().min(2).max(40),
  // A citizen's identity number (GB 11643, check character and birth date) or an organisation's USCC (GB 32100):
  // the per-identity objection limit must count real identities, not 11 spellings of one.
  objectorIdNumber: z
    .string()
    .trim()
    .refine((v) => isValidResidentId(v) || checkUscc(v).ok, "board:errors.badIdNumber"),
  objectorOrganisation: z.string().trim().min(2).max(100),
  objectorPhone: z.string().trim().regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, "board:errors.badPhone"),
  reasons: z.string().trim().min(10).max(5000),
});

/**
 * The public form is open to anyone, so objections are limited per client address and per identity
 * number: enough for a real objector with several enterprises to object to, not enough to flood the
 * exchange's review queue. Each lodged objection counts; the limit blocks until the window has passed.
 */
export const OBJECTION_LIMITS = {
  ip: { max: 10, windowMs: 60 * 60_000, blockMs: 60 * 60_000 },
  identity: { max: 5, windowMs: 24 * 60 * 60_000, blockMs: 24 * 60 * 60_000 },
} satisfies Record<string, Limit>;

function assertObjectionAllowed(ctx: AppContext, keys: string[]): void {
  try {
    assertNotBlocked(ctx, keys);
  } catch (error) {
    if (error instanceof RateLimitedError) throw new DomainError("board:errors.objectionRateLimited", { time: formatDateTime(error.retryAt, "zh-CN") });
    throw error;
  }
}

/** Anyone may object during the period, with their identity; attachments are checked like application files. */
export function lodgeObjection(
  ctx: AppContext,
  noticeId: string,
  input: z.input<typeof objectionInput>,
  attachments: { fileName: string; bytes: Uint8Array }[] = [],
  meta: { ip?: string | null } = {},
) {
  const ipKey = meta.ip ? `board:objection:ip:${meta.ip}` : null;
  if (ipKey) assertObjectionAllowed(ctx, [ipKey]);
  const parsed = objectionInput.parse(input);
  const idKey = `board:objection:id:${parsed.objectorIdNumber.toUpperCase()}`;
  assertObjectionAllowed(ctx, [idKey]);
  const { notice, phase, entries } = getPublicNotice(ctx, noticeId);
  if (phase !== "open") throw new DomainError("board:errors.noticeNotOpen");
  if (!entries.some((e) => e.planItemId === parsed.planItemId)) throw new DomainError("board:errors.notOnNotice", {}, "planItemId");
  if (attachments.length > 3) throw new DomainError("board:errors.tooManyFiles", { max: 3 }, "attachment");
  const stored = attachments.filter((a) => a.bytes.byteLength > 0).map((a) => storeBoardFile(ctx, a.bytes, checkUploadedFile(a.bytes)).storageKey);
  const row = { id: newId(), noticeId: notice.id, ...parsed, objectorIdNumber: parsed.objectorIdNumber.toUpperCase(), attachments: stored, state: "lodged" as const, lodgedAt: ctx.clock.now() };
  ctx.db.transaction(() => {
    ctx.db.insert(noticeObjections).values(row).run();
    recordFailure(ctx, idKey, OBJECTION_LIMITS.identity);
    if (ipKey) recordFailure(ctx, ipKey, OBJECTION_LIMITS.ip);
    const item = ctx.db.select({ enterpriseOrgId: tierPlanItems.enterpriseOrgId }).from(tierPlanItems).where(eq(tierPlanItems.id, parsed.planItemId)).get();
    appendAudit(ctx, {
      action: "board.objection.lodged",
      subjectType: "notice_objection",
      subjectId: row.id,
      enterpriseOrgId: item?.enterpriseOrgId ?? null,
      // The objector's identity stays in the table (staff-only); the chain records that it was given.
      data: { noticeId: notice.id, planItemId: parsed.planItemId, attachments: stored.length },
    });
    notifyOrgs(ctx, orgIdsOfKind(ctx, "exchange"), { kind: "board", payload: { key: "board:notify.objectionLodged", values: { notice: notice.title }, href: `/board/notices/${notice.id}` }, roles: ["reviewer", "exchange_admin"] });
  });
  return { id: row.id };
}

function assertNoticeStaff(actor: Actor): void {
  assertCan(actor, "manage:notice:any", undefined);
}

export const objectionReviewInput = z.object({ decision: z.enum(["upheld", "dismissed"]), comment: z.string().trim().min(2).max(2000) });

/** The exchange upholds or dismisses an objection, always with a written reason. */
export function reviewObjection(ctx: AppContext, actor: Actor, objectionId: string, input: z.input<typeof objectionReviewInput>): void {
  assertNoticeStaff(actor);
  const parsed = objectionReviewInput.parse(input);
  const objection = ctx.db.select().from(noticeObjections).where(eq(noticeObjections.id, objectionId)).get();
  if (!objection) throw new NotFoundError();
  if (objection.state !== "lodged") throw new DomainError("board:errors.objectionReviewed");
  const notice = ctx.db.select().from(publicNotices).where(eq(publicNotices.id, objection.noticeId)).get()!;
  if (notice.closedAt) throw new DomainError("board:errors.noticeClosed");
  const item = ctx.db.select({ enterpriseOrgId: tierPlanItems.enterpriseOrgId }).from(tierPlanItems).where(eq(tierPlanItems.id, objection.planItemId)).get();
  ctx.db.transaction(() => {
    ctx.db
      .update(noticeObjections)
      .set({ state: parsed.decision, reviewComment: parsed.comment, reviewedBy: actor.userId, reviewedAt: ctx.clock.now() })
      .where(eq(noticeObjections.id, objection.id))
      .run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: `board.objection.${parsed.decision}`,
      subjectType: "notice_objection",
      subjectId: objection.id,
      enterpriseOrgId: item?.enterpriseOrgId ?? null,
      data: { comment: parsed.comment },
    });
  });
}

export function openObjectionCount(ctx: Pick<AppContext, "db">, noticeId: string): number {
  return ctx.db.select({ n: count() }).from(noticeObjections).where(and(eq(noticeObjections.noticeId, noticeId), eq(noticeObjections.state, "lodged"))).get()?.n ?? 0;
}

/**
 * An exchange admin may end the period early, in writing, only while no objection is open — e.g.
 * when the regulators shortened it. Recorded in the audit chain; admission still needs the admit step.
 */
export function endNoticeEarly(ctx: AppContext, actor: Actor, noticeId: string, reason: string): void {
  assertCan(actor, "end-early:notice:any", undefined);
  const text = reason.trim();
  if (text.length < 4) throw new DomainError("board:errors.reasonRequired", {}, "reason");
  const { notice, phase } = getPublicNotice(ctx, noticeId);
  if (phase !== "open" && phase !== "upcoming") throw new DomainError("board:errors.noticeNotOpen");
  if (openObjectionCount(ctx, notice.id) > 0) throw new DomainError("board:errors.objectionsOpen");
  ctx.db.transaction(() => {
    ctx.db.update(publicNotices).set({ endedEarlyAt: ctx.clock.now(), endedEarlyBy: actor.userId, endedEarlyReason: text }).where(eq(publicNotices.id, notice.id)).run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "board.notice.ended_early",
      subjectType: "public_notice",
      subjectId: notice.id,
      data: { reason: text, endsOn: notice.endsOn, endedOn: shanghaiDate(ctx.clock.now()) },
    });
  });
}

/**
 * Admission after the notice (公示期满): checks the clock, refuses while objections are open, rejects
 * enterprises with an upheld objection and admits the rest (membership, service person, custody).
 */
export function admitFromNotice(ctx: AppContext, actor: Actor, noticeId: string) {
  assertNoticeStaff(actor);
  const { notice, phase, entries } = getPublicNotice(ctx, noticeId);
  if (phase === "closed") throw new DomainError("board:errors.noticeClosed");
  if (phase !== "ended") throw new DomainError("board:errors.noticeStillRunning", { endsOn: notice.endsOn });
  if (openObjectionCount(ctx, notice.id) > 0) throw new DomainError("board:errors.objectionsOpen");
  const upheld = new Map(
    ctx.db
      .select({ planItemId: noticeObjections.planItemId, comment: noticeObjections.reviewComment })
      .from(noticeObjections)
      .where(and(eq(noticeObjections.noticeId, notice.id), eq(noticeObjections.state, "upheld")))
      .all()
      .map((o) => [o.planItemId, o.comment ?? ""]),
  );
  const plan = ctx.db.select().from(tierPlans).where(eq(tierPlans.id, notice.planId)).get()!;
  let admitted = 0;
  let rejected = 0;
  ctx.db.transaction(() => {
    // Another process (the scheduler, a second click) may have closed it since it was read above.
    if (ctx.db.select({ closedAt: publicNotices.closedAt }).from(publicNotices).where(eq(publicNotices.id, notice.id)).get()?.closedAt) throw new DomainError("board:errors.noticeClosed");
    for (const entry of entries) {
      if (entry.applicationState !== "on_notice") continue;
      const reason = upheld.get(entry.planItemId);
      if (reason !== undefined) {
        const decision = ctx.db.select({ applicationId: tierDecisions.applicationId }).from(tierPlanItems).innerJoin(tierDecisions, eq(tierDecisions.id, tierPlanItems.tierDecisionId)).where(eq(tierPlanItems.id, entry.planItemId)).get()!;
        const app = ctx.db.select().from(boardApplications).where(eq(boardApplications.id, decision.applicationId!)).get()!;
        ctx.db.update(boardApplications).set({ state: "rejected", updatedAt: ctx.clock.now() }).where(eq(boardApplications.id, app.id)).run();
        recordReview(ctx, actor, app, "reject", "rejected", reason);
        appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "board.application.rejected_on_objection", subjectType: "board_application", subjectId: app.id, enterpriseOrgId: app.enterpriseOrgId, data: { noticeId: notice.id, reason } });
        notifyOrgs(ctx, [app.enterpriseOrgId, ...bureauOrgIds(ctx, app.prefectureCode)], { kind: "board", payload: { key: "board:notify.rejectedOnObjection", values: { reason }, href: `/board/applications/${app.id}` } });
        rejected++;
      } else {
        admitPlanItem(ctx, actor, entry.planItemId);
        admitted++;
      }
    }
    ctx.db.update(publicNotices).set({ closedAt: ctx.clock.now() }).where(eq(publicNotices.id, notice.id)).run();
    moveRound(ctx, actor, plan.roundId!, "closed");
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "board.notice.closed", subjectType: "public_notice", subjectId: notice.id, data: { admitted, rejected } });
  });
  return { admitted, rejected };
}

/** Staff view of a notice: the public list plus objections with objectors' details. */
export function getNoticeForStaff(ctx: AppContext, actor: Actor, noticeId: string) {
  assertNoticeStaff(actor);
  const data = getPublicNotice(ctx, noticeId);
  const objections = ctx.db
    .select({ objection: noticeObjections, enterpriseName: organisations.name })
    .from(noticeObjections)
    .innerJoin(tierPlanItems, eq(tierPlanItems.id, noticeObjections.planItemId))
    .innerJoin(organisations, eq(organisations.id, tierPlanItems.enterpriseOrgId))
    .where(eq(noticeObjections.noticeId, noticeId))
    .orderBy(desc(noticeObjections.lodgedAt))
    .all()
    .map((o) => ({ ...o.objection, enterpriseName: o.enterpriseName }));
  const open = objections.filter((o) => o.state === "lodged").length;
  return {
    ...data,
    objections,
    canEndEarly: can(actor, "end-early:notice:any") && (data.phase === "open" || data.phase === "upcoming") && open === 0,
    canAdmit: data.phase === "ended" && open === 0,
  };
}

/** Staff list of notices (for the exchange's notices page). */
export function listNoticesForStaff(ctx: AppContext, actor: Actor) {
  assertNoticeStaff(actor);
  const list = listPublicNotices(ctx);
  const open = ctx.db
    .select({ noticeId: noticeObjections.noticeId, n: count() })
    .from(noticeObjections)
    .where(and(eq(noticeObjections.state, "lodged"), list.length ? inArray(noticeObjections.noticeId, list.map((n) => n.id)) : isNotNull(noticeObjections.id)))
    .groupBy(noticeObjections.noticeId)
    .all();
  const byNotice = new Map(open.map((o) => [o.noticeId, o.n]));
  return list.map((n) => ({ ...n, openObjections: byNotice.get(n.id) ?? 0 }));
}

/** An objection attachment, for staff only. */
export function objectionAttachmentKey(ctx: AppContext, actor: Actor, objectionId: string, index: number): string {
  assertNoticeStaff(actor);
  const o = ctx.db.select().from(noticeObjections).where(eq(noticeObjections.id, objectionId)).get();
  const key = o?.attachments[index];
  if (!key) throw new NotFoundError();
  return key;
}
