import { eq, isNull } from "drizzle-orm";
import { publicNotices, retieringRuns } from "@db/schema";
import { loadSystemActor } from "~/modules/identity/system-actor.server";
import { deliverReminderDigests } from "~/modules/staff/reminders.server";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { sendCustodyReminders } from "./custody-reminders.server";
import { failAbandonedImportJobs } from "./import-jobs.server";
import { admitFromNotice, noticePhase, openObjectionCount } from "./notices.server";
import { startRetieringRun } from "./retiering.server";
import { getBoardSettings } from "./settings.server";

/**
 * The board's periodic duties, as plain one-pass functions over ctx for the scheduler to call.
 * Each is idempotent: running it twice in a row does nothing the second time. They act as the
 * exchange's system actor, through the same services (checks, audit entries, notifications) as
 * the staff buttons, so an automatic admission reads in the audit chain like a manual one.
 */

/**
 * Custody reminders at 20/10/5 working days and overdue, each level once per enterprise; then the day's digest
 * goes out, so a service person with twenty enterprises due gets one notification, not twenty.
 */
export function sendDueCustodyReminders(ctx: AppContext): { sent: number } {
  const system = loadSystemActor(ctx);
  if (!system) return { sent: 0 };
  const sent = sendCustodyReminders(ctx, system);
  if (sent > 0) deliverReminderDigests(ctx);
  return { sent };
}

/**
 * A notice staff ended early is left to them for this long: they usually admit with the next click, and a job
 * firing in between would answer that click with "notice closed".
 */
export const EARLY_END_GRACE_MS = 60 * 60_000;

export type AutomaticAdmissionResult = { notices: number; admitted: number; rejected: number; waitingOnObjections: string[] };

/**
 * 公示期满: admits the enterprises on every notice whose period has ended (or was ended early, an hour on) and
 * that has no objection still under review; enterprises with an upheld objection are rejected as on
 * the manual path. A notice with an open objection waits for the exchange's review of it.
 */
export function admitEnterprisesWithEndedNotices(ctx: AppContext): AutomaticAdmissionResult {
  const result: AutomaticAdmissionResult = { notices: 0, admitted: 0, rejected: 0, waitingOnObjections: [] };
  const today = shanghaiDate(ctx.clock.now());
  const now = ctx.clock.now();
  const due = ctx.db
    .select()
    .from(publicNotices)
    .where(isNull(publicNotices.closedAt))
    .all()
    .filter((n) => noticePhase(n, today) === "ended" && (today > n.endsOn || (n.endedEarlyAt !== null && now - n.endedEarlyAt >= EARLY_END_GRACE_MS)));
  if (due.length === 0) return result;
  const system = loadSystemActor(ctx);
  if (!system) return result;
  for (const notice of due) {
    if (openObjectionCount(ctx, notice.id) > 0) {
      result.waitingOnObjections.push(notice.id);
      continue;
    }
    const r = admitFromNotice(ctx, system, notice.id);
    result.notices++;
    result.admitted += r.admitted;
    result.rejected += r.rejected;
  }
  return result;
}

/** Import jobs left running by a process that stopped are marked failed (nothing of theirs was imported). */
export function failInterruptedImportJobs(ctx: AppContext): { failed: number } {
  return { failed: failAbandonedImportJobs(ctx) };
}

/**
 * 每年调整 (Attachment 1 §(五)): on the configured day of each year (setting `retieringOn`, Shanghai) — or the first
 * run after it — the year's re-tiering starts by itself, applying the current rules to the latest confirmed facts.
 * An admin may start it earlier by hand; either way a year has one run.
 */
export function startScheduledRetiering(ctx: AppContext): { started: number; year: number } {
  const today = shanghaiDate(ctx.clock.now());
  const year = Number(today.slice(0, 4));
  const due = `${year}-${getBoardSettings(ctx).retieringOn}`;
  if (today < due) return { started: 0, year };
  if (ctx.db.select({ id: retieringRuns.id }).from(retieringRuns).where(eq(retieringRuns.year, year)).get()) return { started: 0, year };
  const system = loadSystemActor(ctx);
  if (!system) return { started: 0, year };
  startRetieringRun(ctx, system, year);
  return { started: 1, year };
}
