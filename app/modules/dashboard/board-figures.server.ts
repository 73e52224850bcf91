import { and, count, eq, isNull, lt, sql } from "drizzle-orm";
import { boardApplications, boardMemberships, boardViolations, disclosureObligations, disclosurePeriods, noticeObjections, organisations, publicNotices, TIERS } from "@db/schema";
import { can } from "~/modules/access";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { noticePhase } from "~/modules/board/notices.server";
import { myEnterpriseCounts } from "~/modules/staff/my-enterprises.server";
import { inJsonList, preparedQuery } from "~/utils/sql.server";

/**
 * The board's figures on /dashboard (ADR 0812), per role the ones that role acts on, each a link to the list it counts:
 * - regulators: listed enterprises per tier, applications in a tier plan awaiting the authorities' approval, notices in
 *   their objection period, disclosure reports owed to them and overdue, violations on record;
 * - the exchange's staff: their queue — applications to check, objections to answer, violations to confirm, overdue
 *   disclosures across the board, custody past its deadline among the enterprises they serve;
 * - a prefecture bureau: its prefecture's listed enterprises per tier; everyone else: the board's listed enterprises per
 *   tier (public figures).
 * Counts follow the same rules as the lists they open, so a figure and its list agree.
 */

export type BoardFigure = { key: string; value: number; href: string; tone: "urgent" | "attention" | "neutral" };

const figure = (key: string, value: number, href: string, tone: BoardFigure["tone"] = "neutral"): BoardFigure => ({ key, value, href, tone: value > 0 ? tone : "neutral" });

// Each count is a query prepared once per connection (ADR 0920): drizzle building a count's SQL cost more than SQLite
// answering it, and a dashboard asks for five to eight of them.
type Db = AppContext["db"];
const listedPerTierQuery = (db: Db, byPrefecture: boolean) =>
  preparedQuery(db, byPrefecture ? "figures-listed-per-tier-in-prefecture" : "figures-listed-per-tier", (d) =>
    d
      .select({ tier: boardMemberships.tier, n: count() })
      .from(boardMemberships)
      .innerJoin(organisations, eq(organisations.id, boardMemberships.enterpriseOrgId))
      .where(and(eq(boardMemberships.status, "listed"), byPrefecture ? eq(organisations.prefectureCode, sql.placeholder("prefecture")) : undefined))
      .groupBy(boardMemberships.tier)
      .prepare(),
  );

function listedPerTier(ctx: Pick<AppContext, "db">, prefectureCode?: string): BoardFigure[] {
  const rows = prefectureCode ? listedPerTierQuery(ctx.db, true).all({ prefecture: prefectureCode }) : listedPerTierQuery(ctx.db, false).all();
  return TIERS.map((tier) => {
    const qs = new URLSearchParams({ index: "enterprises", tier, ...(prefectureCode ? { prefecture: prefectureCode } : {}) });
    return figure(`tier.${tier}`, rows.find((r) => r.tier === tier)?.n ?? 0, `/search?${qs.toString()}`);
  });
}

function countApplications(ctx: Pick<AppContext, "db">, states: (typeof boardApplications.$inferSelect)["state"][]): number {
  const query = preparedQuery(ctx.db, "figures-applications-in-states", (db) =>
    db.select({ n: count() }).from(boardApplications).where(inJsonList(boardApplications.state, sql.placeholder("states"))).prepare(),
  );
  return query.get({ states: JSON.stringify(states) })?.n ?? 0;
}

function noticesRunning(ctx: Pick<AppContext, "db" | "clock">): number {
  const today = shanghaiDate(ctx.clock.now());
  const query = preparedQuery(ctx.db, "figures-notice-phases", (db) =>
    db.select({ startsOn: publicNotices.startsOn, endsOn: publicNotices.endsOn, closedAt: publicNotices.closedAt, endedEarlyAt: publicNotices.endedEarlyAt }).from(publicNotices).prepare(),
  );
  return query.all().filter((n) => noticePhase(n, today) === "open").length;
}

const overdueDisclosuresQuery = (db: Db, toRecipient: boolean) =>
  preparedQuery(db, toRecipient ? "figures-overdue-disclosures-to" : "figures-overdue-disclosures", (d) =>
    d
      .select({ n: count() })
      .from(disclosurePeriods)
      .innerJoin(disclosureObligations, eq(disclosureObligations.id, disclosurePeriods.obligationId))
      .where(
        and(
          isNull(disclosurePeriods.submittedAt),
          lt(disclosurePeriods.dueOn, sql.placeholder("today")),
          toRecipient ? eq(disclosureObligations.recipientOrgId, sql.placeholder("recipient")) : undefined,
        ),
      )
      .prepare(),
  );

function overdueDisclosures(ctx: Pick<AppContext, "db" | "clock">, recipientOrgId?: string): number {
  const today = shanghaiDate(ctx.clock.now());
  const row = recipientOrgId ? overdueDisclosuresQuery(ctx.db, true).get({ today, recipient: recipientOrgId }) : overdueDisclosuresQuery(ctx.db, false).get({ today });
  return row?.n ?? 0;
}

function violations(ctx: Pick<AppContext, "db">, states: (typeof boardViolations.$inferSelect)["state"][]): number {
  const query = preparedQuery(ctx.db, "figures-violations-in-states", (db) =>
    db.select({ n: count() }).from(boardViolations).where(inJsonList(boardViolations.state, sql.placeholder("states"))).prepare(),
  );
  return query.get({ states: JSON.stringify(states) })?.n ?? 0;
}

/** Objections lodged and not yet answered (the reviewer's card counts the same). */
export function openObjectionCount(ctx: Pick<AppContext, "db">): number {
  const query = preparedQuery(ctx.db, "figures-open-objections", (db) =>
    db.select({ n: count() }).from(noticeObjections).where(eq(noticeObjections.state, "lodged")).prepare(),
  );
  return query.get()?.n ?? 0;
}

export type BoardFigures = { audience: "regulator" | "exchange" | "prefecture" | "board"; figures: BoardFigure[] };

export function boardFigures(ctx: AppContext, actor: Actor): BoardFigures {
  if (can(actor, "receive:report-pack:any")) {
    return {
      audience: "regulator",
      figures: [
        ...listedPerTier(ctx),
        figure("awaitingApproval", countApplications(ctx, ["in_plan"]), "/board/plans", "attention"),
        figure("noticesRunning", noticesRunning(ctx), "/notices"),
        figure("overdueDisclosures", overdueDisclosures(ctx, actor.orgId), "/disclosures?overdue=1", "urgent"),
        figure("violations", violations(ctx, ["recorded", "confirmed"]), "/board/violations", "attention"),
      ],
    };
  }
  if (can(actor, "list:application:forwarded")) {
    const openObjections = openObjectionCount(ctx);
    const figures = [
      figure("toCheck", countApplications(ctx, ["forwarded"]), "/board/review?show=toCheck", "attention"),
      figure("openObjections", openObjections, "/board/notices", "urgent"),
      figure("violationsToConfirm", violations(ctx, ["recorded"]), "/board/violations", "attention"),
      figure("overdueDisclosuresAll", overdueDisclosures(ctx), "/board/disclosure-duties", "urgent"),
    ];
    if (can(actor, "read:service-desk:any")) {
      const overdue = myEnterpriseCounts(ctx, actor).custody.overdue;
      figures.push(figure("custodyOverdue", overdue, "/staff/enterprises?custody=overdue", "urgent"));
    }
    return { audience: "exchange", figures };
  }
  if (can(actor, "forward:application:prefecture") && actor.prefectureCode) return { audience: "prefecture", figures: listedPerTier(ctx, actor.prefectureCode) };
  return { audience: "board", figures: listedPerTier(ctx) };
}
