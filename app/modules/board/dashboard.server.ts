import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import {
  boardApplications,
  boardRounds,
  noticeObjections,
  organisations,
  ROUND_STATES,
  tierPlanApprovals,
  tierPlans,
  type ApplicationState,
  type RoundState,
} from "@db/schema";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { preparedQuery } from "~/utils/sql.server";
import { boardStatusOf } from "./admission.server";
import { pendingConfirmations } from "./applications.server";
import { can } from "~/modules/access";

/**
 * The board's cards on /dashboard: for each role, the few numbers that say what needs doing next
 * (each links to the page where it is done). Counts follow the same visibility as the pages: a
 * bureau counts its own prefecture, a regulator the plans its own authority has not yet decided.
 */

export type BoardDashboard = {
  bureau: { toForward: number; returned: number; draftsOwn: number } | null;
  reviewer: { toCheck: number; checked: number; plansInApproval: number; openObjections: number } | null;
  regulator: { awaitingMySignOff: number } | null;
  enterprise: {
    application: { id: string; state: ApplicationState; roundName: string } | null;
    pendingConfirmations: number;
    membership: { tier: string; entryDate: string; status: string; servicePersonName: string | null } | null;
    custody: { deadlineDate: string; remainingWorkingDays: number; level: string; confirmedRatioBp: number; requiredRatioBp: number; met: boolean } | null;
  } | null;
  admin: { roundsByState: Record<RoundState, number> } | null;
};

// The counts below are prepared once per connection (ADR 0920): building each count's SQL with drizzle cost more than
// SQLite answering it.
const applicationsInStateQuery = (db: AppContext["db"], inPrefecture: boolean) =>
  preparedQuery(db, inPrefecture ? "board-cards-applications-in-prefecture" : "board-cards-applications", (d) =>
    d
      .select({ n: count() })
      .from(boardApplications)
      .where(and(eq(boardApplications.state, sql.placeholder("state")), inPrefecture ? eq(boardApplications.prefectureCode, sql.placeholder("prefecture")) : undefined))
      .prepare(),
  );

function countApplications(ctx: Pick<AppContext, "db">, state: ApplicationState, prefectureCode?: string): number {
  const row = prefectureCode ? applicationsInStateQuery(ctx.db, true).get({ state, prefecture: prefectureCode }) : applicationsInStateQuery(ctx.db, false).get({ state });
  return row?.n ?? 0;
}

function bureauCards(ctx: Pick<AppContext, "db">, actor: Actor): BoardDashboard["bureau"] {
  if (!can(actor, "forward:application:prefecture") || !actor.prefectureCode) return null;
  const drafts =
    preparedQuery(ctx.db, "board-cards-bureau-drafts", (db) =>
      db
        .select({ n: count() })
        .from(boardApplications)
        .where(and(eq(boardApplications.prefectureCode, sql.placeholder("prefecture")), eq(boardApplications.channel, "bureau"), eq(boardApplications.state, "draft")))
        .prepare(),
    ).get({ prefecture: actor.prefectureCode })?.n ?? 0;
  return { toForward: countApplications(ctx, "submitted", actor.prefectureCode), returned: countApplications(ctx, "returned", actor.prefectureCode), draftsOwn: drafts };
}

function reviewerCards(ctx: Pick<AppContext, "db">, actor: Actor): BoardDashboard["reviewer"] {
  if (!can(actor, "review:application:any")) return null;
  const plansInApproval = preparedQuery(ctx.db, "board-cards-plans-submitted", (db) => db.select({ n: count() }).from(tierPlans).where(eq(tierPlans.state, "submitted")).prepare()).get()?.n ?? 0;
  const openObjections = preparedQuery(ctx.db, "board-cards-objections-lodged", (db) => db.select({ n: count() }).from(noticeObjections).where(eq(noticeObjections.state, "lodged")).prepare()).get()?.n ?? 0;
  return { toCheck: countApplications(ctx, "forwarded"), checked: countApplications(ctx, "checked"), plansInApproval, openObjections };
}

function regulatorCards(ctx: Pick<AppContext, "db">, actor: Actor): BoardDashboard["regulator"] {
  if (!can(actor, "decide:tier-plan:regulator")) return null;
  const code = preparedQuery(ctx.db, "board-cards-regulator-code", (db) =>
    db.select({ code: organisations.regulatorCode }).from(organisations).where(eq(organisations.id, sql.placeholder("orgId"))).prepare(),
  ).get({ orgId: actor.orgId })?.code;
  if (!code) return null;
  // Submitted plans with no decision from this authority on their current submission.
  const awaiting = preparedQuery(ctx.db, "board-cards-plans-awaiting-regulator", (db) =>
    db
      .select({ n: count() })
      .from(tierPlans)
      .leftJoin(
        tierPlanApprovals,
        and(eq(tierPlanApprovals.planId, tierPlans.id), eq(tierPlanApprovals.submission, tierPlans.submission), eq(tierPlanApprovals.regulatorCode, sql.placeholder("code"))),
      )
      .where(and(eq(tierPlans.state, "submitted"), isNull(tierPlanApprovals.id)))
      .prepare(),
  ).get({ code })?.n ?? 0;
  return { awaitingMySignOff: awaiting };
}

function enterpriseCards(ctx: AppContext, actor: Actor): BoardDashboard["enterprise"] {
  if (!can(actor, "confirm:application:own")) return null;
  // Prepared once per connection: every enterprise's dashboard asks (ADR 0910).
  const latest = preparedQuery(ctx.db, "latest-own-application", (db) =>
    db
      .select({ id: boardApplications.id, state: boardApplications.state, roundName: boardRounds.name })
      .from(boardApplications)
      .innerJoin(boardRounds, eq(boardRounds.id, boardApplications.roundId))
      .where(eq(boardApplications.enterpriseOrgId, sql.placeholder("orgId")))
      .orderBy(desc(boardApplications.updatedAt))
      .prepare(),
  ).get({ orgId: actor.orgId });
  const { membership, custody } = boardStatusOf(ctx, actor, actor.orgId);
  return {
    application: latest ?? null,
    pendingConfirmations: pendingConfirmations(ctx, actor),
    membership: membership && { tier: membership.tier, entryDate: membership.entryDate, status: membership.status, servicePersonName: membership.servicePersonName },
    custody:
      custody && membership?.status === "listed"
        ? {
            deadlineDate: custody.status.deadlineDate,
            remainingWorkingDays: custody.status.remainingWorkingDays,
            level: custody.status.level,
            confirmedRatioBp: custody.status.confirmedRatioBp,
            requiredRatioBp: custody.status.requiredRatioBp,
            met: custody.status.met,
          }
        : null,
  };
}

function adminCards(ctx: Pick<AppContext, "db">, actor: Actor): BoardDashboard["admin"] {
  if (!can(actor, "manage:round:any")) return null;
  const roundsByState = Object.fromEntries(ROUND_STATES.map((s) => [s, 0])) as Record<RoundState, number>;
  const rows = preparedQuery(ctx.db, "board-cards-rounds-by-state", (db) => db.select({ state: boardRounds.state, n: count() }).from(boardRounds).groupBy(boardRounds.state).prepare()).all();
  for (const r of rows) roundsByState[r.state] = r.n;
  return { roundsByState };
}

/** Everything the dashboard shows about the board for this actor; sections that do not apply are null. */
export function boardDashboard(ctx: AppContext, actor: Actor): BoardDashboard {
  return {
    bureau: bureauCards(ctx, actor),
    reviewer: reviewerCards(ctx, actor),
    regulator: regulatorCards(ctx, actor),
    enterprise: enterpriseCards(ctx, actor),
    admin: adminCards(ctx, actor),
  };
}
