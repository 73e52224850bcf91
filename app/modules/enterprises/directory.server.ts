import { and, asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { boardMemberships, enterpriseProfiles, organisations, prefectures, profileSectionAudiences } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { containsText } from "~/utils/sql.server";

export const directoryQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  prefecture: z.string().regex(/^\d{4}$/).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

/**
 * The public directory: only fields every visitor may see (name, prefecture, industry section, board
 * tier, logo) plus the one-line summary when the enterprise made its business section public.
 * Anything an enterprise has not published stays out, whoever asks.
 */
export function listPublicDirectory(ctx: Pick<AppContext, "db">, query: z.infer<typeof directoryQuery>, pageSize = 20) {
  const where = and(
    eq(organisations.kind, "enterprise"),
    query.prefecture ? eq(organisations.prefectureCode, query.prefecture) : undefined,
    query.q ? containsText(organisations.name, query.q) : undefined,
  );
  const rows = ctx.db
    .select({
      id: organisations.id,
      name: organisations.name,
      nameEn: organisations.nameEn,
      industrySection: organisations.industrySection,
      prefectureZh: prefectures.nameZh,
      prefectureEn: prefectures.nameEn,
      tier: boardMemberships.tier,
      hasLogo: sql<number>`${enterpriseProfiles.logoUpdatedAt} is not null`,
      publicSummary: sql<string | null>`case when ${profileSectionAudiences.audience} = 'public' then ${enterpriseProfiles.summary} end`,
    })
    .from(organisations)
    .leftJoin(prefectures, eq(prefectures.code, organisations.prefectureCode))
    .leftJoin(boardMemberships, and(eq(boardMemberships.enterpriseOrgId, organisations.id), eq(boardMemberships.status, "listed")))
    .leftJoin(enterpriseProfiles, eq(enterpriseProfiles.orgId, organisations.id))
    .leftJoin(profileSectionAudiences, and(eq(profileSectionAudiences.orgId, organisations.id), eq(profileSectionAudiences.section, "business")))
    .where(where)
    .orderBy(asc(organisations.prefectureCode), asc(organisations.name))
    .limit(pageSize)
    .offset((query.page - 1) * pageSize)
    .all();
  const total = ctx.db.select({ n: count() }).from(organisations).where(where).get()?.n ?? 0;
  return { rows, total, page: query.page, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}
