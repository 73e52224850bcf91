import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, boardMemberships, retieringRuns } from "@db/schema";
import { saveFinancialStatement } from "~/modules/enterprises/profiles.server";
import type { Actor } from "~/modules/identity/actor";
import { newId } from "~/utils/ids";
import { startScheduledRetiering } from "./board-jobs.server";
import { currentFacts, listFactUpdates, reviewFactUpdate, submitFactUpdate, type FactSet } from "./fact-updates.server";
import { getRetieringRun, startRetieringRun } from "./retiering.server";
import { getBoardSettings, updateBoardSettings } from "./settings.server";
import { makeApplication, makeRound } from "@test/support/board";
import { world, type World } from "@test/support/board-world";
import { makeActor } from "@test/support/actors";
import { makeUscc } from "@test/support/uscc";

const SRDI: FactSet = {
  srdiStatus: "srdi_sme",
  srdiCertificateNo: "XJ-ZJTX-2024-0001",
  smeSize: "small",
  govFundInvested: false,
  listingReserve: false,
  ipoTutoring: false,
  neeqStatus: "never",
  plansIpo: false,
  listingPlanMarket: null,
  peRounds: [],
};

describe("re-tiering from current facts (Attachment 1 §(五))", () => {
  let w: World;
  let ent: Actor;
  let servicePerson: Actor;
  let appId: string;
  beforeEach(() => {
    w = world();
    servicePerson = makeActor(w.ctx, { orgKind: "exchange", roles: ["service_specialist"], orgId: w.admin.orgId });
    ent = makeActor(w.ctx, { orgKind: "enterprise", prefectureCode: "6501", uscc: makeUscc(500), orgName: "阿勒泰新材" });
    appId = makeApplication(w.ctx, {
      roundId: makeRound(w.ctx, "closed"),
      enterpriseOrgId: ent.orgId,
      state: "admitted",
      values: { srdiStatus: "srdi_sme", srdiCertificateNo: "XJ-1" },
      financials: [{ fiscalYear: 2024, revenue: 50_000_000, netProfit: 5_000_000, netAssets: 30_000_000, rdExpense: 3_000_000, operatingCashFlow: 4_000_000, totalShares: 20_000_000 }],
    });
    w.ctx.db.insert(boardMemberships).values({ id: newId(), enterpriseOrgId: ent.orgId, tier: "standardisation", entryDate: "2025-03-03", status: "listed", servicePersonUserId: servicePerson.userId }).run();
  });
  const decisionFor = (runId: string) => getRetieringRun(w.ctx, w.reviewer, runId).decisions.find((d) => d.enterpriseOrgId === ent.orgId)!;

  it("an enterprise that became a little giant is moved up only once the exchange confirmed the update, and the run says which version it read", () => {
    const v1 = submitFactUpdate(w.ctx, ent, { enterpriseOrgId: ent.orgId, facts: { ...SRDI, srdiStatus: "little_giant", srdiCertificateNo: "工信部-2025-小巨人-088" }, evidence: "工信部第七批小巨人公示名单第 88 号" });
    expect(v1.version).toBe(1);
    // Not confirmed yet: the run reads the admission file.
    const before = decisionFor(startRetieringRun(w.ctx, w.admin, 2026).id);
    expect(before).toMatchObject({ action: "keep", proposedTier: "standardisation" });
    expect(before.evidenceText).toContain("入板申请所载事实");

    reviewFactUpdate(w.ctx, w.reviewer, v1.id, { decision: "confirm" });
    const after = decisionFor(startRetieringRun(w.ctx, w.admin, 2027).id);
    expect(after).toMatchObject({ action: "move", proposedTier: "cultivation", ruleMatched: "cultivation.littleGiant" });
    expect(after.evidenceText.split("\n")[0]).toBe("调层依据：企业事实第 1 版（2026-03-02 确认）；财务数据：2024 年（入板申请）");
    expect((after.evidence as { factsSource: { factUpdate: { version: number } } }).factsSource.factUpdate.version).toBe(1);
  });

  it("reads audited statements for years after the application, not unaudited ones", () => {
    saveFinancialStatement(w.ctx, ent, { fiscalYear: 2025, revenue: 80_000_000, netProfit: 9_000_000, netAssets: 40_000_000, totalAssets: 60_000_000, liabilities: 20_000_000, rdExpense: 5_000_000, operatingCashFlow: 6_000_000, shareCapital: 20_000_000, audited: true });
    saveFinancialStatement(w.ctx, ent, { fiscalYear: 2026, revenue: 90_000_000, netProfit: 9_000_000, netAssets: 40_000_000, totalAssets: 60_000_000, liabilities: 20_000_000, rdExpense: 5_000_000, operatingCashFlow: 6_000_000, audited: false });
    const { facts, source } = currentFacts(w.ctx, ent.orgId, appId);
    expect(facts.financials.map((y) => [y.fiscalYear, y.revenue, y.shareCapital])).toEqual([
      [2025, 80_000_000, 20_000_000],
      [2024, 50_000_000, null],
    ]);
    expect(source.financialYears).toEqual([
      { fiscalYear: 2025, from: "auditedStatement" },
      { fiscalYear: 2024, from: "application" },
    ]);
  });

  it("who may file and review: the enterprise and its service person file; reviewers decide; others see nothing", () => {
    const byServicePerson = submitFactUpdate(w.ctx, servicePerson, { enterpriseOrgId: ent.orgId, facts: { ...SRDI, ipoTutoring: true }, evidence: "新疆证监局辅导备案公示" });
    expect(() => submitFactUpdate(w.ctx, ent, { enterpriseOrgId: ent.orgId, facts: SRDI, evidence: "再次提交" })).toThrow(/factUpdatePending/);
    for (const outsider of [w.otherEnt, w.sponsor, makeActor(w.ctx, { orgKind: "exchange", roles: ["service_specialist"], orgId: w.admin.orgId })]) {
      expect(() => submitFactUpdate(w.ctx, outsider, { enterpriseOrgId: ent.orgId, facts: SRDI, evidence: "冒名提交" })).toThrow(expect.objectContaining({ status: 404 }));
    }
    expect(() => listFactUpdates(w.ctx, w.otherEnt, ent.orgId)).toThrow(expect.objectContaining({ status: 404 }));
    expect(listFactUpdates(w.ctx, w.regulators[0]!, ent.orgId)).toHaveLength(1);
    expect(() => reviewFactUpdate(w.ctx, servicePerson, byServicePerson.id, { decision: "confirm" })).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => reviewFactUpdate(w.ctx, w.reviewer, byServicePerson.id, { decision: "reject", comment: "" })).toThrow();
    reviewFactUpdate(w.ctx, w.reviewer, byServicePerson.id, { decision: "reject", comment: "辅导备案文件不清晰" });
    const v2 = submitFactUpdate(w.ctx, ent, { enterpriseOrgId: ent.orgId, facts: { ...SRDI, ipoTutoring: true }, evidence: "辅导备案通知书（清晰版）" });
    expect(v2.version).toBe(2);
    // A rejected version is never read.
    expect(currentFacts(w.ctx, ent.orgId, appId).source.factUpdate).toBeNull();
    expect(w.ctx.db.select({ a: auditLog.action }).from(auditLog).all().map((r) => r.a)).toEqual(expect.arrayContaining(["board.facts.submitted", "board.facts.rejected"]));
  });
});

describe("the yearly re-tiering job starts on the configured day", () => {
  let w: World;
  beforeEach(() => {
    w = world();
  });
  const runs = () => w.ctx.db.select().from(retieringRuns).all();
  it.each([
    ["the day before (04-29 23:59 Shanghai)", Date.UTC(2026, 3, 29, 15, 59), 0],
    ["the day itself (04-30 00:20 Shanghai)", Date.UTC(2026, 3, 29, 16, 20), 1],
    ["a later day, when the job missed the day itself", Date.UTC(2026, 4, 12, 1), 1],
  ])("%s → %i run", (_n, at, started) => {
    expect(getBoardSettings(w.ctx).retieringOn).toBe("04-30");
    w.ctx.clock.ms = at;
    expect(startScheduledRetiering(w.ctx).started).toBe(started);
    expect(startScheduledRetiering(w.ctx).started).toBe(0); // one run a year
    expect(runs()).toHaveLength(started);
  });

  it("follows the date an admin sets, and does not start a second run after a manual one", () => {
    updateBoardSettings(w.ctx, w.admin, { ...getBoardSettings(w.ctx), retieringOn: "03-01" });
    expect(() => updateBoardSettings(w.ctx, w.admin, { ...getBoardSettings(w.ctx), retieringOn: "02-29" })).toThrow();
    w.ctx.clock.ms = Date.UTC(2026, 1, 28, 2); // 2026-02-28
    expect(startScheduledRetiering(w.ctx).started).toBe(0);
    startRetieringRun(w.ctx, w.admin, 2026); // on demand, earlier
    w.ctx.clock.ms = Date.UTC(2026, 2, 1, 2);
    expect(startScheduledRetiering(w.ctx).started).toBe(0);
    expect(runs()).toHaveLength(1);
    expect(runs()[0]!.startedBy).toBe(w.admin.userId);
  });
});
