import { count, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { boardApplications, boardRounds, type RoundState } from "@db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { assertCan } from "~/modules/access";

/**
 * 批次: the exchange opens a call for applications with the bureaus' deadline and its own plan
 * deadline (notice §四). A round then moves open → under_review (applications closed) →
 * in_approval (plan with the regulators) → on_notice (公示) → closed (admitted). Only the first
 * step is a manual one; the later ones follow the plan and the notice.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const roundInput = z
  .object({
    name: z.string().trim().min(2).max(80),
    bureauDeadline: z.string().regex(DATE, "board:errors.badDate"),
    planDeadline: z.string().regex(DATE, "board:errors.badDate"),
  })
  .refine((v) => v.bureauDeadline <= v.planDeadline, { message: "board:errors.deadlineOrder", path: ["planDeadline"] });

export type Round = typeof boardRounds.$inferSelect;

/** Rounds are not secret (the notice publishes them); every signed-in user may list them. */
/** The rounds management page: exchange admins only (reviewers see rounds through their own queues). */
export function listRoundsForAdmin(ctx: Pick<AppContext, "db">, actor: Actor) {
  assertCan(actor, "manage:round:any", undefined);
  return listRounds(ctx);
}

export function listRounds(ctx: Pick<AppContext, "db">) {
  const rounds = ctx.db.select().from(boardRounds).orderBy(desc(boardRounds.createdAt)).all();
  const counts = ctx.db
    .select({ roundId: boardApplications.roundId, n: count() })
    .from(boardApplications)
    .groupBy(boardApplications.roundId)
    .all();
  const byRound = new Map(counts.map((c) => [c.roundId, c.n]));
  return rounds.map((r) => ({ ...r, applications: byRound.get(r.id) ?? 0 }));
}

export function getRound(ctx: Pick<AppContext, "db">, roundId: string): Round {
  const round = ctx.db.select().from(boardRounds).where(eq(boardRounds.id, roundId)).get();
  if (!round) throw new NotFoundError();
  return round;
}

/** Rounds that accept new applications right now. */
export function openRounds(ctx: Pick<AppContext, "db">): Round[] {
  return ctx.db.select().from(boardRounds).where(eq(boardRounds.state, "open")).orderBy(desc(boardRounds.createdAt)).all();
}

/** The open rounds a bureau may import its 推荐名单 into (others: 403). */
export function roundsToImportInto(ctx: Pick<AppContext, "db">, actor: Actor): Round[] {
  assertCan(actor, "import:application-list:prefecture", undefined);
  return openRounds(ctx);
}

export function openRound(ctx: AppContext, actor: Actor, input: z.input<typeof roundInput>): Round {
  assertCan(actor, "manage:round:any", undefined);
  const parsed = roundInput.parse(input);
  const now = ctx.clock.now();
  const round: Round = { id: newId(), ...parsed, state: "open", createdBy: actor.userId, createdAt: now, updatedAt: now };
  ctx.db.transaction(() => {
    ctx.db.insert(boardRounds).values(round).run();
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "board.round.opened", subjectType: "board_round", subjectId: round.id, data: parsed });
  });
  return round;
}

export function editRound(ctx: AppContext, actor: Actor, roundId: string, input: z.input<typeof roundInput>): Round {
  assertCan(actor, "manage:round:any", undefined);
  const parsed = roundInput.parse(input);
  const round = getRound(ctx, roundId);
  if (round.state === "closed") throw new DomainError("board:errors.roundClosed", { round: round.name });
  ctx.db.transaction(() => {
    ctx.db.update(boardRounds).set({ ...parsed, updatedAt: ctx.clock.now() }).where(eq(boardRounds.id, roundId)).run();
    appendAudit(ctx, {
      actorUserId: actor.userId,
      actorOrgId: actor.orgId,
      action: "board.round.edited",
      subjectType: "board_round",
      subjectId: roundId,
      data: { before: { name: round.name, bureauDeadline: round.bureauDeadline, planDeadline: round.planDeadline }, after: parsed },
    });
  });
  return { ...round, ...parsed };
}

/** Which manual or automatic moves are legal. */
const NEXT: Record<RoundState, RoundState[]> = {
  open: ["under_review"],
  under_review: ["open", "in_approval"],
  in_approval: ["under_review", "on_notice"],
  on_notice: ["closed"],
  closed: [],
};

/** Moves a round; used by the admin (open ⇄ under_review) and by the plan and notice services. */
export function moveRound(ctx: Pick<AppContext, "db" | "clock">, actor: Actor, roundId: string, to: RoundState): void {
  const round = getRound(ctx, roundId);
  if (round.state === to) return;
  if (!NEXT[round.state].includes(to)) throw new DomainError("board:errors.roundTransition", { from: round.state, to });
  ctx.db.update(boardRounds).set({ state: to, updatedAt: ctx.clock.now() }).where(eq(boardRounds.id, roundId)).run();
  appendAudit(ctx, {
    actorUserId: actor.userId,
    actorOrgId: actor.orgId,
    action: "board.round.state",
    subjectType: "board_round",
    subjectId: roundId,
    data: { from: round.state, to },
  });
}

/** The admin closes (or reopens) applications for a round. */
export function setRoundAccepting(ctx: AppContext, actor: Actor, roundId: string, accepting: boolean): void {
  assertCan(actor, "manage:round:any", undefined);
  ctx.db.transaction(() => moveRound(ctx, actor, roundId, accepting ? "open" : "under_review"));
}
