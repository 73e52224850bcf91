import { parseWithZod } from "@conform-to/zod";
import { and, eq, fillPlaceholders } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { disclosureObligations, notifications, searchOutbox, type NeedAudience } from "@db/schema";
import { listDataViews } from "~/modules/enterprises/data-access.server";
import { makeActor } from "@test/support/actors";
import type { Actor } from "~/modules/identity/actor";
import { createTestContext, type TestContext } from "@test/support/context";
import { filterVisibleNeedIds, visibleNeedListingQuery, expressInterest, institutionsForNewNeed, listOwnNeeds, listVisibleNeedsOfEnterprise, viewNeed } from "./needs-read.server";
import { expireDueNeeds } from "./need-lifecycle.server";
import { closeNeed, createNeed, markNeedMatched, needRevisions, pauseNeed, publishNeed, resumeNeed, updateNeed } from "./needs.server";
import { needFormSchema, type NeedInput } from "./needs-schemas";
import { loadNeedDocuments } from "./search-documents.server";

let ctx: TestContext;
let owner: Actor, otherEnterprise: Actor, permitted: Actor, unpermitted: Actor, regulator: Actor;

beforeEach(() => {
  ctx = createTestContext();
  owner = makeActor(ctx, { orgKind: "enterprise", orgName: "金沙锂电" });
  otherEnterprise = makeActor(ctx, { orgKind: "enterprise" });
  permitted = makeActor(ctx, { orgKind: "institution", orgName: "雪莲创投", institutionType: "pe_vc" });
  unpermitted = makeActor(ctx, { orgKind: "institution", orgName: "天山银行" });
  regulator = makeActor(ctx, { orgKind: "regulator" });
});

const loanInput = (audience: NeedAudience, directedOrgIds: string[] = []): NeedInput<"loan"> => ({
  instrument: "loan",
  title: "流动资金贷款 2000 万",
  summary: "用于原材料采购",
  amount: 20_000_000,
  audience,
  directedOrgIds,
  expiresOn: "2026-06-30",
  details: { termMonths: 12, purpose: "原材料采购", collateral: ["receivables", "equipment"] },
});

type ViewerKind = "anonymous" | "owner" | "otherEnterprise" | "permitted" | "unpermitted" | "regulator";
const viewerOf = (k: ViewerKind): Actor | null => ({ anonymous: null, owner, otherEnterprise, permitted, unpermitted, regulator })[k];
/** "directed" names the permitted institution only; "members" admits every institution. */
const expected: Record<NeedAudience, Record<ViewerKind, boolean>> = {
  public: { anonymous: true, owner: true, otherEnterprise: true, permitted: true, unpermitted: true, regulator: true },
  members: { anonymous: false, owner: true, otherEnterprise: false, permitted: true, unpermitted: true, regulator: true },
  directed: { anonymous: false, owner: true, otherEnterprise: false, permitted: true, unpermitted: false, regulator: true },
};

describe("need visibility matrix (page, list, search documents)", () => {
  for (const audience of ["public", "members", "directed"] as const) {
    for (const kind of Object.keys(expected.public) as ViewerKind[]) {
      it(`${audience} × ${kind}`, () => {
        const id = createNeed(ctx, owner, loanInput(audience, audience === "directed" ? [permitted.orgId] : []));
        publishNeed(ctx, owner, id);
        const viewer = viewerOf(kind);
        const may = expected[audience][kind];
        if (may) expect(viewNeed(ctx, viewer, id).need.id).toBe(id);
        else expect(() => viewNeed(ctx, viewer, id)).toThrow(/notFound/);
        expect(listVisibleNeedsOfEnterprise(ctx, viewer, owner.orgId).some((r) => r.id === id)).toBe(may);
        expect(filterVisibleNeedIds(ctx, viewer, [id])).toEqual(may ? [id] : []);
      });
    }
  }

  it("a list of ids mixing every audience, drafts, paused and other owners' needs keeps exactly the visible ones, in one query by primary key", () => {
    const ids: string[] = [];
    const visible: Record<ViewerKind, string[]> = { anonymous: [], owner: [], otherEnterprise: [], permitted: [], unpermitted: [], regulator: [] };
    for (const audience of ["public", "members", "directed"] as const) {
      for (const state of ["published", "draft", "paused"] as const) {
        for (const by of [owner, otherEnterprise]) {
          const id = createNeed(ctx, by, loanInput(audience, audience === "directed" ? [permitted.orgId] : []));
          if (state !== "draft") publishNeed(ctx, by, id);
          if (state === "paused") pauseNeed(ctx, by, id);
          ids.push(id);
          if (state !== "published") continue;
          for (const kind of Object.keys(visible) as ViewerKind[]) {
            // The other enterprise plays the owner for its own needs.
            const asKind = by === otherEnterprise ? (kind === "otherEnterprise" ? "owner" : kind === "owner" ? "otherEnterprise" : kind) : kind;
            if (expected[audience][asKind]) visible[kind].push(id);
          }
        }
      }
    }
    for (const kind of Object.keys(visible) as ViewerKind[]) {
      const viewer = viewerOf(kind);
      expect(filterVisibleNeedIds(ctx, viewer, ids).sort(), kind).toEqual([...visible[kind]].sort());
      const { sql, params } = visibleNeedListingQuery(ctx, viewer).getQuery();
      const bound = fillPlaceholders(params, { ids: JSON.stringify(ids), today: "2026-01-01" });
      const plan = (ctx.db.$client.prepare(`explain query plan ${sql}`).all(...bound) as { detail: string }[]).map((r) => r.detail).join("\n");
      expect(plan, kind).toMatch(/SEARCH financing_needs USING INDEX sqlite_autoindex_financing_needs_1 \(id=\?\)/);
      expect(plan, kind).not.toMatch(/financing_needs_state_idx/);
    }
  });

  it("a draft is its owner's alone, even for supervisors", () => {
    const id = createNeed(ctx, owner, loanInput("public"));
    expect(viewNeed(ctx, owner, id).isOwner).toBe(true);
    for (const v of [null, permitted, regulator, otherEnterprise]) expect(() => viewNeed(ctx, v, id)).toThrow(/notFound/);
    expect(filterVisibleNeedIds(ctx, regulator, [id])).toEqual([]);
  });

  it("the search document carries the audience and only live needs are indexed", () => {
    const id = createNeed(ctx, owner, loanInput("directed", [permitted.orgId]));
    expect(loadNeedDocuments(ctx.db, [id])).toHaveLength(0);
    publishNeed(ctx, owner, id);
    const [doc] = loadNeedDocuments(ctx.db, [id]);
    expect(doc).toMatchObject({ audience: "directed", audienceOrgIds: [permitted.orgId], ownerOrgId: owner.orgId, financingType: "loan" });
    expect(ctx.db.select().from(searchOutbox).where(eq(searchOutbox.docId, id)).all().length).toBeGreaterThan(0);
    pauseNeed(ctx, owner, id);
    expect(loadNeedDocuments(ctx.db, [id])).toHaveLength(0);
  });

  it("search expiry follows the domain clock, not the machine's date", () => {
    // The need runs to 2026-06-30 and the test clock says 2026-03-02, whatever day the machine thinks it is.
    const id = createNeed(ctx, owner, loanInput("members"));
    publishNeed(ctx, owner, id);
    expect(loadNeedDocuments(ctx.db, [id])).toHaveLength(1);
    expect(filterVisibleNeedIds(ctx, permitted, [id])).toEqual([id]);
    const outboxRows = () => ctx.db.select().from(searchOutbox).where(eq(searchOutbox.docId, id)).all().length;
    const before = outboxRows();

    ctx.clock.ms = Date.parse("2026-07-01T00:30:00+08:00");
    // Before the sweep runs, search results are already re-checked against the expiry day.
    expect(filterVisibleNeedIds(ctx, permitted, [id])).toEqual([]);
    expect(expireDueNeeds(ctx)).toBe(1);
    // The sweep enqueues the change and the source then leaves the need out, so the indexer removes it.
    expect(outboxRows()).toBeGreaterThan(before);
    expect(loadNeedDocuments(ctx.db, [id])).toHaveLength(0);
    expect(listOwnNeeds(ctx, owner).find((n) => n.id === id)?.state).toBe("expired");
  });

  it("a need expires at the end of its Shanghai day on the domain clock", () => {
    const id = createNeed(ctx, owner, loanInput("public"));
    publishNeed(ctx, owner, id);
    ctx.clock.ms = Date.parse("2026-06-30T23:59:00+08:00");
    expect(expireDueNeeds(ctx)).toBe(0);
    expect(filterVisibleNeedIds(ctx, null, [id])).toEqual([id]);
    ctx.clock.ms = Date.parse("2026-07-01T00:00:01+08:00");
    expect(expireDueNeeds(ctx)).toBe(1);
    expect(filterVisibleNeedIds(ctx, null, [id])).toEqual([]);
  });

  it("publishing a directed need notifies the named institution and nobody else", () => {
    const id = createNeed(ctx, owner, loanInput("directed", [permitted.orgId]));
    publishNeed(ctx, owner, id);
    const to = (a: Actor) => ctx.db.select().from(notifications).where(eq(notifications.userId, a.userId)).all();
    expect(to(permitted)).toHaveLength(1);
    expect(to(unpermitted)).toHaveLength(0);
    expect(to(regulator)).toHaveLength(0);
  });
});

describe("need views: once per viewer per visit", () => {
  const MINUTE = 60_000;
  const published = (audience: NeedAudience) => {
    const id = createNeed(ctx, owner, loanInput(audience));
    publishNeed(ctx, owner, id);
    return id;
  };
  const viewsOf = (id: string) => listOwnNeeds(ctx, owner).find((n) => n.id === id)!;
  const auditedViews = (id: string) => listDataViews(ctx, owner).filter((v) => v.action === "financing.need.viewed" && v.subjectId === id);

  it("a reload within 30 minutes is the same view; after 31 minutes it is a new one; every opening is audited", () => {
    const id = published("members");
    viewNeed(ctx, permitted, id);
    ctx.clock.advance(MINUTE);
    viewNeed(ctx, permitted, id);
    ctx.clock.advance(28 * MINUTE);
    viewNeed(ctx, permitted, id);
    expect(viewsOf(id)).toMatchObject({ views: 1, viewerOrgs: 1 });
    // The statistics count visits; the audit chain records each use of the authorised data.
    expect(auditedViews(id)).toHaveLength(3);
    // The window runs from the last counted view (minute 0), so minute 31 is a new visit.
    ctx.clock.advance(2 * MINUTE);
    viewNeed(ctx, permitted, id);
    expect(viewsOf(id)).toMatchObject({ views: 2, viewerOrgs: 1 });
    expect(auditedViews(id)).toHaveLength(4);
  });

  it("two viewers are two views, even at the same moment; the owner's own openings are none", () => {
    const id = published("members");
    viewNeed(ctx, permitted, id);
    viewNeed(ctx, unpermitted, id);
    viewNeed(ctx, owner, id);
    viewNeed(ctx, permitted, id);
    expect(viewsOf(id)).toMatchObject({ views: 2, viewerOrgs: 2 });
    expect(auditedViews(id).map((v) => v.orgName).sort()).toEqual(["天山银行", "雪莲创投", "雪莲创投"]);
  });

  it("two people of the same organisation are two viewers", () => {
    const colleague = makeActor(ctx, { orgKind: "institution", orgId: permitted.orgId, orgName: permitted.orgName, institutionType: "pe_vc" });
    const id = published("members");
    viewNeed(ctx, permitted, id);
    viewNeed(ctx, colleague, id);
    expect(viewsOf(id)).toMatchObject({ views: 2, viewerOrgs: 1 });
  });

  it("the window is per need: opening another need is another view", () => {
    const a = published("members");
    const b = published("members");
    viewNeed(ctx, permitted, a);
    viewNeed(ctx, permitted, b);
    expect([viewsOf(a).views, viewsOf(b).views]).toEqual([1, 1]);
  });
});

describe("need lifecycle", () => {
  it("draft → published → paused → published → matched, with history, views and interest", () => {
    const id = createNeed(ctx, owner, loanInput("members"));
    publishNeed(ctx, owner, id);
    pauseNeed(ctx, owner, id);
    expect(() => expressInterest(ctx, permitted, id, "")).toThrow(/notLive/);
    resumeNeed(ctx, owner, id);
    updateNeed(ctx, owner, id, { ...loanInput("members"), amount: 25_000_000 });
    viewNeed(ctx, permitted, id);
    viewNeed(ctx, unpermitted, id);
    expressInterest(ctx, permitted, id, "可提供应收账款质押贷款");
    // Coming back to the page after saying it is interested is still the same visit.
    viewNeed(ctx, permitted, id);
    expect(() => expressInterest(ctx, permitted, id, "again")).toThrow(/alreadyInterested/);
    expect(() => expressInterest(ctx, otherEnterprise, id, "")).toThrow(/notFound/);
    const own = listOwnNeeds(ctx, owner).find((n) => n.id === id)!;
    expect(own).toMatchObject({ views: 2, viewerOrgs: 2, interests: 1, amount: 25_000_000 });
    markNeedMatched(ctx, owner, id, { matchedOrgId: permitted.orgId, matchedAmount: 25_000_000 });
    expect(() => pauseNeed(ctx, owner, id)).toThrow(/badTransition/);
    expect(needRevisions(ctx, owner, id).map((r) => r.change)).toEqual(["created", "published", "paused", "resumed", "edited", "matched"]);
    // A matched loan is debt financing: the lender is owed periodic directed disclosure.
    expect(ctx.db.select().from(disclosureObligations).where(and(eq(disclosureObligations.enterpriseOrgId, owner.orgId), eq(disclosureObligations.recipientOrgId, permitted.orgId))).get()).toMatchObject({ frequency: "semiannual" });
    // …and so are the regulators (Attachment 1 §(七)).
    expect(ctx.db.select().from(disclosureObligations).where(and(eq(disclosureObligations.enterpriseOrgId, owner.orgId), eq(disclosureObligations.recipientOrgId, regulator.orgId))).get()).toMatchObject({ frequency: "semiannual" });
  });

  it("closes with an outcome, expires after its day, and only the owner moves it", () => {
    const a = createNeed(ctx, owner, loanInput("public"));
    expect(() => publishNeed(ctx, otherEnterprise, a)).toThrow(/notFound/);
    closeNeed(ctx, owner, a, { outcome: "no_longer_needed" });
    const b = createNeed(ctx, owner, loanInput("public"));
    publishNeed(ctx, owner, b);
    ctx.clock.ms = Date.parse("2026-07-01T08:00:00+08:00");
    // Past its day the need leaves every list (search re-checks here) before the sweep has run, then the sweep ends it.
    expect(filterVisibleNeedIds(ctx, permitted, [b])).toEqual([]);
    expect(expireDueNeeds(ctx)).toBe(1);
    expect(listOwnNeeds(ctx, owner).map((n) => n.state).sort()).toEqual(["closed", "expired"]);
  });

  it("validates each instrument's own fields and refuses directed needs to non-institutions", () => {
    expect(needFormSchema("equity").safeParse({ title: "A 轮融资", amount: "500", audience: "members", expiresOn: "2026-09-30", details: { valuationMin: "9", valuationMax: "5", stakeOfferedBp: "10", useOfFunds: "研发", stage: "a" } }).success).toBe(false);
    expect(needFormSchema("loan").safeParse({ title: "贷款需求", amount: "100", audience: "public", expiresOn: "2026-09-30", details: { termMonths: "12", purpose: "周转", collateral: [] } }).success).toBe(false);
    expect(() => createNeed(ctx, owner, loanInput("directed", [otherEnterprise.orgId]))).toThrow(/directedInstitutions/);
    expect(() => createNeed(ctx, permitted, loanInput("public"))).toThrow(/forbidden/);
  });

  it("the new-need form's institution choices are for an enterprise only", () => {
    expect(institutionsForNewNeed(ctx, owner).map((i) => i.id).sort()).toEqual([permitted.orgId, unpermitted.orgId].sort());
    for (const refused of [permitted, regulator]) expect(() => institutionsForNewNeed(ctx, refused)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it("the form accepts a blank summary, reads amounts in 万元 and rates in %, and names missing fields in catalogue keys, as conform submits them", () => {
    const form = (entries: Record<string, string>) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(entries)) fd.append(k, v);
      return fd;
    };
    const equity = { title: "A 轮股权融资", summary: "", amount: "5,000", expiresOn: "2026-09-30", "details.valuationMin": "3亿", "details.valuationMax": "42000", "details.stakeOfferedBp": "10", "details.stage": "a", "details.useOfFunds": "研发中心", audience: "directed", directedOrgIds: permitted.orgId };
    const ok = parseWithZod(form(equity), { schema: needFormSchema("equity") });
    expect(ok.status === "success" && ok.value).toMatchObject({
      summary: "",
      amount: 50_000_000,
      directedOrgIds: [permitted.orgId],
      details: { valuationMin: 300_000_000, valuationMax: 420_000_000, stakeOfferedBp: 1000 },
    });
    const missing = parseWithZod(form({ ...equity, title: "", "details.useOfFunds": "", expiresOn: "" }), { schema: needFormSchema("equity") });
    expect(missing.reply().error).toMatchObject({ title: ["financing:errors.required"], "details.useOfFunds": ["financing:errors.required"], expiresOn: ["financing:errors.date"] });
    const loan = parseWithZod(form({ title: "贷款需求", amount: "100", audience: "members", expiresOn: "2026-09-30", "details.termMonths": "12", "details.purpose": "周转" }), { schema: needFormSchema("loan") });
    expect(loan.reply().error).toEqual({ "details.collateral": ["financing:errors.collateral"] });
  });

  it("stores script in text fields as text", () => {
    const evil = "<script>alert('x')</script>";
    const id = createNeed(ctx, owner, { ...loanInput("public"), title: `贷款${evil}`, summary: evil });
    expect(viewNeed(ctx, owner, id).need.summary).toBe(evil);
  });
});
