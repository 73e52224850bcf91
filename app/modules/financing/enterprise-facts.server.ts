import { and, desc, eq } from "drizzle-orm";
import { boardApplications, boardMemberships, enterpriseProfiles, financialStatements, organisations, type Tier } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { todayOf } from "~/utils/dates";
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
  const org = ctx.db.select().from(organisations).where(eq(organisations.id, orgId)).get();
  if (!org || org.kind !== "enterprise") throw new NotFoundError();
  const membership = ctx.db
    .select({ tier: boardMemberships.tier })
    .from(boardMemberships)
    .where(and(eq(boardMemberships.enterpriseOrgId, orgId), eq(boardMemberships.status, "listed")))
    .get();
  const statement = ctx.db
    .select({ fiscalYear: financialStatements.fiscalYear, revenue: financialStatements.revenue })
    .from(financialStatements)
    .where(eq(financialStatements.orgId, orgId))
    .orderBy(desc(financialStatements.fiscalYear))
    .get();
  const profile = ctx.db.select({ foundedYear: enterpriseProfiles.foundedYear, srdiTitles: enterpriseProfiles.srdiTitles }).from(enterpriseProfiles).where(eq(enterpriseProfiles.orgId, orgId)).get();
  const titles = [...(profile?.srdiTitles ?? [])];
  // A recognised status on the board application counts as a title too (notice §二(一)1).
  const application = ctx.db
    .select({ srdiStatus: boardApplications.srdiStatus, year: boardApplications.srdiCertificateYear })
    .from(boardApplications)
    .where(eq(boardApplications.enterpriseOrgId, orgId))
    .orderBy(desc(boardApplications.createdAt))
    .get();
  if (application && (application.srdiStatus === "srdi_sme" || application.srdiStatus === "little_giant") && titles.length === 0) {
    titles.push(application.srdiStatus === "little_giant" ? "专精特新“小巨人”" : "专精特新中小企业");
  }
  const thisYear = Number(todayOf(ctx).slice(0, 4));
  return {
    orgId,
    name: org.name,
    prefectureCode: org.prefectureCode,
    industrySection: org.industrySection,
    tier: membership?.tier ?? null,
    latestRevenue: statement?.revenue ?? null,
    revenueYear: statement?.fiscalYear ?? null,
    yearsInBusiness: profile?.foundedYear ? Math.max(0, thisYear - profile.foundedYear) : null,
    srdiTitles: titles,
  };
}
