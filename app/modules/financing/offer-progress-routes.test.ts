import { beforeEach, describe, expect, it } from "vitest";
import { callRoute, createRouteTestContext, sessionCookie } from "@test/support/routes";
import type { TestContext } from "@test/support/context";
import { clientId, loanTerms, makeFinancingWorld, makeNeed } from "@test/support/financing-world";
import { action, loader } from "~/routes/_app.market.offers.$offerId";
import { getOfferProgress } from "./offer-progress.server";
import { acceptOffer, submitOffer } from "./offers.server";

let ctx: TestContext;
let w: ReturnType<typeof makeFinancingWorld>;
let offerId: string;

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};
const post = async (who: typeof w.bank, fields: Record<string, string>) =>
  callRoute(ctx, action, { url: `/market/offers/${offerId}`, cookie: await sessionCookie(ctx, who), form: form(fields), params: { offerId } });

beforeEach(() => {
  ctx = createRouteTestContext();
  w = makeFinancingWorld(ctx);
  const needId = makeNeed(ctx, w.entOrg);
  offerId = submitOffer(ctx, w.bank, { id: clientId(), needId, validUntil: "2026-04-30", terms: loanTerms() }).offer.id;
  acceptOffer(ctx, w.enterprise, offerId);
});

describe("the offer page's progress forms", () => {
  it("the lender's buttons record approval and a disbursement typed in 万元; the enterprise's page shows it", async () => {
    const approved = await post(w.bank, { intent: "approved", id: clientId(), happenedOn: "2026-03-02" });
    expect(approved).toMatchObject({ status: 302, location: `/market/offers/${offerId}#progress`, toast: { message: "financing:progress.saved" } });
    expect((await post(w.bank, { intent: "disbursed", id: clientId(), happenedOn: "2026-03-02", amount: "120.5" })).status).toBe(302);
    expect(getOfferProgress(ctx, w.enterprise, offerId)).toMatchObject({ approvedOn: "2026-03-02", disbursed: 1_205_000 });
    const page = (await callRoute(ctx, loader, { url: `/market/offers/${offerId}`, cookie: await sessionCookie(ctx, w.enterprise), params: { offerId } })).body as { progress: { canRecord: boolean; disbursed: number } };
    expect(page.progress).toMatchObject({ canRecord: false, disbursed: 1_205_000 });
  });

  it("answers a field error for more than the offer, and the enterprise cannot record", async () => {
    await post(w.bank, { intent: "approved", id: clientId(), happenedOn: "2026-03-02" });
    const over = await post(w.bank, { intent: "disbursed", id: clientId(), happenedOn: "2026-03-02", amount: "600" });
    expect(over.status).toBe(200);
    expect(JSON.stringify(over.body)).toContain("financing:progress.overAmount");
    const refused = await post(w.enterprise, { intent: "approved", id: clientId(), happenedOn: "2026-03-02" });
    expect(JSON.stringify(refused.body)).toContain("financing:progress.lenderOnly");
    expect(getOfferProgress(ctx, w.bank, offerId).events).toHaveLength(1);
  });
});
