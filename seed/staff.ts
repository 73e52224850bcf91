import { eq } from "drizzle-orm";
import { users, visitFollowUps } from "@db/schema";
import type { Actor } from "~/modules/identity/actor";
import { actorForUser } from "~/modules/identity/sessions.server";
import { loadSystemActor } from "~/modules/identity/system-actor.server";
import { previousPeriod, storeReportPack } from "~/modules/staff/reports.server";
import { escalateOverdueServiceRequests, moveServiceRequest, raiseServiceRequest, rateServiceRequest } from "~/modules/staff/service-requests.server";
import { recordCultivationStage } from "~/modules/staff/cultivation.server";
import { createEsopPlan, recordEsopEntry, setEsopCustodyAccount } from "~/modules/staff/esop.server";
import { publishPolicy } from "~/modules/staff/policies.server";
import { followUpToRequest, recordVisit } from "~/modules/staff/visits.server";
import type { AppContext } from "~/utils/context.server";
import { shanghaiDate } from "~/utils/dates";
import type { AreaSeeder } from "./index";

/**
 * The service desk on day one: service requests in every state (one overdue and escalated), visits with
 * follow-ups (one already a request), and the report packs of the last month and quarter, all made through the
 * services (so the audit chain and the timelines hold them) at times relative to the moment of seeding.
 */

const DAY = 86_400_000;

function actor(ctx: AppContext, email: string): Actor {
  const user = ctx.db.select().from(users).where(eq(users.email, email)).get();
  const a = user ? actorForUser(ctx, user) : null;
  if (!a) throw new Error(`seed: no actor for ${email}`);
  return a;
}

const ent = (ctx: AppContext, n: number) => actor(ctx, `ent${String(n).padStart(2, "0")}@demo.xj`);

export async function seedStaff(base: AppContext): Promise<void> {
  const anchor = base.clock.now();
  let now = anchor;
  const ctx: AppContext = { ...base, clock: { now: () => now } };
  const at = (daysAgo: number, hour = 0) => {
    now = anchor - daysAgo * DAY + hour * 3_600_000;
  };
  const service = actor(ctx, "service@xjex.demo");
  const rid = (n: number) => `sr-seed-${String(n).padStart(4, "0")}`;

  // Visits first: what the service person learned, with a follow-up that became a request.
  at(40);
  recordVisit(ctx, service, {
    id: "visit-seed-0001",
    enterpriseOrgId: ent(ctx, 1).orgId,
    kind: "visit",
    visitedOn: shanghaiDate(now),
    participants: ["古丽娜·阿不都", "金沙锂电 董事长", "金沙锂电 财务总监"],
    findings: "企业计划扩建 2GWh 电芯产线，流动资金缺口约 3000 万元；有在 2028 年前启动股改的意向，希望了解北交所上市路径。",
    followUps: [
      { text: "对接两家银行的知识产权质押贷款", kind: "financing", asRequest: false },
      { text: "介绍北交所上市条件与股改时间安排", kind: "listing_advice", asRequest: false },
    ],
  });
  at(25);
  recordVisit(ctx, service, {
    id: "visit-seed-0002",
    enterpriseOrgId: ent(ctx, 2).orgId,
    kind: "survey",
    visitedOn: shanghaiDate(now),
    participants: ["古丽娜·阿不都", "企业综合办主任"],
    findings: "问卷调研：企业关注专精特新奖补政策申报时间，员工持股平台尚未搭建。",
    followUps: [{ text: "组织一次股权激励与员工持股培训", kind: "training", asRequest: false }],
  });
  at(12);
  recordVisit(ctx, service, {
    id: "visit-seed-0003",
    enterpriseOrgId: ent(ctx, 4).orgId,
    kind: "visit",
    visitedOn: shanghaiDate(now),
    participants: ["古丽娜·阿不都", "许文清", "企业总经理"],
    findings: "企业新产品已通过客户验证，计划下季度参加专板路演，需要完善商业计划书。",
    followUps: [],
  });
  // The listing-advice follow-up of the first visit became a request a few days later.
  at(37);
  const fu = ctx.db.select().from(visitFollowUps).all().find((f) => f.kind === "listing_advice");
  if (fu) {
    const r = followUpToRequest(ctx, service, fu.id);
    at(36);
    moveServiceRequest(ctx, service, r.id, { to: "in_progress", note: "已联系两家保荐机构，约定下周座谈" });
    at(30);
    moveServiceRequest(ctx, service, r.id, { to: "resolved", note: "已组织企业与保荐机构座谈，提供北交所上市条件对照表" });
    at(29);
    rateServiceRequest(ctx, ent(ctx, 1), r.id, { rating: 5, comment: "安排及时，资料很实用" });
  }

  // Requests in each state.
  at(33);
  const a = raiseServiceRequest(ctx, ent(ctx, 3), { id: rid(1), kind: "policy", title: "专精特新奖补资金申报咨询", body: "想了解今年自治区专精特新中小企业奖补资金的申报条件和截止时间。" }).request;
  at(32);
  moveServiceRequest(ctx, service, a.id, { to: "in_progress" });
  at(31);
  moveServiceRequest(ctx, service, a.id, { to: "resolved", note: "已发送申报通知和材料清单，截止时间为下月 15 日。" });
  at(30);
  rateServiceRequest(ctx, ent(ctx, 3), a.id, { rating: 4, comment: "解答清楚" });
  at(29);
  moveServiceRequest(ctx, service, a.id, { to: "closed" });

  at(21);
  const b = raiseServiceRequest(ctx, ent(ctx, 2), { id: rid(2), kind: "training", title: "股权激励培训", body: "希望组织一次面向管理层的股权激励与员工持股计划培训。" }).request;
  at(20);
  moveServiceRequest(ctx, service, b.id, { to: "in_progress", note: "已联系律所讲师" });
  at(8);
  moveServiceRequest(ctx, service, b.id, { to: "resolved", note: "培训已于本周举行，课件已上传。" });
  at(6);
  rateServiceRequest(ctx, ent(ctx, 2), b.id, { rating: 3, comment: "内容偏理论，希望增加案例" });

  at(18);
  const c = raiseServiceRequest(ctx, ent(ctx, 5), { id: rid(3), kind: "financing", title: "设备融资租赁对接", body: "计划采购 1200 万元的检测设备，希望对接融资租赁公司。" }).request;
  at(16);
  moveServiceRequest(ctx, service, c.id, { to: "in_progress" });
  at(3);
  moveServiceRequest(ctx, service, c.id, { to: "resolved", note: "已推荐两家租赁公司，企业已提交材料。" });

  at(15);
  // Overdue: raised three weeks of working days ago and not yet worked.
  raiseServiceRequest(ctx, ent(ctx, 7), { id: rid(4), kind: "financing", title: "流动资金贷款对接", body: "需要 500 万元流动资金贷款，期限一年，可提供应收账款质押。" });
  at(14);
  const d = raiseServiceRequest(ctx, ent(ctx, 6), { id: rid(5), kind: "other", title: "变更联系人", body: "企业联系人变更，请协助更新专板资料。" }).request;
  at(13);
  moveServiceRequest(ctx, ent(ctx, 6), d.id, { to: "closed", note: "已自行在资料页更新，撤回需求" });

  at(4);
  const e = raiseServiceRequest(ctx, ent(ctx, 4), { id: rid(6), kind: "roadshow", title: "报名下季度专板路演", body: "希望参加下季度的专板路演，并请协助完善商业计划书。" }).request;
  at(3);
  moveServiceRequest(ctx, service, e.id, { to: "in_progress", note: "已预留下季度路演名额" });

  at(1);
  raiseServiceRequest(ctx, ent(ctx, 1), { id: rid(7), kind: "financing", title: "知识产权质押贷款对接", body: "希望对接两家银行的知识产权质押贷款，额度 3000 万元。" });
  raiseServiceRequest(ctx, service, { id: rid(8), enterpriseOrgId: ent(ctx, 8).orgId, kind: "listing_advice", title: "股改中介机构推荐", body: "走访中企业提出希望推荐会计师事务所和律所，为股改做准备。" });

  at(0);
  escalateOverdueServiceRequests(ctx);

  // Listing cultivation: three enterprises on their way, one with a filing.
  const stages: [number, "shareholding_reform" | "tutoring_filing" | "filing", number, string][] = [
    [1, "shareholding_reform", 60, "股东大会通过股份制改造方案"],
    [4, "shareholding_reform", 70, "完成股改，取得新营业执照"],
    [4, "tutoring_filing", 35, "在新疆证监局完成辅导备案"],
    [9, "shareholding_reform", 75, "完成股改"],
    [9, "tutoring_filing", 50, "辅导备案"],
    [9, "filing", 9, "北交所受理上市申请"],
  ];
  for (const [n, stage, daysAgo, note] of stages) {
    recordCultivationStage(ctx, service, { enterpriseOrgId: ent(ctx, n).orgId, stage, reachedOn: shanghaiDate(anchor - daysAgo * DAY), note });
  }

  // An incentive plan in custody, with grants, a vesting and a transfer to the employee platform.
  at(50);
  const ent1 = ent(ctx, 1);
  const plan = createEsopPlan(ctx, ent1, ent1.orgId, { id: "esop-seed-0001", name: "2026 年限制性股票激励计划", kind: "restricted_stock", poolShares: 2_000_000, approvedOn: shanghaiDate(now), audience: "participants_and_shareholders" });
  setEsopCustodyAccount(ctx, service, plan.id, "XJEX-ESOP-0001");
  const esop: [string, "grant" | "vest" | "transfer", string, number, number, string?][] = [
    ["esop-entry-seed-01", "grant", "研发总监 李明", 600_000, 48],
    ["esop-entry-seed-02", "grant", "生产总监 热依拉", 400_000, 48],
    ["esop-entry-seed-03", "vest", "研发总监 李明", 200_000, 20],
    ["esop-entry-seed-04", "transfer", "研发总监 李明", 50_000, 10, "员工持股平台（有限合伙）"],
  ];
  for (const [id, kind, holderName, shares, daysAgo, toHolderName] of esop) {
    at(daysAgo);
    recordEsopEntry(ctx, ent1, { id, planId: plan.id, kind, holderName, toHolderName, shares, effectiveOn: shanghaiDate(now), disclosure: "已在股东大会及激励对象范围内披露" });
  }

  // Policy posts: one for every board enterprise, one for SRDI-recognised manufacturers.
  at(20);
  publishPolicy(ctx, service, {
    id: "policy-seed-0001",
    title: "区域性股权市场专精特新专板企业挂牌奖励",
    body: "对在自治区专精特新专板挂牌并完成股权登记托管的企业，按规定给予一次性奖励；完成股份制改造的，另行给予补助。申报材料经所在地（州、市）工业和信息化主管部门初审后报送。",
    category: "listing",
    sourceDocument: "新政办发〔2023〕示例1号",
    tiers: [],
    prefectures: [],
    industries: [],
    srdiStatuses: [],
  });
  at(5);
  publishPolicy(ctx, service, {
    id: "policy-seed-0002",
    title: "专精特新中小企业贷款贴息",
    body: "对专精特新中小企业和“小巨人”企业当年新增的流动资金贷款，按贷款市场报价利率的 50% 给予贴息，单户年度最高 100 万元。",
    category: "financing",
    sourceDocument: "新工信中小〔2024〕示例2号",
    tiers: [],
    prefectures: [],
    industries: ["C"],
    srdiStatuses: ["srdi_sme", "little_giant"],
  });

  // The packs of the last complete month and quarter, as the scheduler would have made them.
  const system = loadSystemActor(ctx);
  if (system) {
    const today = shanghaiDate(now);
    for (const kind of ["month", "quarter"] as const) {
      try {
        await storeReportPack(ctx, system, kind, previousPeriod(kind, today), "seed");
      } catch (error) {
        if (!(error instanceof Error && error.message === "staff:errors.periodEmpty")) throw error;
      }
    }
  }
}

export const staffSeeder: AreaSeeder = { name: "staff", run: (ctx) => seedStaff(ctx) };
