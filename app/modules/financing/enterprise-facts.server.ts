import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@db/client";
import { boardApplications, boardMemberships, enterpriseProfiles, financialStatements, organisations, type Tier } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { todayOf } from "~/utils/dates";
import { inJsonList, preparedQuery } from "~/utils/sql.server";
import { NotFoundError } from "~/utils/errors";

/** What eligibility rules and mandates are tested against. Nulls mean "we do not know". */
export type EnterpriseFacts = {
  orgId: string;
  name: string;
  prefectureCode: string | null;
  industrySection: string | null;
  tier: Tier | null;
  latestRevenue: number | null;
  revenueYear: number | null;
  yearsInBusiness: number | null;
  srdiTitles: string[];
};

export function enterpriseFacts(ctx: Pick<AppContext, "db" | "clock">, orgId: string): EnterpriseFacts {
  const facts = enterpriseFactsFor(ctx, [orgId]).get(orgId);
  if (!facts) throw new NotFoundError();
  return facts;
}

/**
 * The facts of many enterprises in five queries whatever their number (a dashboard matching thousands of needs
 * asked five queries per enterprise). Organisations that are not enterprises are left out of the map.
 */
export function enterpriseFactsFor(ctx: Pick<AppContext, "db" | "clock">, orgIds: readonly string[]): Map<string, EnterpriseFacts> {
  const ids = [...new Set(orgIds)];
  const out = new Map<string, EnterpriseFacts>();
  if (ids.length === 0) return out;
  // Prepared once per connection with the ids as one JSON parameter: a dashboard asks for hundreds of enterprises,
  // and building five queries with a parameter per id cost more than running them (ADR 0906).
  const q = factsQueries(ctx.db);
  const orgs = q.orgs.all({ ids: JSON.stringify(ids) }).filter((o) => o.kind === "enterprise");
  if (orgs.length === 0) return out;
  const enterpriseIds = { ids: JSON.stringify(orgs.map((o) => o.id)) };
  const tiers = new Map(q.tiers.all(enterpriseIds).map((r) => [r.orgId, r.tier]));
  // Latest statement per enterprise: rows come newest year first, the first seen wins.
  const statements = new Map<string, { fiscalYear: number; revenue: number | null }>();
  for (const s of q.statements.all(enterpriseIds)) {
    if (!statements.has(s.orgId)) statements.set(s.orgId, s);
  }
  const profiles = new Map(q.profiles.all(enterpriseIds).map((p) => [p.orgId, p]));
  // A recognised status on the latest board application counts as a title too (notice §二(一)1).
  const applications = new Map<string, string | null>();
  for (const a of q.applications.all(enterpriseIds)) {
    if (!applications.has(a.orgId)) applications.set(a.orgId, a.srdiStatus);
  }
  const thisYear = Number(todayOf(ctx).slice(0, 4));
  for (const org of orgs) {
    const profile = profiles.get(org.id);
    const statement = statements.get(org.id);
    const titles = [...(profile?.srdiTitles ?? [])];
    const srdiStatus = applications.get(org.id);
    if ((srdiStatus === "srdi_sme" || srdiStatus === "little_giant") && titles.length === 0) {
      titles.push(srdiStatus === "little_giant" ? "专精特新“小巨人”" : "专精特新中小企业");
    }
    out.set(org.id, {
      orgId: org.id,
      name: org.name,
      prefectureCode: org.prefectureCode,
      industrySection: org.industrySection,
      tier: tiers.get(org.id) ?? null,
      latestRevenue: statement?.revenue ?? null,
      revenueYear: statement?.fiscalYear ?? null,
      yearsInBusiness: profile?.foundedYear ? Math.max(0, thisYear - profile.foundedYear) : null,
      srdiTitles: titles,
    });
  }
  return out;
}

function factsQueries(db: Db) {
  const ids = sql.placeholder("ids");
  return preparedQuery(db, "enterprise-facts", (db) => ({
    orgs: db
      .select({ id: organisations.id, kind: organisations.kind, name: organisations.name, prefectureCode: organisations.prefectureCode, industrySection: organisations.industrySection })
      .from(organisations)
      .where(inJsonList(organisations.id, ids))
      .prepare(),
    tiers: db
      .select({ orgId: boardMemberships.enterpriseOrgId, tier: boardMemberships.tier })
      .from(boardMemberships)
      .where(and(inJsonList(boardMemberships.enterpriseOrgId, ids), eq(boardMemberships.status, "listed")))
      .prepare(),
    statements: db
      .select({ orgId: financialStatements.orgId, fiscalYear: financialStatements.fiscalYear, revenue: financialStatements.revenue })
      .from(financialStatements)
      .where(inJsonList(financialStatements.orgId, ids))
      .orderBy(desc(financialStatements.fiscalYear))
      .prepare(),
    profiles: db
      .select({ orgId: enterpriseProfiles.orgId, foundedYear: enterpriseProfiles.foundedYear, srdiTitles: enterpriseProfiles.srdiTitles })
      .from(enterpriseProfiles)
      .where(inJsonList(enterpriseProfiles.orgId, ids))
      .prepare(),
    applications: db
      .select({ orgId: boardApplications.enterpriseOrgId, srdiStatus: boardApplications.srdiStatus })
      .from(boardApplications)
      .where(inJsonList(boardApplications.enterpriseOrgId, ids))
      .orderBy(desc(boardApplications.createdAt))
      .prepare(),
  }));
}
