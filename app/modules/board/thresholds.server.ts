import { asc, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { thresholdCriteria, thresholdStandards, thresholdVersions } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { NotFoundError } from "~/utils/errors";
import type { ThresholdSet } from "./tier-rules";

/** A threshold version with its standards and criteria, in the shape the rules engine takes. */
export function loadThresholdSet(ctx: Pick<AppContext, "db">, versionId: string): ThresholdSet {
  const version = ctx.db.select().from(thresholdVersions).where(eq(thresholdVersions.id, versionId)).get();
  if (!version) throw new NotFoundError();
  const standards = ctx.db
    .select()
    .from(thresholdStandards)
    .where(eq(thresholdStandards.versionId, versionId))
    .orderBy(asc(thresholdStandards.sortOrder))
    .all();
  const criteria =
    standards.length === 0
      ? []
      : ctx.db
          .select()
          .from(thresholdCriteria)
          .where(inArray(thresholdCriteria.standardId, standards.map((s) => s.id)))
          .orderBy(asc(thresholdCriteria.sortOrder))
          .all();
  return {
    id: version.id,
    label: version.label,
    standards: standards.map((s) => ({
      code: s.code,
      market: s.market,
      criteria: criteria
        .filter((c) => c.standardId === s.id)
        .map((c) => ({ clause: c.clause, metric: c.metric, aggregation: c.aggregation, years: c.years, op: c.op, value: c.value, unit: c.unit })),
    })),
  };
}

/** The newest published version: what new decisions use. */
export function currentThresholdSet(ctx: Pick<AppContext, "db">): ThresholdSet {
  const version = ctx.db
    .select({ id: thresholdVersions.id })
    .from(thresholdVersions)
    .where(isNotNull(thresholdVersions.publishedAt))
    .orderBy(desc(thresholdVersions.publishedAt))
    .limit(1)
    .get();
  if (!version) throw new NotFoundError("board:errors.noThresholdVersion");
  return loadThresholdSet(ctx, version.id);
}
