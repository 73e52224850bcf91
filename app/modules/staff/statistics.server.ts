import { and, asc, eq, gte, inArray, isNotNull, lte, or, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import {
  boardApplications,
  boardMemberships,
  boardRounds,
  financingNeeds,
  financingOutcomes,
  INSTRUMENTS,
  offers,
  roadshowAttendance,
  roadshowEvents,
  roadshowRegistrations,
  roadshowSlots,
  organisations,
  prefectures,
  serviceRequests,
  TIERS,
  type ApplicationState,
} from "@db/schema";
import { assertCan, can } from "~/modules/access";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { DomainError } from "~/utils/errors";
import { cultivationFunnel } from "./cultivation.server";

/**
 * The board's statistics for the staff and regulators' dashboards and the report pack: enterprises by tier,
 * prefecture and industry, the admission funnel per round, financing obtained per month by instrument, and the
 * service desk's SLA and satisfaction. Every figure is a plain count or sum over the database as it stands, so
 * the same data always gives the same numbers. A dimension that is not known is the key "unknown", always last.
 */

export const UNKNOWN = "unknown";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const statisticsFilter = z
  .object({
    from: z.string().regex(DATE, "staff:errors.badPeriod"),
    to: z.string().regex(DATE, "staff:errors.badPeriod"),
    prefecture: z
      .string()
      .regex(/^\d{4}$/)
      .optional(),
  })
  .refine((f) => f.from <= f.to, { message: "staff:errors.periodOrder", path: ["to"] });
export type StatisticsFilter = z.infer<typeof statisticsFilter>;

export type CountRow = { key: string; count: number };
export type FunnelRow = { roundId: string; roundName: string; applied: number; forwarded: number; checked: number; approved: number; admitted: number };
export type FinancingMonthRow = { month: string } & Record<(typeof INSTRUMENTS)[number], number> & { total: number };
export type ServiceMonthRow = { month: string; raised: number; resolved: number; resolvedInSla: number; slaRateBp: number | null; ratings: number; averageRatingX100: number | null };

/** Rows by count, largest first; the unknown row last whatever its size. */
function ordered(map: Map<string, number>, order?: readonly string[]): CountRow[] {
  const rows = [...map.entries()].map(([key, count]) => ({ key, count }));
  return rows.sort((a, b) => {
    const ua = Number(a.key === UNKNOWN) - Number(b.key === UNKNOWN);
    if (ua !== 0) return ua;
    if (order) return order.indexOf(a.key) - order.indexOf(b.key);
    return b.count - a.count || a.key.localeCompare(b.key);
  });
}

function tally<T>(rows: T[], keyOf: (r: T) => string | null | undefined): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) {
    const k = keyOf(r) || UNKNOWN;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

function parse(raw: z.input<typeof statisticsFilter>): StatisticsFilter {
  const parsed = statisticsFilter.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError(issue.message.startsWith("staff:") ? issue.message : "staff:errors.badPeriod", {}, String(issue.path[0] ?? "from"));
  }
  return parsed.data;
}

/** Listed on the board at the end of the period (entered by `to`, not removed by then). */
function listedAt(ctx: Pick<AppContext, "db">, f: StatisticsFilter) {
  const endMs = Date.parse(`${f.to}T16:00:00Z`); // end of the Shanghai day
  return ctx.db
    .select({ tier: boardMemberships.tier, prefecture: organisations.prefectureCode, industry: organisations.industrySection })
    .from(boardMemberships)
    .innerJoin(organisations, eq(organisations.id, boardMemberships.enterpriseOrgId))
    .where(
      and(
        lte(boardMemberships.entryDate, f.to),
        or(eq(boardMemberships.status, "listed"), and(isNotNull(boardMemberships.removedAt), gt(boardMemberships.removedAt, endMs))),
        f.prefecture ? eq(organisations.prefectureCode, f.prefecture) : undefined,
      ),
    )
    .all();
}

export function enterprisesBy(ctx: Pick<AppContext, "db">, f: StatisticsFilter) {
  const rows = listedAt(ctx, f);
  return {
    total: rows.length,
    byTier: ordered(tally(rows, (r) => r.tier), TIERS),
    byPrefecture: ordered(tally(rows, (r) => r.prefecture)),
    byIndustry: ordered(tally(rows, (r) => r.industry)),
  };
}

/** How far an application got; withdrawn ones count as applied, rejected ones as checked (refused on review). */
const REACHED: Record<ApplicationState, number> = {
  draft: -1,
  submitted: 0,
  returned: 0,
  withdrawn: 0,
  forwarded: 1,
  checked: 2,
  rejected: 2,
  in_plan: 2,
  approved: 3,
  on_notice: 3,
  admitted: 4,
};

/** Per round whose bureau deadline falls in the period: applied → forwarded → checked → approved → admitted. */
export function admissionFunnel(ctx: Pick<AppContext, "db">, f: StatisticsFilter): FunnelRow[] {
  const inPeriod = ctx.db
    .select({ id: boardRounds.id, name: boardRounds.name })
    .from(boardRounds)
    .where(and(gte(boardRounds.bureauDeadline, f.from), lte(boardRounds.bureauDeadline, f.to)))
    .orderBy(asc(boardRounds.bureauDeadline), asc(boardRounds.id))
    .all();
  if (inPeriod.length === 0) return [];
  const apps = ctx.db
    .select({ roundId: boardApplications.roundId, state: boardApplications.state })
    .from(boardApplications)
    .where(and(inArray(boardApplications.roundId, inPeriod.map((r) => r.id)), f.prefecture ? eq(boardApplications.prefectureCode, f.prefecture) : undefined))
    .all();
  return inPeriod.map((r) => {
    const reached = apps.filter((a) => a.roundId === r.id).map((a) => REACHED[a.state]);
    const atLeast = (n: number) => reached.filter((x) => x >= n).length;
    return { roundId: r.id, roundName: r.name, applied: atLeast(0), forwarded: atLeast(1), checked: atLeast(2), approved: atLeast(3), admitted: atLeast(4) };
  });
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    if (key > end) break;
    out.push(key);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** Financing obtained per month by instrument (元), for outcomes obtained in the period. */
export function financingByMonth(ctx: Pick<AppContext, "db">, f: StatisticsFilter) {
  const rows = ctx.db
    .select({ on: financingOutcomes.obtainedOn, instrument: financingOutcomes.instrument, amount: financingOutcomes.amountObtained, cost: financingOutcomes.allInCostBp, channel: financingOutcomes.channel })
    .from(financingOutcomes)
    .where(and(gte(financingOutcomes.obtainedOn, f.from), lte(financingOutcomes.obtainedOn, f.to), f.prefecture ? eq(financingOutcomes.prefectureCode, f.prefecture) : undefined))
    .all();
  const months: FinancingMonthRow[] = monthsBetween(f.from, f.to).map((month) => ({ month, equity: 0, convertible: 0, loan: 0, guarantee: 0, leasing: 0, total: 0 }));
  const byMonth = new Map(months.map((m) => [m.month, m]));
  for (const r of rows) {
    const m = byMonth.get(r.on.slice(0, 7))!;
    m[r.instrument] += r.amount;
    m.total += r.amount;
  }
  const priced = rows.filter((r) => r.cost !== null);
  const weight = priced.reduce((s, r) => s + r.amount, 0);
  const byChannel = new Map<string, number>();
  for (const r of rows) byChannel.set(r.channel, (byChannel.get(r.channel) ?? 0) + r.amount);
  return {
    months,
    count: rows.length,
    total: rows.reduce((s, r) => s + r.amount, 0),
    averageCostBp: weight === 0 ? null : Math.round(priced.reduce((s, r) => s + r.amount * r.cost!, 0) / weight),
    byChannel: [...byChannel.entries()].map(([key, amount]) => ({ key, amount })).sort((a, b) => b.amount - a.amount || a.key.localeCompare(b.key)),
  };
}

/** Service requests per month: raised, resolved, resolved within the SLA, and the average rating (× 100). */
export function serviceByMonth(ctx: Pick<AppContext, "db">, f: StatisticsFilter) {
  const pref = f.prefecture ? eq(organisations.prefectureCode, f.prefecture) : undefined;
  const raised = ctx.db
    .select({ on: serviceRequests.openedOn })
    .from(serviceRequests)
    .innerJoin(organisations, eq(organisations.id, serviceRequests.enterpriseOrgId))
    .where(and(gte(serviceRequests.openedOn, f.from), lte(serviceRequests.openedOn, f.to), pref))
    .all();
  const resolved = ctx.db
    .select({ on: serviceRequests.resolvedOn, dueOn: serviceRequests.dueOn, rating: serviceRequests.rating })
    .from(serviceRequests)
    .innerJoin(organisations, eq(organisations.id, serviceRequests.enterpriseOrgId))
    .where(and(isNotNull(serviceRequests.resolvedOn), gte(serviceRequests.resolvedOn, f.from), lte(serviceRequests.resolvedOn, f.to), pref))
    .all();
  const openPastDue = ctx.db
    .select({ id: serviceRequests.id })
    .from(serviceRequests)
    .innerJoin(organisations, eq(organisations.id, serviceRequests.enterpriseOrgId))
    .where(and(isNull(serviceRequests.resolvedOn), inArray(serviceRequests.state, ["open", "in_progress"]), lte(serviceRequests.openedOn, f.to), pref))
    .all().length;
  const months: ServiceMonthRow[] = monthsBetween(f.from, f.to).map((month) => {
    const done = resolved.filter((r) => r.on!.startsWith(month));
    const inSla = done.filter((r) => r.on! <= r.dueOn).length;
    const rated = done.filter((r) => r.rating !== null);
    return {
      month,
      raised: raised.filter((r) => r.on.startsWith(month)).length,
      resolved: done.length,
      resolvedInSla: inSla,
      slaRateBp: done.length ? Math.round((inSla * 10_000) / done.length) : null,
      ratings: rated.length,
      averageRatingX100: rated.length ? Math.round((rated.reduce((s, r) => s + r.rating!, 0) * 100) / rated.length) : null,
    };
  });
  const allRated = resolved.filter((r) => r.rating !== null);
  const inSla = resolved.filter((r) => r.on! <= r.dueOn).length;
  return {
    months,
    raised: raised.length,
    resolved: resolved.length,
    resolvedInSla: inSla,
    slaRateBp: resolved.length ? Math.round((inSla * 10_000) / resolved.length) : null,
    ratings: allRated.length,
    averageRatingX100: allRated.length ? Math.round((allRated.reduce((s, r) => s + r.rating!, 0) * 100) / allRated.length) : null,
    satisfiedRateBp: allRated.length ? Math.round((allRated.filter((r) => r.rating! >= 4).length * 10_000) / allRated.length) : null,
    stillOpen: openPastDue,
  };
}

const DAY_MS = 86_400_000;
/** The start of a Shanghai calendar day and the end of another, as unix ms. */
const dayStart = (d: string) => Date.parse(`${d}T00:00:00+08:00`);
const dayEnd = (d: string) => Date.parse(`${d}T00:00:00+08:00`) + DAY_MS - 1;
/** An average of durations in days with one decimal, as an integer × 10 (null when there is none). */
const averageDaysX10 = (ms: number[]): number | null => (ms.length ? Math.round((ms.reduce((s, x) => s + x, 0) * 10) / ms.length / DAY_MS) : null);

export type ResponseRow = { key: string; answered: number; daysToFirstOfferX10: number | null; decided: number; daysToDecisionX10: number | null };

/**
 * How fast lenders answer: for each need whose first offer came in the period, the time from the need's
 * publication to that first offer; for each offer the enterprise decided (accepted or declined) in the period, the
 * time from the offer to the decision. Per month (of the first offer / of the decision) and per instrument.
 * A need's prefecture is its enterprise's.
 */
export function offerResponseTimes(ctx: Pick<AppContext, "db">, f: StatisticsFilter) {
  const from = dayStart(f.from);
  const to = dayEnd(f.to);
  const pref = f.prefecture ? eq(organisations.prefectureCode, f.prefecture) : undefined;
  const offerRows = ctx.db
    .select({ needId: offers.needId, submittedAt: offers.submittedAt, decidedAt: offers.decidedAt, state: offers.state, publishedAt: financingNeeds.publishedAt, instrument: financingNeeds.instrument })
    .from(offers)
    .innerJoin(financingNeeds, eq(financingNeeds.id, offers.needId))
    .innerJoin(organisations, eq(organisations.id, financingNeeds.enterpriseOrgId))
    .where(and(isNotNull(financingNeeds.publishedAt), pref))
    .all();
  const firstOffer = new Map<string, { at: number; publishedAt: number; instrument: string }>();
  for (const o of offerRows) {
    const seen = firstOffer.get(o.needId);
    if (!seen || o.submittedAt < seen.at) firstOffer.set(o.needId, { at: o.submittedAt, publishedAt: o.publishedAt!, instrument: o.instrument });
  }
  const answered = [...firstOffer.values()].filter((a) => a.at >= from && a.at <= to).map((a) => ({ month: shanghaiDate(a.at).slice(0, 7), instrument: a.instrument, ms: Math.max(0, a.at - a.publishedAt) }));
  const decided = offerRows
    .filter((o) => (o.state === "accepted" || o.state === "declined") && o.decidedAt !== null && o.decidedAt >= from && o.decidedAt <= to)
    .map((o) => ({ month: shanghaiDate(o.decidedAt!).slice(0, 7), instrument: o.instrument, ms: Math.max(0, o.decidedAt! - o.submittedAt) }));
  const row = (key: string, a: typeof answered, d: typeof decided): ResponseRow => ({
    key,
    answered: a.length,
    daysToFirstOfferX10: averageDaysX10(a.map((x) => x.ms)),
    decided: d.length,
    daysToDecisionX10: averageDaysX10(d.map((x) => x.ms)),
  });
  return {
    months: monthsBetween(f.from, f.to).map((m) => row(m, answered.filter((a) => a.month === m), decided.filter((d) => d.month === m))),
    byInstrument: INSTRUMENTS.map((i) => row(i, answered.filter((a) => a.instrument === i), decided.filter((d) => d.instrument === i))).filter((r) => r.answered + r.decided > 0),
    total: row("total", answered, decided),
  };
}

export type RoadshowMonthRow = { month: string; events: number; presenters: number; registrations: number; attendees: number };

/**
 * Roadshow activity per month of the event: events held or scheduled (not cancelled), the enterprises presenting,
 * seats registered (not cancelled, waitlist not counted) and the people who were in the live room. With a
 * prefecture filter, the events where an enterprise of that prefecture presents.
 */
export function roadshowActivity(ctx: Pick<AppContext, "db">, f: StatisticsFilter) {
  const events = ctx.db
    .select({ id: roadshowEvents.id, startsAt: roadshowEvents.startsAt })
    .from(roadshowEvents)
    .where(and(eq(roadshowEvents.state, "scheduled"), gte(roadshowEvents.startsAt, dayStart(f.from)), lte(roadshowEvents.startsAt, dayEnd(f.to))))
    .all();
  const ids = events.length ? events.map((e) => e.id) : [""];
  const slots = ctx.db
    .select({ eventId: roadshowSlots.eventId, enterpriseOrgId: roadshowSlots.enterpriseOrgId, prefecture: organisations.prefectureCode })
    .from(roadshowSlots)
    .innerJoin(organisations, eq(organisations.id, roadshowSlots.enterpriseOrgId))
    .where(inArray(roadshowSlots.eventId, ids))
    .all();
  const kept = f.prefecture ? events.filter((e) => slots.some((s) => s.eventId === e.id && s.prefecture === f.prefecture)) : events;
  const keptIds = kept.length ? kept.map((e) => e.id) : [""];
  const registrations = ctx.db
    .select({ eventId: roadshowRegistrations.eventId })
    .from(roadshowRegistrations)
    .where(and(inArray(roadshowRegistrations.eventId, keptIds), eq(roadshowRegistrations.state, "registered")))
    .all();
  const attendance = ctx.db
    .selectDistinct({ eventId: roadshowAttendance.eventId, userId: roadshowAttendance.userId })
    .from(roadshowAttendance)
    .where(inArray(roadshowAttendance.eventId, keptIds))
    .all();
  const monthOf = new Map(kept.map((e) => [e.id, shanghaiDate(e.startsAt).slice(0, 7)]));
  const months: RoadshowMonthRow[] = monthsBetween(f.from, f.to).map((month) => {
    const inMonth = new Set(kept.filter((e) => monthOf.get(e.id) === month).map((e) => e.id));
    return {
      month,
      events: inMonth.size,
      presenters: new Set(slots.filter((s) => inMonth.has(s.eventId)).map((s) => s.enterpriseOrgId)).size,
      registrations: registrations.filter((r) => inMonth.has(r.eventId)).length,
      attendees: attendance.filter((a) => inMonth.has(a.eventId)).length,
    };
  });
  const sum = (k: "events" | "registrations" | "attendees") => months.reduce((s, m) => s + m[k], 0);
  return { months, events: sum("events"), registrations: sum("registrations"), attendees: sum("attendees"), presenters: new Set(slots.filter((s) => keptIds.includes(s.eventId)).map((s) => s.enterpriseOrgId)).size };
}

export const DASHBOARD_CHARTS = ["tier", "prefecture", "industry", "funnel", "cultivation", "financing", "service", "response", "responseByInstrument", "roadshows"] as const;
export type DashboardChart = (typeof DASHBOARD_CHARTS)[number];

/** Everything the dashboard shows, for the exchange and the three regulators (a prefecture's bureau: its prefecture's). */
export function boardDashboard(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, raw: z.input<typeof statisticsFilter>) {
  if (can(actor, "read:board-statistics:any")) return dashboardData(ctx, parse(raw));
  // A prefecture's bureau: its own prefecture whatever the query asks for.
  assertCan(actor, "read:board-statistics:prefecture", undefined);
  return dashboardData(ctx, parse({ ...raw, prefecture: actor.prefectureCode ?? undefined }));
}

/** The dashboard's figures for a checked filter, without a reader: the report pack's charts (generated by a job) use it. */
export function dashboardData(ctx: Pick<AppContext, "db" | "clock">, f: StatisticsFilter) {
  return {
    filter: f,
    today: shanghaiDate(ctx.clock.now()),
    enterprises: enterprisesBy(ctx, f),
    funnel: admissionFunnel(ctx, f),
    financing: financingByMonth(ctx, f),
    service: serviceByMonth(ctx, f),
    cultivation: cultivationFunnel(ctx, f.to),
    response: offerResponseTimes(ctx, f),
    roadshows: roadshowActivity(ctx, f),
  };
}

/** Prefecture names for labels, in both languages. */
export function prefectureNames(ctx: Pick<AppContext, "db">) {
  return ctx.db.select({ code: prefectures.code, zh: prefectures.nameZh, en: prefectures.nameEn }).from(prefectures).orderBy(asc(prefectures.code)).all();
}
