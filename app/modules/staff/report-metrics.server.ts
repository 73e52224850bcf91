import { and, count, countDistinct, eq, gt, gte, isNotNull, lte, ne, or, sql, type SQLWrapper } from "drizzle-orm";
import { boardMemberships, disclosurePeriods, enterpriseProfiles, financingOutcomes, organisations, serviceRequests, serviceVisits, type TIERS } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { preparedQuery } from "~/utils/sql.server";
import { cultivationFunnel } from "./cultivation.server";
import { financingByMonth, serviceByMonth, type StatisticsFilter } from "./statistics.server";

/**
 * The evaluation metrics of Attachment 1 §(二十三) for one period — basic services, the enterprise database,
 * enterprise satisfaction, financing obtained, listing cultivation — plus the service desk's figures. Plain counts
 * and sums in a fixed shape and key order, so the same data always gives the same numbers and the same hash.
 */

export type ReportMetrics = {
  period: string;
  periodStart: string;
  periodEnd: string;
  basicServices: { servicePersons: number; enterprisesWithServicePerson: number; requestsRaised: number; requestsResolved: number; resolvedInSla: number; slaRateBp: number | null; openAtPeriodEnd: number; visits: number; enterprisesVisited: number };
  database: { enterprisesListed: number; byTier: Record<(typeof TIERS)[number], number>; admittedInPeriod: number; profilesCompleted: number; disclosuresSubmitted: number };
  satisfaction: { ratings: number; averageRatingX100: number | null; satisfiedRateBp: number | null };
  financing: { count: number; total: number; averageCostBp: number | null; byInstrument: { key: string; count: number; amount: number }[]; byChannel: { key: string; amount: number }[] };
  listing: { cultivationTier: number; shareholdingReform: number; tutoringFiling: number; filing: number; listed: number };
};

export function reportMetrics(ctx: Pick<AppContext, "db">, period: string, f: StatisticsFilter): ReportMetrics {
  const listed = ctx.db
    .select({ id: boardMemberships.id, tier: boardMemberships.tier, entryDate: boardMemberships.entryDate, sp: boardMemberships.servicePersonUserId, status: boardMemberships.status, removedAt: boardMemberships.removedAt, org: boardMemberships.enterpriseOrgId })
    .from(boardMemberships)
    .where(lte(boardMemberships.entryDate, f.to))
    .all()
    .filter((m) => m.status === "listed" || (m.removedAt !== null && m.removedAt > Date.parse(`${f.to}T16:00:00Z`)));
  const byTier = { incubation: 0, standardisation: 0, cultivation: 0 };
  for (const m of listed) byTier[m.tier]++;
  const service = serviceByMonth(ctx, f);
  const visits = ctx.db
    .select({ n: count(), enterprises: countDistinct(serviceVisits.enterpriseOrgId) })
    .from(serviceVisits)
    .where(and(gte(serviceVisits.visitedOn, f.from), lte(serviceVisits.visitedOn, f.to)))
    .get()!;
  const listedOrgs = new Set(listed.map((m) => m.org));
  const profiles = ctx.db
    .select({ org: enterpriseProfiles.orgId })
    .from(enterpriseProfiles)
    .where(ne(enterpriseProfiles.mainBusiness, ""))
    .all()
    .filter((p) => listedOrgs.has(p.org)).length;
  const disclosures = ctx.db
    .select({ n: count() })
    .from(disclosurePeriods)
    .where(and(isNotNull(disclosurePeriods.submittedAt), gte(disclosurePeriods.submittedAt, Date.parse(`${f.from}T00:00:00+08:00`)), lte(disclosurePeriods.submittedAt, Date.parse(`${f.to}T23:59:59.999+08:00`))))
    .get()!.n;
  const fin = financingByMonth(ctx, f);
  const instruments = new Map<string, { key: string; count: number; amount: number }>();
  for (const r of ctx.db.select({ key: financingOutcomes.instrument, amount: financingOutcomes.amountObtained }).from(financingOutcomes).where(and(gte(financingOutcomes.obtainedOn, f.from), lte(financingOutcomes.obtainedOn, f.to))).all()) {
    const b = instruments.get(r.key) ?? { key: r.key, count: 0, amount: 0 };
    b.count++;
    b.amount += r.amount;
    instruments.set(r.key, b);
  }
  const funnel = cultivationFunnel(ctx, f.to);
  const stage = (s: string) => funnel.find((x) => x.stage === s)?.count ?? 0;
  return {
    period,
    periodStart: f.from,
    periodEnd: f.to,
    basicServices: {
      servicePersons: new Set(listed.map((m) => m.sp).filter(Boolean)).size,
      enterprisesWithServicePerson: listed.filter((m) => m.sp).length,
      requestsRaised: service.raised,
      requestsResolved: service.resolved,
      resolvedInSla: service.resolvedInSla,
      slaRateBp: service.slaRateBp,
      openAtPeriodEnd: service.stillOpen,
      visits: visits.n,
      enterprisesVisited: visits.enterprises,
    },
    database: {
      enterprisesListed: listed.length,
      byTier,
      admittedInPeriod: listed.filter((m) => m.entryDate >= f.from).length,
      profilesCompleted: profiles,
      disclosuresSubmitted: disclosures,
    },
    satisfaction: { ratings: service.ratings, averageRatingX100: service.averageRatingX100, satisfiedRateBp: service.satisfiedRateBp },
    financing: {
      count: fin.count,
      total: fin.total,
      averageCostBp: fin.averageCostBp,
      byInstrument: [...instruments.values()].sort((a, b) => b.amount - a.amount || a.key.localeCompare(b.key)),
      byChannel: fin.byChannel,
    },
    listing: { cultivationTier: byTier.cultivation, shareholdingReform: stage("shareholding_reform"), tutoringFiling: stage("tutoring_filing"), filing: stage("filing"), listed: stage("listed") },
  };
}

/** Whether a period has anything to report: enterprises on the board at its end, or any activity in it. */
export function isEmptyPeriod(m: ReportMetrics): boolean {
  return m.database.enterprisesListed === 0 && m.financing.count === 0 && m.basicServices.requestsRaised === 0 && m.basicServices.visits === 0;
}

/**
 * `isEmptyPeriod(reportMetrics(ctx, period, f))` without computing the metrics: whether no enterprise was on the board at
 * the period's end and nothing was obtained, raised or visited in it — the four figures isEmptyPeriod reads, each as an
 * `exists` over the same conditions reportMetrics counts with. The exchange admin's dashboard asks this for each
 * just-ended period without a pack (ADR 0920); prepared once per connection.
 */
export function isEmptyPeriodOf(ctx: Pick<AppContext, "db">, f: Pick<StatisticsFilter, "from" | "to">): boolean {
  const row = preparedQuery(ctx.db, "report-period-has-anything", (db) => {
    const from = sql.placeholder("from");
    const to = sql.placeholder("to");
    const exists = (query: SQLWrapper) => sql`exists ${query}`;
    const listed = db
      .select({ one: sql`1` })
      .from(boardMemberships)
      .where(and(lte(boardMemberships.entryDate, to), or(eq(boardMemberships.status, "listed"), and(isNotNull(boardMemberships.removedAt), gt(boardMemberships.removedAt, sql.placeholder("endMs"))))));
    const obtained = db.select({ one: sql`1` }).from(financingOutcomes).where(and(gte(financingOutcomes.obtainedOn, from), lte(financingOutcomes.obtainedOn, to)));
    const raised = db
      .select({ one: sql`1` })
      .from(serviceRequests)
      .innerJoin(organisations, eq(organisations.id, serviceRequests.enterpriseOrgId))
      .where(and(gte(serviceRequests.openedOn, from), lte(serviceRequests.openedOn, to)));
    const visited = db.select({ one: sql`1` }).from(serviceVisits).where(and(gte(serviceVisits.visitedOn, from), lte(serviceVisits.visitedOn, to)));
    return db.select({ anything: sql<number>`${exists(listed)} or ${exists(obtained)} or ${exists(raised)} or ${exists(visited)}` }).from(sql`(select 1)`).prepare();
  }).get({ from: f.from, to: f.to, endMs: Date.parse(`${f.to}T16:00:00Z`) });
  return !row?.anything;
}

/** JSON with sorted keys: the canonical form the hash is taken over. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
