import { parseWithZod } from "@conform-to/zod";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, dataAccessRequests, enterpriseProfiles, type Audience } from "@db/schema";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import { createTestContext, type TestContext } from "@test/support/context";
import { decideDataAccess, listDataViews, requestDataAccess, revokeDataAccess } from "./data-access.server";
import { disclosurePeriodsBetween, listOwnDisclosures, listReceivedDisclosures, openDisclosureObligation, remindDueDisclosures, submitDisclosure } from "./disclosures.server";
import { listPublicDirectory } from "./directory.server";
import { getLogo, profileSection, saveFinancialStatement, setSectionAudience, updateEnterpriseProfile, uploadLogo, viewEnterpriseProfile } from "./profiles.server";
import { financialStatementInput, profileInput } from "./schemas";
import { makeActor } from "@test/support/actors";

let ctx: TestContext;
let owner: Actor, otherEnterprise: Actor, permitted: Actor, unpermitted: Actor, regulator: Actor;

beforeEach(() => {
  ctx = createTestContext();
  owner = makeActor(ctx, { orgKind: "enterprise", orgName: "金沙锂电" });
  otherEnterprise = makeActor(ctx, { orgKind: "enterprise" });
  permitted = makeActor(ctx, { orgKind: "institution", orgName: "天山银行" });
  unpermitted = makeActor(ctx, { orgKind: "institution", institutionType: "pe_vc" });
  regulator = makeActor(ctx, { orgKind: "regulator" });
  updateEnterpriseProfile(ctx, owner, profileInput.parse({ summary: "锂电池正极材料", team: "核心团队 12 人", address: "乌鲁木齐" }));
  saveFinancialStatement(ctx, owner, { fiscalYear: 2025, revenue: 1e8, netProfit: 1e7, netAssets: 5e7, totalAssets: 9e7, liabilities: 4e7, rdExpense: 6e6, operatingCashFlow: 8e6, audited: true });
});

type ViewerKind = "anonymous" | "owner" | "otherEnterprise" | "permitted" | "unpermitted" | "regulator";
const viewers = (): Record<ViewerKind, Actor | null> => ({ anonymous: null, owner, otherEnterprise, permitted, unpermitted, regulator });

/**
 * For "directed", the permitted member is the named one; for "members", both institutions are members
 * (so "unpermitted" is the other enterprise's view); "regulators" hides from every member.
 */
const expected: Record<Audience, Record<ViewerKind, boolean>> = {
  public: { anonymous: true, owner: true, otherEnterprise: true, permitted: true, unpermitted: true, regulator: true },
  members: { anonymous: false, owner: true, otherEnterprise: false, permitted: true, unpermitted: true, regulator: true },
  directed: { anonymous: false, owner: true, otherEnterprise: false, permitted: true, unpermitted: false, regulator: true },
  regulators: { anonymous: false, owner: true, otherEnterprise: false, permitted: false, unpermitted: false, regulator: true },
};

describe("profile visibility matrix", () => {
  for (const audience of ["public", "members", "directed", "regulators"] as const) {
    for (const kind of Object.keys(expected.public) as ViewerKind[]) {
      it(`${audience} financials × ${kind}`, () => {
        setSectionAudience(ctx, owner, { section: "financials", audience, directedOrgIds: audience === "directed" ? [permitted.orgId] : [] });
        const view = viewEnterpriseProfile(ctx, viewers()[kind], owner.orgId);
        const fin = profileSection(view, "financials");
        expect(fin.access !== null).toBe(expected[audience][kind]);
        if (expected[audience][kind]) expect(fin.data?.statements[0]?.revenue).toBe(1e8);
        else expect(fin.data).toBeNull();
        // The identity card is always there.
        expect(view.card.name).toBe("金沙锂电");
      });
    }
  }

  // Attachment 1 §(八): nothing beyond the public card leaves the enterprise without its say.
  it.each(["business", "team", "ip", "contact", "financials"] as const)("a %s section the enterprise never opened is seen by it and the supervisors only", (section) => {
    for (const kind of Object.keys(expected.regulators) as ViewerKind[]) {
      const view = viewEnterpriseProfile(ctx, viewers()[kind], owner.orgId);
      expect([kind, profileSection(view, section).access !== null]).toEqual([kind, expected.regulators[kind]]);
    }
  });

  it("the public directory lists the summary only when the business section is public", () => {
    expect(listPublicDirectory(ctx, { page: 1 }).rows.find((r) => r.id === owner.orgId)?.publicSummary).toBeNull();
    setSectionAudience(ctx, owner, { section: "business", audience: "public", directedOrgIds: [] });
    expect(listPublicDirectory(ctx, { page: 1 }).rows.find((r) => r.id === owner.orgId)?.publicSummary).toBe("锂电池正极材料");
  });

  it("only an enterprise edits, and only its own profile", () => {
    expect(() => updateEnterpriseProfile(ctx, permitted, profileInput.parse({}))).toThrow(/forbidden/);
    updateEnterpriseProfile(ctx, otherEnterprise, profileInput.parse({ summary: "别家" }));
    expect(profileSection(viewEnterpriseProfile(ctx, owner, owner.orgId), "business").data?.summary).toBe("锂电池正极材料");
    expect(() => setSectionAudience(ctx, permitted, { section: "team", audience: "public", directedOrgIds: [] })).toThrow(/forbidden/);
  });
});

describe("data authorisation", () => {
  it("request → grant → view (audited) → revoke → hidden again; the enterprise sees who viewed", () => {
    setSectionAudience(ctx, owner, { section: "financials", audience: "directed", directedOrgIds: [otherEnterprise.orgId] });
    expect(profileSection(viewEnterpriseProfile(ctx, unpermitted, owner.orgId), "financials").data).toBeNull();
    expect(viewEnterpriseProfile(ctx, unpermitted, owner.orgId).requestable).toContain("financials");

    const id = requestDataAccess(ctx, unpermitted, owner.orgId, { sections: ["financials"], purpose: "尽职调查" });
    expect(() => requestDataAccess(ctx, unpermitted, owner.orgId, { sections: ["financials"], purpose: "再次申请" })).toThrow(/requestPending/);
    expect(() => decideDataAccess(ctx, otherEnterprise, id, { decision: "refuse" })).toThrow(/notFound/);
    decideDataAccess(ctx, owner, id, { decision: "grant", sections: ["financials"], expiresOn: "2026-06-30" });

    const fin = profileSection(viewEnterpriseProfile(ctx, unpermitted, owner.orgId), "financials");
    expect(fin.access).toBe("grant");
    expect(fin.data?.statements).toHaveLength(1);

    const views = listDataViews(ctx, owner);
    expect(views.some((v) => v.orgName === unpermitted.orgName && JSON.stringify(v.data).includes('"via":"grant"'))).toBe(true);

    revokeDataAccess(ctx, owner, id);
    expect(profileSection(viewEnterpriseProfile(ctx, unpermitted, owner.orgId), "financials").data).toBeNull();

    const actions = ctx.db.select({ a: auditLog.action }).from(auditLog).where(eq(auditLog.enterpriseOrgId, owner.orgId)).all().map((r) => r.a);
    expect(actions).toEqual(expect.arrayContaining(["enterprise.data.access_requested", "enterprise.data.access_granted", "enterprise.data.viewed", "enterprise.data.access_revoked"]));
    expect(verifyAuditChain(ctx).ok).toBe(true);
  });

  it("a grant stops at its expiry day", () => {
    setSectionAudience(ctx, owner, { section: "team", audience: "regulators", directedOrgIds: [] });
    const id = requestDataAccess(ctx, permitted, owner.orgId, { sections: ["team"], purpose: "授信评估" });
    decideDataAccess(ctx, owner, id, { decision: "grant", sections: ["team"], expiresOn: "2026-03-03" });
    expect(profileSection(viewEnterpriseProfile(ctx, permitted, owner.orgId), "team").access).toBe("grant");
    ctx.clock.ms = Date.parse("2026-03-04T00:00:01+08:00");
    expect(profileSection(viewEnterpriseProfile(ctx, permitted, owner.orgId), "team").access).toBeNull();
  });

  it("refusal leaves nothing visible, and only alliance members may ask", () => {
    const id = requestDataAccess(ctx, permitted, owner.orgId, { sections: ["contact"], purpose: "联系洽谈" });
    decideDataAccess(ctx, owner, id, { decision: "refuse", note: "暂不提供" });
    expect(ctx.db.select().from(dataAccessRequests).where(eq(dataAccessRequests.id, id)).get()?.state).toBe("refused");
    expect(() => requestDataAccess(ctx, otherEnterprise, owner.orgId, { sections: ["contact"], purpose: "看看" })).toThrow(/forbidden/);
  });

  it("public views and the owner's own views are not audited as data leaving the enterprise", () => {
    viewEnterpriseProfile(ctx, null, owner.orgId);
    viewEnterpriseProfile(ctx, owner, owner.orgId);
    expect(listDataViews(ctx, owner)).toHaveLength(0);
  });
});

describe("text fields", () => {
  it("stores HTML/script as typed text (React escapes it on render)", () => {
    const evil = `<script>alert(1)</script><img src=x onerror=alert(2)>`;
    updateEnterpriseProfile(ctx, owner, profileInput.parse({ summary: evil, team: evil, products: evil }));
    setSectionAudience(ctx, owner, { section: "business", audience: "public", directedOrgIds: [] });
    const view = viewEnterpriseProfile(ctx, null, owner.orgId);
    expect(profileSection(view, "business").data?.summary).toBe(evil);
    expect(profileInput.safeParse({ website: "javascript:alert(1)" }).success).toBe(false);
  });
});

describe("form errors are catalogue keys, as conform submits the forms", () => {
  const form = (entries: Record<string, string>) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(entries)) fd.append(k, v);
    return fd;
  };
  it("a statement is typed in 万元 (a loss signed); a blank amount, a year out of range or a fraction of a yuan names each field in our words", () => {
    const statement = { fiscalYear: "2025", revenue: "18,600", netProfit: "-2150.5", netAssets: "2.4亿", totalAssets: "41000", liabilities: "17000", rdExpense: "1580", operatingCashFlow: "2600" };
    const ok = parseWithZod(form(statement), { schema: financialStatementInput });
    expect(ok.status === "success" && ok.value).toMatchObject({ revenue: 186_000_000, netProfit: -21_505_000, netAssets: 240_000_000 });
    const bad = parseWithZod(form({ ...statement, fiscalYear: "1999", revenue: "", rdExpense: "1.23456" }), { schema: financialStatementInput });
    expect(bad.reply().error).toEqual({ fiscalYear: ["enterprises:errors.range"], revenue: ["enterprises:errors.number"], rdExpense: ["common:money.tooPrecise"] });
    const profile = parseWithZod(form({ patents: "-1", foundedYear: "1800" }), { schema: profileInput });
    expect(profile.reply().error).toEqual({ patents: ["enterprises:errors.range"], foundedYear: ["enterprises:errors.range"] });
  });
});

describe("logo upload", () => {
  it("accepts a real PNG and re-encodes it", async () => {
    const png = await sharp({ create: { width: 40, height: 20, channels: 3, background: "#0a6" } }).png().toBuffer();
    await uploadLogo(ctx, owner, png);
    const logo = getLogo(ctx, owner.orgId);
    expect(logo.mime).toBe("image/png");
    expect((await sharp(logo.bytes).metadata()).width).toBe(256);
  });

  it("rejects a renamed executable, a fake header and an oversize file; nothing is stored", async () => {
    const exe = Buffer.concat([Buffer.from("MZ\x90\x00", "binary"), Buffer.alloc(200)]);
    await expect(uploadLogo(ctx, owner, exe)).rejects.toThrow(/logoType/);
    const fakePng = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("<script>")]);
    await expect(uploadLogo(ctx, owner, fakePng)).rejects.toThrow(/logoType/);
    await expect(uploadLogo(ctx, owner, Buffer.alloc(600 * 1024, 0xff))).rejects.toThrow(/logoTooLarge/);
    expect(ctx.db.select({ logo: enterpriseProfiles.logo }).from(enterpriseProfiles).where(eq(enterpriseProfiles.orgId, owner.orgId)).get()?.logo).toBeNull();
  });
});

describe("directed disclosure obligation", () => {
  it("builds the schedule from the start date", () => {
    expect(disclosurePeriodsBetween("quarterly", "2025-11-15", "2026-03-02")).toEqual([
      { period: "2025-Q4", dueOn: "2026-01-31" },
      { period: "2026-Q1", dueOn: "2026-04-30" },
    ]);
    expect(disclosurePeriodsBetween("annual", "2024-06-01", "2026-03-02").map((p) => p.dueOn)).toEqual(["2025-04-30", "2026-04-30", "2027-04-30"]);
  });

  it("reminds once, records the submission, and shows it only to the investor", () => {
    openDisclosureObligation(ctx, { enterpriseOrgId: owner.orgId, recipientOrgId: permitted.orgId, frequency: "quarterly", startsOn: "2025-11-15" });
    // 2025-Q4 is overdue (due 2026-01-31); 2026-Q1 is due 2026-04-30, beyond the 14-day lead.
    expect(remindDueDisclosures(ctx)).toBe(1);
    expect(remindDueDisclosures(ctx)).toBe(0);
    const [ob] = listOwnDisclosures(ctx, owner);
    const q4 = ob!.periods.find((p) => p.period === "2025-Q4")!;
    expect(q4.overdue).toBe(true);
    submitDisclosure(ctx, owner, { periodId: q4.id, report: "第四季度经营情况：收入稳定增长。", revenue: 3e7 });
    expect(() => submitDisclosure(ctx, owner, { periodId: q4.id, report: "重复提交的报告内容" })).toThrow(/alreadySubmitted/);
    expect(() => submitDisclosure(ctx, otherEnterprise, { periodId: q4.id, report: "冒名提交的报告内容" })).toThrow(/notFound/);
    expect(listReceivedDisclosures(ctx, permitted).find((r) => r.period === "2025-Q4")?.report).toContain("第四季度");
    expect(listReceivedDisclosures(ctx, unpermitted)).toHaveLength(0);
  });
});
