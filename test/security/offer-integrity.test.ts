// ASVS V2 (business logic): a guarantee joins only an offer that asks for one, with the lender's consent, as a new
// offer version, and can be withdrawn; an offer is accepted only while its need is open, one per need unless the
// enterprise marks the financing syndicated, and never beyond the need's amount.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { financingNeeds, offers } from "@db/schema";
import { clientId, loanTerms, makeFinancingWorld, makeNeed, rejects } from "@test/support/financing-world";
import { setNeedSyndicated } from "~/modules/financing/needs.server";
import { acceptOffer, consentGuarantee, getOffer, joinGuarantee, leaveGuarantee, submitOffer } from "~/modules/financing/offers.server";
import { createTestContext, type TestContext } from "@test/support/context";

let ctx: TestContext;
let w: ReturnType<typeof makeFinancingWorld>;
let needId: string;

const submitLoan = (actor = w.bank, over: Record<string, unknown> = {}) =>
  submitOffer(ctx, actor, { id: clientId(), needId, validUntil: "2026-04-30", terms: loanTerms(over) }).offer;
const stored = (id: string) => ctx.db.select().from(offers).where(eq(offers.id, id)).get()!;

beforeEach(() => {
  ctx = createTestContext();
  w = makeFinancingWorld(ctx);
  needId = makeNeed(ctx, w.entOrg, { amount: 10_000_000 });
});

describe("a guarantee joins a loan offer only when asked and agreed", () => {
  it("refuses a guarantee on an offer that does not ask for one, and leaves its cost alone", () => {
    const offer = submitLoan(w.bank, { rateBp: 390, guaranteeRequired: false });
    rejects(() => joinGuarantee(ctx, w.guarantor, offer.id, { coverageBp: 10_000, feeBp: 1_000 }), "financing:matchingErrors.guaranteeNotRequested");
    expect(stored(offer.id)).toMatchObject({ allInCostBp: 390, version: 1 });
  });

  it("a proposal changes nothing until the lender consents; consent makes a new offer version", () => {
    const offer = submitLoan(w.bank, { rateBp: 390, guaranteeRequired: true, guaranteeFeeBp: 150 });
    joinGuarantee(ctx, w.guarantor, offer.id, { coverageBp: 10_000, feeBp: 1_000 });
    expect(stored(offer.id)).toMatchObject({ allInCostBp: 540, version: 1 });
    expect(getOffer(ctx, w.enterprise, offer.id).guarantees).toEqual([]);
    // Only the lender consents: not the guarantor itself, not the enterprise, not another bank.
    rejects(() => consentGuarantee(ctx, w.guarantor, offer.id, w.guarantor.orgId), /notYourOffer|offerNotFound/);
    rejects(() => consentGuarantee(ctx, w.enterprise, offer.id, w.guarantor.orgId), "financing:matchingErrors.notYourOffer");
    rejects(() => consentGuarantee(ctx, w.bank2, offer.id, w.guarantor.orgId), "financing:matchingErrors.offerNotFound", 404);
    consentGuarantee(ctx, w.bank, offer.id, w.guarantor.orgId);
    expect(stored(offer.id)).toMatchObject({ allInCostBp: 390 + 1_000, version: 2 });
    expect(getOffer(ctx, w.enterprise, offer.id).guarantees).toEqual([expect.objectContaining({ guarantorOrgId: w.guarantor.orgId, feeBp: 1_000 })]);
  });

  it("a guarantor can withdraw; the offer gets a new version at its earlier cost", () => {
    const offer = submitLoan(w.bank, { rateBp: 390, guaranteeRequired: true, guaranteeFeeBp: 150 });
    joinGuarantee(ctx, w.guarantor, offer.id, { coverageBp: 8_000, feeBp: 100 });
    consentGuarantee(ctx, w.bank, offer.id, w.guarantor.orgId);
    expect(stored(offer.id)).toMatchObject({ allInCostBp: 470, version: 2 });
    leaveGuarantee(ctx, w.guarantor, offer.id);
    expect(stored(offer.id)).toMatchObject({ allInCostBp: 540, version: 3 });
    expect(getOffer(ctx, w.enterprise, offer.id).guarantees).toEqual([]);
    // A proposal not yet agreed can be withdrawn too, and then cannot be consented to.
    joinGuarantee(ctx, w.guarantor, offer.id, { coverageBp: 8_000, feeBp: 100 });
    leaveGuarantee(ctx, w.guarantor, offer.id);
    rejects(() => consentGuarantee(ctx, w.bank, offer.id, w.guarantor.orgId), "financing:matchingErrors.noGuaranteeProposal");
  });
});

describe("accepting offers", () => {
  it("refuses acceptance once the need is closed", () => {
    const offer = submitLoan();
    ctx.db.update(financingNeeds).set({ state: "closed" }).where(eq(financingNeeds.id, needId)).run();
    rejects(() => acceptOffer(ctx, w.enterprise, offer.id), "financing:matchingErrors.needNotOpen");
    expect(stored(offer.id).state).toBe("submitted");
  });

  it("accepts one offer per need unless the enterprise marks the financing syndicated", () => {
    const a = submitLoan(w.bank, { amount: 5_000_000 });
    const b = submitLoan(w.bank2, { amount: 5_000_000 });
    acceptOffer(ctx, w.enterprise, a.id);
    rejects(() => acceptOffer(ctx, w.enterprise, b.id), "financing:matchingErrors.alreadyAccepted");
    expect(stored(b.id).state).toBe("submitted");
    setNeedSyndicated(ctx, w.enterprise, needId, true);
    acceptOffer(ctx, w.enterprise, b.id);
    expect(stored(b.id).state).toBe("accepted");
  });

  it("keeps the accepted total of a syndicated need within the need's amount", () => {
    setNeedSyndicated(ctx, w.enterprise, needId, true);
    const a = submitLoan(w.bank, { amount: 6_000_000 });
    const b = submitLoan(w.bank2, { amount: 5_000_000 });
    acceptOffer(ctx, w.enterprise, a.id);
    rejects(() => acceptOffer(ctx, w.enterprise, b.id), "financing:matchingErrors.syndicateOverAmount");
    expect(stored(b.id).state).toBe("submitted");
  });

  it("only the need's enterprise marks its financing syndicated", () => {
    rejects(() => setNeedSyndicated(ctx, w.bank, needId, true), /forbidden|notFound|onlyOwner|notYours/i);
  });
});
