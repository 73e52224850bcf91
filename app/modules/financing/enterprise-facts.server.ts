import { and, eq, sql } from "drizzle-orm";
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
 * The facts of many enterprises in one statement whatever their number: a lender's dashboard asks for the owners of
 * each 16 candidates it ranks (ADR 0925). Organisations that are not enterprises are left out of the map.
 */
export function enterpriseFactsFor(ctx: Pick<AppContext, "db" | "clock">, orgIds: readonly string[]): Map<string, EnterpriseFacts> {
  const ids = [...new Set(orgIds)];
  const out = new Map<string, EnterpriseFacts>();
  if (ids.length === 0) return out;
  const thisYear = Number(todayOf(ctx).slice(0, 4));
  for (const row of factsQuery(ctx.db).all({ ids: JSON.stringify(ids) })) {
    const titles = [...(row.srdiTitles ?? [])];
    // A recognised status on the latest board application counts as a title too (notice §二(一)1).
    if ((row.srdiStatus === "srdi_sme" || row.srdiStatus === "little_giant") && titles.length === 0) {
      titles.push(row.srdiStatus === "little_giant" ? "专精特新“小巨人”" : "专精特新中小企业");
    }
    out.set(row.id, {
      orgId: row.id,
      name: row.name,
      prefectureCode: row.prefectureCode,
      industrySection: row.industrySection,
      tier: row.tier,
      latestRevenue: row.latestRevenue,
      revenueYear: row.revenueYear,
      yearsInBusiness: row.foundedYear ? Math.max(0, thisYear - row.foundedYear) : null,
      srdiTitles: titles,
    });
  }
  return out;
}

/**
 * Prepared once per connection with the ids as one JSON parameter: building a query with a parameter per id cost more
 * than running it (ADR 0906). The latest statement is the one of the latest fiscal year (one per year, the table's
 * key); the latest application is the newest created; an enterprise is listed at most once (a unique index).
 */
function factsQuery(db: Db) {
  return preparedQuery(db, "enterprise-facts", (db) => {
    const latestStatement = (column: typeof financialStatements.revenue | typeof financialStatements.fiscalYear) =>
      sql`(select ${column} from ${financialStatements} where ${financialStatements.orgId} = ${organisations.id} order by ${financialStatements.fiscalYear} desc limit 1)`;
    return db
      .select({
        id: organisations.id,
        name: organisations.name,
        prefectureCode: organisations.prefectureCode,
        industrySection: organisations.industrySection,
        tier: sql<Tier | null>`(select ${boardMemberships.tier} from ${boardMemberships} where ${boardMemberships.enterpriseOrgId} = ${organisations.id} and ${boardMemberships.status} = 'listed')`,
        latestRevenue: sql<number | null>`${latestStatement(financialStatements.revenue)}`,
        revenueYear: sql<number | null>`${latestStatement(financialStatements.fiscalYear)}`,
        foundedYear: enterpriseProfiles.foundedYear,
        srdiTitles: enterpriseProfiles.srdiTitles,
        srdiStatus: sql<string | null>`(select ${boardApplications.srdiStatus} from ${boardApplications} where ${boardApplications.enterpriseOrgId} = ${organisations.id} order by ${boardApplications.createdAt} desc limit 1)`,
      })
      .from(organisations)
      .leftJoin(enterpriseProfiles, eq(enterpriseProfiles.orgId, organisations.id))
      // `+kind`: the ids narrow the read; SQLite would otherwise read every enterprise by the kind index.
      .where(and(inJsonList(organisations.id, sql.placeholder("ids")), sql`+${organisations.kind} = 'enterprise'`))
      .prepare();
  });
}
