import { eq } from "drizzle-orm";
import { financingNeeds, INSTRUMENTS, type Instrument, type NeedAudience } from "@db/schema";
import { expressInterest, viewNeed } from "~/modules/financing/needs-read.server";
import { expireDueNeeds } from "~/modules/financing/need-lifecycle.server";
import { closeNeed, createNeed, markNeedMatched, pauseNeed, publishNeed } from "~/modules/financing/needs.server";
import type { InstrumentDetails, NeedInput } from "~/modules/financing/needs-schemas";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import { demoActor } from "./enterprises";
import type { AreaSeeder, SeededWorld } from "./index";
import { ENTERPRISES, INSTITUTIONS } from "./world";

const DETAILS: InstrumentDetails = {
  equity: { valuationMin: 300_000_000, valuationMax: 450_000_000, stakeOfferedBp: 1000, useOfFunds: "新建产线与研发中心，补充营运资金", stage: "a" },
  convertible: { termMonths: 36, couponMinBp: 300, couponMaxBp: 450, conversionTerms: "满 12 个月后可按最近一轮估值 8 折转股" },
  loan: { termMonths: 12, purpose: "采购原材料，补充流动资金", collateral: ["receivables", "ip"] },
  guarantee: { forLoan: "天山商业银行 1000 万元流动资金贷款", lender: "天山商业银行乌鲁木齐分行", termMonths: 12 },
  leasing: { asset: "全自动生产线设备一套", termMonths: 36 },
};

const AMOUNT: Record<Instrument, number> = { equity: 50_000_000, convertible: 30_000_000, loan: 20_000_000, guarantee: 10_000_000, leasing: 15_000_000 };
const TITLE: Record<Instrument, string> = { equity: "A 轮股权融资", convertible: "可转债融资", loan: "流动资金贷款", guarantee: "贷款担保需求", leasing: "设备融资租赁" };

/**
 * Needs of every instrument in every state (5 × 6), spread over the first enterprises, with audiences
 * mixed and a little traffic: views and interest from institutions that may see them.
 */
export const financingSeeder: AreaSeeder = {
  name: "financing",
  run(ctx: AppContext, world: SeededWorld) {
    const validUntil = shanghaiDate(ctx.clock.now() + 120 * 86_400_000);
    const inst = (key: string) => demoActor(world, key, "institution", INSTITUTIONS.find((i) => i.key === key)!.name);
    const bank1 = inst("bank1");
    const pe1 = inst("pe1");
    const lease1 = inst("lease1");
    const guar1 = inst("guar1");
    const states = ["draft", "published", "paused", "matched", "closed", "expired"] as const;
    let n = 0;
    for (const instrument of INSTRUMENTS) {
      for (const state of states) {
        const e = (n % 12) + 1;
        n++;
        const owner = demoActor(world, `ent:${e}`, "enterprise", ENTERPRISES[e - 1]![0]);
        const audience: NeedAudience = n % 3 === 0 ? "directed" : n % 3 === 1 ? "members" : "public";
        const funder = instrument === "equity" || instrument === "convertible" ? pe1 : instrument === "leasing" ? lease1 : instrument === "guarantee" ? guar1 : bank1;
        const input: NeedInput = {
          instrument,
          title: `${ENTERPRISES[e - 1]![0].replace(/有限公司|股份有限公司/, "")} ${TITLE[instrument]}`,
          summary: `企业经营稳健，拟${TITLE[instrument]} ${AMOUNT[instrument] / 10_000} 万元，用于扩大产能。`,
          amount: AMOUNT[instrument] + e * 1_000_000,
          audience,
          directedOrgIds: audience === "directed" ? [funder.orgId, world.orgIdByKey.get("bank2")!] : [],
          expiresOn: validUntil,
          details: DETAILS[instrument],
        };
        const id = createNeed(ctx, owner, input);
        if (state === "draft") continue;
        publishNeed(ctx, owner, id);
        const viewers = audience === "directed" ? [funder] : [funder, inst("bank3"), inst("pe2")];
        for (const v of viewers) viewNeed(ctx, v, id);
        expressInterest(ctx, funder, id, "我行/我司对该项目感兴趣，可安排尽调。");
        if (state === "paused") pauseNeed(ctx, owner, id);
        if (state === "matched") markNeedMatched(ctx, owner, id, { matchedOrgId: funder.orgId, matchedAmount: input.amount });
        if (state === "closed") closeNeed(ctx, owner, id, { outcome: "funded_elsewhere", note: "已通过其他渠道解决。" });
        if (state === "expired") {
          ctx.db.update(financingNeeds).set({ expiresOn: shanghaiDate(ctx.clock.now() - 86_400_000) }).where(eq(financingNeeds.id, id)).run();
          expireDueNeeds(ctx);
        }
      }
    }
    // The demo enterprise (ent:1) also has the two needs the e2e journey describes.
    const ent1 = demoActor(world, "ent:1", "enterprise", ENTERPRISES[0]![0]);
    const loan = createNeed(ctx, ent1, {
      instrument: "loan",
      title: "金沙锂电 正极材料扩产流动资金贷款",
      summary: "锂电池正极材料订单饱满，扩产需补充流动资金。",
      amount: 30_000_000,
      audience: "members",
      directedOrgIds: [],
      expiresOn: validUntil,
      details: { termMonths: 24, purpose: "正极材料扩产", collateral: ["orders", "equipment", "ip"] },
    });
    publishNeed(ctx, ent1, loan);
    viewNeed(ctx, bank1, loan);
  },
};
