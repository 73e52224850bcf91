import { and, count, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  boardApplicationReviews,
  boardImportJobs,
  boardMemberships,
  boardRounds,
  custodyReminders,
  disclosurePeriods,
  financingNeeds,
  mailOutbox,
  noticeObjections,
  notificationDigestRuns,
  publicNotices,
  scheduledJobs,
  users,
} from "@db/schema";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { reviewObjection } from "~/modules/board/notices.server";
import { logIn } from "~/modules/identity/accounts.server";
import { SYSTEM_USER_ID } from "~/modules/identity/actor";
import { actorForUser } from "~/modules/identity/sessions.server";
import { newId } from "~/utils/ids";
import type { TestContext } from "@test/support/context";
import { APP_JOBS } from "./registry.server";
import { createScheduler, type JobRunReport, type Scheduler } from "./scheduler.server";
import { demoWorldContext } from "@test/support/demo-world";

/**
 * Every registered job on the demo world, with the clock moved through a few weeks of Shanghai time:
 * each does its work when due (and only then), and a second pass does nothing more. The tests run in
 * order over one seeded world, as the days do.
 */
let ctx: TestContext;
let scheduler: Scheduler;

const at = (iso: string) => Date.parse(`${iso}+08:00`);
/** Moves the clock and ticks; returns the reports by job name. */
async function tickAt(iso: string): Promise<Map<string, JobRunReport>> {
  ctx.clock.ms = at(iso);
  return new Map((await scheduler.tick()).map((r) => [r.name, r]));
}
const n = (rows: { n: number }[]) => rows[0]!.n;

beforeAll(async () => {
  ({ ctx } = await demoWorldContext()); // 2026-03-02 10:00 Shanghai, a Monday
  scheduler = createScheduler(ctx, APP_JOBS, { tickMs: 0 });
}, 120_000);

describe("registered jobs on the demo world", () => {
  it("on first sight runs only the interval jobs; the daily ones wait for their time", async () => {
    const ran = await tickAt("2026-03-02T10:00:00");
    expect([...ran.keys()].sort()).toEqual(["board.importCleanup", "mail.deliver", "roadshows.remind"]);
    expect(ran.get("mail.deliver")).toMatchObject({ status: "ok", outcome: { counts: { sent: 0 } } });
  });

  it("notifications.digest queues one digest per user at 18:00 and none on the next pass", async () => {
    expect((await tickAt("2026-03-02T17:59:59")).has("notifications.digest")).toBe(false);
    const first = (await tickAt("2026-03-02T18:00:00")).get("notifications.digest")!;
    expect(first.status).toBe("ok");
    const queued = first.outcome!.counts!.queued!;
    expect(queued).toBeGreaterThan(0);
    expect(n(ctx.db.select({ n: count() }).from(notificationDigestRuns).all())).toBe(queued);
    const again = (await tickAt("2026-03-02T18:10:00")).get("notifications.digest")!;
    expect(again.outcome).toEqual({ counts: { queued: 0 } });
  });

  it("mail.deliver sends the queued digests within seconds", async () => {
    expect(n(ctx.db.select({ n: count() }).from(mailOutbox).where(isNull(mailOutbox.sentAt)).all())).toBeGreaterThan(0);
    // Five seconds after its last run (which was at 18:10 with the digest) the mail job is due again.
    const ran = await tickAt("2026-03-02T18:10:05");
    expect(ran.get("mail.deliver")!.outcome!.counts!.sent).toBeGreaterThan(0);
    expect(n(ctx.db.select({ n: count() }).from(mailOutbox).where(isNull(mailOutbox.sentAt)).all())).toBe(0);
  });

  it("custody.remind reminds at 09:00 on a working day as the system actor, once per level", async () => {
    expect(n(ctx.db.select({ n: count() }).from(custodyReminders).all())).toBe(0);
    const first = (await tickAt("2026-03-03T09:00:00")).get("custody.remind")!;
    expect(first.status).toBe("ok");
    const sent = first.outcome!.counts!.sent!;
    expect(sent).toBeGreaterThan(0);
    expect(n(ctx.db.select({ n: count() }).from(custodyReminders).all())).toBe(sent);
    const audited = ctx.db.select().from(auditLog).where(eq(auditLog.action, "board.custody.reminded")).all();
    expect(audited).toHaveLength(sent);
    expect(audited.every((a) => a.actorUserId === SYSTEM_USER_ID)).toBe(true);
    // The next working day: nobody moved to a new level overnight, so nothing is repeated.
    expect((await tickAt("2026-03-04T09:00:00")).get("custody.remind")!.outcome).toEqual({ counts: { sent: 0 } });
  });

  it("custody.remind skips a Saturday that is no working day", async () => {
    const sat = (await tickAt("2026-03-07T09:00:00")).get("custody.remind")!;
    expect(sat).toMatchObject({ status: "skipped", outcome: { skipped: "notWorkingDay" } });
  });

  it("board.admit waits while an objection is open, then admits the notice's enterprises once it is dismissed", async () => {
    const notice = ctx.db.select().from(publicNotices).where(isNull(publicNotices.closedAt)).get()!;
    expect(notice.endsOn).toBe("2026-03-06");
    const waiting = (await tickAt("2026-03-09T00:10:00")).get("board.admit")!;
    expect(waiting.outcome).toEqual({ counts: { notices: 0, admitted: 0, rejected: 0, waiting: 1 } });

    const reviewerUser = ctx.db.select().from(users).where(eq(users.email, "reviewer@xjex.demo")).get()!;
    const objection = ctx.db.select().from(noticeObjections).where(eq(noticeObjections.noticeId, notice.id)).get()!;
    reviewObjection(ctx, actorForUser(ctx, reviewerUser)!, objection.id, { decision: "dismissed", comment: "异议理由不成立，经核实企业材料真实。" });

    const admitted = (await tickAt("2026-03-09T01:10:00")).get("board.admit")!;
    expect(admitted.status).toBe("ok");
    expect(admitted.outcome!.counts).toMatchObject({ notices: 1, rejected: 0, waiting: 0 });
    const count_ = admitted.outcome!.counts!.admitted!;
    expect(count_).toBeGreaterThan(0);
    expect(ctx.db.select().from(publicNotices).where(eq(publicNotices.id, notice.id)).get()!.closedAt).not.toBeNull();
    const newMembers = ctx.db.select().from(boardMemberships).where(eq(boardMemberships.entryDate, "2026-03-09")).all();
    expect(newMembers).toHaveLength(count_);
    // Named in the audit chain and the review history as the scheduler's system user, which cannot sign in.
    const admissions = ctx.db.select().from(auditLog).where(eq(auditLog.action, "board.membership.admitted")).all().filter((a) => a.at === at("2026-03-09T01:10:00"));
    expect(admissions).toHaveLength(count_);
    expect(admissions.every((a) => a.actorUserId === SYSTEM_USER_ID)).toBe(true);
    expect(n(ctx.db.select({ n: count() }).from(boardApplicationReviews).where(eq(boardApplicationReviews.actorUserId, SYSTEM_USER_ID)).all())).toBe(count_);
    await expect(logIn(ctx, { email: "system@jobs.invalid", password: "!" })).rejects.toThrow(/login.invalid/);
    expect(verifyAuditChain(ctx).ok).toBe(true);

    expect((await tickAt("2026-03-09T02:10:00")).get("board.admit")!.outcome).toEqual({ counts: { notices: 0, admitted: 0, rejected: 0, waiting: 0 } });
  });

  it("disclosures.remind reminds each period due within the lead time, once", async () => {
    // The demo world's financing (declared rounds, outcomes, matched needs) each has its duty after the first run.
    const first = (await tickAt("2026-03-10T09:00:00")).get("disclosures.remind")!.outcome!.counts!;
    expect(first.reminded).toBe(0);
    expect(first.duties).toBeGreaterThan(0);
    const due = ctx.db.select().from(disclosurePeriods).where(and(isNull(disclosurePeriods.submittedAt), eq(disclosurePeriods.dueOn, "2026-04-30"))).all();
    expect(due.length).toBeGreaterThan(0);
    const ran = (await tickAt("2026-04-17T09:00:00")).get("disclosures.remind")!;
    expect(ran.outcome!.counts!.reminded).toBe(due.length);
    expect(n(ctx.db.select({ n: count() }).from(disclosurePeriods).where(and(inArray(disclosurePeriods.id, due.map((d) => d.id)), isNotNull(disclosurePeriods.remindedAt))).all())).toBe(due.length);
    expect((await tickAt("2026-04-18T09:00:00")).get("disclosures.remind")!.outcome).toEqual({ counts: { duties: first.duties, reminded: 0 } });
  });

  it("needs.expire expires published and paused needs after their last day, at 00:05", async () => {
    const live = ctx.db.select({ id: financingNeeds.id }).from(financingNeeds).where(and(inArray(financingNeeds.state, ["published", "paused"]), eq(financingNeeds.expiresOn, "2026-06-30"))).all();
    expect(live.length).toBeGreaterThan(0);
    expect((await tickAt("2026-06-30T23:59:00")).get("needs.expire")!.outcome).toEqual({ counts: { expired: 0 } });
    const ran = (await tickAt("2026-07-01T00:05:00")).get("needs.expire")!;
    expect(ran.outcome).toEqual({ counts: { expired: live.length } });
    expect(ctx.db.select({ state: financingNeeds.state }).from(financingNeeds).where(inArray(financingNeeds.id, live.map((l) => l.id))).all().every((r) => r.state === "expired")).toBe(true);
    expect((await tickAt("2026-07-02T00:05:00")).get("needs.expire")!.outcome).toEqual({ counts: { expired: 0 } });
  });

  it("board.importCleanup marks an import left running by a stopped process as failed, every 5 minutes", async () => {
    const bureau = ctx.db.select().from(users).where(eq(users.email, "bureau6501@gov.demo")).get()!;
    const actor = actorForUser(ctx, bureau)!;
    const round = ctx.db.select({ id: boardRounds.id }).from(boardRounds).where(eq(boardRounds.state, "open")).get()!;
    const stamp = at("2026-07-02T00:09:00");
    const id = newId();
    ctx.db
      .insert(boardImportJobs)
      .values({ id, createdBy: actor.userId, bureauOrgId: actor.orgId, roundId: round.id, fileName: "名单.xlsx", status: "validating", heartbeatAt: stamp, createdAt: stamp, updatedAt: stamp, expiresAt: stamp + 86_400_000 })
      .run();
    const status = () => ctx.db.select({ s: boardImportJobs.status }).from(boardImportJobs).where(eq(boardImportJobs.id, id)).get()!.s;
    // The job last ran at 00:05 (with needs.expire); at 00:10 it is due, but the import's heartbeat is fresh.
    expect((await tickAt("2026-07-02T00:07:00")).has("board.importCleanup")).toBe(false);
    expect((await tickAt("2026-07-02T00:10:00")).get("board.importCleanup")!.outcome).toEqual({ counts: { failed: 0 } });
    expect(status()).toBe("validating");
    expect((await tickAt("2026-07-02T00:15:00")).get("board.importCleanup")!.outcome).toEqual({ counts: { failed: 1 } });
    expect(status()).toBe("failed");
  });

  it("no job failed along the way", async () => {
    await scheduler.stop();
    const rows = ctx.db.select().from(scheduledJobs).all();
    expect(rows.map((r) => r.name).sort()).toEqual(APP_JOBS.map((j) => j.name).sort());
    expect(rows.filter((r) => r.lastStatus === "failed" || r.consecutiveFailures > 0)).toEqual([]);
  });
});
