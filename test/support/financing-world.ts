import { eq } from "drizzle-orm";
import { expect } from "vitest";
// Test support for financing: a small world of one enterprise with facts (tier, financials, profile),
// members of each kind, and needs written straight into the table (the needs module owns their lifecycle).
import { boardMemberships, enterpriseProfiles, financialStatements, financingNeedAudienceOrgs, financingNeeds, organisations, type Instrument, type NeedAudience, type NeedState } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { newId } from "~/utils/ids";
import { makeActor, makeOrg } from "./actors";

export const clientId = () => newId();

export function makeNeed(
  ctx: Pick<AppContext, "db" | "clock">,
  enterpriseOrgId: string,
  opts: { instrument?: Instrument; amount?: number; state?: NeedState; audience?: NeedAudience; directedTo?: string[]; title?: string; details?: Record<string, unknown> } = {},
): string {
  const id = newId();
  const state = opts.state ?? "published";
  ctx.db
    .insert(financingNeeds)
    .values({
      id,
      enterpriseOrgId,
      instrument: opts.instrument ?? "loan",
      title: opts.title ?? "流动资金贷款需求",
      amount: opts.amount ?? 5_000_000,
      details: JSON.stringify(opts.details ?? {}),
      state,
      audience: opts.audience ?? "members",
      expiresOn: "2026-12-31",
      publishedAt: state === "draft" ? null : ctx.clock.now(),
    })
    .run();
  for (const orgId of opts.directedTo ?? []) ctx.db.insert(financingNeedAudienceOrgs).values({ needId: id, orgId }).run();
  return id;
}

export function makeFinancingWorld(ctx: Pick<AppContext, "db" | "clock">) {
  const entOrg = makeOrg(ctx, "enterprise", "新疆金沙锂电科技有限公司");
  ctx.db.update(organisations).set({ prefectureCode: "6501", industrySection: "C" }).where(eq(organisations.id, entOrg)).run();
  const bankOrg = makeOrg(ctx, "institution", "天山商业银行", "bank");
  const bank2Org = makeOrg(ctx, "institution", "丝路银行", "bank");
  const guarOrg = makeOrg(ctx, "institution", "西域融资担保", "guarantor");
  const peOrg = makeOrg(ctx, "institution", "雪莲创投", "pe_vc");
  const leaseOrg = makeOrg(ctx, "institution", "丝绸之路融资租赁", "leasing");
  const otherEntOrg = makeOrg(ctx, "enterprise", "哈密天宏风电科技有限公司");
  const regOrg = makeOrg(ctx, "regulator", "地方金融监督管理局");
  ctx.db.insert(boardMemberships).values({ id: newId(), enterpriseOrgId: entOrg, tier: "standardisation", entryDate: "2025-03-01", createdAt: ctx.clock.now() - 86_400_000, updatedAt: ctx.clock.now() - 86_400_000 }).run();
  ctx.db
    .insert(financialStatements)
    .values({ orgId: entOrg, fiscalYear: 2025, revenue: 80_000_000, netProfit: 6_000_000, netAssets: 50_000_000, totalAssets: 120_000_000, liabilities: 70_000_000, rdExpense: 5_000_000, operatingCashFlow: 7_000_000 })
    .run();
  ctx.db.insert(enterpriseProfiles).values({ orgId: entOrg, foundedYear: 2016, srdiTitles: ["专精特新中小企业 2024"] }).run();
  return {
    entOrg,
    otherEntOrg,
    enterprise: makeActor(ctx, { orgId: entOrg, userName: "企业负责人" }),
    otherEnterprise: makeActor(ctx, { orgId: otherEntOrg, userName: "他企负责人" }),
    bank: makeActor(ctx, { orgId: bankOrg, userName: "王海燕" }),
    bankColleague: makeActor(ctx, { orgId: bankOrg, roles: ["member"], userName: "银行同事" }),
    bank2: makeActor(ctx, { orgId: bank2Org, userName: "马俊" }),
    guarantor: makeActor(ctx, { orgId: guarOrg, userName: "热合曼" }),
    pe: makeActor(ctx, { orgId: peOrg, userName: "赵一鸣" }),
    lessor: makeActor(ctx, { orgId: leaseOrg, userName: "杨帆" }),
    regulator: makeActor(ctx, { orgId: regOrg, userName: "刘雅" }),
  };
}

export const loanTerms = (over: Record<string, unknown> = {}) => ({
  instrument: "loan" as const,
  amount: 5_000_000,
  termMonths: 12,
  rateBp: 365,
  upfrontFeeBp: 0,
  feeAmount: 0,
  collateral: ["receivables"],
  guaranteeRequired: false,
  guaranteeFeeBp: 0,
  conditions: "",
  ...over,
});

/** Expects `fn` to throw a typed error with this message key (and HTTP status, when given). */
export function rejects(fn: () => unknown, message: string | RegExp, status?: number): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${String(message)}`).toBeInstanceOf(Error);
  expect((caught as Error).message).toMatch(message);
  if (status) expect((caught as { status: number }).status).toBe(status);
}
