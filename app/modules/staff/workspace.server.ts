import { and, count, eq, gte, inArray, isNull, lt, lte } from "drizzle-orm";
import { boardMemberships, REPORT_PERIOD_KINDS, roadshowEvents, roadshowRequests, serviceRequests } from "@db/schema";
import { can } from "~/modules/access";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
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

function serviceSection(ctx: AppContext, actor: Actor): WorkSection | null {
  if (!can(actor, "read:service-desk:any")) return null;
  const today = shanghaiDate(ctx.clock.now());
  const mine = myEnterpriseCounts(ctx, actor);
  const assigned = (state: "open" | "in_progress") =>
    ctx.db.select({ n: count() }).from(serviceRequests).where(and(eq(serviceRequests.assigneeUserId, actor.userId), eq(serviceRequests.state, state))).get()!.n;
  const overdue = ctx.db
    .select({ n: count() })
    .from(serviceRequests)
    .where(and(eq(serviceRequests.assigneeUserId, actor.userId), inArray(serviceRequests.state, ["open", "in_progress"]), lt(serviceRequests.dueOn, today)))
    .get()!.n;
  const items = [
    item("overdueRequests", overdue, "/service-requests?overdue=1", "urgent"),
    item("openRequests", assigned("open"), "/service-requests?state=open"),
    item("inProgressRequests", assigned("in_progress"), "/service-requests?state=in_progress"),
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
  const overdueAll = ctx.db.select({ n: count() }).from(serviceRequests).where(and(inArray(serviceRequests.state, ["open", "in_progress"]), lt(serviceRequests.dueOn, today))).get()!.n;
  const unserved = ctx.db.select({ n: count() }).from(boardMemberships).where(and(eq(boardMemberships.status, "listed"), isNull(boardMemberships.servicePersonUserId))).get()!.n;
  const openAll = ctx.db.select({ n: count() }).from(serviceRequests).where(inArray(serviceRequests.state, ["open", "in_progress"])).get()!.n;
  return {
    key: "desk",
    items: [
      item("escalated", overdueAll, "/service-requests?scope=all&overdue=1", "urgent"),
      item("unserved", unserved, "/staff/workload"),
      item("openAll", openAll, "/service-requests?scope=all", "neutral"),
    ],
  };
}

function roadshowSection(ctx: AppContext, actor: Actor): WorkSection | null {
  if (!can(actor, "schedule:roadshow:any")) return null;
  const now = ctx.clock.now();
  const waiting = ctx.db.select({ n: count() }).from(roadshowRequests).where(eq(roadshowRequests.state, "waiting")).get()!.n;
  const proposed = ctx.db.select({ n: count() }).from(roadshowRequests).where(eq(roadshowRequests.state, "proposed")).get()!.n;
  const soon = ctx.db.select({ n: count() }).from(roadshowEvents).where(and(eq(roadshowEvents.state, "scheduled"), gte(roadshowEvents.startsAt, now), lte(roadshowEvents.startsAt, now + 7 * DAY))).get()!.n;
  const live = ctx.db.select({ n: count() }).from(roadshowEvents).where(and(eq(roadshowEvents.state, "scheduled"), lte(roadshowEvents.startsAt, now), gte(roadshowEvents.endsAt, now))).get()!.n;
  return {
    key: "roadshows",
    items: [
      item("requestsWaiting", waiting, "/roadshows/requests", "urgent"),
      item("liveNow", live, "/roadshows/schedule"),
      item("next7Days", soon, "/roadshows/schedule", "neutral"),
      item("proposalsOut", proposed, "/roadshows/requests", "neutral"),
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

