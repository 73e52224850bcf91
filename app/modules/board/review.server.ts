import { eq } from "drizzle-orm";
import { boardApplications } from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { DomainError } from "~/utils/errors";
import { getApplicationDetail, loadApplication, recordReview } from "./applications.server";
import { bureauOrgIds } from "./board-notify.server";
import { notifyOrgs } from "~/modules/messaging/notifications.server";
import { currentTierDecision, previewTier } from "./tier-decisions.server";
import { assertCan } from "~/modules/access";

/**
 * 初核 page data: the application, eligibility and the proposed tier with every rule, the
 * listing-readiness gauge and the decision in force. The decision itself is tier-decisions' decideTier.
 */
export function preliminaryCheck(ctx: AppContext, actor: Actor, applicationId: string) {
  assertCan(actor, "review:application:any", undefined);
  const detail = getApplicationDetail(ctx, actor, applicationId);
  return { ...detail, preview: previewTier(ctx, actor, applicationId), decision: currentTierDecision(ctx, applicationId) };
}

/** The exchange finds an application ineligible (notice §二(一)) and says why. */
export function rejectApplication(ctx: AppContext, actor: Actor, applicationId: string, reason: string): void {
  assertCan(actor, "review:application:any", undefined);
  const text = reason.trim();
  if (text.length < 2) throw new DomainError("board:errors.reasonRequired", {}, "reason");
  const app = loadApplication(ctx, actor, applicationId);
  if (app.state !== "forwarded" && app.state !== "checked") throw new DomainError("board:errors.applicationNotCheckable", { state: app.state });
  ctx.db.transaction(() => {
    ctx.db.update(boardApplications).set({ state: "rejected", updatedAt: ctx.clock.now() }).where(eq(boardApplications.id, app.id)).run();
    recordReview(ctx, actor, app, "reject", "rejected", text);
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "board.application.rejected",
      subjectType: "board_application",
      subjectId: app.id,
      enterpriseOrgId: app.enterpriseOrgId,
      data: { reason: text },
    });
    notifyOrgs(ctx, [app.enterpriseOrgId, app.sponsorOrgId, ...bureauOrgIds(ctx, app.prefectureCode)], { kind: "board", payload: { key: "board:notify.rejected", values: { reason: text }, href: `/board/applications/${app.id}` } });
  });
}
