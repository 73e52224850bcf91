import { asc, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { z } from "zod";
import {
  LISTING_MARKETS,
  THRESHOLD_AGGREGATIONS,
  THRESHOLD_METRICS,
  thresholdCriteria,
  thresholdStandards,
  thresholdVersions,
} from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import type { ThresholdSet } from "./tier-rules";
import { assertCan } from "~/modules/access";

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

const criterionInput = z.object({
  clause: z.string().regex(/^([a-z]|\*)$/),
  metric: z.enum(THRESHOLD_METRICS),
  aggregation: z.enum(THRESHOLD_AGGREGATIONS),
  years: z.number().int().min(1).max(3),
  op: z.enum(["gte", "gt"]),
  value: z.number().int(),
  unit: z.enum(["yuan", "bp"]),
});

export const thresholdDraftInput = z.object({
  /** Omit to start a new draft; give a draft's id to replace its contents. */
  versionId: z.string().min(1).optional(),
  label: z.string().trim().min(1).max(120),
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "board:errors.badDate"),
  note: z.string().trim().max(1000).optional(),
  standards: z
    .array(
      z.object({
        code: z.string().regex(/^[a-z0-9_]{2,20}$/),
        market: z.enum(LISTING_MARKETS),
        criteria: z.array(criterionInput).min(1),
      }),
    )
    .min(1),
});

export function listThresholdVersions(ctx: Pick<AppContext, "db">) {
  return ctx.db.select().from(thresholdVersions).orderBy(desc(thresholdVersions.createdAt)).all();
}

/**
 * Exchange admins edit thresholds as a draft version (usually a copy of the current one with changes);
 * published versions never change, because decisions cite them.
 */
export function saveThresholdDraft(ctx: AppContext, actor: Actor, input: z.infer<typeof thresholdDraftInput>): string {
  assertCan(actor, "manage:threshold:any", undefined);
  const parsed = thresholdDraftInput.parse(input);
  const codes = parsed.standards.map((s) => s.code);
  if (new Set(codes).size !== codes.length) throw new DomainError("board:errors.duplicateStandard", {}, "standards");
  const now = ctx.clock.now();
  let versionId = parsed.versionId;
  ctx.db.transaction(() => {
    if (versionId) {
      const v = ctx.db.select().from(thresholdVersions).where(eq(thresholdVersions.id, versionId)).get();
      if (!v) throw new NotFoundError();
      if (v.publishedAt !== null) throw new ConflictError("board:errors.thresholdVersionPublished");
      ctx.db
        .update(thresholdVersions)
        .set({ label: parsed.label, effectiveFrom: parsed.effectiveFrom, note: parsed.note ?? null })
        .where(eq(thresholdVersions.id, versionId))
        .run();
      ctx.db.delete(thresholdStandards).where(eq(thresholdStandards.versionId, versionId)).run();
    } else {
      versionId = newId();
      ctx.db
        .insert(thresholdVersions)
        .values({ id: versionId, label: parsed.label, effectiveFrom: parsed.effectiveFrom, note: parsed.note ?? null, createdBy: actor.userId, createdAt: now })
        .run();
    }
    parsed.standards.forEach((s, i) => {
      const standardId = newId();
      ctx.db.insert(thresholdStandards).values({ id: standardId, versionId: versionId!, code: s.code, market: s.market, sortOrder: i }).run();
      s.criteria.forEach((c, j) => ctx.db.insert(thresholdCriteria).values({ id: newId(), standardId, ...c, sortOrder: j }).run());
    });
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "board.thresholds.draft_saved",
      subjectType: "threshold_version",
      subjectId: versionId!,
      data: { label: parsed.label, effectiveFrom: parsed.effectiveFrom, standards: parsed.standards },
    });
  });
  return versionId!;
}

/** Publishing makes a draft the version new decisions use. */
export function publishThresholdVersion(ctx: AppContext, actor: Actor, versionId: string): void {
  assertCan(actor, "manage:threshold:any", undefined);
  ctx.db.transaction(() => {
    const v = ctx.db.select().from(thresholdVersions).where(eq(thresholdVersions.id, versionId)).get();
    if (!v) throw new NotFoundError();
    if (v.publishedAt !== null) throw new ConflictError("board:errors.thresholdVersionPublished");
    const now = ctx.clock.now();
    ctx.db.update(thresholdVersions).set({ publishedAt: now }).where(eq(thresholdVersions.id, versionId)).run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "board.thresholds.published",
      subjectType: "threshold_version",
      subjectId: versionId,
      data: { label: v.label, effectiveFrom: v.effectiveFrom },
    });
  });
}
