import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { boardMemberships, custodyConfirmations, custodyRecords, organisations, type Tier } from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { preparedQuery } from "~/utils/sql.server";
import { shanghaiDate } from "~/utils/dates";
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { getBoardSettings, type BoardSettings } from "./settings.server";
import { isCalendarYearCovered, loadWorkingCalendar, type WorkingCalendar } from "./working-days.server";
import { assertCan } from "~/modules/access";

/**
 * 登记托管 (Attachment 1 §(六)): within N working days of entry (setting, 60), confirmed shares must reach
 * a required share of the total (settings: 75%, 培育层 80%); the rest sits in a custody account with a
 * responsible party named.
 */

export type CustodyTerms = { workingDays: number; requiredRatioBp: number };

export function custodyTerms(settings: Pick<BoardSettings, "custodyWorkingDays" | "custodyRatioBp" | "custodyRatioCultivationBp">, tier: Tier): CustodyTerms {
  return {
    workingDays: settings.custodyWorkingDays,
    requiredRatioBp: tier === "cultivation" ? settings.custodyRatioCultivationBp : settings.custodyRatioBp,
  };
}

/** Reminder thresholds in working days before the deadline, largest first. */
export const CUSTODY_REMINDER_DAYS = [20, 10, 5] as const;
/** `met`: reached on or before the deadline; `met_late`: reached after it (overdue until then). */
export type CustodyReminderLevel = "none" | "d20" | "d10" | "d5" | "overdue" | "met" | "met_late";

/** One confirmation: the cumulative confirmed shares as of a date (when it was typed does not matter). */
export type CustodyConfirmation = { asOf: string; recordedAt: number; confirmedShares: number; totalShares: number };

export type CustodyStatus = {
  deadlineDate: string;
  /** Working days after `today` up to and including the deadline; negative once past it. */
  remainingWorkingDays: number;
  confirmedShares: number;
  totalShares: number;
  confirmedRatioBp: number;
  requiredRatioBp: number;
  /** The requirement is met: on time (`level` met) or late (`level` met_late). */
  met: boolean;
  /** The as-of date of the first confirmation that reached the required share, if any. */
  metOn: string | null;
  level: CustodyReminderLevel;
};

const reaches = (c: Pick<CustodyConfirmation, "confirmedShares" | "totalShares">, requiredRatioBp: number): boolean =>
  // Integer comparison (confirmed × 10000 ≥ required × total) so exactly 75% counts as met.
  c.confirmedShares * 10000 >= requiredRatioBp * c.totalShares;

/** Confirmations in as-of order (ties: the later typed one last, so it is the position on that date). */
function byAsOf(confirmations: CustodyConfirmation[]): CustodyConfirmation[] {
  return [...confirmations].sort((a, b) => a.asOf.localeCompare(b.asOf) || a.recordedAt - b.recordedAt);
}

/**
 * Pure: where one enterprise stands on `today` (a Shanghai calendar date). Attachment 1 §(六): "进入专板后 60 个工作日内
 * 经确权的股份数量应达到…75%以上，培育层…80%以上". The position on a date is the latest confirmation as of that date; the
 * requirement is met when the position on the deadline day (the 60th working day, inclusive) reaches the required
 * share. Reached only later, it is "met late" — and overdue until the confirmation that reached it.
 */
export function custodyStatus(
  record: { deadlineDate: string; requiredRatioBp: number; totalShares: number },
  confirmations: CustodyConfirmation[],
  calendar: WorkingCalendar,
  today: string,
): CustodyStatus {
  const ordered = byAsOf(confirmations.filter((c) => c.asOf <= today));
  const latest = ordered.at(-1) ?? null;
  const atDeadline = ordered.filter((c) => c.asOf <= record.deadlineDate).at(-1) ?? null;
  const totalShares = latest?.totalShares ?? record.totalShares;
  const confirmedShares = latest?.confirmedShares ?? 0;
  const reachedNow = latest !== null && reaches(latest, record.requiredRatioBp);
  const onTime = atDeadline !== null && reaches(atDeadline, record.requiredRatioBp);
  const confirmedRatioBp = Math.floor((confirmedShares * 10000) / totalShares);
  const remaining = calendar.workingDaysBetween(today, record.deadlineDate);
  let level: CustodyReminderLevel = "none";
  if (onTime || (reachedNow && today <= record.deadlineDate)) level = "met";
  else if (today > record.deadlineDate) level = reachedNow ? "met_late" : "overdue";
  else if (remaining <= 5) level = "d5";
  else if (remaining <= 10) level = "d10";
  else if (remaining <= 20) level = "d20";
  const met = level === "met" || level === "met_late";
  const metOn =
    level === "met"
      ? (ordered.find((c) => c.asOf <= record.deadlineDate && reaches(c, record.requiredRatioBp))?.asOf ?? null)
      : level === "met_late"
        ? (ordered.find((c) => c.asOf > record.deadlineDate && reaches(c, record.requiredRatioBp))?.asOf ?? null)
        : null;
  return {
    deadlineDate: record.deadlineDate,
    remainingWorkingDays: remaining,
    confirmedShares,
    totalShares,
    confirmedRatioBp,
    requiredRatioBp: record.requiredRatioBp,
    met,
    metOn,
    level,
  };
}

export const openCustodyInput = z.object({
  membershipId: z.string().min(1),
  totalShares: z.number().int().positive(),
  custodyAccountNo: z.string().trim().max(60).optional(),
});

/** Starts the custody clock for a newly listed enterprise (called by the exchange on admission). */
export function openCustody(ctx: AppContext, actor: Actor, input: z.infer<typeof openCustodyInput>) {
  assertCan(actor, "manage:custody:any", undefined);
  const parsed = openCustodyInput.parse(input);
  const membership = ctx.db.select().from(boardMemberships).where(eq(boardMemberships.id, parsed.membershipId)).get();
  if (!membership) throw new NotFoundError();
  if (membership.status !== "listed") throw new DomainError("board:errors.membershipNotListed");
  const existing = ctx.db.select({ id: custodyRecords.id }).from(custodyRecords).where(eq(custodyRecords.membershipId, membership.id)).get();
  if (existing) throw new ConflictError("board:errors.custodyExists");
  const terms = custodyTerms(getBoardSettings(ctx), membership.tier);
  const deadlineDate = loadWorkingCalendar(ctx).addWorkingDays(membership.entryDate, terms.workingDays);
  const record = {
    id: newId(),
    membershipId: membership.id,
    entryDate: membership.entryDate,
    deadlineDate,
    requiredRatioBp: terms.requiredRatioBp,
    totalShares: parsed.totalShares,
    custodyAccountNo: parsed.custodyAccountNo ?? null,
    createdAt: ctx.clock.now(),
  };
  ctx.db.transaction(() => {
    ctx.db.insert(custodyRecords).values(record).run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "board.custody.opened",
      subjectType: "custody",
      subjectId: record.id,
      enterpriseOrgId: membership.enterpriseOrgId,
      data: { entryDate: record.entryDate, deadlineDate, requiredRatioBp: terms.requiredRatioBp, totalShares: parsed.totalShares },
    });
  });
  return { ...record, calendarCovered: isCalendarYearCovered(ctx, Number(deadlineDate.slice(0, 4))) };
}

export const recordConfirmedSharesInput = z.object({
  custodyId: z.string().min(1),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "board:errors.badDate"),
  confirmedShares: z.number().int().nonnegative(),
  totalShares: z.number().int().positive(),
  /** Attachment 1 §(六): unconfirmed shares sit in a custody account, with the party answerable for them named. */
  unconfirmedAccountNo: z.string().trim().max(60).optional(),
  responsibleParty: z.string().trim().max(200).optional(),
  note: z.string().trim().max(500).optional(),
});

function loadCustodyFor(ctx: Pick<AppContext, "db">, actor: Actor, custodyId: string) {
  // The custody look-ups are prepared once per connection: a listed enterprise's dashboard reads them (ADR 0910).
  const row = preparedQuery(ctx.db, "custody-record", (db) =>
    db
      .select({ record: custodyRecords, enterpriseOrgId: boardMemberships.enterpriseOrgId })
      .from(custodyRecords)
      .innerJoin(boardMemberships, eq(boardMemberships.id, custodyRecords.membershipId))
      .where(eq(custodyRecords.id, sql.placeholder("custodyId")))
      .prepare(),
  ).get({ custodyId });
  // Another enterprise's custody record is not admitted to exist.
  if (!row) throw new NotFoundError();
  assertCan(actor, "read:board-status:own", row, { refusal: "not-found" });
  return row;
}

/** The enterprise (or exchange staff for it) records its cumulative confirmed shares as of a date. */
export function recordConfirmedShares(ctx: AppContext, actor: Actor, input: z.infer<typeof recordConfirmedSharesInput>) {
  const parsed = recordConfirmedSharesInput.parse(input);
  const { record, enterpriseOrgId } = loadCustodyFor(ctx, actor, parsed.custodyId);
  assertCan(actor, "update:custody:own", { enterpriseOrgId });
  if (parsed.confirmedShares > parsed.totalShares) {
    throw new DomainError("board:errors.confirmedExceedsTotal", { confirmed: parsed.confirmedShares, total: parsed.totalShares }, "confirmedShares");
  }
  const today = shanghaiDate(ctx.clock.now());
  if (parsed.asOf > today) throw new DomainError("board:errors.dateInFuture", { date: parsed.asOf }, "asOf");
  if (parsed.asOf < record.entryDate) throw new DomainError("board:errors.beforeEntry", { date: parsed.asOf, entryDate: record.entryDate }, "asOf");
  const unconfirmed = parsed.confirmedShares < parsed.totalShares;
  if (unconfirmed && !parsed.unconfirmedAccountNo) throw new DomainError("boardRules:errors.custodyAccountRequired", {}, "unconfirmedAccountNo");
  if (unconfirmed && !parsed.responsibleParty) throw new DomainError("boardRules:errors.responsiblePartyRequired", {}, "responsibleParty");
  const entry = {
    id: newId(),
    custodyId: record.id,
    asOf: parsed.asOf,
    confirmedShares: parsed.confirmedShares,
    totalShares: parsed.totalShares,
    unconfirmedAccountNo: unconfirmed ? parsed.unconfirmedAccountNo! : null,
    responsibleParty: unconfirmed ? parsed.responsibleParty! : null,
    note: parsed.note ?? null,
    recordedBy: actor.userId,
    recordedAt: ctx.clock.now(),
  };
  ctx.db.transaction(() => {
    ctx.db.insert(custodyConfirmations).values(entry).run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "board.custody.shares_confirmed",
      subjectType: "custody",
      subjectId: record.id,
      enterpriseOrgId,
      data: { asOf: parsed.asOf, confirmedShares: parsed.confirmedShares, totalShares: parsed.totalShares, unconfirmedAccountNo: entry.unconfirmedAccountNo, responsibleParty: entry.responsibleParty },
    });
  });
  return entry;
}

/** One enterprise's custody position, for its own board page or for staff. */
export function getCustodyStatus(ctx: AppContext, actor: Actor, custodyId: string) {
  const { record } = loadCustodyFor(ctx, actor, custodyId);
  const history = preparedQuery(ctx.db, "custody-history", (db) =>
    db
      .select()
      .from(custodyConfirmations)
      .where(eq(custodyConfirmations.custodyId, sql.placeholder("custodyId")))
      .orderBy(desc(custodyConfirmations.asOf), desc(custodyConfirmations.recordedAt))
      .prepare(),
  ).all({ custodyId });
  return { record, history, status: custodyStatus(record, history, loadWorkingCalendar(ctx), shanghaiDate(ctx.clock.now())) };
}

export type CustodyCountdownRow = {
  custodyId: string;
  membershipId: string;
  enterpriseOrgId: string;
  enterpriseName: string;
  tier: Tier;
  entryDate: string;
  status: CustodyStatus;
  /** False when the deadline's year has neither chinese-days data nor staff overrides: the date may move. */
  calendarCovered: boolean;
};

const LEVEL_ORDER: Record<CustodyReminderLevel, number> = { overdue: 0, d5: 1, d10: 2, d20: 3, none: 4, met_late: 5, met: 6 };

/**
 * The exchange's countdown list of listed enterprises: overdue first, then by working days left.
 * `levels` narrows it (e.g. ['overdue', 'd5'] for today's urgent calls).
 */
export function listCustodyCountdown(ctx: AppContext, actor: Actor, opts: { levels?: CustodyReminderLevel[] } = {}): CustodyCountdownRow[] {
  assertCan(actor, "manage:custody:any", undefined);
  const rows = ctx.db
    .select({
      record: custodyRecords,
      tier: boardMemberships.tier,
      enterpriseOrgId: boardMemberships.enterpriseOrgId,
      enterpriseName: organisations.name,
    })
    .from(custodyRecords)
    .innerJoin(boardMemberships, eq(boardMemberships.id, custodyRecords.membershipId))
    .innerJoin(organisations, eq(organisations.id, boardMemberships.enterpriseOrgId))
    .where(eq(boardMemberships.status, "listed"))
    .all();
  const byCustody = new Map<string, CustodyConfirmation[]>();
  if (rows.length > 0) {
    const all = ctx.db
      .select({
        custodyId: custodyConfirmations.custodyId,
        asOf: custodyConfirmations.asOf,
        confirmedShares: custodyConfirmations.confirmedShares,
        totalShares: custodyConfirmations.totalShares,
        recordedAt: custodyConfirmations.recordedAt,
      })
      .from(custodyConfirmations)
      .where(inArray(custodyConfirmations.custodyId, rows.map((r) => r.record.id)))
      .all();
    for (const c of all) byCustody.set(c.custodyId, [...(byCustody.get(c.custodyId) ?? []), c]);
  }
  const calendar = loadWorkingCalendar(ctx);
  const today = shanghaiDate(ctx.clock.now());
  const covered = new Map<number, boolean>();
  const yearCovered = (date: string): boolean => {
    const year = Number(date.slice(0, 4));
    if (!covered.has(year)) covered.set(year, isCalendarYearCovered(ctx, year));
    return covered.get(year)!;
  };
  const result = rows.map((r) => ({
    custodyId: r.record.id,
    membershipId: r.record.membershipId,
    enterpriseOrgId: r.enterpriseOrgId,
    enterpriseName: r.enterpriseName,
    tier: r.tier,
    entryDate: r.record.entryDate,
    status: custodyStatus(r.record, byCustody.get(r.record.id) ?? [], calendar, today),
    calendarCovered: yearCovered(r.record.deadlineDate),
  }));
  const filtered = opts.levels ? result.filter((r) => opts.levels!.includes(r.status.level)) : result;
  return filtered.sort(
    (a, b) => LEVEL_ORDER[a.status.level] - LEVEL_ORDER[b.status.level] || a.status.remainingWorkingDays - b.status.remainingWorkingDays,
  );
}

/** For one enterprise: its current custody record id, if the clock has started. */
export function custodyIdForEnterprise(ctx: Pick<AppContext, "db">, enterpriseOrgId: string): string | null {
  const row = preparedQuery(ctx.db, "custody-id-of-enterprise", (db) =>
    db
      .select({ id: custodyRecords.id })
      .from(custodyRecords)
      .innerJoin(boardMemberships, eq(boardMemberships.id, custodyRecords.membershipId))
      .where(and(eq(boardMemberships.enterpriseOrgId, sql.placeholder("orgId")), eq(boardMemberships.status, "listed")))
      .prepare(),
  ).get({ orgId: enterpriseOrgId });
  return row?.id ?? null;
}
