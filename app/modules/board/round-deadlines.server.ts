import { and, asc, eq, gte, ne } from "drizzle-orm";
import { boardApplications, boardRounds } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { DomainError } from "~/utils/errors";

/**
 * A round's deadlines (notice §四): the bureaus send their applications by `bureauDeadline`, the exchange sends its tier
 * plan by `planDeadline`. Both are whole Shanghai days and include the day itself. Submissions and forwards after the
 * bureau deadline go to the next open round, or are refused with the date when there is none; shared by the enterprise's
 * submission (applications.server) and the bureau's forward (bureau-queue.server).
 */

type Round = typeof boardRounds.$inferSelect;

/** What sending an application on today would do: on time, into the next round, or refused with the missed date. */
export type DeadlineOutlook = { kind: "onTime" } | { kind: "nextRound"; deadline: string; next: string } | { kind: "refused"; deadline: string };

/**
 * The open round a late application goes to: the one whose bureau deadline is the nearest still to come
 * (today included). None → refused with the missed date.
 */
export function nextRoundAfter(ctx: Pick<AppContext, "db">, round: Pick<Round, "id">, today: string): Round | null {
  return (
    ctx.db
      .select()
      .from(boardRounds)
      .where(and(eq(boardRounds.state, "open"), ne(boardRounds.id, round.id), gte(boardRounds.bureauDeadline, today)))
      .orderBy(asc(boardRounds.bureauDeadline))
      .get() ?? null
  );
}

export function deadlineOutlook(ctx: Pick<AppContext, "db">, round: Pick<Round, "id" | "bureauDeadline">, today: string): DeadlineOutlook {
  if (today <= round.bureauDeadline) return { kind: "onTime" };
  const next = nextRoundAfter(ctx, round, today);
  return next ? { kind: "nextRound", deadline: round.bureauDeadline, next: next.name } : { kind: "refused", deadline: round.bureauDeadline };
}

/**
 * The round an application lands in when it is sent today. On or before the bureau deadline: its own round, which must
 * still be open. After it: the next open round, if the enterprise has no application there yet; otherwise refused with
 * the date it missed.
 */
export function roundForSending(ctx: Pick<AppContext, "db">, app: { roundId: string; enterpriseOrgId: string }, today: string): Round {
  const round = ctx.db.select().from(boardRounds).where(eq(boardRounds.id, app.roundId)).get()!;
  if (today <= round.bureauDeadline) {
    if (round.state !== "open") throw new DomainError("board:errors.roundNotOpen", { round: round.name });
    return round;
  }
  const next = nextRoundAfter(ctx, round, today);
  if (!next) throw new DomainError("boardRules:errors.pastBureauDeadline", { round: round.name, deadline: round.bureauDeadline });
  const taken = ctx.db
    .select({ id: boardApplications.id })
    .from(boardApplications)
    .where(and(eq(boardApplications.roundId, next.id), eq(boardApplications.enterpriseOrgId, app.enterpriseOrgId)))
    .get();
  if (taken) throw new DomainError("boardRules:errors.pastDeadlineAlreadyInNext", { round: round.name, deadline: round.bureauDeadline, next: next.name });
  return next;
}
