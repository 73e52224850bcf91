import { and, eq } from "drizzle-orm";
import { boardMemberships, custodyReminders } from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { notifyOrgs, notifyUsers } from "~/modules/messaging/notifications.server";
import { listCustodyCountdown } from "./custody.server";

/**
 * Custody reminders at 20, 10 and 5 working days before the deadline and once overdue: each level is
 * sent once per enterprise (to the enterprise and its service person). Runs whenever exchange staff
 * open the countdown, so no scheduler is needed for the reminders to go out on the right day.
 */
export function sendCustodyReminders(ctx: AppContext, actor: Actor): number {
  const rows = listCustodyCountdown(ctx, actor, { levels: ["d20", "d10", "d5", "overdue"] });
  let sent = 0;
  ctx.db.transaction(() => {
    for (const r of rows) {
      const level = r.status.level;
      const done = ctx.db.select({ l: custodyReminders.level }).from(custodyReminders).where(and(eq(custodyReminders.custodyId, r.custodyId), eq(custodyReminders.level, level))).get();
      if (done) continue;
      ctx.db.insert(custodyReminders).values({ custodyId: r.custodyId, level, sentAt: ctx.clock.now() }).run();
      const payload = {
        key: level === "overdue" ? "board:notify.custodyOverdue" : "board:notify.custodyDue",
        values: { days: r.status.remainingWorkingDays, deadline: r.status.deadlineDate, enterprise: r.enterpriseName },
        href: "/board/membership",
      };
      notifyOrgs(ctx, [r.enterpriseOrgId], { kind: "board", payload });
      const m = ctx.db.select({ sp: boardMemberships.servicePersonUserId }).from(boardMemberships).where(eq(boardMemberships.id, r.membershipId)).get();
      notifyUsers(ctx, [m?.sp], { kind: "board", payload: { ...payload, href: "/board/custody" } });
      appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "board.custody.reminded", subjectType: "custody", subjectId: r.custodyId, enterpriseOrgId: r.enterpriseOrgId, data: { level } });
      sent++;
    }
  });
  return sent;
}
