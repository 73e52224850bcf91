import { and, desc, eq, inArray } from "drizzle-orm";
import { boardApplications, boardRounds, organisations, type ApplicationState } from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { DomainError } from "~/utils/errors";
import { QUEUE_STATES } from "./application-schemas";
import { loadApplication, recordReview, type Application } from "./applications.server";
import { orgIdsOfKind } from "./board-notify.server";
import { notifyOrgs } from "~/modules/messaging/notifications.server";
import { assertCan } from "~/modules/access";
import { deadlineOutlook, roundForSending, type DeadlineOutlook } from "./round-deadlines.server";

/**
 * The bureau's queue (地州市工信局汇总): only applications routed to its own prefecture. It returns
 * them with reasons or forwards them, one at a time or in bulk, to the exchange.
 */



/** What forwarding a queued application would do today: on time, into the next round after the deadline, or refused. */
export type ForwardOutlook = DeadlineOutlook;

export function listBureauQueue(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, opts: { state?: ApplicationState; roundId?: string } = {}) {
  assertCan(actor, "forward:application:prefecture", undefined);
  const prefectureCode = actor.prefectureCode!;
  const today = shanghaiDate(ctx.clock.now());
  const outlook = (r: { roundId: string; bureauDeadline: string }): ForwardOutlook => deadlineOutlook(ctx, { id: r.roundId, bureauDeadline: r.bureauDeadline }, today);
  const rows = ctx.db
    .select({
      id: boardApplications.id,
      state: boardApplications.state,
      channel: boardApplications.channel,
      submittedAt: boardApplications.submittedAt,
      forwardedAt: boardApplications.forwardedAt,
      srdiStatus: boardApplications.srdiStatus,
      roundId: boardApplications.roundId,
      roundName: boardRounds.name,
      roundState: boardRounds.state,
      bureauDeadline: boardRounds.bureauDeadline,
      enterpriseName: organisations.name,
      uscc: organisations.uscc,
    })
    .from(boardApplications)
    .innerJoin(boardRounds, eq(boardRounds.id, boardApplications.roundId))
    .innerJoin(organisations, eq(organisations.id, boardApplications.enterpriseOrgId))
    .where(
      and(
        eq(boardApplications.prefectureCode, prefectureCode),
        inArray(boardApplications.state, opts.state ? [opts.state] : [...QUEUE_STATES]),
        opts.roundId ? eq(boardApplications.roundId, opts.roundId) : undefined,
      ),
    )
    .orderBy(desc(boardApplications.submittedAt))
    .all();
  return rows.map((r) => ({ ...r, forwardOutlook: r.state === "submitted" ? outlook(r) : null }));
}

function loadInQueue(ctx: Pick<AppContext, "db">, actor: Actor, applicationId: string): Application {
  assertCan(actor, "forward:application:prefecture", undefined);
  const app = loadApplication(ctx, actor, applicationId);
  assertCan(actor, "forward:application:prefecture", app, { refusal: "not-found" });
  if (app.state !== "submitted") throw new DomainError("board:errors.notInQueue", { state: app.state });
  return app;
}

/** Sends an application back to the enterprise (and its sponsor) with the reasons to fix. */
export function returnApplication(ctx: AppContext, actor: Actor, applicationId: string, reason: string): void {
  const text = reason.trim();
  if (text.length < 2) throw new DomainError("board:errors.reasonRequired", {}, "reason");
  const app = loadInQueue(ctx, actor, applicationId);
  const round = ctx.db.select({ state: boardRounds.state, name: boardRounds.name }).from(boardRounds).where(eq(boardRounds.id, app.roundId)).get()!;
  if (round.state !== "open") throw new DomainError("board:errors.roundNotOpen", { round: round.name });
  ctx.db.transaction(() => {
    ctx.db.update(boardApplications).set({ state: "returned", updatedAt: ctx.clock.now() }).where(eq(boardApplications.id, app.id)).run();
    recordReview(ctx, actor, app, "return", "returned", text);
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "board.application.returned",
      subjectType: "board_application",
      subjectId: app.id,
      enterpriseOrgId: app.enterpriseOrgId,
      data: { reason: text },
    });
    notifyOrgs(ctx, [app.enterpriseOrgId, app.sponsorOrgId], { kind: "board", payload: { key: "board:notify.returned", values: { bureau: actor.orgName }, href: `/board/applications/${app.id}` } });
  });
}

/** Forwards one or many applications to the exchange in one transaction: all or none. */
export function forwardApplications(ctx: AppContext, actor: Actor, applicationIds: string[]): number {
  assertCan(actor, "forward:application:prefecture", undefined);
  const ids = [...new Set(applicationIds)];
  if (ids.length === 0) throw new DomainError("board:errors.nothingSelected");
  const today = shanghaiDate(ctx.clock.now());
  const apps = ids.map((id) => loadInQueue(ctx, actor, id)).map((app) => ({ ...app, target: roundForSending(ctx, app, today) }));
  const now = ctx.clock.now();
  ctx.db.transaction(() => {
    for (const app of apps) {
      const moved = app.target.id !== app.roundId;
      ctx.db.update(boardApplications).set({ state: "forwarded", forwardedAt: now, updatedAt: now, roundId: app.target.id }).where(eq(boardApplications.id, app.id)).run();
      recordReview(ctx, actor, app, "forward", "forwarded");
      appendAudit(ctx, {
        actorUserId: actor.userId,
        actorOrgId: actor.orgId,
        action: "board.application.forwarded",
        subjectType: "board_application",
        subjectId: app.id,
        enterpriseOrgId: app.enterpriseOrgId,
        data: { bulk: apps.length > 1, ...(moved ? { lateForRoundId: app.roundId, roundId: app.target.id, today } : {}) },
      });
      notifyOrgs(ctx, [app.enterpriseOrgId], {
        kind: "board",
        payload: moved
          ? { key: "boardRules:notify.forwardedToNextRound", values: { bureau: actor.orgName, round: app.target.name }, href: `/board/applications/${app.id}` }
          : { key: "board:notify.forwarded", values: { bureau: actor.orgName }, href: `/board/applications/${app.id}` },
      });
    }
    notifyOrgs(ctx, orgIdsOfKind(ctx, "exchange"), { kind: "board", payload: { key: "board:notify.forwardedToExchange", values: { bureau: actor.orgName, n: apps.length }, href: "/board/review" }, roles: ["reviewer", "exchange_admin"] });
  });
  return apps.length;
}
