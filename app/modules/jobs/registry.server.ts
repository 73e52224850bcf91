import { admitEnterprisesWithEndedNotices, failInterruptedImportJobs, sendDueCustodyReminders, startScheduledRetiering } from "~/modules/board/board-jobs.server";
import { loadWorkingCalendar } from "~/modules/board/working-days.server";
import { remindDueDisclosures } from "~/modules/enterprises/disclosures.server";
import { sweepFinancingDuties } from "~/modules/enterprises/disclosure-duties.server";
import { expireDueNeeds } from "~/modules/financing/need-lifecycle.server";
import { DIGEST_HOUR_SHANGHAI, runDailyDigest } from "~/modules/messaging/digest.server";
import { deliverPendingMail } from "~/modules/messaging/mail.server";
import { sendDueRoadshowReminders } from "~/modules/roadshows/registrations.server";
import { generateDueReportPacks } from "~/modules/staff/reports.server";
import { escalateOverdueServiceRequests } from "~/modules/staff/service-requests.server";
import { shanghaiDate } from "~/utils/dates";
import type { Job } from "./scheduler.server";

/**
 * Every periodic duty of the product, in one list. Each run is one idempotent pass of a function its
 * own module owns and tests; this file only says how often. Saved-search alerts are not here: they
 * follow the search indexer's events, not the clock.
 */
export const APP_JOBS: readonly Job[] = [
  {
    // Cheap when idle: one indexed query on unsent mail.
    name: "mail.deliver",
    cadence: { everyMs: 5_000 },
    leaseMs: 2 * 60_000,
    run: async (ctx) => ({ counts: { sent: await deliverPendingMail(ctx) } }),
  },
  {
    name: "notifications.digest",
    // From the digest hour to midnight every 10 minutes: each user gets at most one digest a day
    // (runDailyDigest keeps that), and someone whose first notice arrives at 20:00 still gets it that day.
    cadence: { cron: `*/10 ${DIGEST_HOUR_SHANGHAI}-23 * * *` },
    run: async (ctx) => ({ counts: { queued: (await runDailyDigest(ctx)).queued } }),
  },
  {
    // Needs expire at the end of their expiry day; lists also sweep before reading, this catches the rest.
    name: "needs.expire",
    cadence: { cron: "5 0 * * *" },
    run: (ctx) => ({ counts: { expired: expireDueNeeds(ctx) } }),
  },
  {
    name: "disclosures.remind",
    cadence: { cron: "0 9 * * *" },
    // Every financing on record has its duty first (also those recorded before duties existed), then the reminders.
    run: (ctx) => ({ counts: { duties: sweepFinancingDuties(ctx), reminded: remindDueDisclosures(ctx) } }),
  },
  {
    // Deadlines count working days, so reminders go out on working days (China's calendar with 调休).
    name: "custody.remind",
    cadence: { cron: "0 9 * * *" },
    run: (ctx) => {
      if (!loadWorkingCalendar(ctx).isWorkingDay(shanghaiDate(ctx.clock.now()))) return { skipped: "notWorkingDay" };
      return { counts: sendDueCustodyReminders(ctx) };
    },
  },
  {
    // Hourly, so a notice whose last objection is resolved during the day is admitted the same day.
    name: "board.admit",
    cadence: { cron: "10 * * * *" },
    run: (ctx) => {
      const r = admitEnterprisesWithEndedNotices(ctx);
      return { counts: { notices: r.notices, admitted: r.admitted, rejected: r.rejected, waiting: r.waitingOnObjections.length } };
    },
  },
  {
    // Every minute: the 24-hour and 1-hour reminders each go out once per registrant (rows in roadshow_reminders).
    name: "roadshows.remind",
    cadence: { everyMs: 60_000 },
    run: (ctx) => ({ counts: sendDueRoadshowReminders(ctx) }),
  },
  {
    // Daily, so the yearly re-tiering starts on its configured day (board settings) or on the first run after it.
    name: "board.retiering",
    cadence: { cron: "20 0 * * *" },
    run: (ctx) => ({ counts: { started: startScheduledRetiering(ctx).started } }),
  },
  {
    name: "board.importCleanup",
    cadence: { everyMs: 5 * 60_000 },
    run: (ctx) => ({ counts: failInterruptedImportJobs(ctx) }),
  },
  {
    // Service-request SLAs count working days; overdue ones reach the exchange admins in their reminder digest.
    name: "serviceRequests.escalate",
    cadence: { cron: "30 9 * * *" },
    run: (ctx) => {
      if (!loadWorkingCalendar(ctx).isWorkingDay(shanghaiDate(ctx.clock.now()))) return { skipped: "notWorkingDay" };
      return { counts: escalateOverdueServiceRequests(ctx) };
    },
  },
  {
    // The regulators' packs: the month, quarter and year just ended, once each, on the first working days after.
    name: "reports.generate",
    cadence: { cron: "0 7 * * *" },
    leaseMs: 30 * 60_000,
    run: async (ctx) => {
      if (!loadWorkingCalendar(ctx).isWorkingDay(shanghaiDate(ctx.clock.now()))) return { skipped: "notWorkingDay" };
      return { counts: await generateDueReportPacks(ctx) };
    },
  },
];

export function findJob(name: string): Job | undefined {
  return APP_JOBS.find((j) => j.name === name);
}
