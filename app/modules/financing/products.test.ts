import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, decks, financialStatements, notifications, productApplications, searchOutbox } from "@db/schema";
import { createTestContext, type TestContext } from "@test/support/context";
import { appendAudit } from "../audit/audit.server";
import { startConversation } from "../messaging/conversations.server";
import { createCreditProduct, explainEligibility, productsForEnterprise, publishedProducts, setProductState, storedEligibility, updateCreditProduct } from "./credit-products.server";
import { loadCreditProductDocuments } from "./credit-product-source.server";
import { feedFor, follow, listFollows } from "./follows.server";
import { createMandate, institutionMembers, institutionProfile, saveInstitutionProfile } from "./mandates.server";
import { clientId, makeFinancingWorld, makeNeed, rejects } from "@test/support/financing-world";
import { makeOrg } from "@test/support/actors";
import { enterpriseFacts, enterpriseFactsFor } from "./enterprise-facts.server";
import { makeApplication, makeRound } from "@test/support/board";
import { summariseFinancing } from "./outcomes.server";
import {
  applicationInbox,
  applyForProduct,
  approveApplication,
  declineApplication,
  recordApplicationOutcome,
  startReview,
  withdrawApplication,
} from "./product-applications.server";
import { matchNeedToMandate, onNeedPublished, recommendForEnterprise, recommendNeedsForInstitution } from "./recommendations.server";
import { eligibilityRules, type CreditProductInput } from "./financing-schemas";
import { createNeed, publishNeed } from "./needs.server";

let ctx: TestContext;
let w: ReturnType<typeof makeFinancingWorld>;

const ipLoan = (over: Partial<CreditProductInput> = {}): CreditProductInput => ({
  name: "知识产权质押贷",
  kind: "ip_pledge",
  summary: "以专利权质押",
  minAmount: 1_000_000,
  maxAmount: 10_000_000,
  rateMinBp: 350,
  rateMaxBp: 450,
  termMinMonths: 6,
  termMaxMonths: 36,
  collateral: ["ip"],
  eligibility: { tiers: ["standardisation", "cultivation"], industries: ["C"], prefectures: [], minRevenue: 50_000_000, minYearsInBusiness: 3, srdiTitleRequired: true },
  ...over,
});

beforeEach(() => {
  ctx = createTestContext();
  w = makeFinancingWorld(ctx);
});

describe("enterprise facts", () => {
  it("are read for many enterprises at once: the latest year's statement, the latest application's recognition as a title, no other kind of organisation", () => {
    ctx.db.insert(financialStatements).values({ orgId: w.entOrg, fiscalYear: 2023, revenue: 30_000_000, netProfit: 1_000_000, netAssets: 20_000_000, totalAssets: 60_000_000, liabilities: 40_000_000, rdExpense: 2_000_000, operatingCashFlow: 1_500_000 }).run();
    // The other enterprise has no profile, statement or listing; its newer application was recognised as a little giant.
    makeApplication(ctx, { roundId: makeRound(ctx), enterpriseOrgId: w.otherEntOrg, values: { srdiStatus: "srdi_sme", createdAt: ctx.clock.now() - 2_000 } });
    makeApplication(ctx, { roundId: makeRound(ctx), enterpriseOrgId: w.otherEntOrg, values: { srdiStatus: "little_giant", createdAt: ctx.clock.now() - 1_000 } });
    const facts = enterpriseFactsFor(ctx, [w.entOrg, w.otherEntOrg, w.bank.orgId, "org_unknown", w.entOrg]);
    expect([...facts.keys()].sort()).toEqual([w.entOrg, w.otherEntOrg].sort());
    expect(facts.get(w.entOrg)).toEqual({ ...enterpriseFacts(ctx, w.entOrg), latestRevenue: 80_000_000, revenueYear: 2025, tier: "standardisation", srdiTitles: ["专精特新中小企业 2024"] });
    expect(facts.get(w.otherEntOrg)).toMatchObject({ tier: null, latestRevenue: null, revenueYear: null, yearsInBusiness: null, srdiTitles: ["专精特新“小巨人”"] });
  });
});

describe("eligibility explanations", () => {
  it("explains each stated rule as met or missed, with what the enterprise has", () => {
    const facts = enterpriseFacts(ctx, w.entOrg);
    expect(facts).toMatchObject({ tier: "standardisation", industrySection: "C", latestRevenue: 80_000_000, yearsInBusiness: 10, srdiTitles: ["专精特新中小企业 2024"] });
    const ok = explainEligibility({ tiers: ["standardisation"], industries: ["C"], prefectures: ["6501"], minRevenue: 50_000_000, minYearsInBusiness: 3, srdiTitleRequired: true }, facts);
    expect(ok.eligible).toBe(true);
    expect(ok.checks.map((c) => [c.rule, c.met])).toEqual([
      ["tier", true],
      ["industry", true],
      ["prefecture", true],
      ["minRevenue", true],
      ["minYearsInBusiness", true],
      ["srdiTitle", true],
    ]);
    const missed = explainEligibility({ tiers: ["cultivation"], industries: [], prefectures: ["6531"], minRevenue: 100_000_000, srdiTitleRequired: false }, facts);
    expect(missed.eligible).toBe(false);
    expect(missed.checks).toEqual([
      { rule: "tier", met: false, unknown: false, required: ["cultivation"], actual: "standardisation" },
      { rule: "prefecture", met: false, unknown: false, required: ["6531"], actual: "6501" },
      { rule: "minRevenue", met: false, unknown: false, required: 100_000_000, actual: 80_000_000 },
    ]);
  });

  it("counts a fact the enterprise never gave as missed, flagged unknown", () => {
    const facts = enterpriseFacts(ctx, w.otherEntOrg);
    const r = explainEligibility({ tiers: [], industries: [], prefectures: [], minRevenue: 1, minYearsInBusiness: 1, srdiTitleRequired: true }, facts);
    expect(r.checks.map((c) => [c.rule, c.met, c.unknown])).toEqual([
      ["minRevenue", false, true],
      ["minYearsInBusiness", false, true],
      ["srdiTitle", false, false],
    ]);
  });
});

describe("a product's stored rules, parsed once per distinct text (ADR 0910)", () => {
  it("reads as the schema reads them, defaults included", () => {
    for (const stored of [{}, { tiers: ["cultivation"] }, { tiers: [], industries: ["C", "I"], minRevenue: 50_000_000, minYearsInBusiness: 3, srdiTitleRequired: true }]) {
      expect(storedEligibility(stored)).toEqual(eligibilityRules.parse(stored));
      expect(storedEligibility(stored)).toEqual(eligibilityRules.parse(stored));
    }
  });

  it("gives each reader its own copy, and an edited product's new rules at once", () => {
    const p = createCreditProduct(ctx, w.bank2, ipLoan());
    setProductState(ctx, w.bank2, p.id, "publish");
    const first = publishedProducts(ctx).find((x) => x.id === p.id)!;
    first.eligibility.tiers.push("incubation");
    first.eligibility.industries.length = 0;
    expect(publishedProducts(ctx).find((x) => x.id === p.id)!.eligibility).toMatchObject({ tiers: ["standardisation", "cultivation"], industries: ["C"] });
    updateCreditProduct(ctx, w.bank2, p.id, ipLoan({ eligibility: { tiers: ["incubation"], industries: [], prefectures: ["6501"], minRevenue: undefined, minYearsInBusiness: undefined, srdiTitleRequired: false } }));
    expect(publishedProducts(ctx).find((x) => x.id === p.id)!.eligibility).toEqual({ tiers: ["incubation"], industries: [], prefectures: ["6501"], srdiTitleRequired: false });
  });
});

describe("credit products and applications", () => {
  it("lenders publish products; non-lenders cannot; bad ranges are refused", () => {
    rejects(() => createCreditProduct(ctx, w.pe, ipLoan()), "financing:matchingErrors.lendersOnly", 403);
    rejects(() => createCreditProduct(ctx, w.bank, ipLoan({ minAmount: 5_000_000, maxAmount: 1_000_000 })), "financing:matchingErrors.rangeInverted", 422);
    rejects(() => createCreditProduct(ctx, w.bank, ipLoan({ termMinMonths: 0 })), "financing:matchingErrors.termPositive", 422);
    const p = createCreditProduct(ctx, w.bank, ipLoan());
    expect(p.state).toBe("draft");
    expect(ctx.db.select().from(searchOutbox).all().some((r) => r.docId === p.id && r.indexName === "credit_products")).toBe(true);
    expect(loadCreditProductDocuments(ctx.db, [p.id])[0]).toMatchObject({ audience: "directed", ownerOrgId: w.bank.orgId, collateralTypes: ["ip"] });
    setProductState(ctx, w.bank, p.id, "publish");
    expect(loadCreditProductDocuments(ctx.db, [p.id])[0]).toMatchObject({ audience: "public", status: "published" });
    rejects(() => setProductState(ctx, w.bank, p.id, "publish"), "financing:matchingErrors.illegalTransition");
    rejects(() => setProductState(ctx, w.bank2, p.id, "retire"), "errors.notFound", 404);
  });

  it("an enterprise sees products with explanations, applies in one click with consent audited, and the lender works it to an outcome", () => {
    const p = createCreditProduct(ctx, w.bank, ipLoan());
    setProductState(ctx, w.bank, p.id, "publish");
    const strict = createCreditProduct(ctx, w.bank2, ipLoan({ name: "上市后备贷", eligibility: { tiers: ["cultivation"], industries: [], prefectures: [], srdiTitleRequired: false } }));
    setProductState(ctx, w.bank2, strict.id, "publish");

    const shelf = productsForEnterprise(ctx, w.enterprise);
    expect(shelf.map((s) => [s.product.name, s.eligible])).toEqual([
      ["知识产权质押贷", true],
      ["上市后备贷", false],
    ]);
    rejects(() => applyForProduct(ctx, w.enterprise, { id: clientId(), productId: strict.id, amount: 2_000_000, termMonths: 12, purpose: "", consent: true }), "financing:matchingErrors.notEligible");
    rejects(() => applyForProduct(ctx, w.enterprise, { id: clientId(), productId: p.id, amount: 2_000_000, termMonths: 12, purpose: "", consent: false as true }), "financing:matchingErrors.consentRequired");
    rejects(() => applyForProduct(ctx, w.enterprise, { id: clientId(), productId: p.id, amount: 50_000_000, termMonths: 12, purpose: "", consent: true }), "financing:matchingErrors.amountOutOfRange");
    rejects(() => applyForProduct(ctx, w.enterprise, { id: clientId(), productId: p.id, amount: 2_000_000, termMonths: 60, purpose: "", consent: true }), "financing:matchingErrors.termOutOfRange");

    const id = clientId();
    const { application } = applyForProduct(ctx, w.enterprise, { id, productId: p.id, amount: 3_000_000, termMonths: 12, purpose: "<i>研发</i>", consent: true });
    expect(applyForProduct(ctx, w.enterprise, { id, productId: p.id, amount: 3_000_000, termMonths: 12, purpose: "", consent: true }).duplicate).toBe(true);
    rejects(() => applyForProduct(ctx, w.enterprise, { id: clientId(), productId: p.id, amount: 3_000_000, termMonths: 12, purpose: "", consent: true }), "financing:matchingErrors.alreadyApplied", 409);
    expect(application.purpose).toBe("<i>研发</i>");
    const consent = ctx.db.select().from(auditLog).where(eq(auditLog.action, "data.consent_product_application")).get();
    expect(consent).toMatchObject({ enterpriseOrgId: w.entOrg, subjectId: id });
    expect(JSON.parse(consent!.data).recipientOrgId).toBe(w.bank.orgId);

    const inbox = applicationInbox(ctx, w.bank);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.shared).toMatchObject({ tier: "standardisation", latestRevenue: 80_000_000 });
    expect(applicationInbox(ctx, w.bank2)).toHaveLength(0);
    const note = ctx.db.select().from(notifications).where(eq(notifications.userId, w.bank.userId)).get();
    expect(JSON.parse(note!.payload).key).toBe("financing:notify.applicationReceived");

    rejects(() => approveApplication(ctx, w.bank2, id, { approvedAmount: 3_000_000, approvedRateBp: 380 }), "financing:matchingErrors.applicationNotFound", 404);
    rejects(() => approveApplication(ctx, w.enterprise, id, { approvedAmount: 3_000_000, approvedRateBp: 380 }), "financing:matchingErrors.onlyLenderDecides", 403);
    rejects(() => recordApplicationOutcome(ctx, w.enterprise, id, { amountObtained: 1, obtainedOn: "2026-03-01" }), "financing:matchingErrors.illegalTransition");
    expect(startReview(ctx, w.bank, id).state).toBe("reviewing");
    rejects(() => startReview(ctx, w.bank, id), "financing:matchingErrors.illegalTransition");
    expect(approveApplication(ctx, w.bank, id, { approvedAmount: 3_000_000, approvedRateBp: 380 }).state).toBe("approved");
    rejects(() => withdrawApplication(ctx, w.enterprise, id), "financing:matchingErrors.illegalTransition");
    const outcome = recordApplicationOutcome(ctx, w.enterprise, id, { amountObtained: 3_000_000, obtainedOn: "2026-03-02", channel: "credit_product" });
    expect(outcome).toMatchObject({ subjectType: "product_application", allInCostBp: 380, channel: "credit_product", instrument: "loan" });
    expect(summariseFinancing(ctx, w.regulator, { from: "2026-03-01", to: "2026-03-31" }).byChannel[0]).toMatchObject({ key: "credit_product", amount: 3_000_000 });
    rejects(() => summariseFinancing(ctx, w.bank, { from: "2026-03-01", to: "2026-03-31" }), "errors.forbidden", 403);
    rejects(() => summariseFinancing(ctx, w.regulator, { from: "2026-04-01", to: "2026-03-31" }), "financing:matchingErrors.rangeInverted");
  });

  it("the enterprise may withdraw; the lender may decline with a reason; applications open conversations between the two only", () => {
    const p = createCreditProduct(ctx, w.bank, ipLoan());
    setProductState(ctx, w.bank, p.id, "publish");
    const a = applyForProduct(ctx, w.enterprise, { id: clientId(), productId: p.id, amount: 3_000_000, termMonths: 12, purpose: "", consent: true }).application;
    const c = startConversation(ctx, w.bank, { subjectType: "product_application", subjectId: a.id, withOrgId: w.entOrg });
    expect(c.memberOrgId).toBe(w.bank.orgId);
    rejects(() => startConversation(ctx, w.bank2, { subjectType: "product_application", subjectId: a.id, withOrgId: w.entOrg }), "financing:matchingErrors.applicationNotFound", 404);
    expect(declineApplication(ctx, w.bank, a.id, { reason: "collateral", note: "" })).toMatchObject({ state: "declined", declineReason: "collateral" });
    const b = applyForProduct(ctx, w.enterprise, { id: clientId(), productId: p.id, amount: 3_000_000, termMonths: 12, purpose: "", consent: true }).application;
    expect(withdrawApplication(ctx, w.enterprise, b.id).state).toBe("withdrawn");
    expect(ctx.db.select().from(productApplications).all()).toHaveLength(2);
  });
});

describe("mandates, matching and recommendations", () => {
  it("saves an institution profile and mandates; explains why a need matches", () => {
    saveInstitutionProfile(ctx, w.bank, { summary: "科技金融专营", licences: ["banking"], regionsServed: ["6501", "6523"], managers: [{ userId: w.bank.userId, title: "客户经理", phone: "0991-0000000" }] });
    expect(institutionProfile(ctx, w.bank.orgId).contacts).toEqual([{ userId: w.bank.userId, name: w.bank.name, email: w.bank.email, title: "客户经理", phone: "0991-0000000" }]);
    expect(institutionMembers(ctx, w.bank).map((m) => m.userId)).toContain(w.bank.userId);
    // Another institution's member, or an id that is nobody, is refused as a relationship manager; nothing changes.
    rejects(() => saveInstitutionProfile(ctx, w.bank, { summary: "", licences: [], regionsServed: [], managers: [{ userId: w.bank2.userId }] }), "financing:matchingErrors.managerNotMember");
    rejects(() => saveInstitutionProfile(ctx, w.bank, { summary: "", licences: [], regionsServed: [], managers: [{ userId: "nobody" }] }), "financing:matchingErrors.managerNotMember");
    expect(institutionProfile(ctx, w.bank.orgId).contacts).toHaveLength(1);
    rejects(() => saveInstitutionProfile(ctx, w.enterprise, { summary: "", licences: [], regionsServed: [], managers: [] }), "financing:matchingErrors.membersOnly", 403);
    rejects(() => createMandate(ctx, w.bank, { name: "x", instruments: ["loan"], minAmount: 5, maxAmount: 1 }), "financing:matchingErrors.rangeInverted");
    const m = createMandate(ctx, w.bank, { name: "科技型企业流贷", instruments: ["loan"], minAmount: 1_000_000, maxAmount: 20_000_000, industries: ["C"], tiers: ["standardisation", "cultivation"], collateral: ["receivables", "ip"] });
    expect(institutionProfile(ctx, w.bank.orgId)).toMatchObject({ licences: ["banking"], regionsServed: ["6501", "6523"], mandates: [expect.objectContaining({ name: "科技型企业流贷" })] });
    const facts = enterpriseFacts(ctx, w.entOrg);
    const match = matchNeedToMandate({ instrument: "loan", amount: 5_000_000, details: JSON.stringify({ collateral: ["ip"] }) }, facts, m);
    expect(match.fits).toBe(true);
    expect(match.reasons.map((r) => r.rule)).toEqual(["instrument", "amount", "industry", "tier", "collateral"]);
    expect(matchNeedToMandate({ instrument: "loan", amount: 50_000_000, details: "{}" }, facts, m).fits).toBe(false);
    expect(matchNeedToMandate({ instrument: "equity", amount: 5_000_000, details: "{}" }, facts, m).fits).toBe(false);
    expect(matchNeedToMandate({ instrument: "loan", amount: 5_000_000, details: JSON.stringify({ collateral: ["real_estate"] }) }, facts, m).fits).toBe(false);
  });

  it("recommends needs to members and members and products to enterprises, with reasons, and alerts once", () => {
    createMandate(ctx, w.bank, { name: "科技型企业流贷", instruments: ["loan"], minAmount: 1_000_000, maxAmount: 20_000_000, industries: ["C"] });
    createMandate(ctx, w.pe, { name: "新能源成长期", instruments: ["equity"], minAmount: 10_000_000, maxAmount: 50_000_000 });
    const loanNeed = makeNeed(ctx, w.entOrg, { title: "锂电产线流动资金", amount: 8_000_000 });
    const hidden = makeNeed(ctx, w.entOrg, { title: "定向需求", audience: "directed", directedTo: [w.bank2.orgId] });
    const p = createCreditProduct(ctx, w.bank2, ipLoan());
    setProductState(ctx, w.bank2, p.id, "publish");

    const forBank = recommendNeedsForInstitution(ctx, w.bank);
    expect(forBank.map((r) => r.need.id)).toEqual([loanNeed]);
    expect(forBank[0]!.reasons.map((r) => r.rule)).toEqual(["instrument", "amount", "industry"]);
    expect(forBank[0]!.canOffer).toBe(true);
    expect(recommendNeedsForInstitution(ctx, w.pe)).toEqual([]);
    // bank2 has no mandate but its product fits both loan needs (and it can see the directed one)
    expect(
      recommendNeedsForInstitution(ctx, w.bank2)
        .map((r) => r.need.id)
        .sort(),
    ).toEqual([loanNeed, hidden].sort());

    const forEnt = recommendForEnterprise(ctx, w.enterprise);
    expect(forEnt.institutions.map((i) => [i.institutionOrgId, i.needId])).toEqual([[w.bank.orgId, loanNeed]]);
    expect(forEnt.products[0]).toMatchObject({ productId: p.id });
    expect(forEnt.products[0]!.reasons.map((r) => r.rule)).toEqual(expect.arrayContaining(["productKind", "amount", "eligible.tier", "eligible.srdiTitle"]));

    // Both users of the bank (the RM and a colleague) are told, once.
    expect(onNeedPublished(ctx, loanNeed).alerted).toBe(2);
    expect(onNeedPublished(ctx, loanNeed).alerted).toBe(0);
    expect(onNeedPublished(ctx, hidden).alerted).toBe(0); // the bank's mandate fits but it cannot see the need
    const alert = ctx.db.select().from(notifications).where(eq(notifications.userId, w.bank.userId)).all();
    // The link opens the need's own page (there is no /market/needs/:id page).
    expect(alert.map((n) => JSON.parse(n.payload))).toEqual([expect.objectContaining({ key: "financing:notify.mandateMatch", href: `/needs/${loanNeed}` })]);
    expect(ctx.db.select().from(notifications).where(eq(notifications.userId, w.pe.userId)).all()).toHaveLength(0);

    // A guarantor whose mandate covers loans is shown them to back, never with an offer button it could not use.
    createMandate(ctx, w.guarantor, { name: "科技贷款担保", instruments: ["loan"], minAmount: 1_000_000, maxAmount: 20_000_000 });
    const forGuarantor = recommendNeedsForInstitution(ctx, w.guarantor);
    expect(forGuarantor.map((r) => r.need.id)).toContain(loanNeed);
    expect(forGuarantor.map((r) => r.canOffer)).toEqual(forGuarantor.map(() => false));
  });
});

describe("an enterprise's recommended members", () => {
  it("take each member's best-fitting mandate per need, asking whether the member may see the need once per member", () => {
    createMandate(ctx, w.bank, { name: "流贷通用", instruments: ["loan"], minAmount: 1_000_000, maxAmount: 20_000_000 });
    createMandate(ctx, w.bank, { name: "知识产权质押", instruments: ["loan"], minAmount: 1_000_000, maxAmount: 20_000_000, industries: ["C"], collateral: ["ip"] });
    createMandate(ctx, w.bank, { name: "房产抵押", instruments: ["loan"], minAmount: 1_000_000, maxAmount: 20_000_000, collateral: ["real_estate"] });
    createMandate(ctx, w.bank2, { name: "定向流贷", instruments: ["loan"], minAmount: 1_000_000, maxAmount: 20_000_000 });
    createMandate(ctx, w.pe, { name: "成长期股权", instruments: ["equity"], minAmount: 1_000_000, maxAmount: 20_000_000 });
    const ipNeed = makeNeed(ctx, w.entOrg, { title: "专利质押流贷", details: { collateral: ["ip"] } });
    const directed = makeNeed(ctx, w.entOrg, { title: "只给二行看", audience: "directed", directedTo: [w.bank2.orgId] });
    makeNeed(ctx, w.entOrg, { title: "草稿", state: "draft" });

    const rows = recommendForEnterprise(ctx, w.enterprise).institutions.map((i) => [i.institutionOrgId, i.needId, i.mandateName, i.reasons.map((r) => r.rule)]);
    expect(rows).toEqual(
      expect.arrayContaining([
        // The collateral mandate fits the need that offers a patent and states more, so it is the bank's line; the
        // real-estate mandate refuses it.
        [w.bank.orgId, ipNeed, "知识产权质押", ["instrument", "amount", "industry", "collateral"]],
        [w.bank2.orgId, ipNeed, "定向流贷", ["instrument", "amount"]],
        // Only the member it is directed to is shown for the directed need, though the bank's mandates fit it too.
        [w.bank2.orgId, directed, "定向流贷", ["instrument", "amount"]],
      ]),
    );
    expect(rows).toHaveLength(3);
  });
});

describe("an institution's recommendations among many needs", () => {
  it("are the head of the full ranking (best match, then newest, then id) whatever the number asked for", () => {
    createMandate(ctx, w.bank, { name: "科技型企业流贷", instruments: ["loan"], minAmount: 1_000_000, maxAmount: 50_000_000, collateral: ["receivables", "ip"] });
    setProductState(ctx, w.bank, createCreditProduct(ctx, w.bank, ipLoan({ eligibility: { tiers: ["standardisation"], industries: ["C"], prefectures: [], srdiTitleRequired: true } })).id, "publish");
    const other = makeOrg(ctx, "enterprise", "乌鲁木齐智造科技有限公司");
    // 150 needs over more than two reads of candidates: amounts in and out of the product's range, with and without
    // collateral (a reason more), some never fitting (equity, too large); several published in the same millisecond.
    for (let n = 0; n < 150; n++) {
      if (n % 3 === 0) ctx.clock.advance(60_000);
      makeNeed(ctx, n % 4 === 0 ? other : w.entOrg, {
        instrument: n % 10 === 9 ? "equity" : "loan",
        amount: n % 7 === 0 ? 80_000_000 : n % 2 === 0 ? 5_000_000 : 20_000_000,
        details: n % 5 === 0 ? {} : { collateral: n % 3 === 0 ? ["ip"] : ["receivables"] },
      });
    }
    const all = recommendNeedsForInstitution(ctx, w.bank, 1_000);
    expect(all.length).toBeGreaterThan(64);
    expect(new Set(all.map((r) => r.score)).size).toBeGreaterThan(1);
    const rank = (r: (typeof all)[number]) => [-r.score, -(r.need.publishedAt ?? 0), r.need.id] as const;
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [rank(all[i - 1]!), rank(all[i]!)];
      expect(a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])))).toBe(true);
    }
    for (const limit of [1, 6, 10, 64, 65, 100]) expect(recommendNeedsForInstitution(ctx, w.bank, limit)).toEqual(all.slice(0, limit));
  });
});

describe("publishing a need through the needs module", () => {
  it("alerts members whose mandates fit, once", () => {
    createMandate(ctx, w.bank, { name: "科技型企业流贷", instruments: ["loan"], minAmount: 1_000_000, maxAmount: 50_000_000, collateral: ["orders", "ip"] });
    const id = createNeed(ctx, w.enterprise, {
      instrument: "loan",
      title: "正极材料扩产流动资金贷款",
      summary: "订单饱满",
      amount: 30_000_000,
      audience: "members",
      directedOrgIds: [],
      expiresOn: "2026-06-30",
      details: { termMonths: 24, purpose: "扩产", collateral: ["orders"] },
    });
    publishNeed(ctx, w.enterprise, id);
    const keys = ctx.db.select().from(notifications).where(eq(notifications.userId, w.bank.userId)).all().map((n) => JSON.parse(n.payload).key);
    expect(keys).toEqual(["financing:notify.mandateMatch"]);
    expect(recommendNeedsForInstitution(ctx, w.bank)[0]?.reasons.map((r) => r.rule)).toEqual(["instrument", "amount", "collateral"]);
  });
});

describe("follows and the feed", () => {
  it("follows enterprises and visible needs, and reads what they publish", () => {
    rejects(() => follow(ctx, w.enterprise, "enterprise", w.otherEntOrg), "financing:matchingErrors.membersOnly", 403);
    follow(ctx, w.bank, "enterprise", w.entOrg);
    rejects(() => follow(ctx, w.bank, "enterprise", w.entOrg), "financing:matchingErrors.alreadyFollowing", 409);
    const hidden = makeNeed(ctx, w.entOrg, { title: "定向需求", audience: "directed", directedTo: [w.bank2.orgId] });
    rejects(() => follow(ctx, w.bank, "need", hidden), "financing:matchingErrors.needNotFound", 404);
    ctx.clock.advance(60_000);
    const visible = makeNeed(ctx, w.entOrg, { title: "设备融资租赁需求", instrument: "leasing" });
    ctx.clock.advance(60_000);
    ctx.db.insert(decks).values({ id: "deck1", enterpriseOrgId: w.entOrg, title: "2026 路演材料", audience: "members", currentVersionId: "v1", updatedAt: ctx.clock.now() }).run();
    follow(ctx, w.bank, "need", visible);
    expect(listFollows(ctx, w.bank).map((f) => f.targetType)).toEqual(["need", "enterprise"]);
    const feed = feedFor(ctx, w.bank);
    expect(feed.map((f) => f.kind)).toEqual(["deck_published", "need_published", "tier_changed"]);
    expect(feed.find((f) => f.kind === "need_published")).toMatchObject({ needId: visible });
    expect(onNeedPublished(ctx, visible).followers).toBe(2); // the bank's two users
    const told = ctx.db.select().from(notifications).where(eq(notifications.userId, w.bank.userId)).all().map((n) => JSON.parse(n.payload));
    expect(told).toContainEqual(expect.objectContaining({ key: "financing:notify.followedPublished", href: `/needs/${visible}` }));
    expect(onNeedPublished(ctx, hidden).followers).toBe(0);
  });

  it("shows the board's tier history of a followed enterprise: admitted, moved, removed", () => {
    follow(ctx, w.bank, "enterprise", w.entOrg);
    const board = (action: string, data: Record<string, unknown>) => {
      ctx.clock.advance(60_000);
      appendAudit(ctx, { action, subjectType: "board_membership", subjectId: "m1", enterpriseOrgId: w.entOrg, data });
    };
    board("board.membership.admitted", { tier: "incubation" });
    board("board.membership.retiered", { from: "incubation", to: "standardisation" });
    board("board.membership.retiered", { from: "standardisation", to: "standardisation" }); // a move overruled to the same tier
    board("board.membership.removed", { from: "standardisation", to: null, removalReason: "violation" });
    appendAudit(ctx, { action: "board.membership.retiered", subjectType: "board_membership", subjectId: "m2", enterpriseOrgId: w.otherEntOrg, data: { from: "incubation", to: "cultivation" } });
    const tiers = feedFor(ctx, w.bank).filter((f) => f.kind === "tier_changed");
    // Newest first; with a history the membership row's own "current tier" item is not repeated.
    expect(tiers.map((f) => (f.kind === "tier_changed" ? [f.from, f.tier] : []))).toEqual([
      ["standardisation", null],
      ["incubation", "standardisation"],
      [null, "incubation"],
    ]);
  });
});
