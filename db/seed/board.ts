import { eq } from "drizzle-orm";
import { organisations, users, type PeRound, type SrdiStatus } from "@db/schema";
import { addApplicationFile, saveApplicationStep, startApplication, submitApplication } from "../../app/modules/board/applications.server";
import { forwardApplications, returnApplication } from "../../app/modules/board/bureau-queue.server";
import { recordConfirmedShares, custodyIdForEnterprise } from "../../app/modules/board/custody.server";
import { admitFromNotice, getPublicNotice, listPublicNotices, lodgeObjection } from "../../app/modules/board/notices.server";
import { assembleAdmissionPlan, decidePlan, submitPlan } from "../../app/modules/board/plans.server";
import { openRound, setRoundAccepting } from "../../app/modules/board/rounds.server";
import { decideTier, recordAssessment } from "../../app/modules/board/tier-decisions.server";
import type { Actor } from "../../app/modules/identity/actor";
import { actorForUser } from "../../app/modules/identity/sessions.server";
import type { AppContext } from "../../app/utils/context.server";
import { shanghaiDate } from "../../app/utils/dates";
import type { AreaSeeder, SeededWorld } from "./index";
import { ENTERPRISES } from "./world";

/**
 * The board's demo world, made by running the real workflow services (so every row has its audit
 * entry): a closed round whose enterprises are admitted with tiers, service persons and custody
 * clocks; a round on notice (with an objection to review); one in approval (one regulator has
 * signed); one under review; and one open with drafts, a return and a sponsored application.
 * Dates are relative to the moment of seeding so the countdowns and notice period look live.
 */

const DAY = 86_400_000;
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

function actor(ctx: AppContext, email: string): Actor {
  const user = ctx.db.select().from(users).where(eq(users.email, email)).get();
  const a = user ? actorForUser(ctx, user) : null;
  if (!a) throw new Error(`seed: no actor for ${email}`);
  return a;
}

const entEmail = (i: number) => `ent${String(i + 1).padStart(2, "0")}@demo.xj`;

/** Deterministic, varied facts per enterprise: recognition, financing and three years of figures. */
function profile(i: number) {
  const srdi: SrdiStatus[] = ["srdi_sme", "little_giant", "innovative_sme", "srdi_sme", "none", "innovative_sme", "srdi_sme"];
  const rounds: (PeRound | null)[] = [null, "a", null, "b", "angel", null, "pre_a", "c"];
  const scale = 1 + ((i * 37) % 11) / 2; // 1.0 … 6.0
  const revenue = Math.round(4000 * scale + i * 150); // 万元
  const margin = 0.06 + ((i * 13) % 9) / 100;
  const status = srdi[i % srdi.length]!;
  const peRound = rounds[i % rounds.length]!;
  return {
    status,
    peRound: status === "none" && !peRound ? ("a" as PeRound) : peRound,
    listingReserve: i % 9 === 4,
    ipoTutoring: i % 13 === 7,
    years: [0, 1, 2].map((k) => {
      const g = Math.pow(1.18, -k);
      return {
        fiscalYear: 2025 - k,
        revenueWan: Math.round(revenue * g),
        netProfitWan: Math.round(revenue * g * margin),
        netAssetsWan: Math.round(revenue * g * 0.7),
        rdExpenseWan: Math.round(revenue * g * (0.05 + (i % 5) / 100)),
        operatingCashFlowWan: Math.round(revenue * g * margin * 0.9),
        totalShares: 30_000_000 + (i % 7) * 10_000_000,
        weightedRoePct: 8 + (i % 6),
        audited: k < 2,
      };
    }),
  };
}

function fill(ctx: AppContext, who: Actor, appId: string, i: number) {
  const p = profile(i);
  const [name, , , section] = ENTERPRISES[i]!;
  saveApplicationStep(ctx, who, appId, "basics", {
    industrySection: section,
    mainBusiness: `${name.replace(/有限公司|股份有限公司/, "")}的研发、生产与销售`,
    contacts: [
      { role: "legal_rep", name: `${name.slice(2, 4)}董事长`, phone: `1389901${String(1000 + i).slice(-4)}` },
      { role: "contact", name: `${name.slice(2, 4)}办公室`, phone: `1399902${String(1000 + i).slice(-4)}`, email: entEmail(i) },
    ],
  });
  saveApplicationStep(ctx, who, appId, "recognition", {
    srdiStatus: p.status,
    smeSize: (["small", "medium", "small", "micro"] as const)[i % 4],
    srdiCertificateNo: p.status === "none" ? undefined : `XJGXT-${2023 + (i % 3)}-${String(100 + i)}`,
    srdiCertificateIssuer: p.status === "little_giant" ? "工业和信息化部" : p.status === "none" ? undefined : "新疆维吾尔自治区工业和信息化厅",
    srdiCertificateYear: p.status === "none" ? undefined : 2023 + (i % 3),
    listingReserve: p.listingReserve,
    listingReserveYear: p.listingReserve ? 2024 : undefined,
    ipoTutoring: p.ipoTutoring,
    ipoTutoringBroker: p.ipoTutoring ? "西部天山证券股份有限公司" : undefined,
    ipoTutoringFiledOn: p.ipoTutoring ? "2025-06-18" : undefined,
    plansIpo: p.ipoTutoring || p.listingReserve,
    listingPlanMarket: p.ipoTutoring || p.listingReserve ? "bse" : undefined,
    marketCapEstimateWan: p.years[0]!.netProfitWan * 18,
    marketCapBasis: "参照最近一轮融资估值",
    peRounds: p.peRound
      ? [{ round: p.peRound, investors: ["雪莲创业投资有限公司", "胡杨资本管理有限公司", "天池股权投资基金管理有限公司"][i % 3], amountWan: 1500 + (i % 5) * 800, closedOn: `2024-${String(1 + (i % 12)).padStart(2, "0")}-15` }]
      : [],
  });
  saveApplicationStep(ctx, who, appId, "financials", { years: p.years });
  addApplicationFile(ctx, who, appId, { kind: "financial_statements", fileName: "2025年度审计报告.pdf", bytes: PDF });
}

function apply(ctx: AppContext, roundId: string, i: number): string {
  const ent = actor(ctx, entEmail(i));
  const app = startApplication(ctx, ent, { roundId });
  fill(ctx, ent, app.id, i);
  submitApplication(ctx, ent, app.id);
  return app.id;
}

function bureauOf(ctx: AppContext, ent: Actor): Actor {
  return actor(ctx, `bureau${ent.prefectureCode}@gov.demo`);
}

function forwardAll(ctx: AppContext, ids: { id: string; i: number }[]) {
  for (const { id, i } of ids) forwardApplications(ctx, bureauOf(ctx, actor(ctx, entEmail(i))), [id]);
}

function check(ctx: AppContext, reviewer: Actor, id: string, i: number) {
  recordAssessment(ctx, reviewer, { applicationId: id, mainBusinessClear: true, goingConcern: true, listingPotential: i % 4 === 0 });
  decideTier(ctx, reviewer, { applicationId: id });
}

export function seedBoard(base: AppContext, _world: SeededWorld): void {
  const anchor = base.clock.now();
  let now = anchor - 120 * DAY;
  const ctx: AppContext = { ...base, clock: { now: () => now } };
  const at = (daysAgo: number) => {
    now = anchor - daysAgo * DAY;
  };
  const admin = actor(ctx, "admin@xjex.demo");
  const reviewer = actor(ctx, "reviewer@xjex.demo");
  const regulators = ["miit@reg.demo", "finance@reg.demo", "csrc@reg.demo"].map((e) => actor(ctx, e));
  const year = Number(shanghaiDate(anchor).slice(0, 4));
  const date = (daysAhead: number) => shanghaiDate(anchor + daysAhead * DAY);

  // 1. Closed: applied ~4 months ago, admitted ~11 weeks ago (custody clocks near their end).
  at(120);
  const r1 = openRound(ctx, admin, { name: `${year}年第一批`, bureauDeadline: date(-105), planDeadline: date(-95) });
  const closed = Array.from({ length: 30 }, (_, i) => ({ id: apply(ctx, r1.id, i), i }));
  at(110);
  forwardAll(ctx, closed);
  setRoundAccepting(ctx, admin, r1.id, false);
  at(100);
  for (const a of closed) check(ctx, reviewer, a.id, a.i);
  const p1 = assembleAdmissionPlan(ctx, reviewer, r1.id);
  submitPlan(ctx, reviewer, p1.id);
  at(95);
  for (const r of regulators) decidePlan(ctx, r, p1.id, { decision: "approved" });
  at(80);
  admitFromNotice(ctx, reviewer, listPublicNotices(ctx).find((n) => n.planId === p1.id)!.id);
  at(10);
  for (const { i } of closed) {
    if (i % 3 === 2) continue; // a third have not reported confirmed shares yet
    const ent = actor(ctx, entEmail(i));
    const custodyId = custodyIdForEnterprise(ctx, ent.orgId);
    if (!custodyId) continue;
    const total = profile(i).years[0]!.totalShares;
    const share = i % 3 === 0 ? 0.86 : 0.6;
    recordConfirmedShares(ctx, ent, {
      custodyId,
      asOf: date(-10),
      confirmedShares: Math.round(total * share),
      totalShares: total,
      unconfirmedAccountNo: `XJGQ-TG-${String(i).padStart(4, "0")}`,
      responsibleParty: "控股股东",
      note: "中国结算确权进度",
    });
  }

  // 2. On notice: published yesterday, one objection waiting for review.
  at(40);
  const r2 = openRound(ctx, admin, { name: `${year}年第二批`, bureauDeadline: date(-25), planDeadline: date(-15) });
  const noticeApps = [30, 31].map((i) => ({ id: apply(ctx, r2.id, i), i }));
  at(25); // on the bureaus' deadline day: a later forward would move to the next round
  forwardAll(ctx, noticeApps);
  setRoundAccepting(ctx, admin, r2.id, false);
  at(15); // the plan goes to the regulators on its deadline day (a day later it would need a reason for the delay)
  for (const a of noticeApps) check(ctx, reviewer, a.id, a.i);
  const p2 = assembleAdmissionPlan(ctx, reviewer, r2.id);
  submitPlan(ctx, reviewer, p2.id);
  at(1);
  decidePlan(ctx, regulators[0]!, p2.id, { decision: "approved" });
  decidePlan(ctx, regulators[1]!, p2.id, { decision: "approved" });
  decidePlan(ctx, regulators[2]!, p2.id, { decision: "approved" });
  const n2 = listPublicNotices(ctx).find((n) => n.planId === p2.id)!;
  at(0);
  const target = getPublicNotice(ctx, n2.id).entries[0];
  if (target && getPublicNotice(ctx, n2.id).phase === "open") {
    lodgeObjection(ctx, n2.id, {
      planItemId: target.planItemId,
      objectorName: "马建新",
      objectorIdNumber: "650102198203154516",
      objectorOrganisation: "乌鲁木齐某供应链公司",
      objectorPhone: "13999887766",
      reasons: "该企业申报的研发投入与其年报披露数据存在出入，请核实研发费用归集口径。",
    });
  }

  // 3. In approval: the plan is with the regulators; one has signed.
  at(30);
  const r3 = openRound(ctx, admin, { name: `${year}年第三批`, bureauDeadline: date(-12), planDeadline: date(3) });
  const approvalApps = [32, 33].map((i) => ({ id: apply(ctx, r3.id, i), i }));
  at(12);
  forwardAll(ctx, approvalApps);
  setRoundAccepting(ctx, admin, r3.id, false);
  at(5);
  for (const a of approvalApps) check(ctx, reviewer, a.id, a.i);
  const p3 = assembleAdmissionPlan(ctx, reviewer, r3.id);
  submitPlan(ctx, reviewer, p3.id);
  at(2);
  decidePlan(ctx, regulators[0]!, p3.id, { decision: "approved" });

  // 4. Under review: forwarded by bureaus, two already checked.
  at(20);
  const r4 = openRound(ctx, admin, { name: `${year}年第四批`, bureauDeadline: date(-3), planDeadline: date(10) });
  const reviewApps = [34, 35].map((i) => ({ id: apply(ctx, r4.id, i), i }));
  at(4);
  forwardAll(ctx, reviewApps);
  setRoundAccepting(ctx, admin, r4.id, false);
  at(1);
  for (const a of reviewApps.slice(0, 1)) check(ctx, reviewer, a.id, a.i);

  // 5. Open: one submitted, one returned, one sponsored awaiting the enterprise's confirmation.
  // (Enterprise 40 is left untouched for the end-to-end journey.)
  at(6);
  const r5 = openRound(ctx, admin, { name: `${year}年第五批`, bureauDeadline: date(30), planDeadline: date(45) });
  apply(ctx, r5.id, 36);
  const returned = apply(ctx, r5.id, 37);
  at(3);
  returnApplication(ctx, bureauOf(ctx, actor(ctx, entEmail(37))), returned, "请补充上传专精特新中小企业认定证书扫描件，并核对 2024 年研发投入数据。");
  const pe = actor(ctx, "pe1@inst.demo");
  const sponsoredEnt = actor(ctx, entEmail(38));
  const uscc = ctx.db.select({ uscc: organisations.uscc }).from(organisations).where(eq(organisations.id, sponsoredEnt.orgId)).get()!.uscc!;
  const sponsored = startApplication(ctx, pe, { roundId: r5.id, enterpriseUscc: uscc, sponsorRelation: "invested" });
  fill(ctx, pe, sponsored.id, 38);
  addApplicationFile(ctx, pe, sponsored.id, { kind: "due_diligence", fileName: "尽职调查报告.pdf", bytes: PDF });
  submitApplication(ctx, pe, sponsored.id);
  // The enterprise confirms the sponsored application from its own screen.
}

export const boardSeeder: AreaSeeder = { name: "board", run: (ctx, world) => seedBoard(ctx, world) };
