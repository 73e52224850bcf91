import { and, eq, inArray, lt } from "drizzle-orm";
import { financingNeedAudienceOrgs, financingNeedRevisions, financingNeeds, type NeedState } from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { todayOf } from "~/utils/dates";
import { newId } from "~/utils/ids";
import { needChanged } from "./search-documents.server";

/**
 * A need's state moves, each with its revision, search update and audit entry, and the expiry pass. The edit and
 * publish services (needs.server) and the read side (needs-read, which expires due needs before listing) share it;
 * it knows nothing of the financing hooks publishing fires.
 */

type Ctx = Pick<AppContext, "db" | "clock">;
export type NeedRow = typeof financingNeeds.$inferSelect;

/** Records the need as it is now as a new revision (who changed it, and how). */
export function snapshot(ctx: Ctx, needId: string, change: string, actor: Actor | null): void {
  const need = ctx.db.select().from(financingNeeds).where(eq(financingNeeds.id, needId)).get()!;
  const directed = ctx.db.select({ orgId: financingNeedAudienceOrgs.orgId }).from(financingNeedAudienceOrgs).where(eq(financingNeedAudienceOrgs.needId, needId)).all();
  ctx.db
    .insert(financingNeedRevisions)
    .values({
      id: newId(),
      needId,
      version: need.version,
      change,
      snapshot: JSON.stringify({ ...need, details: JSON.parse(need.details) as unknown, directedOrgIds: directed.map((d) => d.orgId) }),
      editedBy: actor?.userId ?? null,
      editedAt: ctx.clock.now(),
    })
    .run();
}

export function move(ctx: Ctx, actor: Actor | null, need: NeedRow, to: NeedState, change: string, extra: Partial<NeedRow> = {}): void {
  ctx.db.transaction(() => {
    ctx.db
      .update(financingNeeds)
      .set({ ...extra, state: to, version: need.version + 1, updatedAt: ctx.clock.now() })
      .where(eq(financingNeeds.id, need.id))
      .run();
    snapshot(ctx, need.id, change, actor);
    needChanged(ctx.db, need.id);
    appendAudit(ctx, {
      actorUserId: actor?.userId ?? null,
      actorOrgId: actor?.orgId ?? null,
      action: `financing.need.${change}`,
      subjectType: "financing_need",
      subjectId: need.id,
      enterpriseOrgId: need.enterpriseOrgId,
      data: { from: need.state, to },
    });
  });
}

/**
 * The expiry job (also run before lists are read): published or paused needs whose expiry day has passed
 * become expired, with a revision and a search update each. Returns how many.
 */
export function expireDueNeeds(ctx: Ctx): number {
  const due = ctx.db
    .select()
    .from(financingNeeds)
    .where(and(inArray(financingNeeds.state, ["published", "paused"]), lt(financingNeeds.expiresOn, todayOf(ctx))))
    .all();
  for (const need of due) move(ctx, null, need, "expired", "expired", { endedAt: ctx.clock.now() });
  return due.length;
}
