import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, disclosureDuties, notifications, offerProgress } from "@db/schema";
import { sweepFinancingDuties } from "~/modules/enterprises/disclosure-duties.server";
import { createTestContext, type TestContext } from "@test/support/context";
import { clientId, loanTerms, makeFinancingWorld, makeNeed, rejects } from "@test/support/financing-world";
import { getOfferProgress, needTimeline, needTimelines, recordOfferProgress } from "./offer-progress.server";
import { acceptOffer, recordOfferOutcome, submitOffer } from "./offers.server";
import { markNeedMatched } from "./needs.server";

let ctx: TestContext;
let w: ReturnType<typeof makeFinancingWorld>;
let needId: string;
const DAY = 86_400_000;

const offer = (actor = w.bank) => submitOffer(ctx, actor, { id: clientId(), needId, validUntil: "2026-04-30", terms: loanTerms() }).offer;
const accepted = () => {
  const o = offer();
  acceptOffer(ctx, w.enterprise, o.id);
  return o;
};
const approve = (offerId: string, on = "2026-03-02", actor = w.bank, id = clientId()) => recordOfferProgress(ctx, actor, offerId, { id, kind: "approved", happenedOn: on });
const disburse = (offerId: string, amount: number | string, on = "2026-03-02", actor = w.bank, id = clientId()) =>
  recordOfferProgress(ctx, actor, offerId, { id, kind: "disbursed", happenedOn: on, amount });
const fail = (offerId: string, reason = "授信审批未通过", actor = w.bank) => recordOfferProgress(ctx, actor, offerId, { id: clientId(), kind: "failed", happenedOn: "2026-03-02", reason });
const duties = () => ctx.db.select().from(disclosureDuties).where(eq(disclosureDuties.enterpriseOrgId, w.entOrg)).all();
const stepStatus = () => Object.fromEntries(needTimeline(ctx, w.enterprise, needId)!.steps.map((s) => [s.key, s.status]));

beforeEach(() => {
  ctx = createTestContext();
  w = makeFinancingWorld(ctx);
  needId = makeNeed(ctx, w.entOrg);
});

describe("the lender records approval, disbursements and failure", () => {
  it("approval, then two partial disbursements in 万元, each audited; the enterprise reads the same record", () => {
    const o = accepted();
    approve(o.id);
    ctx.clock.advance(DAY);
    disburse(o.id, "200", "2026-03-03");
    ctx.clock.advance(DAY);
    disburse(o.id, "300", "2026-03-04");
    const read = getOfferProgress(ctx, w.enterprise, o.id);
    expect(read).toMatchObject({ approvedOn: "2026-03-02", disbursed: 5_000_000, lastDisbursedOn: "2026-03-04", complete: true, failed: null, canRecord: false });
    expect(getOfferProgress(ctx, w.bank, o.id).canRecord).toBe(true);
    const actions = ctx.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, o.id)).all().map((a) => a.action);
    expect(actions.filter((a) => a.startsWith("offer.progress."))).toEqual(["offer.progress.approved", "offer.progress.disbursed", "offer.progress.disbursed"]);
    const keys = ctx.db.select().from(notifications).where(eq(notifications.userId, w.enterprise.userId)).all().map((n) => JSON.parse(n.payload).key as string);
    expect(keys).toContain("financing:notify.progress.disbursed");
  });

  it("is idempotent on the client id: resending a disbursement records it once", () => {
    const o = accepted();
    approve(o.id);
    const id = clientId();
    expect(disburse(o.id, "100", "2026-03-02", w.bank, id).duplicate).toBe(false);
    expect(disburse(o.id, "100", "2026-03-02", w.bank, id).duplicate).toBe(true);
    expect(ctx.db.select().from(offerProgress).where(eq(offerProgress.kind, "disbursed")).all()).toHaveLength(1);
    expect(getOfferProgress(ctx, w.bank, o.id).disbursed).toBe(1_000_000);
  });

  it("records a failure with its reason; nothing may follow it", () => {
    const o = accepted();
    fail(o.id);
    expect(getOfferProgress(ctx, w.enterprise, o.id).failed).toEqual({ on: "2026-03-02", reason: "授信审批未通过" });
    rejects(() => approve(o.id), "financing:progress.alreadyFailed", 422);
    expect(stepStatus()).toMatchObject({ accepted: "done", approval: "failed", funds: "pending" });
  });
});

describe("illegal steps", () => {
  it("a disbursement before approval", () => {
    const o = accepted();
    rejects(() => disburse(o.id, "100"), "financing:progress.disburseBeforeApproval", 422);
  });

  it("disbursements adding up to more than the offer", () => {
    const o = accepted();
    approve(o.id);
    disburse(o.id, "400");
    rejects(() => disburse(o.id, "100.01"), "financing:progress.overAmount", 422);
    expect(getOfferProgress(ctx, w.bank, o.id).disbursed).toBe(4_000_000);
  });

  it("a second approval, a disbursement dated before the approval, a date in the future, a failure once all is disbursed", () => {
    const o = accepted();
    ctx.clock.advance(2 * DAY);
    approve(o.id, "2026-03-03");
    rejects(() => approve(o.id), "financing:progress.alreadyApproved", 409);
    rejects(() => disburse(o.id, "100", "2026-03-02"), "financing:progress.beforeApproval");
    rejects(() => disburse(o.id, "100", "2026-03-05"), "financing:progress.inFuture");
    disburse(o.id, "500", "2026-03-04");
    rejects(() => fail(o.id), "financing:progress.alreadyComplete");
  });

  it("any step on an offer that was not accepted", () => {
    const o = offer();
    rejects(() => approve(o.id), "financing:progress.notAccepted", 422);
  });

  it("another lender gets a 404, the enterprise and a guarantor may not record (the guarantor not even read)", () => {
    const o = accepted();
    rejects(() => approve(o.id, "2026-03-02", w.bank2), "financing:matchingErrors.offerNotFound", 404);
    rejects(() => getOfferProgress(ctx, w.bank2, o.id), "financing:matchingErrors.offerNotFound", 404);
    rejects(() => getOfferProgress(ctx, w.regulator, o.id), "financing:matchingErrors.offerNotFound", 404);
    rejects(() => approve(o.id, "2026-03-02", w.enterprise), "financing:progress.lenderOnly", 403);
    expect(ctx.db.select().from(offerProgress).all()).toHaveLength(0);
  });
});

describe("the disbursement is financing obtained", () => {
  it("the first disbursement records one disclosure duty; later ones, the outcome and the matched need add none", () => {
    const o = accepted();
    approve(o.id);
    expect(duties()).toHaveLength(0);
    disburse(o.id, "200");
    expect(duties()).toMatchObject([{ sourceKind: "offer_disbursed", sourceRef: o.id, amount: 2_000_000, financedOn: "2026-03-02" }]);
    disburse(o.id, "300");
    recordOfferOutcome(ctx, w.enterprise, o.id, { amountObtained: 5_000_000, obtainedOn: "2026-03-02" });
    expect(duties()).toHaveLength(1);
    sweepFinancingDuties(ctx);
    expect(duties()).toHaveLength(1);
  });

  it("the enterprise marking the need matched with that lender after a disbursement is the same financing", () => {
    const o = accepted();
    approve(o.id);
    disburse(o.id, "500");
    markNeedMatched(ctx, w.enterprise, needId, { matchedOrgId: o.institutionOrgId, matchedAmount: 5_000_000 });
    expect(duties()).toHaveLength(1);
  });

  it("the sweep records the duty of a disbursement written before duties were hooked to it", () => {
    const o = accepted();
    approve(o.id);
    disburse(o.id, "100");
    ctx.db.delete(disclosureDuties).where(and(eq(disclosureDuties.sourceKind, "offer_disbursed"), eq(disclosureDuties.sourceRef, o.id))).run();
    sweepFinancingDuties(ctx);
    expect(duties()).toMatchObject([{ sourceKind: "offer_disbursed", sourceRef: o.id }]);
  });
});

describe("the need's timeline", () => {
  it("moves from published to funds received as the steps are recorded", () => {
    expect(stepStatus()).toEqual({ published: "done", offers: "current", accepted: "pending", approval: "pending", funds: "pending" });
    const o = offer();
    expect(stepStatus()).toMatchObject({ offers: "done", accepted: "current" });
    acceptOffer(ctx, w.enterprise, o.id);
    expect(stepStatus()).toMatchObject({ accepted: "done", approval: "current", funds: "pending" });
    approve(o.id);
    disburse(o.id, "100");
    expect(stepStatus()).toMatchObject({ approval: "done", funds: "current" });
    expect(needTimeline(ctx, w.enterprise, needId)!.steps.find((s) => s.key === "funds")).toMatchObject({ amount: 1_000_000, of: 5_000_000 });
    disburse(o.id, "400");
    expect(stepStatus()).toMatchObject({ funds: "done" });
  });

  it("is the enterprise's own: another organisation gets none", () => {
    expect(needTimeline(ctx, w.bank, needId)).toBeNull();
    expect(needTimelines(ctx, w.otherEnterprise, [needId]).size).toBe(0);
  });
});
