import { and, eq } from "drizzle-orm";
import { tierPlanApprovals, tierPlanExclusions, type tierPlans } from "@db/schema";
import type { AppContext } from "~/utils/context.server";

export type Plan = typeof tierPlans.$inferSelect;

/**
 * The enterprises the regulators excluded from a plan's current submission, with their reasons: the plan page shows
 * them, the notice leaves them off, re-tiering keeps them where they are.
 */
export function exclusionsOf(ctx: Pick<AppContext, "db">, plan: Plan) {
  return ctx.db
    .select({ planItemId: tierPlanExclusions.planItemId, reason: tierPlanExclusions.reason, regulatorCode: tierPlanApprovals.regulatorCode })
    .from(tierPlanExclusions)
    .innerJoin(tierPlanApprovals, eq(tierPlanApprovals.id, tierPlanExclusions.approvalId))
    .where(and(eq(tierPlanApprovals.planId, plan.id), eq(tierPlanApprovals.submission, plan.submission)))
    .all();
}
