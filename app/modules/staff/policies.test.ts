import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, boardApplications, boardRounds, enterpriseProfiles, notifications } from "@db/schema";
import { newId } from "~/utils/ids";
import { listPolicies, policiesForMe, policyAudience, publishPolicy, srdiStatusesOfTitles } from "./policies.server";
import { staffWorld, type StaffWorld } from "./testing";

let w: StaffWorld;
const base = { title: "专精特新企业贷款贴息", body: "对符合条件的专精特新中小企业新增贷款给予 50% 贴息，单户最高 100 万元。", category: "subsidy" as const, sourceDocument: "新工信发〔2026〕1号" };

beforeEach(() => {
  w = staffWorld();
  // By their profiles: ent (6501, C, standardisation) is an SRDI SME; ent2 (6523, I, cultivation) a little giant and an
  // innovative SME; otherEnt lists no title. Their board applications said otherwise (ent2 "none", otherEnt
  // "srdi_sme" — titles are won and lost after admission): the profile is what counts.
  titles(w.ent.orgId, ["专精特新中小企业 2024"]);
  titles(w.ent2.orgId, ["国家级专精特新“小巨人”企业（2023）", "自治区创新型中小企业"]);
  const roundId = newId();
  w.ctx.db.insert(boardRounds).values({ id: roundId, name: "r", bureauDeadline: "2026-01-15", planDeadline: "2026-01-26" }).run();
  w.ctx.db.insert(boardApplications).values({ id: newId(), roundId, enterpriseOrgId: w.ent2.orgId, channel: "self", state: "admitted", srdiStatus: "none" }).run();
  w.ctx.db.insert(boardApplications).values({ id: newId(), roundId, enterpriseOrgId: w.otherEnt.orgId, channel: "self", state: "admitted", srdiStatus: "srdi_sme" }).run();
});

const titles = (orgId: string, srdiTitles: string[]) => w.ctx.db.insert(enterpriseProfiles).values({ orgId, srdiTitles }).onConflictDoUpdate({ target: enterpriseProfiles.orgId, set: { srdiTitles } }).run();
const noticed = (orgUser: string) => w.ctx.db.select().from(notifications).where(eq(notifications.userId, orgUser)).all().filter((n) => JSON.parse(n.payload).key === "staff:notify.policyPublished");

describe("policy posts", () => {
  it("matches every non-empty tag list; publishing notifies only the fitting enterprises", () => {
    expect(policyAudience(w.ctx, { tiers: [], prefectures: [], industries: [], srdiStatuses: [] })).toHaveLength(3);
    expect(policyAudience(w.ctx, { tiers: [], prefectures: [], industries: [], srdiStatuses: ["srdi_sme", "little_giant"] })).toHaveLength(2);
    expect(policyAudience(w.ctx, { tiers: ["cultivation"], prefectures: [], industries: ["I"], srdiStatuses: [] })).toEqual([w.ent2.orgId]);
    const r = publishPolicy(w.ctx, w.specialist, { id: "policy-test-1", ...base, srdiStatuses: ["srdi_sme"], prefectures: ["6501"] });
    expect(r).toMatchObject({ audience: 1, created: true });
    expect(noticed(w.ent.userId)).toHaveLength(1);
    expect(noticed(w.ent2.userId)).toHaveLength(0);
    expect(policiesForMe(w.ctx, w.ent).map((p) => p.id)).toEqual(["policy-test-1"]);
    expect(policiesForMe(w.ctx, w.ent2)).toEqual([]);
    expect(listPolicies(w.ctx).map((p) => p.id)).toEqual(["policy-test-1"]);
    expect(w.ctx.db.select().from(auditLog).all().some((e) => e.action === "staff.policy.published")).toBe(true);
    // A resubmitted form does not publish (or notify) twice.
    expect(publishPolicy(w.ctx, w.specialist, { id: "policy-test-1", ...base, srdiStatuses: ["srdi_sme"] }).created).toBe(false);
    expect(noticed(w.ent.userId)).toHaveLength(1);
  });

  it("matches SRDI tags on the profile's titles, not on the board application's status", () => {
    const srdi = (statuses: ("none" | "innovative_sme" | "srdi_sme" | "little_giant")[]) => policyAudience(w.ctx, { tiers: [], prefectures: [], industries: [], srdiStatuses: statuses }).sort();
    expect(srdi(["little_giant"])).toEqual([w.ent2.orgId]);
    expect(srdi(["innovative_sme"])).toEqual([w.ent2.orgId]);
    expect(srdi(["srdi_sme"])).toEqual([w.ent.orgId]);
    expect(srdi(["none"])).toEqual([w.otherEnt.orgId]);
    // The enterprise records a new title on its profile: the next match sees it.
    titles(w.otherEnt.orgId, ["Little Giant (national, 2025)"]);
    expect(srdi(["little_giant"])).toEqual([w.ent2.orgId, w.otherEnt.orgId].sort());
    expect(srdiStatusesOfTitles(["高新技术企业"])).toEqual(["none"]);
    expect(srdiStatusesOfTitles(["创新型中小企业", "专精特新中小企业"])).toEqual(["innovative_sme", "srdi_sme"]);
  });

  it("refuses a post with no audience, and anyone but the exchange's service staff", () => {
    expect(() => publishPolicy(w.ctx, w.specialist, { id: "policy-test-2", ...base, prefectures: ["6543"] })).toThrow(expect.objectContaining({ message: "staff:errors.policyNoAudience" }));
    expect(listPolicies(w.ctx)).toHaveLength(0);
    expect(() => publishPolicy(w.ctx, w.bank, { id: "policy-test-3", ...base })).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => publishPolicy(w.ctx, w.ent, { id: "policy-test-4", ...base })).toThrow(expect.objectContaining({ status: 403 }));
  });
});
