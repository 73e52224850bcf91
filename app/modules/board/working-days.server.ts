import chineseDays from "chinese-days";
import { and, asc, eq, gte, lte } from "drizzle-orm";
import { preparedQuery } from "~/utils/sql.server";
import { z } from "zod";
import { workingDayOverrides } from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { DomainError } from "~/utils/errors";
import { assertCan } from "~/modules/access";

/**
 * Working days follow the State Council's holiday and make-up-day (调休) calendar, which
 * `chinese-days` carries up to the last published year. Staff enter days for later years (and
 * corrections) in the override table, which always wins.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export function assertIsoDate(date: string): void {
  if (!DATE.test(date) || toIsoDate(parseIsoDate(date)) !== date) throw new DomainError("board:errors.badDate", { date });
}

function parseIsoDate(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}
function toIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
export function addCalendarDays(date: string, n: number): string {
  return toIsoDate(parseIsoDate(date) + n * DAY_MS);
}

export type WorkingCalendar = {
  isWorkingDay(date: string): boolean;
  /** The n-th working day after `from` (n ≥ 0; n = 0 gives `from` itself if it is a working day, else the next one). */
  addWorkingDays(from: string, n: number): string;
  /** Working days in (from, to]; negative when `to` is before `from`. */
  workingDaysBetween(from: string, to: string): number;
};

/** A calendar over a fixed set of overrides; pure, so long lists (custody countdowns) need one query. */
export function makeWorkingCalendar(overrides: ReadonlyMap<string, boolean>): WorkingCalendar {
  // chinese-days parses the date on every call; a countdown list asks about the same days for every enterprise, so
  // each day's answer is kept for the calendar's life (one request or job run; the overrides are fixed for it).
  const known = new Map<string, boolean>();
  const knownAt = new Map<number, boolean>();
  const isWorkingDay = (date: string): boolean => {
    let working = known.get(date);
    if (working === undefined) {
      working = overrides.get(date) ?? chineseDays.isWorkday(date);
      known.set(date, working);
    }
    return working;
  };
  return {
    isWorkingDay,
    addWorkingDays(from, n) {
      assertIsoDate(from);
      if (!Number.isInteger(n) || n < 0) throw new DomainError("board:errors.badWorkingDayCount", { n });
      let date = from;
      if (n === 0) {
        while (!isWorkingDay(date)) date = addCalendarDays(date, 1);
        return date;
      }
      let left = n;
      while (left > 0) {
        date = addCalendarDays(date, 1);
        if (isWorkingDay(date)) left--;
      }
      return date;
    },
    workingDaysBetween(from, to) {
      assertIsoDate(from);
      assertIsoDate(to);
      if (to < from) return -this.workingDaysBetween(to, from);
      // Day by day over UTC midnights, each day's answer remembered by its number: a countdown list of every listed
      // enterprise walks the same months once per enterprise, and formatting each date again was most of its cost.
      let count = 0;
      const end = parseIsoDate(to);
      for (let t = parseIsoDate(from) + DAY_MS; t <= end; t += DAY_MS) {
        let working = knownAt.get(t);
        if (working === undefined) {
          working = isWorkingDay(toIsoDate(t));
          knownAt.set(t, working);
        }
        if (working) count++;
      }
      return count;
    },
  };
}

/** Loads every override (a few dozen rows a year) into a calendar. */
export function loadWorkingCalendar(ctx: Pick<AppContext, "db">): WorkingCalendar {
  // Prepared once per connection: every custody countdown (a listed enterprise's dashboard) reads it (ADR 0910).
  const rows = preparedQuery(ctx.db, "working-day-overrides", (db) => db.select({ date: workingDayOverrides.date, isWorkday: workingDayOverrides.isWorkday }).from(workingDayOverrides).prepare()).all();
  return makeWorkingCalendar(new Map(rows.map((r) => [r.date, r.isWorkday])));
}

export function addWorkingDays(ctx: Pick<AppContext, "db">, fromDate: string, n: number): string {
  return loadWorkingCalendar(ctx).addWorkingDays(fromDate, n);
}

export function workingDaysBetween(ctx: Pick<AppContext, "db">, fromDate: string, toDate: string): number {
  return loadWorkingCalendar(ctx).workingDaysBetween(fromDate, toDate);
}

/** Whether chinese-days (data shipped with the package, fixed while the process runs) has holidays for a year. */
const officialYears = new Map<number, boolean>();
function officialYearKnown(year: number): boolean {
  let known = officialYears.get(year);
  if (known === undefined) {
    known = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    officialYears.set(year, known);
  }
  return known;
}

/**
 * Whether the official calendar is known for a year: chinese-days has holidays for it, or staff have
 * entered overrides. Screens warn when a deadline falls in a year that is not covered.
 */
export function isCalendarYearCovered(ctx: Pick<AppContext, "db">, year: number): boolean {
  if (officialYearKnown(year)) return true;
  const row = ctx.db
    .select({ date: workingDayOverrides.date })
    .from(workingDayOverrides)
    .where(and(gte(workingDayOverrides.date, `${year}-01-01`), lte(workingDayOverrides.date, `${year}-12-31`)))
    .limit(1)
    .get();
  return row !== undefined;
}

export const workingDayOverrideInput = z.object({
  date: z.string().regex(DATE, "board:errors.badDate"),
  isWorkday: z.boolean(),
  note: z.string().trim().max(200).optional(),
});

/** Exchange admins enter or correct a day; recorded in the audit chain because deadlines depend on it. */
export function saveWorkingDayOverride(ctx: AppContext, actor: Actor, input: z.infer<typeof workingDayOverrideInput>): void {
  assertCan(actor, "manage:working-days:any", undefined);
  const parsed = workingDayOverrideInput.parse(input);
  assertIsoDate(parsed.date);
  ctx.db.transaction(() => {
    const values = { date: parsed.date, isWorkday: parsed.isWorkday, note: parsed.note ?? null, updatedBy: actor.userId, updatedAt: ctx.clock.now() };
    ctx.db.insert(workingDayOverrides)
      .values(values)
      .onConflictDoUpdate({ target: workingDayOverrides.date, set: values })
      .run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "board.working_day.override",
      subjectType: "working_day",
      subjectId: parsed.date,
      data: { isWorkday: parsed.isWorkday, note: parsed.note ?? null },
    });
  });
}

export function deleteWorkingDayOverride(ctx: AppContext, actor: Actor, date: string): void {
  assertCan(actor, "manage:working-days:any", undefined);
  assertIsoDate(date);
  ctx.db.transaction(() => {
    ctx.db.delete(workingDayOverrides).where(eq(workingDayOverrides.date, date)).run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "board.working_day.override_removed",
      subjectType: "working_day",
      subjectId: date,
    });
  });
}

export function listWorkingDayOverrides(ctx: Pick<AppContext, "db">, year: number) {
  return ctx.db
    .select()
    .from(workingDayOverrides)
    .where(and(gte(workingDayOverrides.date, `${year}-01-01`), lte(workingDayOverrides.date, `${year}-12-31`)))
    .orderBy(asc(workingDayOverrides.date))
    .all();
}
