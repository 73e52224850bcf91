import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, boardMemberships, custodyRecords, disclosureDuties, disclosureObligations, notifications } from "@db/schema";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { confirmSponsoredApplication, getApplicationDetail, listOwnApplications, saveApplicationStep, startApplication, submitApplication, addApplicationFile, withdrawApplication } from "./applications.server";
import { forwardApplications, listBureauQueue, returnApplication } from "./bureau-queue.server";
import { admitFromNotice, endNoticeEarly, getPublicNotice, listPublicNotices, lodgeObjection, reviewObjection } from "./notices.server";
import { assembleAdmissionPlan, decidePlan, getPlanDetail, listPlans, submitPlan } from "./plans.server";
import { setRoundAccepting } from "./rounds.server";
import { decideTier } from "./tier-decisions.server";
import { testUscc } from "./testing";
import { appState, DAY, fillApplication, pdf, roundState, throughToNotice, world, type World } from "./testing-world";

describe("admission workflow", () => {
  let w: World;
  beforeEach(() => {
    w = world();
  });

  it("runs apply → forward → check → plan → joint approval → notice → admission, with the audit chain intact", () => {
    const { appId, noticeId } = throughToNotice(w);
    expect(appState(w, appId)).toBe("on_notice");
    expect(roundState(w)).toBe("on_notice");
    const pub = getPublicNotice(w.ctx, noticeId);
    expect(pub.entries.map((e) => e.enterpriseName)).toEqual(["金沙锂电"]);
    expect(pub.phase).toBe("open");
    // 5 working days from Mon 2026-03-02: Mar 2–6.
    expect(pub.notice).toMatchObject({ startsOn: "2026-03-02", endsOn: "2026-03-06" });

    expect(() => admitFromNotice(w.ctx, w.reviewer, noticeId)).toThrow(/noticeStillRunning/);
    w.ctx.clock.advance(7 * DAY); // Monday 2026-03-09
    expect(admitFromNotice(w.ctx, w.reviewer, noticeId)).toEqual({ admitted: 1, rejected: 0 });
    expect(appState(w, appId)).toBe("admitted");
    expect(roundState(w)).toBe("closed");
    const m = w.ctx.db.select().from(boardMemberships).where(eq(boardMemberships.enterpriseOrgId, w.ent.orgId)).get()!;
    expect(m).toMatchObject({ status: "listed", entryDate: "2026-03-09" });
    expect(m.servicePersonUserId).not.toBeNull();
    const custody = w.ctx.db.select().from(custodyRecords).where(eq(custodyRecords.membershipId, m.id)).get()!;
    expect(custody.totalShares).toBe(50_000_000);
    // The A round it declared is equity financing: the three regulators receive its quarterly directed disclosure from entry.
    expect(w.ctx.db.select().from(disclosureDuties).where(eq(disclosureDuties.enterpriseOrgId, w.ent.orgId)).all()).toMatchObject([{ sourceKind: "declared_pe_round", investorName: "雪莲创投", frequency: "quarterly", startsOn: "2026-03-09" }]);
    expect(w.ctx.db.select({ r: disclosureObligations.recipientOrgId }).from(disclosureObligations).where(eq(disclosureObligations.enterpriseOrgId, w.ent.orgId)).all().map((o) => o.r).sort()).toEqual(w.regulators.map((r) => r.orgId).sort());
    const entNotes = w.ctx.db.select().from(notifications).all().filter((n) => n.payload.includes("board:notify.admitted"));
    expect(entNotes.length).toBeGreaterThanOrEqual(2); // the enterprise and its bureau
    expect(verifyAuditChain(w.ctx).ok).toBe(true);
    const actions = w.ctx.db.select({ a: auditLog.action }).from(auditLog).all().map((r) => r.a);
    for (const a of ["board.application.submitted", "board.application.forwarded", "board.tier.decided", "board.plan.submitted", "board.plan.approved", "board.notice.published", "board.membership.admitted", "board.custody.opened"]) {
      expect(actions).toContain(a);
    }
  });

  it("an upheld objection blocks that enterprise's admission; an open one blocks closing the notice", () => {
    const { appId, noticeId } = throughToNotice(w);
    const item = getPublicNotice(w.ctx, noticeId).entries[0]!;
    const { id } = lodgeObjection(
      w.ctx,
      noticeId,
      { planItemId: item.planItemId, objectorName: "张三", objectorIdNumber: "650102198001011234", objectorOrganisation: "某公司", objectorPhone: "13800000000", reasons: "该企业财务数据与年报不一致，请核实。" },
      [{ fileName: "proof.pdf", bytes: pdf }],
    );
    w.ctx.clock.advance(7 * DAY);
    expect(() => admitFromNotice(w.ctx, w.reviewer, noticeId)).toThrow(/objectionsOpen/);
    reviewObjection(w.ctx, w.reviewer, id, { decision: "upheld", comment: "经核实，年报数据不一致" });
    expect(admitFromNotice(w.ctx, w.reviewer, noticeId)).toEqual({ admitted: 0, rejected: 1 });
    expect(appState(w, appId)).toBe("rejected");
    expect(w.ctx.db.select().from(boardMemberships).all()).toHaveLength(0);
  });

  it("refuses objections outside the period, and early ending while an objection is open", () => {
    const { noticeId } = throughToNotice(w);
    const item = getPublicNotice(w.ctx, noticeId).entries[0]!;
    const objection = { planItemId: item.planItemId, objectorName: "李四", objectorIdNumber: "650102198001011234", objectorOrganisation: "某协会", objectorPhone: "13800000001", reasons: "申报材料存在疑点，请复核。" };
    const { id } = lodgeObjection(w.ctx, noticeId, objection);
    expect(() => endNoticeEarly(w.ctx, w.admin, noticeId, "监管部门同意缩短公示期")).toThrow(/objectionsOpen/);
    reviewObjection(w.ctx, w.reviewer, id, { decision: "dismissed", comment: "经核实无问题" });
    expect(() => endNoticeEarly(w.ctx, w.reviewer, noticeId, "监管部门同意缩短公示期")).toThrow(/forbidden/);
    endNoticeEarly(w.ctx, w.admin, noticeId, "监管部门同意缩短公示期");
    expect(() => lodgeObjection(w.ctx, noticeId, objection)).toThrow(/noticeNotOpen/);
    expect(admitFromNotice(w.ctx, w.reviewer, noticeId).admitted).toBe(1);
  });

  it("a returned plan goes back to review; approval needs all three on the same submission", () => {
    const app = startApplication(w.ctx, w.ent, { roundId: w.roundId });
    fillApplication(w, w.ent, app.id);
    submitApplication(w.ctx, w.ent, app.id);
    forwardApplications(w.ctx, w.bureau, [app.id]);
    setRoundAccepting(w.ctx, w.admin, w.roundId, false);
    decideTier(w.ctx, w.reviewer, { applicationId: app.id });
    const plan = assembleAdmissionPlan(w.ctx, w.reviewer, w.roundId);
    submitPlan(w.ctx, w.reviewer, plan.id);
    expect(decidePlan(w.ctx, w.regulators[0]!, plan.id, { decision: "approved" }).outcome).toBe("pending");
    expect(() => decidePlan(w.ctx, w.regulators[0]!, plan.id, { decision: "approved" })).toThrow(/alreadyDecided/);
    expect(() => decidePlan(w.ctx, w.regulators[1]!, plan.id, { decision: "returned" })).toThrow();
    decidePlan(w.ctx, w.regulators[1]!, plan.id, { decision: "returned", comment: "请补充研发投入说明" });
    expect(roundState(w)).toBe("under_review");
    expect(appState(w, app.id)).toBe("checked");
    expect(() => decidePlan(w.ctx, w.regulators[2]!, plan.id, { decision: "approved" })).toThrow(/planNotSubmitted/);
    const again = assembleAdmissionPlan(w.ctx, w.reviewer, w.roundId);
    expect(again.id).toBe(plan.id);
    submitPlan(w.ctx, w.reviewer, plan.id);
    decidePlan(w.ctx, w.regulators[0]!, plan.id, { decision: "approved" });
    decidePlan(w.ctx, w.regulators[1]!, plan.id, { decision: "approved" });
    expect(getPlanDetail(w.ctx, w.reviewer, plan.id).plan.state).toBe("submitted");
    decidePlan(w.ctx, w.regulators[2]!, plan.id, { decision: "approved" });
    expect(getPlanDetail(w.ctx, w.reviewer, plan.id).plan.state).toBe("approved");
  });

  it("an exclusion by one regulator keeps that enterprise off the notice", () => {
    const a1 = startApplication(w.ctx, w.ent, { roundId: w.roundId });
    fillApplication(w, w.ent, a1.id);
    submitApplication(w.ctx, w.ent, a1.id);
    const a2 = startApplication(w.ctx, w.otherEnt, { roundId: w.roundId });
    fillApplication(w, w.otherEnt, a2.id);
    submitApplication(w.ctx, w.otherEnt, a2.id);
    expect(forwardApplications(w.ctx, w.bureau, [a1.id, a2.id])).toBe(2);
    setRoundAccepting(w.ctx, w.admin, w.roundId, false);
    decideTier(w.ctx, w.reviewer, { applicationId: a1.id });
    decideTier(w.ctx, w.reviewer, { applicationId: a2.id, finalTier: "incubation", overrideReason: "研发投入数据待核实，暂入孵化层" });
    const plan = assembleAdmissionPlan(w.ctx, w.reviewer, w.roundId);
    submitPlan(w.ctx, w.reviewer, plan.id);
    const items = getPlanDetail(w.ctx, w.regulators[0]!, plan.id).items;
    const excluded = items.find((i) => i.enterpriseName === "云谷数据")!;
    decidePlan(w.ctx, w.regulators[0]!, plan.id, { decision: "approved", exclusions: [{ planItemId: excluded.id, reason: "存在未决行政处罚" }] });
    decidePlan(w.ctx, w.regulators[1]!, plan.id, { decision: "approved" });
    decidePlan(w.ctx, w.regulators[2]!, plan.id, { decision: "approved" });
    const notice = getPublicNotice(w.ctx, listPublicNotices(w.ctx)[0]!.id);
    expect(notice.entries.map((e) => e.enterpriseName)).toEqual(["金沙锂电"]);
    expect(appState(w, a2.id)).toBe("rejected");
  });

  it("illegal transitions are refused", () => {
    const app = startApplication(w.ctx, w.ent, { roundId: w.roundId });
    expect(() => submitApplication(w.ctx, w.ent, app.id)).toThrow(/incomplete/);
    expect(() => forwardApplications(w.ctx, w.bureau, [app.id])).toThrow(/notFound/); // drafts are not in the queue
    fillApplication(w, w.ent, app.id);
    submitApplication(w.ctx, w.ent, app.id);
    expect(() => saveApplicationStep(w.ctx, w.ent, app.id, "basics", { industrySection: "C", mainBusiness: "改动主营业务", contacts: [{ role: "contact", name: "甲", phone: "13800000000" }] })).toThrow(/applicationLocked/);
    expect(() => decideTier(w.ctx, w.reviewer, { applicationId: app.id })).toThrow(/applicationNotCheckable/);
    expect(() => assembleAdmissionPlan(w.ctx, w.reviewer, w.roundId)).toThrow(/roundNotUnderReview/);
    returnApplication(w.ctx, w.bureau, app.id, "请补充认定证书扫描件");
    expect(appState(w, app.id)).toBe("returned");
    expect(() => forwardApplications(w.ctx, w.bureau, [app.id])).toThrow(/notInQueue/);
    submitApplication(w.ctx, w.ent, app.id);
    forwardApplications(w.ctx, w.bureau, [app.id]);
    expect(() => withdrawApplication(w.ctx, w.ent, app.id)).toThrow(/cannotWithdraw/);
    setRoundAccepting(w.ctx, w.admin, w.roundId, false);
    expect(() => assembleAdmissionPlan(w.ctx, w.reviewer, w.roundId)).toThrow(/planEmpty/);
    expect(() => startApplication(w.ctx, w.otherEnt, { roundId: w.roundId })).toThrow(/roundNotOpen/);
    expect(() => decideTier(w.ctx, w.reviewer, { applicationId: app.id, finalTier: "cultivation" })).toThrow(/overrideNeedsReason/);
  });

  it("a sponsored application counts only after the enterprise confirms it", () => {
    const app = startApplication(w.ctx, w.sponsor, { roundId: w.roundId, enterpriseUscc: testUscc(1), sponsorRelation: "invested" });
    expect(app.channel).toBe("sponsor");
    fillApplication(w, w.sponsor, app.id);
    expect(() => submitApplication(w.ctx, w.sponsor, app.id)).toThrow(/incomplete/); // due diligence missing
    addApplicationFile(w.ctx, w.sponsor, app.id, { kind: "due_diligence", fileName: "尽调报告.pdf", bytes: pdf });
    expect(submitApplication(w.ctx, w.sponsor, app.id)).toBe("draft");
    expect(listBureauQueue(w.ctx, w.bureau)).toHaveLength(0);
    expect(() => confirmSponsoredApplication(w.ctx, w.otherEnt, app.id)).toThrow(/notFound/);
    confirmSponsoredApplication(w.ctx, w.ent, app.id);
    expect(listBureauQueue(w.ctx, w.bureau).map((a) => a.id)).toEqual([app.id]);
  });

  it("files are checked by content and size", () => {
    const app = startApplication(w.ctx, w.ent, { roundId: w.roundId });
    expect(() => addApplicationFile(w.ctx, w.ent, app.id, { kind: "other", fileName: "x.pdf", bytes: new TextEncoder().encode("#!/bin/sh\necho hi") })).toThrow(/fileType/);
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(pdf);
    expect(() => addApplicationFile(w.ctx, w.ent, app.id, { kind: "other", fileName: "big.pdf", bytes: big })).toThrow(/fileTooLarge/);
    expect(() => addApplicationFile(w.ctx, w.ent, app.id, { kind: "due_diligence", fileName: "dd.pdf", bytes: pdf })).toThrow(/dueDiligenceSponsorOnly/);
    expect(addApplicationFile(w.ctx, w.ent, app.id, { kind: "srdi_certificate", fileName: "证书.pdf", bytes: pdf }).mimeType).toBe("application/pdf");
  });
});

describe("who sees what", () => {
  it("bureaus see only their prefecture, enterprises only their own, regulators plans but not drafts", () => {
    const w = world();
    const app = startApplication(w.ctx, w.ent, { roundId: w.roundId });
    fillApplication(w, w.ent, app.id);
    // A draft is the enterprise's alone.
    expect(() => getApplicationDetail(w.ctx, w.bureau, app.id)).toThrow(/notFound/);
    submitApplication(w.ctx, w.ent, app.id);
    expect(getApplicationDetail(w.ctx, w.bureau, app.id).app.id).toBe(app.id);
    expect(listBureauQueue(w.ctx, w.bureau)).toHaveLength(1);
    expect(listBureauQueue(w.ctx, w.otherBureau)).toHaveLength(0);
    for (const outsider of [w.otherBureau, w.otherEnt, w.sponsor, ...w.regulators]) {
      expect(() => getApplicationDetail(w.ctx, outsider, app.id)).toThrow(/notFound/);
    }
    expect(() => returnApplication(w.ctx, w.otherBureau, app.id, "不属于本地区")).toThrow(/notFound/);
    expect(() => forwardApplications(w.ctx, w.otherBureau, [app.id])).toThrow(/notFound/);
    expect(listOwnApplications(w.ctx, w.otherEnt)).toHaveLength(0);
    expect(listOwnApplications(w.ctx, w.ent)).toHaveLength(1);

    forwardApplications(w.ctx, w.bureau, [app.id]);
    setRoundAccepting(w.ctx, w.admin, w.roundId, false);
    decideTier(w.ctx, w.reviewer, { applicationId: app.id });
    const plan = assembleAdmissionPlan(w.ctx, w.reviewer, w.roundId);
    // A draft plan is the exchange's working paper.
    expect(listPlans(w.ctx, w.regulators[0]!)).toHaveLength(0);
    expect(() => getPlanDetail(w.ctx, w.regulators[0]!, plan.id)).toThrow(/notFound/);
    for (const outsider of [w.bureau, w.ent, w.sponsor]) {
      expect(() => getPlanDetail(w.ctx, outsider, plan.id)).toThrow(/notFound/);
      expect(() => listPlans(w.ctx, outsider)).toThrow(/forbidden/);
    }
    submitPlan(w.ctx, w.reviewer, plan.id);
    expect(listPlans(w.ctx, w.regulators[0]!)).toHaveLength(1);
    expect(getPlanDetail(w.ctx, w.regulators[0]!, plan.id).items).toHaveLength(1);
    expect(() => decidePlan(w.ctx, w.reviewer, plan.id, { decision: "approved" })).toThrow(/forbidden/);
    expect(() => submitPlan(w.ctx, w.regulators[0]!, plan.id)).toThrow(/forbidden/);
  });
});
