import { and, asc, eq, inArray, lte } from "drizzle-orm";
import { z } from "zod";
import { boardMemberships, cultivationStages, CULTIVATION_STAGES, serviceFiles, users, type CultivationStage } from "@db/schema";
import { assertCan } from "~/modules/access";
import { appendAudit } from "~/modules/audit/audit.server";
import { assertIsoDate } from "~/modules/board/working-days.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { servedEnterprise } from "./assignments.server";
import { attachServiceFile } from "./service-requests.server";

/**
 * 上市培育: per enterprise, the date it reached each stage — shareholding reform (股改), tutoring filing (辅导备案),
 * listing filing (申报), listed — with evidence files; and the funnel across the board.
 */

export const recordStageInput = z.object({
  enterpriseOrgId: z.string().min(1).max(64),
  stage: z.enum(CULTIVATION_STAGES),
  reachedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "staff:errors.dateRequired"),
  note: z.string().trim().max(1000).optional(),
});

const ORDER = (s: CultivationStage) => CULTIVATION_STAGES.indexOf(s);

/** Records (or corrects the date of) a stage; a later stage cannot predate an earlier one already recorded. */
export function recordCultivationStage(ctx: AppContext, actor: Actor, raw: z.input<typeof recordStageInput>) {
  assertCan(actor, "record:visit:any", undefined);
  const input = recordStageInput.parse(raw);
  assertIsoDate(input.reachedOn);
  if (input.reachedOn > shanghaiDate(ctx.clock.now())) throw new DomainError("staff:errors.stageInFuture", {}, "reachedOn");
  if (!servedEnterprise(ctx, input.enterpriseOrgId)) throw new NotFoundError();
  const existing = ctx.db.select().from(cultivationStages).where(eq(cultivationStages.enterpriseOrgId, input.enterpriseOrgId)).all();
  for (const e of existing) {
    if (e.stage === input.stage) continue;
    const before = ORDER(e.stage) < ORDER(input.stage);
    if ((before && e.reachedOn > input.reachedOn) || (!before && e.reachedOn < input.reachedOn)) {
      throw new DomainError("staff:errors.stageOrder", { other: e.stage, date: e.reachedOn }, "reachedOn");
    }
  }
  const same = existing.find((e) => e.stage === input.stage);
  const id = same?.id ?? newId();
  ctx.db.transaction(() => {
    if (same) ctx.db.update(cultivationStages).set({ reachedOn: input.reachedOn, note: input.note ?? same.note, recordedBy: actor.userId, recordedAt: ctx.clock.now() }).where(eq(cultivationStages.id, id)).run();
    else ctx.db.insert(cultivationStages).values({ id, enterpriseOrgId: input.enterpriseOrgId, stage: input.stage, reachedOn: input.reachedOn, note: input.note ?? null, recordedBy: actor.userId, recordedAt: ctx.clock.now() }).run();
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "staff.cultivation.recorded", subjectType: "cultivation_stage", subjectId: id, enterpriseOrgId: input.enterpriseOrgId, data: { stage: input.stage, reachedOn: input.reachedOn } });
  });
  return { id };
}

export function attachStageEvidence(ctx: AppContext, actor: Actor, stageId: string, file: { fileName: string; bytes: Uint8Array }) {
  assertCan(actor, "record:visit:any", undefined);
  if (!ctx.db.select({ id: cultivationStages.id }).from(cultivationStages).where(eq(cultivationStages.id, stageId)).get()) throw new NotFoundError();
  const saved = attachServiceFile(ctx, actor, { fileName: file.fileName, bytes: file.bytes });
  ctx.db.update(serviceFiles).set({ cultivationStageId: stageId }).where(eq(serviceFiles.id, saved.id)).run();
  return saved;
}

/** An enterprise's stages in order, with their evidence (exchange staff). */
export function cultivationOf(ctx: Pick<AppContext, "db">, actor: Actor, enterpriseOrgId: string) {
  assertCan(actor, "read:served-enterprise:any", { enterpriseOrgId, servicePersonUserId: null });
  const rows = ctx.db
    .select({ s: cultivationStages, recordedByName: users.name })
    .from(cultivationStages)
    .innerJoin(users, eq(users.id, cultivationStages.recordedBy))
    .where(eq(cultivationStages.enterpriseOrgId, enterpriseOrgId))
    .all()
    .sort((a, b) => ORDER(a.s.stage) - ORDER(b.s.stage));
  const ids = rows.map((r) => r.s.id);
  const files = ids.length ? ctx.db.select({ id: serviceFiles.id, stageId: serviceFiles.cultivationStageId, fileName: serviceFiles.fileName }).from(serviceFiles).where(inArray(serviceFiles.cultivationStageId, ids)).orderBy(asc(serviceFiles.uploadedAt)).all() : [];
  return rows.map((r) => ({ ...r.s, recordedByName: r.recordedByName, files: files.filter((f) => f.stageId === r.s.id) }));
}

/** Board enterprises (listed at `asOf`) that had reached each stage by then: a funnel. */
export function cultivationFunnel(ctx: Pick<AppContext, "db">, asOf: string): { stage: CultivationStage; count: number }[] {
  const listed = new Set(
    ctx.db
      .select({ org: boardMemberships.enterpriseOrgId })
      .from(boardMemberships)
      .where(and(eq(boardMemberships.status, "listed"), lte(boardMemberships.entryDate, asOf)))
      .all()
      .map((r) => r.org),
  );
  const rows = ctx.db.select({ org: cultivationStages.enterpriseOrgId, stage: cultivationStages.stage }).from(cultivationStages).where(lte(cultivationStages.reachedOn, asOf)).all();
  const furthest = new Map<string, number>();
  for (const r of rows) if (listed.has(r.org)) furthest.set(r.org, Math.max(furthest.get(r.org) ?? -1, ORDER(r.stage)));
  return CULTIVATION_STAGES.map((stage, i) => ({ stage, count: [...furthest.values()].filter((f) => f >= i).length }));
}
