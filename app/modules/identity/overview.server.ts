import { eq } from "drizzle-orm";
import { organisations, prefectures } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import type { Actor } from "./actor";

/** The facts about the actor's own organisation that every dashboard starts with. */
export function organisationOverview(ctx: Pick<AppContext, "db">, actor: Actor) {
  const org = ctx.db
    .select({ org: organisations, prefectureZh: prefectures.nameZh, prefectureEn: prefectures.nameEn })
    .from(organisations)
    .leftJoin(prefectures, eq(prefectures.code, organisations.prefectureCode))
    .where(eq(organisations.id, actor.orgId))
    .get();
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
  };
}
