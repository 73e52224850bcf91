import { eq } from "drizzle-orm";
import en from "~/i18n/locales/en/common.json";
import zh from "~/i18n/locales/zh-CN/common.json";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, scheduledJobs } from "@db/schema";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import { createTestContext, type TestContext } from "@test/support/context";
import { listJobs, runJobNow } from "./admin.server";
import { APP_JOBS } from "./registry.server";
import { runJobIfDue, type Job } from "./scheduler.server";
import { makeActor } from "@test/support/actors";

let ctx: TestContext;
let admin: Actor;
let reviewer: Actor;
let bank: Actor;
let runs: number;
let failNext: boolean;
let hold: Promise<void> | null;

const job: Job = {
  name: "t.daily",
  cadence: { cron: "0 9 * * *" },
  async run() {
    runs++;
    if (hold) await hold;
    if (failNext) throw new Error("SMTP refused");
    return { counts: { sent: runs } };
  },
};
const lookup = (name: string) => (name === job.name ? job : undefined);

beforeEach(() => {
  ctx = createTestContext();
  admin = makeActor(ctx, { orgKind: "exchange", roles: ["exchange_admin"] });
  reviewer = makeActor(ctx, { orgKind: "exchange", roles: ["reviewer"], orgId: admin.orgId });
  bank = makeActor(ctx, { orgKind: "institution" });
  runs = 0;
  failNext = false;
  hold = null;
});

describe("jobs admin", () => {
  it("lists every registered job with its schedule, for exchange admins only", () => {
    const list = listJobs(ctx, admin, APP_JOBS);
    expect(list.map((j) => j.name)).toEqual(APP_JOBS.map((j) => j.name));
    const custody = list.find((j) => j.name === "custody.remind")!;
    expect(custody).toMatchObject({ cadence: { cron: "0 9 * * *" }, lastStatus: null, running: false, nextDueAt: Date.parse("2026-03-03T09:00:00+08:00") });
    expect(() => listJobs(ctx, reviewer, APP_JOBS)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => listJobs(ctx, bank, APP_JOBS)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it("Run now runs a job that is not due, records the result, and is audited", async () => {
    const result = await runJobNow(ctx, admin, job.name, lookup);
    expect(result).toMatchObject({ ran: true, report: { status: "ok", outcome: { counts: { sent: 1 } } } });
    const [view] = listJobs(ctx, admin, [job]);
    expect(view).toMatchObject({ lastStatus: "ok", lastOutcome: { counts: { sent: 1 } }, runCount: 1, nextDueAt: Date.parse("2026-03-03T09:00:00+08:00") });
    const entry = ctx.db.select().from(auditLog).where(eq(auditLog.action, "jobs.run_now")).get()!;
    expect(entry).toMatchObject({ actorUserId: admin.userId, subjectType: "scheduled_job", subjectId: job.name });
    expect(JSON.parse(entry.data)).toEqual({ status: "ok", counts: { sent: 1 }, skipped: null, error: null });
    expect(verifyAuditChain(ctx).ok).toBe(true);
  });

  it("a failed Run now is shown with its error and audited as failed", async () => {
    failNext = true;
    expect(await runJobNow(ctx, admin, job.name, lookup)).toMatchObject({ ran: true, report: { status: "failed", error: "Error: SMTP refused" } });
    expect(listJobs(ctx, admin, [job])[0]).toMatchObject({ lastStatus: "failed", lastError: "Error: SMTP refused", consecutiveFailures: 1 });
    expect(JSON.parse(ctx.db.select().from(auditLog).where(eq(auditLog.action, "jobs.run_now")).get()!.data)).toMatchObject({ status: "failed" });
  });

  it("Run now while the job runs elsewhere is refused as busy, without running it twice", async () => {
    let release: () => void = () => {};
    hold = new Promise<void>((resolve) => (release = resolve));
    const elsewhere = runJobIfDue(ctx, job, "other-process", { force: true });
    await new Promise((resolve) => setImmediate(resolve));
    expect(listJobs(ctx, admin, [job])[0]).toMatchObject({ running: true, leaseOwner: "other-process" });
    expect(await runJobNow(ctx, admin, job.name, lookup)).toEqual({ ran: false, reason: "busy" });
    release();
    await elsewhere;
    expect(runs).toBe(1);
    expect(ctx.db.select().from(auditLog).where(eq(auditLog.action, "jobs.run_now")).all()).toHaveLength(0);
  });

  it("refuses other users and unknown jobs", async () => {
    await expect(runJobNow(ctx, reviewer, job.name, lookup)).rejects.toMatchObject({ status: 403 });
    await expect(runJobNow(ctx, bank, job.name, lookup)).rejects.toMatchObject({ status: 403 });
    await expect(runJobNow(ctx, admin, "no.such.job", lookup)).rejects.toMatchObject({ status: 404 });
    expect(runs).toBe(0);
    expect(ctx.db.select().from(scheduledJobs).all()).toHaveLength(0);
  });
});

describe("jobs page strings", () => {
  /** Every leaf path under an object, e.g. "names.mail.deliver.title". */
  const leaves = (o: object, prefix = ""): string[] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === "object" ? leaves(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));

  it("name and describe every registered job in zh-CN and en, with the same keys in both", () => {
    const zhKeys = leaves(zh.jobs);
    expect(leaves(en.jobs)).toEqual(zhKeys);
    for (const job of APP_JOBS) {
      expect(zhKeys).toContain(`names.${job.name}.title`);
      expect(zhKeys).toContain(`names.${job.name}.about`);
    }
    expect(zhKeys).toContain("skipped.notWorkingDay");
    for (const key of ["sent", "queued", "expired", "reminded", "notices", "admitted", "rejected", "waiting", "failed"]) expect(zhKeys).toContain(`counts.${key}`);
  });
});
