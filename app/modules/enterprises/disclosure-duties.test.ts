import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, boardApplicationPeRounds, boardApplications, boardFactUpdates, boardRounds, disclosureDuties, disclosureObligations, disclosurePeriods } from "@db/schema";
import { closeNeed, markNeedMatched } from "~/modules/financing/needs.server";
import { acceptOffer, recordOfferOutcome, submitOffer } from "~/modules/financing/offers.server";
import { clientId, loanTerms, makeFinancingWorld, makeNeed } from "@test/support/financing-world";

import { newId } from "~/utils/ids";
import { createTestContext, type TestContext } from "@test/support/context";
import { listDisclosureDuties, recipientSchedules, setDutyFrequency, sweepFinancingDuties } from "./disclosure-duties.server";
import { listReceivedDisclosures } from "./disclosures.server";
import { makeActor, makeOrg } from "@test/support/actors";

let ctx: TestContext;
let w: ReturnType<typeof makeFinancingWorld>;
let regulatorOrgs: string[];

beforeEach(() => {
  ctx = createTestContext();
  w = makeFinancingWorld(ctx);
  // The world has one regulator; the board has three, and every one of them receives.
  regulatorOrgs = [w.regulator.orgId, makeOrg(ctx, "regulator", "自治区工业和信息化厅"), makeOrg(ctx, "regulator", "中国证监会新疆监管局")];
});

const duties = () => ctx.db.select().from(disclosureDuties).where(eq(disclosureDuties.enterpriseOrgId, w.entOrg)).all();
const schedules = () =>
  new Map(
    ctx.db
      .select()
      .from(disclosureObligations)
      .where(eq(disclosureObligations.enterpriseOrgId, w.entOrg))
      .all()
      .map((o) => [o.recipientOrgId, o.frequency]),
  );

/** An admitted application declaring what the enterprise's board entry rests on (written directly: admission is the board's). */
function admittedApplication(opts: { rounds?: { round: "a" | "b"; investors: string; closedOn: string; govFund?: boolean }[]; govFund?: { name: string; amount: number } }) {
  const roundId = newId();
  ctx.db.insert(boardRounds).values({ id: roundId, name: "2025年第一批", bureauDeadline: "2025-01-15", planDeadline: "2025-01-26", state: "closed" }).run();
  const appId = newId();
  ctx.db
    .insert(boardApplications)
    .values({
      id: appId,
      roundId,
      enterpriseOrgId: w.entOrg,
      channel: "self",
      state: "admitted",
      govFundInvested: !!opts.govFund,
      govFundName: opts.govFund?.name ?? null,
      govFundAmount: opts.govFund?.amount ?? null,
    })
    .run();
  for (const r of opts.rounds ?? []) ctx.db.insert(boardApplicationPeRounds).values({ id: newId(), applicationId: appId, amount: 30_000_000, govFund: false, ...r }).run();
}

type Expected = { sourceKind: string; instrument: string; investor: "bank" | "pe" | "lessor" | null; frequency: "quarterly" | "semiannual" } | null;

describe("every equity or debt financing creates a directed-disclosure duty, regulators always among the recipients (Attachment 1 §(七))", () => {
  const cases: [string, () => void, Expected][] = [
    [
      "a PE round declared in the admitted application",
      () => {
        admittedApplication({ rounds: [{ round: "a", investors: "雪莲创投", closedOn: "2024-06-01" }] });
        sweepFinancingDuties(ctx);
      },
      { sourceKind: "declared_pe_round", instrument: "equity", investor: null, frequency: "quarterly" },
    ],
    [
      "a government fund declared in the application, outside any round",
      () => {
        admittedApplication({ govFund: { name: "自治区产业引导基金", amount: 20_000_000 } });
        sweepFinancingDuties(ctx);
      },
      { sourceKind: "declared_gov_fund", instrument: "equity", investor: null, frequency: "quarterly" },
    ],
    [
      "a round declared in a confirmed fact update after admission",
      () => {
        admittedApplication({});
        ctx.db
          .insert(boardFactUpdates)
          .values({
            id: newId(),
            enterpriseOrgId: w.entOrg,
            version: 1,
            facts: { srdiStatus: "srdi_sme", peRounds: [{ round: "b", investors: "丝路基金", closedOn: "2026-01-10", govFund: false }] },
            evidence: "B轮投资协议",
            state: "confirmed",
            submittedBy: w.enterprise.userId,
            submittedAt: ctx.clock.now(),
          })
          .run();
        sweepFinancingDuties(ctx);
      },
      { sourceKind: "declared_pe_round", instrument: "equity", investor: null, frequency: "quarterly" },
    ],
    [
      "a loan obtained on the platform (accepted offer, outcome recorded)",
      () => {
        const needId = makeNeed(ctx, w.entOrg, { instrument: "loan" });
        const { offer } = submitOffer(ctx, w.bank, { id: clientId(), needId, validUntil: "2026-04-30", terms: loanTerms() });
        acceptOffer(ctx, w.enterprise, offer.id);
        recordOfferOutcome(ctx, w.enterprise, offer.id, { amountObtained: 5_000_000, channel: "board_offer", obtainedOn: "2026-03-01" });
      },
      { sourceKind: "financing_outcome", instrument: "loan", investor: "bank", frequency: "semiannual" },
    ],
    [
      "equity matched with a named investor",
      () => markNeedMatched(ctx, w.enterprise, makeNeed(ctx, w.entOrg, { instrument: "equity", details: { stage: "a" } }), { matchedOrgId: w.pe.orgId, matchedAmount: 10_000_000 }),
      { sourceKind: "need_matched", instrument: "equity", investor: "pe", frequency: "quarterly" },
    ],
    [
      "leasing matched with a lessor",
      () => markNeedMatched(ctx, w.enterprise, makeNeed(ctx, w.entOrg, { instrument: "leasing" }), { matchedOrgId: w.lessor.orgId }),
      { sourceKind: "need_matched", instrument: "leasing", investor: "lessor", frequency: "semiannual" },
    ],
    [
      "a loan matched off the platform with no funder named",
      () => markNeedMatched(ctx, w.enterprise, makeNeed(ctx, w.entOrg, { instrument: "loan" }), {}),
      { sourceKind: "need_matched", instrument: "loan", investor: null, frequency: "semiannual" },
    ],
    [
      "a convertible bond need closed as funded elsewhere",
      () => closeNeed(ctx, w.enterprise, makeNeed(ctx, w.entOrg, { instrument: "convertible" }), { outcome: "funded_elsewhere" }),
      { sourceKind: "need_funded_elsewhere", instrument: "convertible", investor: null, frequency: "semiannual" },
    ],
    ["a guarantee (credit enhancement, not financing)", () => markNeedMatched(ctx, w.enterprise, makeNeed(ctx, w.entOrg, { instrument: "guarantee" }), {}), null],
    ["a need closed as no longer needed", () => closeNeed(ctx, w.enterprise, makeNeed(ctx, w.entOrg, { instrument: "loan" }), { outcome: "no_longer_needed" }), null],
  ];

  it.each(cases)("%s", (_name, act, expected) => {
    act();
    sweepFinancingDuties(ctx); // the scheduled sweep finds nothing more: one financing, one duty
    if (expected === null) {
      expect(duties()).toEqual([]);
      expect(schedules().size).toBe(0);
      return;
    }
    const investorOrg = expected.investor ? { bank: w.bank, pe: w.pe, lessor: w.lessor }[expected.investor].orgId : null;
    expect(duties()).toHaveLength(1);
    expect(duties()[0]).toMatchObject({ sourceKind: expected.sourceKind, instrument: expected.instrument, investorOrgId: investorOrg, frequency: expected.frequency, startsOn: "2026-03-02" });
    const s = schedules();
    for (const r of regulatorOrgs) expect(s.get(r)).toBe(expected.frequency);
    if (investorOrg) expect(s.get(investorOrg)).toBe(expected.frequency);
    expect(s.size).toBe(regulatorOrgs.length + (investorOrg ? 1 : 0));
    // The enterprise sees the duty, where it comes from and who receives it.
    const listed = listDisclosureDuties(ctx, w.enterprise, w.entOrg);
    expect(listed[0]!.recipients.map((r) => r.id).sort()).toEqual([...regulatorOrgs, ...(investorOrg ? [investorOrg] : [])].sort());
  });
});

describe("schedules and the exchange's edits", () => {
  it("each recipient gets the most frequent of the duties owed to it", () => {
    const s = recipientSchedules(
      [
        { investorOrgId: "bank", frequency: "semiannual" },
        { investorOrgId: "pe", frequency: "quarterly" },
        { investorOrgId: null, frequency: "annual" },
      ],
      ["r1", "r2", "r3"],
    );
    expect(Object.fromEntries(s)).toEqual({ r1: "quarterly", r2: "quarterly", r3: "quarterly", bank: "semiannual", pe: "quarterly" });
  });

  it("the exchange sets another frequency with a reason; the schedules follow from the current period, audited; nobody else may", () => {
    markNeedMatched(ctx, w.enterprise, makeNeed(ctx, w.entOrg, { instrument: "loan" }), { matchedOrgId: w.bank.orgId });
    const duty = duties()[0]!;
    const bankObligation = ctx.db.select().from(disclosureObligations).where(and(eq(disclosureObligations.enterpriseOrgId, w.entOrg), eq(disclosureObligations.recipientOrgId, w.bank.orgId))).get()!;
    expect(ctx.db.select({ p: disclosurePeriods.period }).from(disclosurePeriods).where(eq(disclosurePeriods.obligationId, bankObligation.id)).all().map((r) => r.p)).toEqual(["2026-H1"]);

    const reviewer = makeActor(ctx, { orgId: makeOrg(ctx, "exchange", "新疆股权交易中心"), roles: ["reviewer"] });
    expect(() => setDutyFrequency(ctx, w.enterprise, duty.id, { frequency: "annual", reason: "贷款合同约定按季度" })).toThrow();
    expect(() => setDutyFrequency(ctx, w.regulator, duty.id, { frequency: "quarterly", reason: "贷款合同约定按季度" })).toThrow();
    expect(() => setDutyFrequency(ctx, reviewer, duty.id, { frequency: "quarterly", reason: "" })).toThrow(/reasonRequired/);

    setDutyFrequency(ctx, reviewer, duty.id, { frequency: "quarterly", reason: "贷款合同第12条约定按季度报送" });
    expect(duties()[0]).toMatchObject({ frequency: "quarterly", frequencySetBy: reviewer.userId, frequencyReason: "贷款合同第12条约定按季度报送" });
    for (const r of [...regulatorOrgs, w.bank.orgId]) expect(schedules().get(r)).toBe("quarterly");
    // The half-year not yet reported gives way to the current quarter.
    expect(ctx.db.select({ p: disclosurePeriods.period }).from(disclosurePeriods).where(eq(disclosurePeriods.obligationId, bankObligation.id)).all().map((r) => r.p)).toEqual(["2026-Q1"]);
    const audit = ctx.db.select().from(auditLog).where(eq(auditLog.action, "enterprise.disclosure.duty_frequency_set")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.enterpriseOrgId).toBe(w.entOrg);
  });

  it("a regulator receives the reports of every financed enterprise; another enterprise cannot read the duties", () => {
    markNeedMatched(ctx, w.enterprise, makeNeed(ctx, w.entOrg, { instrument: "equity", details: { stage: "a" } }), { matchedOrgId: w.pe.orgId });
    expect(listReceivedDisclosures(ctx, w.regulator).map((r) => [r.enterpriseOrgId, r.period])).toEqual([[w.entOrg, "2026-Q1"]]);
    expect(() => listDisclosureDuties(ctx, w.otherEnterprise, w.entOrg)).toThrow();
    expect(listDisclosureDuties(ctx, w.regulator, w.entOrg)).toHaveLength(1);
  });
});
