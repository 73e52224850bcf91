import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, financingNeeds, notifications, offerRevisions, offers } from "@db/schema";
import { createTestContext, type TestContext } from "@test/support/context";
import { startConversation } from "../messaging/conversations.server";
import { compareOffers } from "./comparison.server";
import { allInCostBp, costBreakdown } from "./cost";
import { offerFormInput } from "./financing-schemas";
import { clientId, loanTerms, makeFinancingWorld, makeNeed, rejects } from "@test/support/financing-world";
import {
  acceptOffer,
  consentGuarantee,
  declineOffer,
  getOffer,
  joinGuarantee,
  recordOfferOutcome,
  reviseOffer,
  setResponseDeadline,
  shortlistOffer,
  submitOffer,
  withdrawOffer,
} from "./offers.server";
import { summariseFinancing } from "./outcomes.server";

let ctx: TestContext;
let w: ReturnType<typeof makeFinancingWorld>;
let needId: string;

const submitLoan = (actor = w.bank, over: Record<string, unknown> = {}, id = clientId()) =>
  submitOffer(ctx, actor, { id, needId, validUntil: "2026-04-30", terms: loanTerms(over) }).offer;

beforeEach(() => {
  ctx = createTestContext();
  w = makeFinancingWorld(ctx);
  needId = makeNeed(ctx, w.entOrg);
});

describe("all-in annual cost", () => {
  it("adds the rate, upfront fees spread per year and the guarantee fee", () => {
    // 3.65% + 1% fee over 24 months (0.5%/yr) + 50,000 fixed on 5,000,000 (1% → 0.5%/yr) + 1.2% quoted guarantee fee
    const terms = { ...loanTerms({ termMonths: 24, upfrontFeeBp: 100, feeAmount: 50_000, guaranteeFeeBp: 120 }) } as Parameters<typeof allInCostBp>[0];
    expect(costBreakdown(terms)).toEqual({ rateBp: 365, feesBp: 100, guaranteeFeeBp: 120, totalBp: 585 });
  });

  it("replaces the bank's guarantee estimate with what joined guarantors charge, weighted by coverage", () => {
    const terms = loanTerms({ guaranteeFeeBp: 200 }) as Parameters<typeof allInCostBp>[0];
    expect(allInCostBp(terms, [{ coverageBp: 8_000, feeBp: 100 }])).toBe(365 + 80);
  });

  it("computes leasing, bond and guarantee offers the same way and gives equity no annual cost", () => {
    expect(allInCostBp({ instrument: "leasing", amount: 1, termMonths: 36, leaseRateBp: 550, depositBp: 0, handlingFeeBp: 300, residualValue: 0, assetDescription: "" })).toBe(650);
    expect(allInCostBp({ instrument: "convertible", amount: 1, termMonths: 36, couponBp: 400, conversionPremiumBp: 0, issuanceFeeBp: 150, keyTerms: "" })).toBe(450);
    expect(allInCostBp({ instrument: "guarantee", amount: 1, termMonths: 12, feeBp: 150, coverageBp: 10_000, counterGuarantee: "" })).toBe(150);
    expect(allInCostBp({ instrument: "equity", amount: 1, preMoneyValuation: 9, stakeBp: 1000, keyTerms: "" })).toBeNull();
  });
});

describe("submitting offers", () => {
  it("stores the offer, its first version and its all-in cost, and tells the enterprise", () => {
    const offer = submitLoan(w.bank, { upfrontFeeBp: 50 });
    expect(offer.state).toBe("submitted");
    expect(offer.allInCostBp).toBe(365 + 50);
    expect(ctx.db.select().from(offerRevisions).where(eq(offerRevisions.offerId, offer.id)).all()).toHaveLength(1);
    const notes = ctx.db.select().from(notifications).where(eq(notifications.userId, w.enterprise.userId)).all();
    expect(notes.map((n) => JSON.parse(n.payload).key)).toContain("financing:notify.offerSubmitted");
  });

  it("is idempotent on the client id: a resubmission returns the stored offer, never a second one", () => {
    const id = clientId();
    const first = submitOffer(ctx, w.bank, { id, needId, validUntil: "2026-04-30", terms: loanTerms() });
    const again = submitOffer(ctx, w.bank, { id, needId, validUntil: "2026-04-30", terms: loanTerms({ rateBp: 300 }) });
    expect(again.duplicate).toBe(true);
    expect(again.offer.rateBp).toBe(365);
    expect(first.duplicate).toBe(false);
    expect(ctx.db.select().from(offers).all()).toHaveLength(1);
  });

  it("holds one open offer per institution and need: a second is refused until the first is withdrawn or decided", () => {
    const first = submitLoan(w.bank);
    rejects(() => submitLoan(w.bankColleague, { rateBp: 300 }), "financing:matchingErrors.openOfferExists", 409);
    // Another institution is not affected.
    expect(submitLoan(w.bank2).state).toBe("submitted");
    withdrawOffer(ctx, w.bank, first.id);
    expect(submitLoan(w.bank, { rateBp: 300 }).state).toBe("submitted");
    expect(ctx.db.select().from(offers).where(eq(offers.institutionOrgId, w.bank.orgId)).all()).toHaveLength(2);
  });

  it("refuses an id another institution already used", () => {
    const id = clientId();
    submitLoan(w.bank, {}, id);
    rejects(() => submitLoan(w.bank2, {}, id), "financing:matchingErrors.idTaken", 409);
  });

  it("refuses offers on a closed, paused or draft need, and hides needs the member cannot see", () => {
    const closed = makeNeed(ctx, w.entOrg, { state: "closed" });
    rejects(() => submitOffer(ctx, w.bank, { id: clientId(), needId: closed, validUntil: "2026-04-30", terms: loanTerms() }), "financing:matchingErrors.needNotOpen", 422);
    const draft = makeNeed(ctx, w.entOrg, { state: "draft" });
    rejects(() => submitOffer(ctx, w.bank, { id: clientId(), needId: draft, validUntil: "2026-04-30", terms: loanTerms() }), "financing:matchingErrors.needNotFound", 404);
    const directed = makeNeed(ctx, w.entOrg, { audience: "directed", directedTo: [w.bank2.orgId] });
    rejects(() => submitOffer(ctx, w.bank, { id: clientId(), needId: directed, validUntil: "2026-04-30", terms: loanTerms() }), "financing:matchingErrors.needNotFound", 404);
    expect(submitOffer(ctx, w.bank2, { id: clientId(), needId: directed, validUntil: "2026-04-30", terms: loanTerms() }).offer.state).toBe("submitted");
  });

  it("only lets members offer instruments they may offer, matching the need", () => {
    rejects(() => submitOffer(ctx, w.enterprise, { id: clientId(), needId, validUntil: "2026-04-30", terms: loanTerms() }), "financing:matchingErrors.membersOnly", 403);
    rejects(() => submitLoan(w.pe), "financing:matchingErrors.instrumentNotForYou");
    const equityNeed = makeNeed(ctx, w.entOrg, { instrument: "equity", amount: 20_000_000 });
    rejects(() => submitOffer(ctx, w.bank, { id: clientId(), needId: equityNeed, validUntil: "2026-04-30", terms: loanTerms() }), "financing:matchingErrors.instrumentMismatch");
    const ok = submitOffer(ctx, w.pe, {
      id: clientId(),
      needId: equityNeed,
      validUntil: "2026-04-30",
      terms: { instrument: "equity", amount: 20_000_000, preMoneyValuation: 180_000_000, stakeBp: 1000, keyTerms: "董事会一席" },
    });
    expect(ok.offer.allInCostBp).toBeNull();
    rejects(
      () => submitOffer(ctx, w.pe, { id: clientId(), needId: equityNeed, validUntil: "2026-04-30", terms: { instrument: "equity", amount: 20_000_000, preMoneyValuation: 180_000_000, stakeBp: 2500, keyTerms: "" } }),
      "financing:matchingErrors.stakeInconsistent",
    );
  });

  it.each([
    [{ amount: -1 }, "financing:matchingErrors.amountPositive"],
    [{ amount: 0 }, "financing:matchingErrors.amountPositive"],
    [{ amount: 1e15 }, "financing:matchingErrors.amountTooLarge"],
    [{ amount: 12.5 }, "financing:matchingErrors.amountInvalid"],
    [{ rateBp: -10 }, "financing:matchingErrors.rateNegative"],
    [{ rateBp: 99_999 }, "financing:matchingErrors.rateTooHigh"],
    [{ termMonths: 0 }, "financing:matchingErrors.termPositive"],
    [{ upfrontFeeBp: 5_000 }, "financing:matchingErrors.feeTooHigh"],
    [{ conditions: '<img src=x onerror="alert(1)">需提供订单' }, "financing:matchingErrors.noMarkup"],
  ])("rejects bad terms %o with a clear error and stores nothing", (over, message) => {
    rejects(() => submitLoan(w.bank, over), message, 422);
    expect(ctx.db.select().from(offers).all()).toHaveLength(0);
  });

  it("takes a lone '<' in plain-text terms, which is not markup", () => {
    expect(JSON.parse(submitLoan(w.bank, { conditions: "利率<4% 时可提前还款" }).terms).conditions).toBe("利率<4% 时可提前还款");
  });

  it("the offer form reports every bad field at once, including a validity in the past", () => {
    const result = offerFormInput("2026-03-15").safeParse({
      id: clientId(),
      needId,
      validUntil: "2026-03-01",
      terms: loanTerms({ amount: -5, rateBp: 1_000_000, conditions: "<b>条件</b>" }),
    });
    expect(result.success).toBe(false);
    const byField = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(byField).toEqual({
      validUntil: "financing:matchingErrors.validityPast",
      "terms.amount": "financing:matchingErrors.amountPositive",
      "terms.rateBp": "financing:matchingErrors.rateTooHigh",
      "terms.conditions": "financing:matchingErrors.noMarkup",
    });
  });

  it("rejects a validity date in the past", () => {
    rejects(() => submitOffer(ctx, w.bank, { id: clientId(), needId, validUntil: "2026-03-01", terms: loanTerms() }), "financing:matchingErrors.validityPast");
  });

  it("still reads an offer stored before markup was refused, as the text it was", () => {
    const html = '<script>alert("x")</script><b>仅限</b>';
    const offer = submitLoan(w.bank);
    ctx.db.update(offers).set({ terms: JSON.stringify({ ...JSON.parse(offer.terms), conditions: html }) }).where(eq(offers.id, offer.id)).run();
    expect(getOffer(ctx, w.enterprise, offer.id).termsParsed).toMatchObject({ conditions: html });
  });

  it("marks offers after the enterprise's response deadline as late", () => {
    setResponseDeadline(ctx, w.enterprise, needId, "2026-03-05");
    expect(submitLoan(w.bank).late).toBe(false);
    ctx.clock.ms = Date.parse("2026-03-06T00:30:00+08:00");
    const late = submitLoan(w.bank2);
    expect(late.late).toBe(true);
    const table = compareOffers(ctx, w.enterprise, needId);
    expect(table.rows.find((r) => r.offerId === late.id)?.late).toBe(true);
  });

  it("only the enterprise sets a deadline, and not in the past", () => {
    rejects(() => setResponseDeadline(ctx, w.bank, needId, "2026-03-10"), "financing:matchingErrors.onlyEnterpriseDecides", 403);
    rejects(() => setResponseDeadline(ctx, w.enterprise, needId, "2026-01-01"), "financing:matchingErrors.deadlinePast");
  });
});

describe("the offer lifecycle", () => {
  it("revises into a new version with history; only the offering institution may revise or withdraw", () => {
    const offer = submitLoan();
    const revised = reviseOffer(ctx, w.bankColleague, offer.id, { validUntil: "2026-05-31", terms: loanTerms({ rateBp: 340 }) });
    expect(revised).toMatchObject({ state: "revised", version: 2, rateBp: 340 });
    expect(getOffer(ctx, w.enterprise, offer.id).history.map((h) => [h.version, h.change])).toEqual([
      [1, "submitted"],
      [2, "revised"],
    ]);
    rejects(() => reviseOffer(ctx, w.bank2, offer.id, { validUntil: "2026-05-31", terms: loanTerms() }), "financing:matchingErrors.offerNotFound", 404);
    rejects(() => reviseOffer(ctx, w.enterprise, offer.id, { validUntil: "2026-05-31", terms: loanTerms() }), "financing:matchingErrors.notYourOffer", 403);
    rejects(() => withdrawOffer(ctx, w.bank2, offer.id), "financing:matchingErrors.offerNotFound", 404);
  });

  it("shortlists, accepts and closes with an outcome that feeds the regulators' summary", () => {
    const offer = submitLoan(w.bank, { upfrontFeeBp: 60 });
    expect(shortlistOffer(ctx, w.enterprise, offer.id).state).toBe("shortlisted");
    expect(reviseOffer(ctx, w.bank, offer.id, { validUntil: "2026-05-31", terms: loanTerms({ rateBp: 350, upfrontFeeBp: 60 }) }).state).toBe("shortlisted");
    expect(acceptOffer(ctx, w.enterprise, offer.id).state).toBe("accepted");
    const outcome = recordOfferOutcome(ctx, w.enterprise, offer.id, { amountObtained: 4_800_000, channel: "board_offer", obtainedOn: "2026-03-02" });
    expect(outcome).toMatchObject({ amountObtained: 4_800_000, allInCostBp: 410, prefectureCode: "6501", tier: "standardisation", industrySection: "C" });
    expect(ctx.db.select().from(offers).where(eq(offers.id, offer.id)).get()?.state).toBe("closed");
    // Recorded by the enterprise, the outcome ends the need as matched with this funder.
    expect(ctx.db.select().from(financingNeeds).where(eq(financingNeeds.id, needId)).get()).toMatchObject({ state: "matched", matchedOrgId: w.bank.orgId, matchedAmount: 4_800_000 });
    const summary = summariseFinancing(ctx, w.regulator, { from: "2026-01-01", to: "2026-12-31" });
    expect(summary).toMatchObject({ count: 1, total: 4_800_000, averageCostBp: 410 });
    expect(summary.byChannel).toEqual([{ key: "board_offer", count: 1, amount: 4_800_000, averageCostBp: 410 }]);
    expect(summary.byInstitutionType[0]?.key).toBe("bank");
    expect(summariseFinancing(ctx, w.regulator, { from: "2025-01-01", to: "2025-12-31" }).count).toBe(0);
    const actions = ctx.db.select({ action: auditLog.action }).from(auditLog).all().map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["offer.submitted", "offer.shortlisted", "offer.accepted", "financing.outcome_recorded"]));
  });

  it("declines with a structured reason", () => {
    const offer = submitLoan();
    // The catalogue error map the app installs (test/setup.ts) names an unknown choice.
    rejects(() => declineOffer(ctx, w.enterprise, offer.id, { reason: "cheap" as never, note: "" }), /common:validation.choose/);
    const declined = declineOffer(ctx, w.enterprise, offer.id, { reason: "rate", note: "他行更低" });
    expect(declined).toMatchObject({ state: "declined", declineReason: "rate", declineNote: "他行更低" });
  });

  it("refuses every illegal transition with a clear error", () => {
    const withdrawn = submitLoan();
    withdrawOffer(ctx, w.bank, withdrawn.id);
    rejects(() => acceptOffer(ctx, w.enterprise, withdrawn.id), "financing:matchingErrors.illegalTransition", 422);
    rejects(() => shortlistOffer(ctx, w.enterprise, withdrawn.id), "financing:matchingErrors.illegalTransition");
    rejects(() => reviseOffer(ctx, w.bank, withdrawn.id, { validUntil: "2026-05-31", terms: loanTerms() }), "financing:matchingErrors.illegalTransition");
    rejects(() => withdrawOffer(ctx, w.bank, withdrawn.id), "financing:matchingErrors.illegalTransition");

    const declined = submitLoan();
    declineOffer(ctx, w.enterprise, declined.id, { reason: "amount", note: "" });
    rejects(() => acceptOffer(ctx, w.enterprise, declined.id), "financing:matchingErrors.illegalTransition");

    const open = submitLoan();
    rejects(() => recordOfferOutcome(ctx, w.enterprise, open.id, { amountObtained: 1, obtainedOn: "2026-03-01" }), "financing:matchingErrors.illegalTransition");
    rejects(() => acceptOffer(ctx, w.bank, open.id), "financing:matchingErrors.onlyEnterpriseDecides", 403);
    rejects(() => shortlistOffer(ctx, w.otherEnterprise, open.id), "financing:matchingErrors.offerNotFound", 404);
    acceptOffer(ctx, w.enterprise, open.id);
    rejects(() => acceptOffer(ctx, w.enterprise, open.id), "financing:matchingErrors.illegalTransition");
    rejects(() => withdrawOffer(ctx, w.bank, open.id), "financing:matchingErrors.illegalTransition");
    rejects(() => recordOfferOutcome(ctx, w.enterprise, open.id, { amountObtained: 1, obtainedOn: "2026-04-01" }), "financing:matchingErrors.outcomeInFuture");
    rejects(() => recordOfferOutcome(ctx, w.guarantor, open.id, { amountObtained: 1, obtainedOn: "2026-03-01" }), "financing:matchingErrors.offerNotFound", 404);
    recordOfferOutcome(ctx, w.bank, open.id, { amountObtained: 5_000_000, obtainedOn: "2026-03-01" });
    rejects(() => recordOfferOutcome(ctx, w.enterprise, open.id, { amountObtained: 1, obtainedOn: "2026-03-01" }), "financing:matchingErrors.illegalTransition");
  });

  it("refuses to accept an offer whose validity has passed", () => {
    const offer = submitOffer(ctx, w.bank, { id: clientId(), needId, validUntil: "2026-03-03", terms: loanTerms() }).offer;
    ctx.clock.ms = Date.parse("2026-03-04T10:00:00+08:00");
    rejects(() => acceptOffer(ctx, w.enterprise, offer.id), "financing:matchingErrors.offerExpired");
  });

  it("refuses revisions once the need is no longer published", () => {
    const offer = submitLoan();
    ctx.db.update(financingNeeds).set({ state: "closed" }).where(eq(financingNeeds.id, needId)).run();
    rejects(() => reviseOffer(ctx, w.bank, offer.id, { validUntil: "2026-05-31", terms: loanTerms() }), "financing:matchingErrors.needNotOpen");
  });
});

describe("guarantor joins a bank's loan (投担联动) and the comparison", () => {
  it("shows both parties and the total cost, and marks the best per column", () => {
    const a = submitLoan(w.bank, { rateBp: 360, guaranteeRequired: true, guaranteeFeeBp: 150 });
    const b = submitLoan(w.bank2, { rateBp: 380, amount: 6_000_000, collateral: [] });
    joinGuarantee(ctx, w.guarantor, a.id, { coverageBp: 8_000, feeBp: 100, conditions: "反担保：股权质押" });
    const joined = consentGuarantee(ctx, w.bank, a.id, w.guarantor.orgId);
    expect(joined.allInCostBp).toBe(360 + 80);
    const view = getOffer(ctx, w.enterprise, a.id);
    expect(view.guarantees).toEqual([expect.objectContaining({ guarantorName: "西域融资担保", coverageBp: 8_000, feeBp: 100 })]);
    const table = compareOffers(ctx, w.enterprise, needId);
    const rowA = table.rows.find((r) => r.offerId === a.id)!;
    expect(rowA.cost).toEqual({ rateBp: 360, feesBp: 0, guaranteeFeeBp: 80, totalBp: 440 });
    expect(table.best.allInCostBp).toEqual([b.id]); // 380 < 440 once the guarantee fee is counted
    expect(table.best.rateBp).toEqual([a.id]);
    expect(table.best.amount).toEqual([b.id]);
    expect(table.best.collateralCount).toEqual([b.id]);
    expect(table.best.termMonths).toBeUndefined(); // all the same
  });

  it("leaves withdrawn and declined offers out of the running but lists them", () => {
    const a = submitLoan(w.bank);
    const b = submitLoan(w.bank2, { rateBp: 300 });
    withdrawOffer(ctx, w.bank2, b.id);
    const table = compareOffers(ctx, w.enterprise, needId);
    expect(table.rows.map((r) => r.offerId)).toEqual([a.id]);
    expect(table.others.map((r) => r.offerId)).toEqual([b.id]);
    expect(table.best.rateBp).toBeUndefined();
  });

  it("only guarantors join, only loan offers still open", () => {
    const a = submitLoan(w.bank, { guaranteeRequired: true });
    rejects(() => joinGuarantee(ctx, w.bank2, a.id, { coverageBp: 5000, feeBp: 100 }), "financing:matchingErrors.guarantorsOnly", 403);
    joinGuarantee(ctx, w.guarantor, a.id, { coverageBp: 5000, feeBp: 100 });
    rejects(() => joinGuarantee(ctx, w.guarantor, a.id, { coverageBp: 5000, feeBp: 100 }), "financing:matchingErrors.alreadyJoined", 409);
    const b = submitLoan(w.bank2, { guaranteeRequired: true });
    declineOffer(ctx, w.enterprise, b.id, { reason: "chose_another", note: "" });
    rejects(() => joinGuarantee(ctx, w.guarantor, b.id, { coverageBp: 5000, feeBp: 100 }), "financing:matchingErrors.illegalTransition");
  });

  it("only the need's enterprise sees the comparison", () => {
    submitLoan();
    rejects(() => compareOffers(ctx, w.bank, needId), "financing:matchingErrors.onlyEnterpriseDecides", 403);
    // Another enterprise cannot even see a members-only need.
    rejects(() => compareOffers(ctx, w.otherEnterprise, needId), "financing:matchingErrors.needNotFound", 404);
  });
});

describe("conversations about an offer", () => {
  it("opens between the enterprise and the offering bank or a joined guarantor, not a third party", () => {
    const offer = submitLoan(w.bank, { guaranteeRequired: true });
    const c = startConversation(ctx, w.enterprise, { subjectType: "offer", subjectId: offer.id, withOrgId: w.bank.orgId });
    expect(c).toMatchObject({ enterpriseOrgId: w.entOrg, memberOrgId: w.bank.orgId });
    expect(startConversation(ctx, w.bank, { subjectType: "offer", subjectId: offer.id, withOrgId: w.entOrg }).id).toBe(c.id);
    rejects(() => startConversation(ctx, w.bank2, { subjectType: "offer", subjectId: offer.id, withOrgId: w.entOrg }), "financing:matchingErrors.offerNotFound", 404);
    joinGuarantee(ctx, w.guarantor, offer.id, { coverageBp: 5000, feeBp: 100 });
    consentGuarantee(ctx, w.bank, offer.id, w.guarantor.orgId);
    expect(startConversation(ctx, w.guarantor, { subjectType: "offer", subjectId: offer.id, withOrgId: w.entOrg }).memberOrgId).toBe(w.guarantor.orgId);
  });
});
