import { and, count, eq } from "drizzle-orm";
import { organisations, prefectures } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import type { Actor } from "./actor";
import { can } from "~/modules/access";

/** The facts about the actor's own organisation that every dashboard starts with. */
export function organisationOverview(ctx: Pick<AppContext, "db">, actor: Actor) {
  const org = ctx.db
    .select({ org: organisations, prefectureZh: prefectures.nameZh, prefectureEn: prefectures.nameEn })
    .from(organisations)
    .leftJoin(prefectures, eq(prefectures.code, organisations.prefectureCode))
    .where(eq(organisations.id, actor.orgId))
    .get();
  const byKind = ctx.db.select({ kind: organisations.kind, n: count() }).from(organisations).groupBy(organisations.kind).all();
  const enterprisesInPrefecture =
    can(actor, "forward:application:prefecture") && actor.prefectureCode
      ? (ctx.db
          .select({ n: count() })
          .from(organisations)
          .where(and(eq(organisations.kind, "enterprise"), eq(organisations.prefectureCode, actor.prefectureCode)))
          .get()?.n ?? 0)
      : null;
  return {
    org: org && {
      name: org.org.name,
      kind: org.org.kind,
      uscc: org.org.uscc,
      institutionType: org.org.institutionType,
      regulatorCode: org.org.regulatorCode,
      prefectureZh: org.prefectureZh,
      prefectureEn: org.prefectureEn,
    },
    // Counts of organisations are not sensitive; the directory shows the same names publicly.
    counts: Object.fromEntries(byKind.map((r) => [r.kind, r.n])) as Record<string, number>,
    enterprisesInPrefecture,
  };
}
