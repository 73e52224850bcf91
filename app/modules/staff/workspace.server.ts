import { and, count, eq, isNull, sql } from "drizzle-orm";
import { boardMemberships, REPORT_PERIOD_KINDS, roadshowEvents, roadshowRequests, serviceRequests } from "@db/schema";
import { can } from "~/modules/access";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { preparedQuery } from "~/utils/sql.server";
import { myEnterpriseCounts } from "./my-enterprises.server";
import { packMissingFor, periodsNotDownloaded } from "./reports.server";

/**
 * "What needs doing" at the top of /dashboard for the exchange's staff and the regulators: per workspace the few
 * counts that ask for action, each linking to the list already filtered to those items. A count of zero is shown
 * as done, not hidden, so the person knows it was checked. Only counts: no enterprise's data leaves its pages here.
 */

export type WorkItem = { key: string; count: number; href: string; tone: "urgent" | "attention" | "neutral" };
export type WorkSection = { key: "service" | "desk" | "roadshows" | "reports"; items: WorkItem[] };

const DAY = 86_400_000;
const item = (key: string, n: number, href: string, tone: WorkItem["tone"] = "attention"): WorkItem => ({ key, count: n, href, tone: n > 0 ? tone : "neutral" });

// Every count below is prepared once per connection (ADR 0920): building a count's SQL with drizzle cost more than SQLite
// answering it, and the exchange admin's workspace asks for a dozen.
const OPEN_STATES = sql`('open', 'in_progress')`;

function serviceSection(ctx: AppContext, actor: Actor): WorkSection | null {
  if (!can(actor, "read:service-desk:any")) return null;
  const today = shanghaiDate(ctx.clock.now());
  const mine = myEnterpriseCounts(ctx, actor);
  const requests = preparedQuery(ctx.db, "workspace-my-requests", (db) =>
    db
      .select({
        open: sql<number>`count(case when ${serviceRequests.state} = 'open' then 1 end)`,
        inProgress: sql<number>`count(case when ${serviceRequests.state} = 'in_progress' then 1 end)`,
        overdue: sql<number>`count(case when ${serviceRequests.dueOn} < ${sql.placeholder("today")} then 1 end)`,
      })
      .from(serviceRequests)
      .where(and(eq(serviceRequests.assigneeUserId, sql.placeholder("userId")), sql`${serviceRequests.state} in ${OPEN_STATES}`))
      .prepare(),
  ).get({ userId: actor.userId, today })!;
  const items = [
    item("overdueRequests", requests.overdue, "/service-requests?overdue=1", "urgent"),
    item("openRequests", requests.open, "/service-requests?state=open"),
    item("inProgressRequests", requests.inProgress, "/service-requests?state=in_progress"),
    item("custodyOverdue", mine.custody.overdue, "/staff/enterprises?custody=overdue", "urgent"),
    item("custodyDueSoon", mine.custody.d5 + mine.custody.d10, "/staff/enterprises?sort=custody"),
    item("myEnterprises", mine.total, "/staff/enterprises", "neutral"),
  ];
  // The exchange admin serves no enterprise as a rule: an all-zero personal desk would only push the whole desk down.
  if (can(actor, "read:service-workload:any") && items.every((i) => i.count === 0)) return null;
  return { key: "service", items };
}

/** The exchange admin's view of the whole desk: escalated requests and enterprises nobody serves. */
function deskSection(ctx: AppContext, actor: Actor): WorkSection | null {
  if (!can(actor, "read:service-workload:any")) return null;
  const today = shanghaiDate(ctx.clock.now());
  const requests = preparedQuery(ctx.db, "workspace-desk-requests", (db) =>
    db
      .select({ open: count(), overdue: sql<number>`count(case when ${serviceRequests.dueOn} < ${sql.placeholder("today")} then 1 end)` })
      .from(serviceRequests)
      .where(sql`${serviceRequests.state} in ${OPEN_STATES}`)
      .prepare(),
  ).get({ today })!;
  const unserved = preparedQuery(ctx.db, "workspace-desk-unserved", (db) =>
    db.select({ n: count() }).from(boardMemberships).where(and(eq(boardMemberships.status, "listed"), isNull(boardMemberships.servicePersonUserId))).prepare(),
  ).get()!.n;
  return {
    key: "desk",
    items: [
      item("escalated", requests.overdue, "/service-requests?scope=all&overdue=1", "urgent"),
      item("unserved", unserved, "/staff/workload"),
      item("openAll", requests.open, "/service-requests?scope=all", "neutral"),
    ],
  };
}

function roadshowSection(ctx: AppContext, actor: Actor): WorkSection | null {
  if (!can(actor, "schedule:roadshow:any")) return null;
  const now = ctx.clock.now();
  const requests = preparedQuery(ctx.db, "workspace-roadshow-requests", (db) =>
    db
      .select({
        waiting: sql<number>`count(case when ${roadshowRequests.state} = 'waiting' then 1 end)`,
        proposed: sql<number>`count(case when ${roadshowRequests.state} = 'proposed' then 1 end)`,
      })
      .from(roadshowRequests)
      .where(sql`${roadshowRequests.state} in ('waiting', 'proposed')`)
      .prepare(),
  ).get()!;
  const events = preparedQuery(ctx.db, "workspace-roadshow-events", (db) => {
    const at = sql.placeholder("now");
    return db
      .select({
        soon: sql<number>`count(case when ${roadshowEvents.startsAt} >= ${at} and ${roadshowEvents.startsAt} <= ${at} + ${7 * DAY} then 1 end)`,
        live: sql<number>`count(case when ${roadshowEvents.startsAt} <= ${at} and ${roadshowEvents.endsAt} >= ${at} then 1 end)`,
      })
      .from(roadshowEvents)
      .where(eq(roadshowEvents.state, "scheduled"))
      .prepare();
  }).get({ now })!;
  return {
    key: "roadshows",
    items: [
      item("requestsWaiting", requests.waiting, "/roadshows/requests", "urgent"),
      item("liveNow", events.live, "/roadshows/schedule"),
      item("next7Days", events.soon, "/roadshows/schedule", "neutral"),
      item("proposalsOut", requests.proposed, "/roadshows/requests", "neutral"),
    ],
  };
}

function reportSection(ctx: AppContext, actor: Actor): WorkSection | null {
  const receives = can(actor, "receive:report-pack:any");
  const generates = can(actor, "generate:report-pack:any");
  if (!receives && !generates) return null;
  const items: WorkItem[] = [];
  // Periods none of whose packs anyone in the reader's organisation has downloaded yet.
  if (receives) items.push(item("packsNotDownloaded", periodsNotDownloaded(ctx, actor), "/reports"));
  // Just-ended periods with something to report and no pack yet (the job normally makes them).
  if (generates) items.unshift(item("packsMissing", REPORT_PERIOD_KINDS.filter((kind) => packMissingFor(ctx, kind)).length, "/reports", "urgent"));
  return { key: "reports", items };
}

/** The sections that apply to this person, in the order they are shown; empty for everyone else. */
export function staffWorkspace(ctx: AppContext, actor: Actor): { sections: WorkSection[]; canSeeStats: boolean } {
  const sections = [serviceSection(ctx, actor), deskSection(ctx, actor), roadshowSection(ctx, actor), reportSection(ctx, actor)].filter((s): s is WorkSection => s !== null);
  return { sections, canSeeStats: can(actor, "read:board-statistics:any") };
}

