// The admission world the board's workflow tests share: an exchange (admin, reviewer, service
// specialist), two bureaus, two enterprises, a sponsor and the three regulators, with an open round;
// and helpers that take an application from the form to the public notice through the real services.
import { eq } from "drizzle-orm";
import { boardApplications, boardRounds, organisations, REGULATOR_CODES } from "@db/schema";
import { createTestContext, type TestContext } from "./context";
import type { Actor } from "~/modules/identity/actor";
import { saveApplicationStep, startApplication, submitApplication } from "~/modules/board/applications.server";
import { forwardApplications } from "~/modules/board/bureau-queue.server";
import { listPublicNotices } from "~/modules/board/notices.server";
import { assembleAdmissionPlan, decidePlan, submitPlan } from "~/modules/board/plans.server";
import { openRound, setRoundAccepting } from "~/modules/board/rounds.server";
import { decideTier, recordAssessment } from "~/modules/board/tier-decisions.server";
import { makeActor } from "./actors";
import { makeUscc } from "./uscc";

export const DAY = 86_400_000;
export const pdf = new TextEncoder().encode("%PDF-1.4\n%test\n");

export type World = {
  ctx: TestContext;
  admin: Actor;
  reviewer: Actor;
  bureau: Actor;
  otherBureau: Actor;
  ent: Actor;
  otherEnt: Actor;
  sponsor: Actor;
  regulators: Actor[];
  roundId: string;
};

export function world(ctx: TestContext = createTestContext()): World {
  const admin = makeActor(ctx, { orgKind: "exchange", roles: ["exchange_admin"] });
  const reviewer = makeActor(ctx, { orgKind: "exchange", roles: ["reviewer"], orgId: admin.orgId });
  makeActor(ctx, { orgKind: "exchange", roles: ["service_specialist"], orgId: admin.orgId });
  const bureau = makeActor(ctx, { orgKind: "bureau", prefectureCode: "6501" });
  const otherBureau = makeActor(ctx, { orgKind: "bureau", prefectureCode: "6502" });
  const ent = makeActor(ctx, { orgKind: "enterprise", prefectureCode: "6501", uscc: makeUscc(1), orgName: "金沙锂电" });
  const otherEnt = makeActor(ctx, { orgKind: "enterprise", prefectureCode: "6501", uscc: makeUscc(2), orgName: "云谷数据" });
  const sponsor = makeActor(ctx, { orgKind: "institution" });
  const regulators = REGULATOR_CODES.map((code) => {
    const r = makeActor(ctx, { orgKind: "regulator" });
    ctx.db.update(organisations).set({ regulatorCode: code }).where(eq(organisations.id, r.orgId)).run();
    return r;
  });
  const round = openRound(ctx, admin, { name: "2026年第一批", bureauDeadline: "2026-03-20", planDeadline: "2026-03-31" });
  return { ctx, admin, reviewer, bureau, otherBureau, ent, otherEnt, sponsor, regulators, roundId: round.id };
}

export function fillApplication(w: World, actor: Actor, appId: string) {
  saveApplicationStep(w.ctx, actor, appId, "basics", {
    industrySection: "C",
    industryDivision: "38",
    mainBusiness: "锂电池正极材料研发与生产",
    contacts: [{ role: "contact", name: "阿依古丽", phone: "13899990000" }],
  });
  saveApplicationStep(w.ctx, actor, appId, "recognition", {
    srdiStatus: "srdi_sme",
    srdiCertificateNo: "XJ-ZJTX-2024-0101",
    smeSize: "medium",
    peRounds: [{ round: "a", investors: "雪莲创投", amountWan: 3000, closedOn: "2024-06-01" }],
  });
  saveApplicationStep(w.ctx, actor, appId, "financials", {
    years: [
      { fiscalYear: 2025, revenueWan: 16000, netProfitWan: 1800, netAssetsWan: 9000, rdExpenseWan: 1200, operatingCashFlowWan: 1500, totalShares: 50_000_000 },
      { fiscalYear: 2024, revenueWan: 12000, netProfitWan: 1200, netAssetsWan: 7000, rdExpenseWan: 900, operatingCashFlowWan: 900, totalShares: 50_000_000 },
    ],
  });
}

/** Runs an application through to the notice; returns its id and the notice id. */
export function throughToNotice(w: World) {
  const app = startApplication(w.ctx, w.ent, { roundId: w.roundId });
  fillApplication(w, w.ent, app.id);
  if (submitApplication(w.ctx, w.ent, app.id) !== "submitted") throw new Error("the application did not reach the bureau");
  forwardApplications(w.ctx, w.bureau, [app.id]);
  setRoundAccepting(w.ctx, w.admin, w.roundId, false);
  recordAssessment(w.ctx, w.reviewer, { applicationId: app.id, mainBusinessClear: true, goingConcern: true, listingPotential: true });
  decideTier(w.ctx, w.reviewer, { applicationId: app.id });
  const plan = assembleAdmissionPlan(w.ctx, w.reviewer, w.roundId);
  submitPlan(w.ctx, w.reviewer, plan.id);
  for (const r of w.regulators) decidePlan(w.ctx, r, plan.id, { decision: "approved" });
  const notice = listPublicNotices(w.ctx)[0]!;
  return { appId: app.id, planId: plan.id, noticeId: notice.id };
}

export const appState = (w: World, id: string) => w.ctx.db.select({ s: boardApplications.state }).from(boardApplications).where(eq(boardApplications.id, id)).get()!.s;
export const roundState = (w: World) => w.ctx.db.select({ s: boardRounds.state }).from(boardRounds).where(eq(boardRounds.id, w.roundId)).get()!.s;
