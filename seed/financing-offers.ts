import { eq } from "drizzle-orm";
import { creditProducts as creditProductsTable, users, type Instrument } from "@db/schema";
import { createCreditProduct, setProductState } from "~/modules/financing/credit-products.server";
import { follow } from "~/modules/financing/follows.server";
import { createMandate, saveInstitutionProfile } from "~/modules/financing/mandates.server";
import type { CreditProductInput, MandateInput, OfferTerms } from "~/modules/financing/financing-schemas";
import { createNeed, publishNeed } from "~/modules/financing/needs.server";
import { recordOfferProgress } from "~/modules/financing/offer-progress.server";
import { acceptOffer, consentGuarantee, declineOffer, joinGuarantee, recordOfferOutcome, setResponseDeadline, shortlistOffer, submitOffer } from "~/modules/financing/offers.server";
import { applyForProduct, approveApplication, recordApplicationOutcome, startReview } from "~/modules/financing/product-applications.server";
import type { Actor } from "~/modules/identity/actor";
import { actorForUser } from "~/modules/identity/sessions.server";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import type { AreaSeeder, SeededWorld } from "./index";
import { ENTERPRISES, INSTITUTIONS } from "./world";

const DAY = 86_400_000;

function actorByEmail(ctx: AppContext, email: string): Actor {
  const user = ctx.db.select().from(users).where(eq(users.email, email)).get();
  const actor = user ? actorForUser(ctx, user) : null;
  if (!actor) throw new Error(`seed: no actor for ${email}`);
  return actor;
}

const inst = (ctx: AppContext, key: string) => actorByEmail(ctx, `${key}@inst.demo`);
const ent = (ctx: AppContext, i: number) => actorByEmail(ctx, `ent${String(i).padStart(2, "0")}@demo.xj`);

/** Deterministic client ids (they only need to be unique and id-shaped). */
let seq = 0;
const cid = (prefix: string) => `${prefix}${String(++seq).padStart(6, "0")}seed`;

const MANDATES: Record<string, MandateInput[]> = {
  bank1: [{ name: "科技型中小企业流动资金贷款", instruments: ["loan"], minAmount: 1_000_000, maxAmount: 50_000_000, industries: ["C", "I", "M"], collateral: ["receivables", "ip", "orders", "equipment", "credit"] }],
  bank2: [{ name: "专精特新“信易贷”", instruments: ["loan"], minAmount: 2_000_000, maxAmount: 30_000_000, tiers: ["standardisation", "cultivation"], collateral: ["receivables", "orders", "credit"] }],
  bank3: [{ name: "县域特色产业贷款", instruments: ["loan"], minAmount: 500_000, maxAmount: 10_000_000, industries: ["A", "C"], prefectures: ["6523", "6527", "6528", "6529", "6540", "6542"] }],
  bank4: [{ name: "城市更新与制造业中长期贷款", instruments: ["loan"], minAmount: 5_000_000, maxAmount: 80_000_000, industries: ["C", "D"], collateral: ["equipment", "real_estate", "equity_pledge"] }],
  pe1: [{ name: "新能源新材料 A/B 轮", instruments: ["equity", "convertible"], minAmount: 10_000_000, maxAmount: 80_000_000, industries: ["C", "D"], stages: ["a", "b"] }],
  pe2: [{ name: "数字经济早期投资", instruments: ["equity"], minAmount: 5_000_000, maxAmount: 30_000_000, industries: ["I", "M"], stages: ["angel", "a"] }],
  pe3: [{ name: "上市后备企业 Pre-IPO", instruments: ["equity", "convertible"], minAmount: 20_000_000, maxAmount: 150_000_000, tiers: ["cultivation"] }],
  guar1: [{ name: "科技贷款担保（投担联动）", instruments: ["guarantee", "loan"], minAmount: 1_000_000, maxAmount: 30_000_000 }],
  guar2: [{ name: "中小微企业融资担保", instruments: ["guarantee"], minAmount: 500_000, maxAmount: 20_000_000, tiers: ["incubation", "standardisation"] }],
  lease1: [{ name: "生产设备直租与回租", instruments: ["leasing"], minAmount: 2_000_000, maxAmount: 50_000_000, industries: ["C", "D"], collateral: ["equipment"] }],
  lease2: [{ name: "新能源装备融资租赁", instruments: ["leasing"], minAmount: 5_000_000, maxAmount: 60_000_000, industries: ["C", "D"] }],
  sec1: [{ name: "可转债与股权融资顾问", instruments: ["convertible", "equity"], minAmount: 20_000_000, maxAmount: 200_000_000, tiers: ["standardisation", "cultivation"] }],
};

const LICENCES: Record<string, string[]> = {
  bank: ["banking"],
  pe_vc: ["private_fund_manager"],
  guarantor: ["financing_guarantee"],
  leasing: ["financial_leasing"],
  securities: ["securities_brokerage", "sponsorship"],
};

const PRODUCTS: [string, CreditProductInput][] = [
  ["bank1", { name: "天山知识产权质押贷", kind: "ip_pledge", summary: "以发明专利、实用新型专利质押，最快 10 个工作日放款。", minAmount: 1_000_000, maxAmount: 10_000_000, rateMinBp: 330, rateMaxBp: 420, termMinMonths: 6, termMaxMonths: 36, collateral: ["ip"], eligibility: { tiers: ["standardisation", "cultivation"], industries: ["C", "I", "M"], prefectures: [], minYearsInBusiness: 2, srdiTitleRequired: false } }],
  ["bank1", { name: "天山订单贷", kind: "order_loan", summary: "凭核心企业订单放款，随订单回款还款。", minAmount: 500_000, maxAmount: 5_000_000, rateMinBp: 360, rateMaxBp: 450, termMinMonths: 3, termMaxMonths: 12, collateral: ["orders"], eligibility: { tiers: [], industries: ["C"], prefectures: [], minRevenue: 20_000_000, srdiTitleRequired: false } }],
  ["bank2", { name: "丝路应收账款融资", kind: "receivables", summary: "应收账款质押，线上确权。", minAmount: 1_000_000, maxAmount: 20_000_000, rateMinBp: 345, rateMaxBp: 430, termMinMonths: 3, termMaxMonths: 12, collateral: ["receivables"], eligibility: { tiers: ["standardisation", "cultivation"], industries: [], prefectures: [], minRevenue: 30_000_000, srdiTitleRequired: false } }],
  ["bank3", { name: "昆仑专精特新信用贷", kind: "credit_loan", summary: "纯信用，专精特新企业专属。", minAmount: 500_000, maxAmount: 3_000_000, rateMinBp: 380, rateMaxBp: 480, termMinMonths: 12, termMaxMonths: 36, collateral: ["credit"], eligibility: { tiers: [], industries: [], prefectures: [], minYearsInBusiness: 3, srdiTitleRequired: true } }],
  ["bank4", { name: "博格达股权质押贷", kind: "equity_pledge", summary: "以在新疆股权交易中心托管的股权质押。", minAmount: 2_000_000, maxAmount: 30_000_000, rateMinBp: 370, rateMaxBp: 460, termMinMonths: 12, termMaxMonths: 36, collateral: ["equity_pledge"], eligibility: { tiers: ["cultivation"], industries: [], prefectures: [], srdiTitleRequired: false } }],
  ["lease1", { name: "丝绸之路设备直租", kind: "equipment_leasing", summary: "新购生产设备直租，首付 10%。", minAmount: 2_000_000, maxAmount: 50_000_000, rateMinBp: 480, rateMaxBp: 620, termMinMonths: 24, termMaxMonths: 60, collateral: ["equipment"], eligibility: { tiers: [], industries: ["C", "D"], prefectures: [], minRevenue: 10_000_000, srdiTitleRequired: false } }],
  ["lease2", { name: "天山新能源装备回租", kind: "equipment_leasing", summary: "存量设备售后回租，盘活固定资产。", minAmount: 5_000_000, maxAmount: 60_000_000, rateMinBp: 500, rateMaxBp: 650, termMinMonths: 36, termMaxMonths: 60, collateral: ["equipment"], eligibility: { tiers: [], industries: ["C", "D"], prefectures: [], minYearsInBusiness: 3, srdiTitleRequired: false } }],
];

const loan = (o: Partial<Extract<OfferTerms, { instrument: "loan" }>> & { amount: number; rateBp: number }): OfferTerms => ({
  instrument: "loan",
  termMonths: 12,
  upfrontFeeBp: 0,
  feeAmount: 0,
  collateral: [],
  guaranteeRequired: false,
  guaranteeFeeBp: 0,
  conditions: "",
  ...o,
});

/**
 * The financing side of the demo world: profiles and mandates for all 12 members, credit products from
 * the 4 banks and 2 leasing firms, and needs at each stage with realistic offers from every kind of member —
 * open ones to compare (one with a guarantor joined, one late), shortlisted, declined, and accepted ones with
 * outcomes that the regulators' page adds up. Runs after the needs seeder.
 */
export const financingOffersSeeder: AreaSeeder = {
  name: "financing-offers",
  run(ctx: AppContext, _world: SeededWorld) {
    const validUntil = shanghaiDate(ctx.clock.now() + 45 * DAY);
    const daysAgo = (n: number) => shanghaiDate(ctx.clock.now() - n * DAY);
    const expiresOn = shanghaiDate(ctx.clock.now() + 120 * DAY);

    for (const i of INSTITUTIONS) {
      const a = inst(ctx, i.key);
      saveInstitutionProfile(ctx, a, {
        summary: `${i.name}，服务新疆“专精特新”企业的联盟成员。`,
        licences: (LICENCES[i.type] ?? []) as never,
        regionsServed: i.key === "bank3" ? ["6523", "6527", "6528", "6529", "6540", "6542"] : [],
        managers: [{ userId: a.userId, title: "客户经理", phone: "0991-66" + String(10_000 + INSTITUTIONS.indexOf(i)).slice(1) }],
      });
      for (const m of MANDATES[i.key] ?? []) createMandate(ctx, a, m);
    }

    for (const [key, p] of PRODUCTS) {
      const a = inst(ctx, key);
      const product = createCreditProduct(ctx, a, p);
      setProductState(ctx, a, product.id, "publish");
    }

    const need = (e: number, instrument: Instrument, title: string, amount: number, details: Record<string, unknown>) => {
      const owner = ent(ctx, e);
      const id = createNeed(ctx, owner, { instrument, title, summary: `${ENTERPRISES[e - 1]![0]}：${title}。`, amount, audience: "members", directedOrgIds: [], expiresOn, details } as never);
      publishNeed(ctx, owner, id);
      return { id, owner };
    };
    const offer = (who: Actor, needId: string, terms: OfferTerms, valid = validUntil) => submitOffer(ctx, who, { id: cid("of"), needId, validUntil: valid, terms }).offer;

    // 1. An open loan need being compared: three banks, one backed by a guarantor (投担联动), one late.
    const pastCtx = { ...ctx, clock: { now: () => ctx.clock.now() - 10 * DAY } };
    const n1 = need(2, "loan", "风电装备零部件扩产流动资金贷款", 20_000_000, { termMonths: 12, purpose: "采购钢材与轴承", collateral: ["receivables", "orders"] });
    setResponseDeadline(pastCtx, n1.owner, n1.id, daysAgo(3));
    const o1 = offer(inst(ctx, "bank1"), n1.id, loan({ amount: 20_000_000, rateBp: 355, upfrontFeeBp: 30, collateral: ["receivables"], guaranteeRequired: true, guaranteeFeeBp: 150, conditions: "需提供核心客户订单清单" }));
    joinGuarantee(ctx, inst(ctx, "guar1"), o1.id, { coverageBp: 8_000, feeBp: 100, conditions: "实际控制人连带反担保" });
    consentGuarantee(ctx, inst(ctx, "bank1"), o1.id, inst(ctx, "guar1").orgId);
    offer(inst(ctx, "bank2"), n1.id, loan({ amount: 15_000_000, rateBp: 385, collateral: ["orders"], conditions: "分两笔放款" }));
    offer(inst(ctx, "bank4"), n1.id, loan({ amount: 20_000_000, rateBp: 375, termMonths: 24, feeAmount: 60_000, collateral: ["equipment"] }));

    // 2. Equity need with two term sheets, one shortlisted, one declined.
    const n2 = need(3, "equity", "云谷数据 A 轮股权融资", 30_000_000, { valuationMin: 200_000_000, valuationMax: 300_000_000, stakeOfferedBp: 1200, useOfFunds: "数据中心扩容与研发", stage: "a" });
    const e1 = offer(inst(ctx, "pe2"), n2.id, { instrument: "equity", amount: 30_000_000, preMoneyValuation: 220_000_000, stakeBp: 1200, keyTerms: "董事会一席；三年对赌营收复合增长 30%" });
    const e2 = offer(inst(ctx, "pe1"), n2.id, { instrument: "equity", amount: 25_000_000, preMoneyValuation: 180_000_000, stakeBp: 1220, keyTerms: "优先清算权 1 倍" });
    shortlistOffer(ctx, n2.owner, e1.id);
    declineOffer(ctx, n2.owner, e2.id, { reason: "amount", note: "估值与金额低于预期" });

    // 3. Leasing need with offers from both leasing firms.
    const n3 = need(5, "leasing", "光伏材料产线设备融资租赁", 18_000_000, { asset: "多晶硅还原炉两台", termMonths: 36 });
    offer(inst(ctx, "lease1"), n3.id, { instrument: "leasing", amount: 18_000_000, termMonths: 36, leaseRateBp: 520, depositBp: 1000, handlingFeeBp: 150, residualValue: 100, assetDescription: "多晶硅还原炉" });
    offer(inst(ctx, "lease2"), n3.id, { instrument: "leasing", amount: 16_000_000, termMonths: 48, leaseRateBp: 545, depositBp: 500, handlingFeeBp: 0, residualValue: 1, assetDescription: "多晶硅还原炉（回租）" });

    // 4. Convertible bond and guarantee needs with offers from the securities firm and both guarantors.
    const n4 = need(11, "convertible", "特变配件 可转债融资", 30_000_000, { termMonths: 36, couponMinBp: 300, couponMaxBp: 450, conversionTerms: "12 个月后可转股" });
    offer(inst(ctx, "sec1"), n4.id, { instrument: "convertible", amount: 30_000_000, termMonths: 36, couponBp: 380, conversionPremiumBp: 1500, issuanceFeeBp: 200, keyTerms: "区域股权市场定向发行，承销费 2%" });
    offer(inst(ctx, "pe3"), n4.id, { instrument: "convertible", amount: 20_000_000, termMonths: 36, couponBp: 350, conversionPremiumBp: 1000, issuanceFeeBp: 0, keyTerms: "上市前可按 Pre-IPO 轮估值转股" });
    const n5 = need(12, "guarantee", "硅基材料 银行贷款担保", 10_000_000, { forLoan: "博格达城市银行 1000 万元流动资金贷款", lender: "博格达城市银行", termMonths: 12 });
    offer(inst(ctx, "guar1"), n5.id, { instrument: "guarantee", amount: 10_000_000, termMonths: 12, feeBp: 120, coverageBp: 10_000, counterGuarantee: "设备抵押反担保" });
    offer(inst(ctx, "guar2"), n5.id, { instrument: "guarantee", amount: 8_000_000, termMonths: 12, feeBp: 100, coverageBp: 8_000, counterGuarantee: "股权质押反担保" });

    // 5. Funded: accepted offers with outcomes (the needs end as matched) — what the regulators count.
    const funded: [number, Instrument, string, number, Record<string, unknown>, string, OfferTerms, number, number][] = [
      [6, "loan", "油田智能装备订单融资", 8_000_000, { termMonths: 12, purpose: "履行中石油订单", collateral: ["orders"] }, "bank1", loan({ amount: 8_000_000, rateBp: 365, upfrontFeeBp: 20, collateral: ["orders"], guaranteeRequired: true, guaranteeFeeBp: 80 }), 8_000_000, 40],
      [9, "loan", "风电运维流动资金贷款", 12_000_000, { termMonths: 12, purpose: "运维备件采购", collateral: ["receivables"] }, "bank2", loan({ amount: 12_000_000, rateBp: 375, collateral: ["receivables"] }), 11_000_000, 75],
      [31, "equity", "雪峰储能 B 轮股权融资", 60_000_000, { valuationMin: 500_000_000, valuationMax: 600_000_000, stakeOfferedBp: 1000, useOfFunds: "储能电池产线", stage: "b" }, "pe1", { instrument: "equity", amount: 55_000_000, preMoneyValuation: 495_000_000, stakeBp: 1000, keyTerms: "领投，董事会一席" }, 55_000_000, 110],
      [33, "leasing", "无人机生产设备融资租赁", 9_000_000, { asset: "复合材料成型设备", termMonths: 36 }, "lease1", { instrument: "leasing", amount: 9_000_000, termMonths: 36, leaseRateBp: 495, depositBp: 1000, handlingFeeBp: 150, residualValue: 100, assetDescription: "复合材料成型设备" }, 9_000_000, 150],
    ];
    for (const [e, instrument, title, amount, details, key, terms, obtained, ago] of funded) {
      const n = need(e, instrument, title, amount, details);
      const o = offer(inst(ctx, key), n.id, terms);
      if (instrument === "loan" && key === "bank1") {
        joinGuarantee(ctx, inst(ctx, "guar2"), o.id, { coverageBp: 5_000, feeBp: 80, conditions: "" });
        consentGuarantee(ctx, inst(ctx, "bank1"), o.id, inst(ctx, "guar2").orgId);
      }
      acceptOffer(ctx, n.owner, o.id);
      recordOfferOutcome(ctx, n.owner, o.id, { amountObtained: obtained, channel: "board_offer", obtainedOn: daysAgo(ago) });
    }
    // One accepted offer still waiting for the money.
    const n6 = need(21, "loan", "光电器件研发贷款", 5_000_000, { termMonths: 24, purpose: "研发设备", collateral: ["ip"] });
    const o6 = offer(inst(ctx, "bank3"), n6.id, loan({ amount: 5_000_000, rateBp: 395, termMonths: 24, collateral: ["ip"] }));
    acceptOffer(ctx, n6.owner, o6.id);

    // The progress timeline at each later step (ent21 "my needs" shows them side by side): approved and waiting for the
    // money, partly disbursed, fallen through; and a funded need whose lender recorded approval and the whole amount.
    const ago = (n: number): AppContext => ({ ...ctx, clock: { now: () => ctx.clock.now() - n * DAY } });
    const progressed = (title: string, amount: number, key: string, steps: ((offerId: string) => void)[]) => {
      const then = ago(20);
      const owner = ent(then, 21);
      const id = createNeed(then, owner, { instrument: "loan", title, summary: `${ENTERPRISES[20]![0]}：${title}。`, amount, audience: "members", directedOrgIds: [], expiresOn, details: { termMonths: 12, purpose: title, collateral: ["receivables"] } } as never);
      publishNeed(then, owner, id);
      const o = submitOffer(ago(18), inst(ctx, key), { id: cid("of"), needId: id, validUntil, terms: loan({ amount, rateBp: 380, collateral: ["receivables"] }) }).offer;
      acceptOffer(ago(15), owner, o.id);
      for (const step of steps) step(o.id);
    };
    const lender = (key: string) => inst(ctx, key);
    const approved = (key: string, days: number) => (offerId: string) => recordOfferProgress(ctx, lender(key), offerId, { id: cid("pg"), kind: "approved", happenedOn: daysAgo(days) });
    const disbursed = (key: string, days: number, wan: string) => (offerId: string) => recordOfferProgress(ctx, lender(key), offerId, { id: cid("pg"), kind: "disbursed", happenedOn: daysAgo(days), amount: wan });
    progressed("光电器件产线流动资金贷款", 3_000_000, "bank1", [approved("bank1", 10)]);
    progressed("光学镀膜设备采购贷款", 8_000_000, "bank2", [approved("bank2", 12), disbursed("bank2", 8, "300")]);
    progressed("激光器件出口订单贷款", 2_000_000, "bank4", [
      (offerId) => recordOfferProgress(ctx, lender("bank4"), offerId, { id: cid("pg"), kind: "failed", happenedOn: daysAgo(9), reason: "授信审批未通过：出口订单回款账期超过 180 天" }),
    ]);
    progressed("光电传感器扩产贷款", 4_000_000, "bank3", [approved("bank3", 13), disbursed("bank3", 11, "250"), disbursed("bank3", 4, "150")]);

    // 6. Product applications: one disbursed (an outcome through the 助贷 channel), one in review.
    for (const [e, productName, amount, term, approved] of [
      [1, "天山知识产权质押贷", 5_000_000, 24, true],
      [2, "天山订单贷", 3_000_000, 6, false],
    ] as const) {
      const a = ent(ctx, e);
      const productId = productByName(ctx, productName)!;
      const { application } = applyForProduct(ctx, a, { id: cid("ap"), productId, amount, termMonths: term, purpose: "补充研发与生产资金", consent: true });
      const lender = inst(ctx, "bank1");
      startReview(ctx, lender, application.id);
      if (approved) {
        approveApplication(ctx, lender, application.id, { approvedAmount: amount, approvedRateBp: 350 });
        recordApplicationOutcome(ctx, a, application.id, { amountObtained: amount, channel: "credit_product", obtainedOn: daysAgo(20) });
      }
    }

    // 7. Members follow a few enterprises so their feeds have something to show.
    for (const [key, e] of [["bank1", 1], ["bank1", 2], ["pe1", 1], ["pe1", 31], ["guar1", 2]] as const) {
      follow(ctx, inst(ctx, key), "enterprise", ent(ctx, e).orgId);
    }
  },
};

function productByName(ctx: AppContext, name: string): string | null {
  return (
    ctx.db
      .select({ id: creditProductsTable.id })
      .from(creditProductsTable)
      .where(eq(creditProductsTable.name, name))
      .get()?.id ?? null
  );
}
