import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, boardApplicationReviews, boardApplications, tierDecisions } from "@db/schema";
import { createTestContext, type TestContext } from "@test/support/context";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import { updateBoardSettings } from "./settings.server";
import { currentTierDecision, decideTier, previewTier, recordAssessment } from "./tier-decisions.server";
import { makeApplication, makeRound } from "@test/support/board";
import { makeActor } from "@test/support/actors";
import { makeUscc } from "@test/support/uscc";

let ctx: TestContext;
let reviewer: Actor;
let admin: Actor;
let enterprise: Actor;
let roundId: string;

beforeEach(() => {
  ctx = createTestContext();
  reviewer = makeActor(ctx, { orgKind: "exchange", roles: ["reviewer"] });
  admin = makeActor(ctx, { orgKind: "exchange", roles: ["exchange_admin"], orgId: reviewer.orgId });
  enterprise = makeActor(ctx, { orgKind: "enterprise", prefectureCode: "6501", uscc: makeUscc(1) });
  roundId = makeRound(ctx, "under_review");
});

describe("decideTier", () => {
  it("records the proposal with its rule, evidence text, threshold version and settings", () => {
    const appId = makeApplication(ctx, {
      roundId,
      enterpriseOrgId: enterprise.orgId,
      values: { srdiStatus: "srdi_sme" },
      peRounds: [{ round: "a", investors: "天山创投", amount: 30_000_000, closedOn: "2024-06-30" }],
    });
    const d = decideTier(ctx, reviewer, { applicationId: appId });
    expect(d).toMatchObject({ proposedTier: "standardisation", finalTier: "standardisation", ruleMatched: "standardisation.srdiSme", overrideReason: null });
    const stored = ctx.db.select().from(tierDecisions).where(eq(tierDecisions.id, d.id)).get()!;
    expect(stored.evidenceText).toContain("拟定规范层：专精特新中小企业");
    expect(stored.settingsSnapshot).toMatchObject({ minPeRound: "a", halveRatios: false });
    expect(ctx.db.select().from(boardApplications).where(eq(boardApplications.id, appId)).get()!.state).toBe("checked");
    expect(ctx.db.select().from(auditLog).all().map((a) => a.action)).toContain("board.tier.decided");
  });

  it("an override needs a written reason, and the reason is recorded with the proposal", () => {
    const appId = makeApplication(ctx, { roundId, enterpriseOrgId: enterprise.orgId, values: { srdiStatus: "innovative_sme" } });
    expect(() => decideTier(ctx, reviewer, { applicationId: appId, finalTier: "standardisation" })).toThrow(
      expect.objectContaining({ message: "board:errors.overrideNeedsReason", field: "overrideReason" }),
    );
    expect(() => decideTier(ctx, reviewer, { applicationId: appId, finalTier: "standardisation", overrideReason: "   " })).toThrow(
      expect.objectContaining({ message: "board:errors.overrideNeedsReason" }),
    );
    const d = decideTier(ctx, reviewer, {
      applicationId: appId,
      finalTier: "standardisation",
      overrideReason: "2025年12月已获专精特新中小企业认定，证书待上传",
    });
    expect(d).toMatchObject({ proposedTier: "incubation", finalTier: "standardisation", overrideReason: "2025年12月已获专精特新中小企业认定，证书待上传" });
    const review = ctx.db.select().from(boardApplicationReviews).where(eq(boardApplicationReviews.applicationId, appId)).all();
    expect(review.at(-1)).toMatchObject({ action: "check", comment: "2025年12月已获专精特新中小企业认定，证书待上传" });
    const audit = ctx.db.select().from(auditLog).all().at(-1)!;
    expect(audit.action).toBe("board.tier.overridden");
    expect(JSON.parse(audit.data)).toMatchObject({ proposedTier: "incubation", finalTier: "standardisation" });
    expect(verifyAuditChain(ctx).ok).toBe(true);
  });

  it("a second decision supersedes the first; only one is in force", () => {
    const appId = makeApplication(ctx, { roundId, enterpriseOrgId: enterprise.orgId, values: { srdiStatus: "innovative_sme" } });
    const first = decideTier(ctx, reviewer, { applicationId: appId });
    const second = decideTier(ctx, reviewer, { applicationId: appId, finalTier: "cultivation", overrideReason: "已签署辅导协议" });
    expect(currentTierDecision(ctx, appId)!.id).toBe(second.id);
    expect(ctx.db.select().from(tierDecisions).where(eq(tierDecisions.id, first.id)).get()!.supersededAt).not.toBeNull();
  });

  it("uses the national B-round setting once an admin chooses it", () => {
    const appId = makeApplication(ctx, {
      roundId,
      enterpriseOrgId: enterprise.orgId,
      values: { smeSize: "small" },
      peRounds: [{ round: "a", investors: "天山创投", amount: 30_000_000, closedOn: "2024-06-30" }],
    });
    expect(previewTier(ctx, reviewer, appId).proposal.tier).toBe("standardisation");
    updateBoardSettings(ctx, admin, { minPeRound: "b", halveRatios: false, custodyWorkingDays: 60, custodyRatioBp: 7500, custodyRatioCultivationBp: 8000 });
    const d = decideTier(ctx, reviewer, { applicationId: appId });
    expect(d).toMatchObject({ proposedTier: "incubation", settingsSnapshot: expect.objectContaining({ minPeRound: "b" }) });
  });

  it("refuses 'other with potential' without the reviewer's written justification, then accepts it", () => {
    const appId = makeApplication(ctx, { roundId, enterpriseOrgId: enterprise.orgId });
    expect(() => decideTier(ctx, reviewer, { applicationId: appId })).toThrow(
      expect.objectContaining({ message: "board:errors.potentialNeedsJustification" }),
    );
    recordAssessment(ctx, reviewer, {
      applicationId: appId,
      mainBusinessClear: true,
      goingConcern: true,
      listingPotential: false,
      potentialJustification: "自主研发的高寒光伏组件已批量供货，成长性好",
    });
    const d = decideTier(ctx, reviewer, { applicationId: appId });
    expect(d.proposedTier).toBe("incubation");
    expect((d.evidence as { eligibility: { basis: string } }).eligibility.basis).toBe("eligibility.potential");
  });

  it.each([
    ["an SRDI SME (item 1)", { srdiStatus: "srdi_sme" as const }, [], "eligibility.recognised"],
    ["a PE-invested SME (item 2)", { smeSize: "small" as const }, [{ round: "a" as const, investors: "天山创投", amount: 1, closedOn: "2024-01-01" }], "eligibility.invested"],
  ])("asks no written case for 'other with potential' of %s", (_n, values, peRounds, clause) => {
    const appId = makeApplication(ctx, { roundId, enterpriseOrgId: enterprise.orgId, values, peRounds });
    const assess = (potentialJustification?: string) =>
      recordAssessment(ctx, reviewer, { applicationId: appId, mainBusinessClear: true, goingConcern: true, listingPotential: false, potentialJustification });
    expect(() => assess("成长性好")).toThrow(expect.objectContaining({ message: "boardRules:errors.justificationNotNeeded", values: { clause } }));
    assess();
    expect(previewTier(ctx, reviewer, appId).eligibility).toMatchObject({ eligible: true, basis: clause, needsJustification: false });
  });

  it("only exchange reviewers decide; enterprises and bureaus are refused", () => {
    const appId = makeApplication(ctx, { roundId, enterpriseOrgId: enterprise.orgId, values: { srdiStatus: "srdi_sme" } });
    const bureau = makeActor(ctx, { orgKind: "bureau", prefectureCode: "6501" });
    const scheduler = makeActor(ctx, { orgKind: "exchange", roles: ["roadshow_scheduler"], orgId: reviewer.orgId });
    for (const a of [enterprise, bureau, scheduler]) {
      expect(() => decideTier(ctx, a, { applicationId: appId })).toThrow(expect.objectContaining({ status: 403 }));
    }
  });

  it("does not check drafts, which the exchange cannot see", () => {
    const appId = makeApplication(ctx, { roundId, enterpriseOrgId: enterprise.orgId, state: "draft", values: { srdiStatus: "srdi_sme" } });
    expect(() => decideTier(ctx, reviewer, { applicationId: appId })).toThrow(expect.objectContaining({ status: 404 }));
  });
});
