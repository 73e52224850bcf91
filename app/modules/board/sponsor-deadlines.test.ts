import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, boardApplications, notifications, SPONSOR_RELATIONS, tierPlans } from "@db/schema";
import { addApplicationFile, confirmSponsoredApplication, getApplicationDetail, startApplication, submitApplication } from "./applications.server";
import { forwardApplications, listBureauQueue } from "./bureau-queue.server";
import { assembleAdmissionPlan, getPlanDetail, submitPlan } from "./plans.server";
import { openRound, setRoundAccepting } from "./rounds.server";
import { decideTier, recordAssessment } from "./tier-decisions.server";
import { testUscc } from "./testing";
import { fillApplication, pdf, world, type World } from "./testing-world";

describe("sponsor channel (Attachment 1 §(三))", () => {
  let w: World;
  beforeEach(() => {
    w = world();
  });

  it("a sponsor that states no relation to the enterprise is refused", () => {
    expect(() => startApplication(w.ctx, w.sponsor, { roundId: w.roundId, enterpriseUscc: testUscc(1) })).toThrow(/sponsorRelationRequired/);
  });

  it.each(SPONSOR_RELATIONS)("a sponsor that %s the enterprise may apply, and the relation is recorded", (relation) => {
    const app = startApplication(w.ctx, w.sponsor, { roundId: w.roundId, enterpriseUscc: testUscc(1), sponsorRelation: relation });
    expect(w.ctx.db.select({ r: boardApplications.sponsorRelation }).from(boardApplications).where(eq(boardApplications.id, app.id)).get()!.r).toBe(relation);
  });

  it.each([
    ["no material", [], /incomplete/],
    ["a due-diligence report", ["due_diligence"], null],
    ["an audit report already issued", ["audit_report"], null],
  ] as const)("submitting with %s", (_name, kinds, error) => {
    const app = startApplication(w.ctx, w.sponsor, { roundId: w.roundId, enterpriseUscc: testUscc(1), sponsorRelation: "advised" });
    fillApplication(w, w.sponsor, app.id);
    for (const kind of kinds) addApplicationFile(w.ctx, w.sponsor, app.id, { kind, fileName: `${kind}.pdf`, bytes: pdf });
    if (error) expect(() => submitApplication(w.ctx, w.sponsor, app.id)).toThrow(error);
    else expect(submitApplication(w.ctx, w.sponsor, app.id)).toBe("draft"); // waits for the enterprise's confirmation
  });

  it("a bureau's own entry needs no relation", () => {
    expect(startApplication(w.ctx, w.bureau, { roundId: w.roundId, enterpriseUscc: testUscc(1) }).sponsorRelation).toBeNull();
  });
});

describe("round deadlines: a forward after the bureau's deadline goes to the next round or is refused with the date", () => {
  let w: World;
  let appId: string;
  beforeEach(() => {
    w = world(); // the round's bureau deadline is 2026-03-20
    const app = startApplication(w.ctx, w.ent, { roundId: w.roundId });
    fillApplication(w, w.ent, app.id);
    submitApplication(w.ctx, w.ent, app.id);
    appId = app.id;
  });
  const roundOf = () => w.ctx.db.select({ r: boardApplications.roundId }).from(boardApplications).where(eq(boardApplications.id, appId)).get()!.r;

  it.each([
    ["the deadline day itself (10:00 Shanghai)", Date.UTC(2026, 2, 20, 2), "same"],
    ["the deadline day's last minutes (23:30 Shanghai)", Date.UTC(2026, 2, 20, 15, 30), "same"],
    ["just after midnight Shanghai (the day after)", Date.UTC(2026, 2, 20, 16, 30), "next"],
    ["the day after", Date.UTC(2026, 2, 21, 2), "next"],
  ])("%s", (_name, at, expected) => {
    const next = openRound(w.ctx, w.admin, { name: "2026年第二批", bureauDeadline: "2026-06-30", planDeadline: "2026-07-15" });
    w.ctx.clock.ms = at;
    const outlook = listBureauQueue(w.ctx, w.bureau)[0]!.forwardOutlook;
    expect(outlook).toEqual(expected === "same" ? { kind: "onTime" } : { kind: "nextRound", deadline: "2026-03-20", next: "2026年第二批" });
    forwardApplications(w.ctx, w.bureau, [appId]);
    expect(roundOf()).toBe(expected === "same" ? w.roundId : next.id);
  });

  it("with no open round to move to, the forward is refused with the missed date", () => {
    openRound(w.ctx, w.admin, { name: "已过期批次", bureauDeadline: "2026-03-10", planDeadline: "2026-03-31" }); // its deadline has passed too
    w.ctx.clock.ms = Date.UTC(2026, 2, 21, 2);
    expect(listBureauQueue(w.ctx, w.bureau)[0]!.forwardOutlook).toEqual({ kind: "refused", deadline: "2026-03-20" });
    try {
      forwardApplications(w.ctx, w.bureau, [appId]);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ message: "boardRules:errors.pastBureauDeadline", values: { deadline: "2026-03-20" } });
    }
    expect(roundOf()).toBe(w.roundId);
  });

  it("an enterprise that already applied in the next round is refused rather than doubled", () => {
    const next = openRound(w.ctx, w.admin, { name: "2026年第二批", bureauDeadline: "2026-06-30", planDeadline: "2026-07-15" });
    startApplication(w.ctx, w.ent, { roundId: next.id });
    w.ctx.clock.ms = Date.UTC(2026, 2, 21, 2);
    expect(() => forwardApplications(w.ctx, w.bureau, [appId])).toThrow(/pastDeadlineAlreadyInNext/);
  });
});

describe("round deadlines: an enterprise submitting after the bureau deadline goes to the next round or is refused with the date (notice §四(二))", () => {
  let w: World;
  let appId: string;
  beforeEach(() => {
    w = world(); // the round's bureau deadline is 2026-03-20
    const app = startApplication(w.ctx, w.ent, { roundId: w.roundId });
    fillApplication(w, w.ent, app.id);
    appId = app.id;
  });
  const row = () => w.ctx.db.select({ r: boardApplications.roundId, s: boardApplications.state }).from(boardApplications).where(eq(boardApplications.id, appId)).get()!;

  it.each([
    ["the deadline day itself (10:00 Shanghai)", Date.UTC(2026, 2, 20, 2), "same"],
    ["the deadline day's last minutes (23:30 Shanghai)", Date.UTC(2026, 2, 20, 15, 30), "same"],
    ["just after midnight Shanghai (the day after, still the 20th in UTC)", Date.UTC(2026, 2, 20, 16, 30), "next"],
    ["the day after", Date.UTC(2026, 2, 21, 2), "next"],
  ])("%s", (_name, at, expected) => {
    const next = openRound(w.ctx, w.admin, { name: "2026年第二批", bureauDeadline: "2026-06-30", planDeadline: "2026-07-15" });
    w.ctx.clock.ms = at;
    expect(getApplicationDetail(w.ctx, w.ent, appId).submitOutlook).toEqual(expected === "same" ? { kind: "onTime" } : { kind: "nextRound", deadline: "2026-03-20", next: "2026年第二批" });
    expect(submitApplication(w.ctx, w.ent, appId)).toBe("submitted");
    expect(row()).toEqual({ r: expected === "same" ? w.roundId : next.id, s: "submitted" });
    const told = w.ctx.db.select().from(notifications).all().filter((n) => n.payload.includes("boardRules:notify.submittedToNextRound"));
    expect(told.length).toBe(expected === "same" ? 0 : 1);
    // The bureau then forwards it within the next round's own deadline.
    if (expected === "next") expect(forwardApplications(w.ctx, w.bureau, [appId])).toBe(1);
  });

  it("with no open round to move to, the submission is refused with the missed date and stays a draft", () => {
    w.ctx.clock.ms = Date.UTC(2026, 2, 21, 2);
    expect(getApplicationDetail(w.ctx, w.ent, appId).submitOutlook).toEqual({ kind: "refused", deadline: "2026-03-20" });
    try {
      submitApplication(w.ctx, w.ent, appId);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ message: "boardRules:errors.pastBureauDeadline", values: { deadline: "2026-03-20" } });
    }
    expect(row()).toEqual({ r: w.roundId, s: "draft" });
  });

  it("a sponsored application the enterprise confirms after the deadline moves to the next round", () => {
    const sponsored = startApplication(w.ctx, w.sponsor, { roundId: w.roundId, enterpriseUscc: testUscc(2), sponsorRelation: "lent" });
    fillApplication(w, w.sponsor, sponsored.id);
    addApplicationFile(w.ctx, w.sponsor, sponsored.id, { kind: "audit_report", fileName: "audit.pdf", bytes: pdf });
    expect(submitApplication(w.ctx, w.sponsor, sponsored.id)).toBe("draft");
    const next = openRound(w.ctx, w.admin, { name: "2026年第二批", bureauDeadline: "2026-06-30", planDeadline: "2026-07-15" });
    w.ctx.clock.ms = Date.UTC(2026, 2, 21, 2);
    confirmSponsoredApplication(w.ctx, w.otherEnt, sponsored.id);
    expect(w.ctx.db.select({ r: boardApplications.roundId }).from(boardApplications).where(eq(boardApplications.id, sponsored.id)).get()!.r).toBe(next.id);
  });
});

describe("the exchange's plan deadline (notice §四(三)): after it the plan goes to the regulators only with the reason for the delay", () => {
  let w: World;
  let planId: string;
  beforeEach(() => {
    w = world(); // the round's plan deadline is 2026-03-31
    const app = startApplication(w.ctx, w.ent, { roundId: w.roundId });
    fillApplication(w, w.ent, app.id);
    submitApplication(w.ctx, w.ent, app.id);
    forwardApplications(w.ctx, w.bureau, [app.id]);
    setRoundAccepting(w.ctx, w.admin, w.roundId, false);
    recordAssessment(w.ctx, w.reviewer, { applicationId: app.id, mainBusinessClear: true, goingConcern: true, listingPotential: true });
    decideTier(w.ctx, w.reviewer, { applicationId: app.id });
    planId = assembleAdmissionPlan(w.ctx, w.reviewer, w.roundId).id;
  });
  const plan = () => w.ctx.db.select().from(tierPlans).where(eq(tierPlans.id, planId)).get()!;

  it.each([
    ["the deadline day itself (09:00 Shanghai)", Date.UTC(2026, 2, 31, 1), false],
    ["the deadline day's last minutes (23:50 Shanghai)", Date.UTC(2026, 2, 31, 15, 50), false],
    ["just after midnight Shanghai (still the 31st in UTC)", Date.UTC(2026, 2, 31, 16, 10), true],
    ["the day after", Date.UTC(2026, 3, 1, 2), true],
  ])("%s", (_name, at, late) => {
    w.ctx.clock.ms = at;
    expect(getPlanDetail(w.ctx, w.reviewer, planId).lateness).toEqual(late ? { deadline: "2026-03-31" } : null);
    if (late) {
      expect(() => submitPlan(w.ctx, w.reviewer, planId)).toThrow(/pastPlanDeadline/);
      expect(() => submitPlan(w.ctx, w.reviewer, planId, { lateReason: "  " })).toThrow(/pastPlanDeadline/);
      expect(plan().state).toBe("draft");
      submitPlan(w.ctx, w.reviewer, planId, { lateReason: "两家企业补充审计报告，延后三天" });
      expect(plan()).toMatchObject({ state: "submitted", lateReason: "两家企业补充审计报告，延后三天" });
      const audit = w.ctx.db.select().from(auditLog).where(eq(auditLog.action, "board.plan.submitted")).get()!;
      expect(JSON.parse(audit.data as string)).toMatchObject({ late: { deadline: "2026-03-31", reason: "两家企业补充审计报告，延后三天" } });
      expect(w.ctx.db.select().from(notifications).all().filter((n) => n.payload.includes("boardRules:notify.planSubmittedLate"))).toHaveLength(3);
      expect(getPlanDetail(w.ctx, w.regulators[0]!, planId).plan.lateReason).toBe("两家企业补充审计报告，延后三天");
    } else {
      submitPlan(w.ctx, w.reviewer, planId);
      expect(plan()).toMatchObject({ state: "submitted", lateReason: null });
    }
  });
});
