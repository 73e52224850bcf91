import { and, asc, count, eq } from "drizzle-orm";
import { z } from "zod";
import { organisations, prefectures } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { containsText } from "~/utils/sql";

export const directoryQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  prefecture: z.string().regex(/^\d{4}$/).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

/**
 * The public directory: only fields every visitor may see (name, prefecture, industry section).
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
    })
    .from(organisations)
    .leftJoin(prefectures, eq(prefectures.code, organisations.prefectureCode))
    .where(where)
    .orderBy(asc(organisations.prefectureCode), asc(organisations.name))
    .limit(pageSize)
    .offset((query.page - 1) * pageSize)
    .all();
  const total = ctx.db.select({ n: count() }).from(organisations).where(where).get()?.n ?? 0;
  return { rows, total, page: query.page, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}
