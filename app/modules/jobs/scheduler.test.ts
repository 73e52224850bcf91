import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { migrateDatabase, openDatabase } from "@db/client";
import { scheduledJobs } from "@db/schema";
import { createTestContext, type TestContext } from "@test/support/context";
import { eventually } from "@test/support/eventually";
import { createScheduler, nextDueAfter, retryDueAfter, runJobIfDue, type Job, type JobOutcome } from "./scheduler.server";

const MIN = 60_000;
const HOUR = 60 * MIN;

/** A job whose runs the test counts and, when asked, holds open until released. */
function countingJob(name: string, cadence: Job["cadence"], opts: { leaseMs?: number; hold?: boolean; fail?: (n: number) => boolean } = {}) {
  let release: () => void = () => {};
  const job = {
    runs: 0,
    name,
    cadence,
    leaseMs: opts.leaseMs,
    release: () => release(),
    async run(): Promise<JobOutcome> {
      job.runs++;
      if (opts.hold) await new Promise<void>((resolve) => (release = resolve));
      if (opts.fail?.(job.runs)) throw new Error(`boom ${job.runs}`);
      return { counts: { done: job.runs } };
    },
  };
  return job;
}

const rowOf = (ctx: TestContext, name: string) => ctx.db.select().from(scheduledJobs).where(eq(scheduledJobs.name, name)).get()!;
/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

let ctx: TestContext;
beforeEach(() => {
  ctx = createTestContext(); // 2026-03-02 02:00 UTC = 10:00 in Shanghai
});

describe("cadence", () => {
  it("reads cron expressions in Shanghai time and intervals from the end of the last run", () => {
    const now = ctx.clock.now();
    expect(new Date(nextDueAfter({ cron: "0 9 * * *" }, now)).toISOString()).toBe("2026-03-03T01:00:00.000Z");
    expect(new Date(nextDueAfter({ cron: "0 18 * * *" }, now)).toISOString()).toBe("2026-03-02T10:00:00.000Z");
    expect(nextDueAfter({ everyMs: 5_000 }, now)).toBe(now + 5_000);
  });

  it("retries a failure sooner, backing off, but never later than the next regular run", () => {
    const now = ctx.clock.now();
    expect(retryDueAfter({ cron: "0 9 * * *" }, 1, now)).toBe(now + 30_000);
    expect(retryDueAfter({ cron: "0 9 * * *" }, 3, now)).toBe(now + 2 * MIN);
    expect(retryDueAfter({ cron: "0 9 * * *" }, 20, now)).toBe(now + 30 * MIN);
    expect(retryDueAfter({ everyMs: 5_000 }, 4, now)).toBe(now + 5_000);
  });
});

describe("scheduler", () => {
  it("runs an interval job when due and not before; a second tick at the same time does nothing", async () => {
    const job = countingJob("t.every", { everyMs: HOUR });
    const s = createScheduler(ctx, [job], { tickMs: 0 });
    expect((await s.tick()).map((r) => r.status)).toEqual(["ok"]); // new interval jobs are due at once
    expect(await s.tick()).toEqual([]);
    ctx.clock.advance(HOUR - 1);
    expect(await s.tick()).toEqual([]);
    ctx.clock.advance(1);
    expect(await s.tick()).toHaveLength(1);
    expect(job.runs).toBe(2);
    const row = rowOf(ctx, "t.every");
    expect(row).toMatchObject({ lastStatus: "ok", runCount: 2, leaseOwner: null, nextDueAt: ctx.clock.now() + HOUR, lastError: null });
    expect(JSON.parse(row.lastResult!)).toEqual({ counts: { done: 2 } });
    await s.stop();
  });

  it("runs a cron job at its next Shanghai time, once", async () => {
    const job = countingJob("t.cron", { cron: "0 9 * * *" });
    const s = createScheduler(ctx, [job], { tickMs: 0 });
    expect(await s.tick()).toEqual([]); // 10:00 on first sight: next is tomorrow 09:00
    ctx.clock.ms = Date.parse("2026-03-03T08:59:59+08:00");
    expect(await s.tick()).toEqual([]);
    ctx.clock.ms = Date.parse("2026-03-03T09:00:00+08:00");
    expect(await s.tick()).toHaveLength(1);
    expect(await s.tick()).toEqual([]);
    expect(rowOf(ctx, "t.cron").nextDueAt).toBe(Date.parse("2026-03-04T09:00:00+08:00"));
    // Down over several due times: one catch-up run, not one per missed day.
    ctx.clock.ms = Date.parse("2026-03-07T12:00:00+08:00");
    expect(await s.tick()).toHaveLength(1);
    expect(await s.tick()).toEqual([]);
    expect(job.runs).toBe(2);
    await s.stop();
  });

  it("records a failure with its message, retries it after the backoff, and keeps other jobs running", async () => {
    const failing = countingJob("t.fail", { everyMs: HOUR }, { fail: (n) => n === 1 });
    const healthy = countingJob("t.ok", { everyMs: HOUR });
    const s = createScheduler(ctx, [failing, healthy], { tickMs: 0 });
    const first = await s.tick();
    expect(first.map((r) => [r.name, r.status])).toEqual([
      ["t.fail", "failed"],
      ["t.ok", "ok"],
    ]);
    expect(rowOf(ctx, "t.fail")).toMatchObject({ lastStatus: "failed", lastError: "Error: boom 1", consecutiveFailures: 1, leaseOwner: null, nextDueAt: ctx.clock.now() + 30_000 });
    ctx.clock.advance(30_000);
    expect((await s.tick()).map((r) => [r.name, r.status])).toEqual([["t.fail", "ok"]]);
    expect(rowOf(ctx, "t.fail")).toMatchObject({ lastStatus: "ok", lastError: null, consecutiveFailures: 0, runCount: 2 });
    await s.stop();
  });

  it("records a skipped pass as skipped", async () => {
    const job: Job = { name: "t.skip", cadence: { everyMs: HOUR }, run: () => ({ skipped: "notWorkingDay" }) };
    const s = createScheduler(ctx, [job], { tickMs: 0 });
    expect((await s.tick())[0]).toMatchObject({ status: "skipped", outcome: { skipped: "notWorkingDay" } });
    expect(rowOf(ctx, "t.skip").lastStatus).toBe("skipped");
  });

  it("stop() waits for the running job to finish and then ticks no more", async () => {
    const job = countingJob("t.slow", { everyMs: MIN }, { hold: true });
    const s = createScheduler(ctx, [job], { tickMs: 0 });
    const ticking = s.tick();
    await settle();
    expect(job.runs).toBe(1);
    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    expect(rowOf(ctx, "t.slow").leaseOwner).toBe(s.ownerId);
    job.release();
    await stopping;
    expect(stopped).toBe(true);
    expect((await ticking).map((r) => r.status)).toEqual(["ok"]);
    expect(rowOf(ctx, "t.slow")).toMatchObject({ leaseOwner: null, lastStatus: "ok" });
    ctx.clock.advance(HOUR);
    expect(await s.tick()).toEqual([]);
    expect(job.runs).toBe(1);
  });

  it("ticks on its own timer when given an interval", async () => {
    const job = countingJob("t.timer", { everyMs: 1 });
    const s = createScheduler(ctx, [job], { tickMs: 5 });
    await eventually(() => job.runs >= 1, 5_000);
    await s.stop();
    expect(job.runs).toBeGreaterThanOrEqual(1);
    expect(rowOf(ctx, "t.timer").lastStatus).toBe("ok");
  });
});

describe("leases across two processes sharing one database file", () => {
  let dir: string;
  let a: TestContext;
  let b: TestContext;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "jobs-lease-"));
    const file = path.join(dir, "app.db");
    const dbA = openDatabase(file);
    migrateDatabase(dbA);
    a = { ...createTestContext(), db: dbA };
    // The second "process": its own connection and its own clock, at the same instant.
    b = { ...createTestContext(), db: openDatabase(file) };
  });
  afterEach(() => {
    a.db.$client.close();
    b.db.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a live lease keeps the second runner out", async () => {
    const job = countingJob("t.lease", { everyMs: MIN }, { leaseMs: 10 * MIN, hold: true });
    const first = createScheduler(a, [job], { tickMs: 0 });
    const second = createScheduler(b, [job], { tickMs: 0 });
    const running = first.tick();
    await settle();
    expect(job.runs).toBe(1);
    expect(await second.tick()).toEqual([]);
    // "Run now" elsewhere is refused too while the lease is live.
    expect(await runJobIfDue(b, job, "manual", { force: true })).toBeNull();
    expect(job.runs).toBe(1);
    job.release();
    expect(await running).toHaveLength(1);
    expect(rowOf(b, "t.lease")).toMatchObject({ leaseOwner: null, runCount: 1 });
  });

  it("a long run renews its lease, so a live holder is not taken over", async () => {
    const job = countingJob("t.long", { everyMs: MIN }, { leaseMs: 3_000, hold: true });
    const holder = createScheduler(a, [job], { tickMs: 0 });
    // The renewal is a real-time interval; the test moves it on instead of waiting for it.
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const running = holder.tick();
    await settle();
    const startedAt = a.clock.now();
    expect(rowOf(b, "t.long").leaseExpiresAt).toBe(startedAt + 3_000);
    a.clock.advance(2_500);
    b.clock.advance(2_500);
    // The renewal timer fires every leaseMs / 3 (at least 1 s) of real time.
    vi.advanceTimersByTime(1_000);
    expect(rowOf(b, "t.long").leaseExpiresAt).toBe(startedAt + 2_500 + 3_000);
    b.clock.advance(1_000); // past the first expiry, before the renewed one
    const other = createScheduler(b, [countingJob("t.long", { everyMs: MIN })], { tickMs: 0 });
    expect(await other.tick()).toEqual([]);
    job.release();
    expect(await running).toHaveLength(1);
  });

  it("an expired lease (a crashed holder) is taken over; the late holder's result is not recorded", async () => {
    const job = countingJob("t.crash", { everyMs: MIN }, { leaseMs: 5 * MIN, hold: true });
    const crashed = createScheduler(a, [job], { tickMs: 0 });
    const hung = crashed.tick();
    await settle();
    expect(rowOf(b, "t.crash").leaseOwner).toBe(crashed.ownerId);

    const taker = createScheduler(b, [countingJob("t.crash", { everyMs: MIN })], { tickMs: 0 });
    b.clock.advance(5 * MIN - 1);
    expect(await taker.tick()).toEqual([]);
    b.clock.advance(1);
    expect((await taker.tick()).map((r) => r.status)).toEqual(["ok"]);
    const afterTakeover = rowOf(b, "t.crash");
    expect(afterTakeover).toMatchObject({ leaseOwner: null, runCount: 1, lastStatus: "ok" });

    job.release(); // the old holder wakes up: it no longer owns the lease
    await hung;
    expect(rowOf(b, "t.crash")).toEqual(afterTakeover);
  });
});
