import { and, count, desc, eq, gte, inArray, isNull, lt, max, min, sql } from "drizzle-orm";
import { z } from "zod";
import {
  boardMemberships,
  disclosureObligations,
  disclosurePeriods,
  financingNeeds,
  financingOutcomes,
  organisations,
  prefectures,
  productApplications,
  roadshowEvents,
  roadshowSlots,
  serviceRequestEvents,
  serviceRequests,
  serviceVisits,
  TIERS,
  users,
} from "@db/schema";
import { assertCan } from "~/modules/access";
import { appendAudit } from "~/modules/audit/audit.server";
import { listCustodyCountdown } from "~/modules/board/custody.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { NotFoundError } from "~/utils/errors";
import { preparedQuery } from "~/utils/sql.server";
import { assignmentHistory, servedEnterprise } from "./assignments.server";
import { cultivationOf } from "./cultivation.server";
import { listVisits } from "./visits.server";

/**
 * "My enterprises": the service specialist's worklist — tier, custody and disclosure state, open service requests,
 * last visit, upcoming roadshows and financing in progress for each enterprise they serve — and one page per enterprise with its
 * service timeline. Any exchange staff member may open an enterprise served by someone else; that read is audited.
 */

export const MY_ENTERPRISE_SORTS = ["name", "tier", "custody", "disclosure", "openRequests", "lastVisit", "roadshows", "financing"] as const;
const CUSTODY_LEVELS = ["overdue", "d5", "d10", "d20", "none", "met_late", "met", "unstarted"] as const;
export type CustodyFilter = (typeof CUSTODY_LEVELS)[number];

export const myEnterprisesQuery = z.object({
  scope: z.enum(["mine", "all"]).catch("mine"),
  q: z.string().trim().max(60).optional().catch(undefined),
  tier: z.enum(TIERS).optional().catch(undefined),
  custody: z.enum(CUSTODY_LEVELS).optional().catch(undefined),
  withOpenRequests: z
    .enum(["1"])
    .optional()
    .catch(undefined)
    .transform((v) => v === "1"),
  sort: z.enum(MY_ENTERPRISE_SORTS).catch("custody"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type MyEnterprisesQuery = z.infer<typeof myEnterprisesQuery>;

const TIER_ORDER: Record<string, number> = { cultivation: 0, standardisation: 1, incubation: 2 };
const CUSTODY_ORDER: Record<CustodyFilter, number> = { overdue: 0, d5: 1, d10: 2, d20: 3, none: 4, unstarted: 5, met_late: 6, met: 7 };

const groupCount = <K extends string>(rows: { k: K | null; n: number }[]) => new Map(rows.filter((r) => r.k !== null).map((r) => [r.k as K, r.n]));

export function listMyEnterprises(ctx: AppContext, actor: Actor, query: MyEnterprisesQuery) {
  let items = myEnterpriseRows(ctx, actor, query.scope);
  if (query.q) items = items.filter((i) => i.name.includes(query.q!));
  if (query.tier) items = items.filter((i) => i.tier === query.tier);
  if (query.custody) items = items.filter((i) => i.custodyLevel === query.custody);
  if (query.withOpenRequests) items = items.filter((i) => i.openRequests > 0);
  const key = (i: (typeof items)[number]): number | string => {
    switch (query.sort) {
      case "name":
        return i.name;
      case "tier":
        return TIER_ORDER[i.tier] ?? 9;
      case "custody":
        return CUSTODY_ORDER[i.custodyLevel] * 10_000 + (i.custodyRemainingWorkingDays ?? 0);
      case "disclosure":
        return -i.disclosureOverdue;
      case "openRequests":
        return -i.openRequests;
      case "lastVisit":
        return i.lastVisit ?? "";
      case "roadshows":
        // Soonest first; none at the end.
        return i.nextRoadshowAt ?? Number.MAX_SAFE_INTEGER;
      case "financing":
        return -i.financingInProgress;
    }
  };
  const sign = query.dir === "desc" ? -1 : 1;
  items.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = typeof ka === "string" ? ka.localeCompare(kb as string, "zh-CN") : ka - (kb as number);
    return sign * c || a.name.localeCompare(b.name, "zh-CN");
  });
  const pageSize = 20;
  const total = items.length;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(query.page, pageCount);
  return { total, page, pageCount, items: items.slice((page - 1) * pageSize, page * pageSize) };
}


/**
 * How many enterprises the specialist serves, and how many of them are at each custody level: what the dashboard's
 * workspace shows. The same enterprises as the worklist ("mine"), but none of its other figures: only the custody
 * countdown is read, and not at all for someone who serves no enterprise — the exchange admin, whose dashboard asks
 * twice (ADR 0906, 0920).
 */
export function myEnterpriseCounts(ctx: AppContext, actor: Actor): { total: number; custody: Record<CustodyFilter, number> } {
  assertCan(actor, "read:service-desk:any", undefined);
  const ids = preparedQuery(ctx.db, "my-listed-enterprises", (db) =>
    db
      .select({ id: boardMemberships.enterpriseOrgId })
      .from(boardMemberships)
      .innerJoin(organisations, eq(organisations.id, boardMemberships.enterpriseOrgId))
      .where(and(eq(boardMemberships.status, "listed"), eq(boardMemberships.servicePersonUserId, sql.placeholder("userId"))))
      .prepare(),
  )
    .all({ userId: actor.userId })
    .map((r) => r.id);
  const custody = Object.fromEntries(CUSTODY_LEVELS.map((level) => [level, 0])) as Record<CustodyFilter, number>;
  if (ids.length === 0) return { total: 0, custody };
  const levels = new Map(listCustodyCountdown(ctx, actor).map((c) => [c.enterpriseOrgId, c.status.level]));
  for (const id of ids) custody[levels.get(id) ?? "unstarted"]++;
  return { total: ids.length, custody };
}

/** Every enterprise in the scope with its worklist figures, before any filter, sort or page. */
function myEnterpriseRows(ctx: AppContext, actor: Actor, scope: MyEnterprisesQuery["scope"]) {
  assertCan(actor, "read:service-desk:any", undefined);
  const rows = ctx.db
    .select({
      enterpriseOrgId: boardMemberships.enterpriseOrgId,
      name: organisations.name,
      tier: boardMemberships.tier,
      entryDate: boardMemberships.entryDate,
      prefectureZh: prefectures.nameZh, prefectureEn: prefectures.nameEn,
      servicePersonUserId: boardMemberships.servicePersonUserId,
      servicePersonName: users.name,
    })
    .from(boardMemberships)
    .innerJoin(organisations, eq(organisations.id, boardMemberships.enterpriseOrgId))
    .leftJoin(prefectures, eq(prefectures.code, organisations.prefectureCode))
    .leftJoin(users, eq(users.id, boardMemberships.servicePersonUserId))
    .where(and(eq(boardMemberships.status, "listed"), scope === "mine" ? eq(boardMemberships.servicePersonUserId, actor.userId) : undefined))
    .all();
  const ids = rows.map((r) => r.enterpriseOrgId);
  const today = shanghaiDate(ctx.clock.now());
  const custody = new Map(listCustodyCountdown(ctx, actor).map((c) => [c.enterpriseOrgId, c.status]));
  const idList = ids.length ? ids : [""];
  const openRequests = groupCount(
    ctx.db
      .select({ k: serviceRequests.enterpriseOrgId, n: count() })
      .from(serviceRequests)
      .where(and(inArray(serviceRequests.enterpriseOrgId, idList), inArray(serviceRequests.state, ["open", "in_progress"])))
      .groupBy(serviceRequests.enterpriseOrgId)
      .all(),
  );
  const overdueRequests = groupCount(
    ctx.db
      .select({ k: serviceRequests.enterpriseOrgId, n: count() })
      .from(serviceRequests)
      .where(and(inArray(serviceRequests.enterpriseOrgId, idList), inArray(serviceRequests.state, ["open", "in_progress"]), lt(serviceRequests.dueOn, today)))
      .groupBy(serviceRequests.enterpriseOrgId)
      .all(),
  );
  const lastVisit = new Map(
    ctx.db
      .select({ k: serviceVisits.enterpriseOrgId, d: max(serviceVisits.visitedOn) })
      .from(serviceVisits)
      .where(inArray(serviceVisits.enterpriseOrgId, idList))
      .groupBy(serviceVisits.enterpriseOrgId)
      .all()
      .map((r) => [r.k, r.d]),
  );
  const disclosureOverdue = groupCount(
    ctx.db
      .select({ k: disclosureObligations.enterpriseOrgId, n: count() })
      .from(disclosurePeriods)
      .innerJoin(disclosureObligations, eq(disclosureObligations.id, disclosurePeriods.obligationId))
      .where(and(inArray(disclosureObligations.enterpriseOrgId, idList), isNull(disclosurePeriods.submittedAt), lt(disclosurePeriods.dueOn, today)))
      .groupBy(disclosureObligations.enterpriseOrgId)
      .all(),
  );
  const disclosureObligationCount = groupCount(
    ctx.db
      .select({ k: disclosureObligations.enterpriseOrgId, n: count() })
      .from(disclosureObligations)
      .where(and(inArray(disclosureObligations.enterpriseOrgId, idList), isNull(disclosureObligations.endedAt)))
      .groupBy(disclosureObligations.enterpriseOrgId)
      .all(),
  );
  // Roadshows still to come where the enterprise presents (a slot in a scheduled event that has not ended).
  const roadshows = new Map(
    ctx.db
      .select({ k: roadshowSlots.enterpriseOrgId, n: count(), next: min(roadshowEvents.startsAt) })
      .from(roadshowSlots)
      .innerJoin(roadshowEvents, eq(roadshowEvents.id, roadshowSlots.eventId))
      .where(and(inArray(roadshowSlots.enterpriseOrgId, idList), eq(roadshowEvents.state, "scheduled"), gte(roadshowEvents.endsAt, ctx.clock.now())))
      .groupBy(roadshowSlots.enterpriseOrgId)
      .all()
      .map((r) => [r.k, { count: r.n, next: r.next }]),
  );
  const needs = groupCount(
    ctx.db
      .select({ k: financingNeeds.enterpriseOrgId, n: count() })
      .from(financingNeeds)
      .where(and(inArray(financingNeeds.enterpriseOrgId, idList), inArray(financingNeeds.state, ["published", "paused"])))
      .groupBy(financingNeeds.enterpriseOrgId)
      .all(),
  );
  const applications = groupCount(
    ctx.db
      .select({ k: productApplications.enterpriseOrgId, n: count() })
      .from(productApplications)
      .where(and(inArray(productApplications.enterpriseOrgId, idList), inArray(productApplications.state, ["submitted", "reviewing"])))
      .groupBy(productApplications.enterpriseOrgId)
      .all(),
  );

  return rows.map((r) => {
    const c = custody.get(r.enterpriseOrgId);
    const custodyLevel: CustodyFilter = c ? c.level : "unstarted";
    const obligations = disclosureObligationCount.get(r.enterpriseOrgId) ?? 0;
    const overdue = disclosureOverdue.get(r.enterpriseOrgId) ?? 0;
    return {
      ...r,
      custodyLevel,
      custodyRemainingWorkingDays: c?.remainingWorkingDays ?? null,
      custodyDeadline: c?.deadlineDate ?? null,
      disclosure: (obligations === 0 ? "free" : overdue > 0 ? "overdue" : "current") as "free" | "overdue" | "current",
      disclosureOverdue: overdue,
      openRequests: openRequests.get(r.enterpriseOrgId) ?? 0,
      overdueRequests: overdueRequests.get(r.enterpriseOrgId) ?? 0,
      lastVisit: lastVisit.get(r.enterpriseOrgId) ?? null,
      upcomingRoadshows: roadshows.get(r.enterpriseOrgId)?.count ?? 0,
      nextRoadshowAt: roadshows.get(r.enterpriseOrgId)?.next ?? null,
      financingInProgress: (needs.get(r.enterpriseOrgId) ?? 0) + (applications.get(r.enterpriseOrgId) ?? 0),
    };
  });
}

export type TimelineEntry = { at: string; kind: string; title: string; href?: string; values?: Record<string, string | number> };

/** One enterprise's service page: who serves it (with history), requests, visits, and everything in date order. */
export function enterpriseServicePage(ctx: AppContext, actor: Actor, enterpriseOrgId: string) {
  const served = servedEnterprise(ctx, enterpriseOrgId);
  assertCan(actor, "read:served-enterprise:any", served ?? { enterpriseOrgId, servicePersonUserId: null }, { refusal: "not-found" });
  if (!served) throw new NotFoundError();
  const org = ctx.db.select({ id: organisations.id, name: organisations.name, prefectureZh: prefectures.nameZh, prefectureEn: prefectures.nameEn, industrySection: organisations.industrySection }).from(organisations).leftJoin(prefectures, eq(prefectures.code, organisations.prefectureCode)).where(eq(organisations.id, enterpriseOrgId)).get()!;
  const assigned = served.servicePersonUserId === actor.userId;
  if (!assigned) {
    // Reading an enterprise someone else serves is allowed, and recorded.
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "staff.enterprise.viewed", subjectType: "organisation", subjectId: enterpriseOrgId, enterpriseOrgId, data: { servedBy: served.servicePersonUserId } });
  }
  const history = assignmentHistory(ctx, enterpriseOrgId);
  const requests = ctx.db.select().from(serviceRequests).where(eq(serviceRequests.enterpriseOrgId, enterpriseOrgId)).orderBy(desc(serviceRequests.createdAt)).all();
  const visits = listVisits(ctx, actor, enterpriseOrgId);
  const events = requests.length
    ? ctx.db
        .select({ requestId: serviceRequestEvents.requestId, kind: serviceRequestEvents.kind, at: serviceRequestEvents.at, actorName: users.name })
        .from(serviceRequestEvents)
        .leftJoin(users, eq(users.id, serviceRequestEvents.actorUserId))
        .where(inArray(serviceRequestEvents.requestId, requests.map((r) => r.id)))
        .all()
    : [];
  const needs = ctx.db.select({ id: financingNeeds.id, title: financingNeeds.title, publishedAt: financingNeeds.publishedAt, state: financingNeeds.state }).from(financingNeeds).where(eq(financingNeeds.enterpriseOrgId, enterpriseOrgId)).all();
  const outcomes = ctx.db.select({ id: financingOutcomes.id, amount: financingOutcomes.amountObtained, instrument: financingOutcomes.instrument, obtainedOn: financingOutcomes.obtainedOn }).from(financingOutcomes).where(eq(financingOutcomes.enterpriseOrgId, enterpriseOrgId)).all();
  const cultivation = cultivationOf(ctx, actor, enterpriseOrgId);
  const titleOf = new Map(requests.map((r) => [r.id, r.title]));
  const timeline: TimelineEntry[] = [
    { at: served.entryDate, kind: "admitted", title: served.tier, values: { tier: served.tier } },
    ...history.map((h) => ({ at: shanghaiDate(h.startedAt), kind: "assigned", title: h.name, values: { name: h.name } })),
    ...events.map((e) => ({ at: shanghaiDate(e.at), kind: `request.${e.kind}`, title: titleOf.get(e.requestId) ?? "", href: `/service-requests/${e.requestId}` })),
    ...visits.map((v) => ({ at: v.visitedOn, kind: `visit.${v.kind}`, title: v.findings.slice(0, 80), href: `/staff/enterprises/${enterpriseOrgId}#visit-${v.id}` })),
    ...needs.filter((n) => n.publishedAt !== null).map((n) => ({ at: shanghaiDate(n.publishedAt!), kind: "need.published", title: n.title, href: `/needs/${n.id}` })),
    ...cultivation.map((c) => ({ at: c.reachedOn, kind: "cultivation", title: c.stage, values: { stage: c.stage } })),
    ...outcomes.map((o) => ({ at: o.obtainedOn, kind: "financing.obtained", title: o.instrument, values: { amount: o.amount, instrument: o.instrument } })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { enterprise: { ...org, tier: served.tier, entryDate: served.entryDate, servicePersonUserId: served.servicePersonUserId }, assigned, history, requests, visits, cultivation, timeline };
}
