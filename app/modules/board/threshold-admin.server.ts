import { asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { thresholdCriteria, thresholdStandards, thresholdVersions, tierDecisions } from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { assertCan } from "~/modules/access";

/**
 * Threshold versions for the exchange admin: a published version is never edited (decisions cite
 * it); the admin copies it into a draft, edits values, and publishes the draft, which new decisions
 * then use.
 */

export function listThresholdVersions(ctx: Pick<AppContext, "db">, actor: Actor) {
  assertCan(actor, "read:threshold:any", undefined);
  const versions = ctx.db.select().from(thresholdVersions).orderBy(desc(thresholdVersions.createdAt)).all();
  const used = new Set(ctx.db.selectDistinct({ v: tierDecisions.thresholdVersionId }).from(tierDecisions).all().map((r) => r.v));
  const current = versions.filter((v) => v.publishedAt !== null).sort((a, b) => b.publishedAt! - a.publishedAt!)[0]?.id ?? null;
  return versions.map((v) => ({ ...v, cited: used.has(v.id), current: v.id === current }));
}

export function getThresholdVersion(ctx: Pick<AppContext, "db">, actor: Actor, versionId: string) {
  assertCan(actor, "read:threshold:any", undefined);
  const version = ctx.db.select().from(thresholdVersions).where(eq(thresholdVersions.id, versionId)).get();
  if (!version) throw new NotFoundError();
  const standards = ctx.db.select().from(thresholdStandards).where(eq(thresholdStandards.versionId, versionId)).orderBy(asc(thresholdStandards.sortOrder)).all();
  const criteria = standards.length
    ? ctx.db.select().from(thresholdCriteria).where(inArray(thresholdCriteria.standardId, standards.map((s) => s.id))).orderBy(asc(thresholdCriteria.sortOrder)).all()
    : [];
  return { version, standards: standards.map((s) => ({ ...s, criteria: criteria.filter((c) => c.standardId === s.id) })) };
}

export const draftVersionInput = z.object({ label: z.string().trim().min(2).max(80), effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "board:errors.badDate"), note: z.string().trim().max(500).optional() });

/** Copies a version (standards and criteria) into a new, editable draft. */
export function copyThresholdVersion(ctx: AppContext, actor: Actor, fromVersionId: string, input: z.input<typeof draftVersionInput>): string {
  assertCan(actor, "manage:threshold:any", undefined);
  const parsed = draftVersionInput.parse(input);
  const source = getThresholdVersion(ctx, actor, fromVersionId);
  const id = newId();
  ctx.db.transaction(() => {
    ctx.db.insert(thresholdVersions).values({ id, label: parsed.label, effectiveFrom: parsed.effectiveFrom, note: parsed.note ?? null, publishedAt: null, createdBy: actor.userId, createdAt: ctx.clock.now() }).run();
    for (const s of source.standards) {
      const sid = newId();
      ctx.db.insert(thresholdStandards).values({ id: sid, versionId: id, code: s.code, market: s.market, sortOrder: s.sortOrder }).run();
      for (const c of s.criteria) ctx.db.insert(thresholdCriteria).values({ ...c, id: newId(), standardId: sid }).run();
    }
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "board.thresholds.drafted", subjectType: "threshold_version", subjectId: id, data: { from: fromVersionId, ...parsed } });
  });
  return id;
}

export const criterionValueInput = z.object({ criterionId: z.string().min(1), value: z.number().int().nonnegative() });

/** Edits one value of a draft version. */
export function setCriterionValue(ctx: AppContext, actor: Actor, input: z.input<typeof criterionValueInput>): void {
  assertCan(actor, "manage:threshold:any", undefined);
  const parsed = criterionValueInput.parse(input);
  const row = ctx.db
    .select({ c: thresholdCriteria, versionId: thresholdStandards.versionId, publishedAt: thresholdVersions.publishedAt })
    .from(thresholdCriteria)
    .innerJoin(thresholdStandards, eq(thresholdStandards.id, thresholdCriteria.standardId))
    .innerJoin(thresholdVersions, eq(thresholdVersions.id, thresholdStandards.versionId))
    .where(eq(thresholdCriteria.id, parsed.criterionId))
    .get();
  if (!row) throw new NotFoundError();
  if (row.publishedAt !== null) throw new DomainError("board:errors.versionPublished");
  ctx.db.transaction(() => {
    ctx.db.update(thresholdCriteria).set({ value: parsed.value }).where(eq(thresholdCriteria.id, parsed.criterionId)).run();
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "board.thresholds.edited", subjectType: "threshold_version", subjectId: row.versionId, data: { criterionId: parsed.criterionId, from: row.c.value, to: parsed.value } });
  });
}

/** Publishing makes the draft the version every later decision uses (and records it). */
export function publishThresholdVersion(ctx: AppContext, actor: Actor, versionId: string): void {
  assertCan(actor, "manage:threshold:any", undefined);
  const v = ctx.db.select().from(thresholdVersions).where(eq(thresholdVersions.id, versionId)).get();
  if (!v) throw new NotFoundError();
  if (v.publishedAt !== null) throw new DomainError("board:errors.versionPublished");
  ctx.db.transaction(() => {
    ctx.db.update(thresholdVersions).set({ publishedAt: ctx.clock.now() }).where(eq(thresholdVersions.id, versionId)).run();
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "board.thresholds.published", subjectType: "threshold_version", subjectId: versionId, data: { label: v.label } });
  });
}
