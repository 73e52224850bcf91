import { beforeEach, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "@test/support/context";
import { follow } from "./follows.server";
import { enterpriseFinancingActions, needFinancingActions, startFinancingConversation } from "./viewer-actions.server";
import { clientId, loanTerms, makeFinancingWorld, makeNeed, rejects } from "@test/support/financing-world";
import { submitOffer, withdrawOffer } from "./offers.server";
import { makeActor, makeOrg } from "@test/support/actors";

let ctx: TestContext;
let w: ReturnType<typeof makeFinancingWorld>;
let needId: string;

beforeEach(() => {
  ctx = createTestContext();
  w = makeFinancingWorld(ctx);
  needId = makeNeed(ctx, w.entOrg, { title: "正极材料扩产流动资金贷款" });
});

describe("what a viewer can do from a need's page", () => {
  it("lets a bank follow, offer, then revise its open offer; after withdrawing it offers afresh", () => {
    expect(needFinancingActions(ctx, w.bank, needId)).toEqual({ kind: "member", needId, enterpriseOrgId: w.entOrg, following: false, offer: { openOfferId: null } });
    follow(ctx, w.bank, "need", needId);
    const { offer } = submitOffer(ctx, w.bank, { id: clientId(), needId, validUntil: "2026-04-30", terms: loanTerms() });
    expect(needFinancingActions(ctx, w.bank, needId)).toMatchObject({ following: true, offer: { openOfferId: offer.id } });
    // A colleague at the same bank sees the organisation's offer and follow.
    expect(needFinancingActions(ctx, w.bankColleague, needId)).toMatchObject({ following: true, offer: { openOfferId: offer.id } });
    withdrawOffer(ctx, w.bank, offer.id);
    expect(needFinancingActions(ctx, w.bank, needId)).toMatchObject({ offer: { openOfferId: null } });
  });

  it("offers no offer button to members whose instruments do not fit, or on a need that is not live", () => {
    expect(needFinancingActions(ctx, w.pe, needId)).toMatchObject({ kind: "member", offer: null });
    const paused = makeNeed(ctx, w.entOrg, { state: "paused" });
    expect(needFinancingActions(ctx, w.bank, paused)).toMatchObject({ kind: "member", offer: null });
  });

  it("gives the owner its comparison with the number of offers, and nothing to outsiders", () => {
    submitOffer(ctx, w.bank, { id: clientId(), needId, validUntil: "2026-04-30", terms: loanTerms() });
    submitOffer(ctx, w.bank2, { id: clientId(), needId, validUntil: "2026-04-30", terms: loanTerms({ rateBp: 395 }) });
    expect(needFinancingActions(ctx, w.enterprise, needId)).toEqual({ kind: "owner", needId, offerCount: 2 });
    expect(needFinancingActions(ctx, w.regulator, needId)).toBeNull();
    // Another enterprise may not see a members-only need at all.
    rejects(() => needFinancingActions(ctx, w.otherEnterprise, needId), "financing:matchingErrors.needNotFound", 404);
    const directed = makeNeed(ctx, w.entOrg, { audience: "directed", directedTo: [w.bank2.orgId] });
    rejects(() => needFinancingActions(ctx, w.bank, directed), "financing:matchingErrors.needNotFound", 404);
    expect(needFinancingActions(ctx, w.bank2, directed)).toMatchObject({ kind: "member" });
  });
});

describe("what a viewer can do from an enterprise's profile", () => {
  it("lets members follow and message; others get no buttons; non-enterprises are not found", () => {
    expect(enterpriseFinancingActions(ctx, w.bank, w.entOrg)).toEqual({ enterpriseOrgId: w.entOrg, following: false });
    follow(ctx, w.bank, "enterprise", w.entOrg);
    expect(enterpriseFinancingActions(ctx, w.bank, w.entOrg)).toEqual({ enterpriseOrgId: w.entOrg, following: true });
    expect(enterpriseFinancingActions(ctx, w.otherEnterprise, w.entOrg)).toBeNull();
    expect(enterpriseFinancingActions(ctx, w.regulator, w.entOrg)).toBeNull();
    rejects(() => enterpriseFinancingActions(ctx, w.bank, w.bank2.orgId), "errors.notFound", 404);
  });
});

describe("conversations about a need", () => {
  it("opens one conversation per member and need, from either side", () => {
    const c = startFinancingConversation(ctx, w.bank, { subjectType: "need", subjectId: needId, withOrgId: w.entOrg });
    expect(c).toMatchObject({ subjectType: "need", subjectId: needId, enterpriseOrgId: w.entOrg, memberOrgId: w.bank.orgId });
    expect(startFinancingConversation(ctx, w.enterprise, { subjectType: "need", subjectId: needId, withOrgId: w.bank.orgId }).id).toBe(c.id);
    const exchange = makeActor(ctx, { orgId: makeOrg(ctx, "exchange", "新疆股权交易中心") });
    expect(startFinancingConversation(ctx, exchange, { subjectType: "need", subjectId: needId, withOrgId: w.entOrg }).memberOrgId).toBe(exchange.orgId);
  });

  it("refuses needs the member cannot see, other enterprises, and pulling an outsider into a directed need", () => {
    const directed = makeNeed(ctx, w.entOrg, { audience: "directed", directedTo: [w.bank2.orgId] });
    rejects(() => startFinancingConversation(ctx, w.bank, { subjectType: "need", subjectId: directed, withOrgId: w.entOrg }), "financing:matchingErrors.needNotFound", 404);
    rejects(() => startFinancingConversation(ctx, w.enterprise, { subjectType: "need", subjectId: directed, withOrgId: w.bank.orgId }), "messaging:errors.pairNotAllowed", 403);
    expect(startFinancingConversation(ctx, w.enterprise, { subjectType: "need", subjectId: directed, withOrgId: w.bank2.orgId }).memberOrgId).toBe(w.bank2.orgId);
    rejects(() => startFinancingConversation(ctx, w.bank, { subjectType: "need", subjectId: needId, withOrgId: w.otherEntOrg }), "messaging:errors.pairNotAllowed", 403);
    rejects(() => startFinancingConversation(ctx, w.otherEnterprise, { subjectType: "need", subjectId: needId, withOrgId: w.bank.orgId }), "financing:matchingErrors.needNotFound", 404);
    const draft = makeNeed(ctx, w.entOrg, { state: "draft" });
    rejects(() => startFinancingConversation(ctx, w.bank, { subjectType: "need", subjectId: draft, withOrgId: w.entOrg }), "financing:matchingErrors.needNotFound", 404);
  });

  it("registers the offer and product-application checks too, so every Message button works", () => {
    const { offer } = submitOffer(ctx, w.bank, { id: clientId(), needId, validUntil: "2026-04-30", terms: loanTerms() });
    expect(startFinancingConversation(ctx, w.enterprise, { subjectType: "offer", subjectId: offer.id, withOrgId: w.bank.orgId }).subjectId).toBe(offer.id);
    rejects(() => startFinancingConversation(ctx, w.bank2, { subjectType: "offer", subjectId: offer.id, withOrgId: w.entOrg }), /./, 404);
  });
});
