import { beforeEach, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "@test/support/context";
import { follow } from "./follows.server";
import { enterpriseMarketActions, needMarketActions, startMarketConversation } from "./market-actions.server";
import { clientId, loanTerms, makeMarketWorld, makeNeed, rejects } from "@test/support/financing-world";
import { submitOffer, withdrawOffer } from "./offers.server";
import { makeActor, makeOrg } from "@test/support/actors";

let ctx: TestContext;
let w: ReturnType<typeof makeMarketWorld>;
let needId: string;

beforeEach(() => {
  ctx = createTestContext();
  w = makeMarketWorld(ctx);
  needId = makeNeed(ctx, w.entOrg, { title: "正极材料扩产流动资金贷款" });
});

describe("what a viewer can do from a need's page", () => {
  it("lets a bank follow, offer, then revise its open offer; after withdrawing it offers afresh", () => {
    expect(needMarketActions(ctx, w.bank, needId)).toEqual({ kind: "member", needId, enterpriseOrgId: w.entOrg, following: false, offer: { openOfferId: null } });
    follow(ctx, w.bank, "need", needId);
    const { offer } = submitOffer(ctx, w.bank, { id: clientId(), needId, validUntil: "2026-04-30", terms: loanTerms() });
    expect(needMarketActions(ctx, w.bank, needId)).toMatchObject({ following: true, offer: { openOfferId: offer.id } });
    // A colleague at the same bank sees the organisation's offer and follow.
    expect(needMarketActions(ctx, w.bankColleague, needId)).toMatchObject({ following: true, offer: { openOfferId: offer.id } });
    withdrawOffer(ctx, w.bank, offer.id);
    expect(needMarketActions(ctx, w.bank, needId)).toMatchObject({ offer: { openOfferId: null } });
  });

  it("offers no offer button to members whose instruments do not fit, or on a need that is not live", () => {
    expect(needMarketActions(ctx, w.pe, needId)).toMatchObject({ kind: "member", offer: null });
    const paused = makeNeed(ctx, w.entOrg, { state: "paused" });
    expect(needMarketActions(ctx, w.bank, paused)).toMatchObject({ kind: "member", offer: null });
  });

  it("gives the owner its comparison with the number of offers, and nothing to outsiders", () => {
    submitOffer(ctx, w.bank, { id: clientId(), needId, validUntil: "2026-04-30", terms: loanTerms() });
    submitOffer(ctx, w.bank2, { id: clientId(), needId, validUntil: "2026-04-30", terms: loanTerms({ rateBp: 395 }) });
    expect(needMarketActions(ctx, w.enterprise, needId)).toEqual({ kind: "owner", needId, offerCount: 2 });
    expect(needMarketActions(ctx, w.regulator, needId)).toBeNull();
    // Another enterprise may not see a members-only need at all.
    rejects(() => needMarketActions(ctx, w.otherEnterprise, needId), "financing:marketErrors.needNotFound", 404);
    const directed = makeNeed(ctx, w.entOrg, { audience: "directed", directedTo: [w.bank2.orgId] });
    rejects(() => needMarketActions(ctx, w.bank, directed), "financing:marketErrors.needNotFound", 404);
    expect(needMarketActions(ctx, w.bank2, directed)).toMatchObject({ kind: "member" });
  });
});

describe("what a viewer can do from an enterprise's profile", () => {
  it("lets members follow and message; others get no buttons; non-enterprises are not found", () => {
    expect(enterpriseMarketActions(ctx, w.bank, w.entOrg)).toEqual({ enterpriseOrgId: w.entOrg, following: false });
    follow(ctx, w.bank, "enterprise", w.entOrg);
    expect(enterpriseMarketActions(ctx, w.bank, w.entOrg)).toEqual({ enterpriseOrgId: w.entOrg, following: true });
    expect(enterpriseMarketActions(ctx, w.otherEnterprise, w.entOrg)).toBeNull();
    expect(enterpriseMarketActions(ctx, w.regulator, w.entOrg)).toBeNull();
    rejects(() => enterpriseMarketActions(ctx, w.bank, w.bank2.orgId), "errors.notFound", 404);
  });
});

describe("conversations about a need", () => {
  it("opens one conversation per member and need, from either side", () => {
    const c = startMarketConversation(ctx, w.bank, { subjectType: "need", subjectId: needId, withOrgId: w.entOrg });
    expect(c).toMatchObject({ subjectType: "need", subjectId: needId, enterpriseOrgId: w.entOrg, memberOrgId: w.bank.orgId });
    expect(startMarketConversation(ctx, w.enterprise, { subjectType: "need", subjectId: needId, withOrgId: w.bank.orgId }).id).toBe(c.id);
    const exchange = makeActor(ctx, { orgId: makeOrg(ctx, "exchange", "新疆股权交易中心") });
    expect(startMarketConversation(ctx, exchange, { subjectType: "need", subjectId: needId, withOrgId: w.entOrg }).memberOrgId).toBe(exchange.orgId);
  });

  it("refuses needs the member cannot see, other enterprises, and pulling an outsider into a directed need", () => {
    const directed = makeNeed(ctx, w.entOrg, { audience: "directed", directedTo: [w.bank2.orgId] });
    rejects(() => startMarketConversation(ctx, w.bank, { subjectType: "need", subjectId: directed, withOrgId: w.entOrg }), "financing:marketErrors.needNotFound", 404);
    rejects(() => startMarketConversation(ctx, w.enterprise, { subjectType: "need", subjectId: directed, withOrgId: w.bank.orgId }), "messaging:errors.pairNotAllowed", 403);
    expect(startMarketConversation(ctx, w.enterprise, { subjectType: "need", subjectId: directed, withOrgId: w.bank2.orgId }).memberOrgId).toBe(w.bank2.orgId);
    rejects(() => startMarketConversation(ctx, w.bank, { subjectType: "need", subjectId: needId, withOrgId: w.otherEntOrg }), "messaging:errors.pairNotAllowed", 403);
    rejects(() => startMarketConversation(ctx, w.otherEnterprise, { subjectType: "need", subjectId: needId, withOrgId: w.bank.orgId }), "financing:marketErrors.needNotFound", 404);
    const draft = makeNeed(ctx, w.entOrg, { state: "draft" });
    rejects(() => startMarketConversation(ctx, w.bank, { subjectType: "need", subjectId: draft, withOrgId: w.entOrg }), "financing:marketErrors.needNotFound", 404);
  });

  it("registers the offer and product-application checks too, so every Message button works", () => {
    const { offer } = submitOffer(ctx, w.bank, { id: clientId(), needId, validUntil: "2026-04-30", terms: loanTerms() });
    expect(startMarketConversation(ctx, w.enterprise, { subjectType: "offer", subjectId: offer.id, withOrgId: w.bank.orgId }).subjectId).toBe(offer.id);
    rejects(() => startMarketConversation(ctx, w.bank2, { subjectType: "offer", subjectId: offer.id, withOrgId: w.entOrg }), /./, 404);
  });
});
