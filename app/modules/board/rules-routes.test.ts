import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { boardMemberships } from "@db/schema";
import { action as factsAction, loader as factsLoader } from "~/routes/_app.board.facts";
import { action as plansAction } from "~/routes/_app.board.plans.$id";
import { action as violationsAction, loader as violationsLoader } from "~/routes/_app.board.violations";
import { loader as profileLoader } from "~/routes/enterprises.$id";
import { action as dutiesAction, loader as dutiesLoader } from "~/routes/_app.board.disclosure-duties";
import { makeNeed } from "~/modules/financing/market-testing";
import { markNeedMatched } from "~/modules/financing/needs.server";
import { newId } from "~/utils/ids";
import type { TestContext } from "../../../test/context";
import { callRoute, createRouteTestContext, sessionCookie } from "./route-testing";
import { makeApplication, makeRound } from "./testing";
import { world, type World } from "./testing-world";

const form = (values: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.append(k, v);
  return fd;
};

describe("board rules pages", () => {
  let ctx: TestContext;
  let w: World;
  beforeEach(() => {
    ctx = createRouteTestContext();
    w = world(ctx);
    makeApplication(ctx, { roundId: makeRound(ctx, "closed"), enterpriseOrgId: w.ent.orgId, state: "admitted", values: { srdiStatus: "srdi_sme", srdiCertificateNo: "XJ-1" } });
    ctx.db.insert(boardMemberships).values({ id: newId(), enterpriseOrgId: w.ent.orgId, tier: "standardisation", entryDate: "2025-06-02", status: "listed" }).run();
  });
  const as = (a: { userId: string } & Parameters<typeof sessionCookie>[1]) => sessionCookie(ctx, a);

  it("violations: record → confirm → propose → three approvals; the profile then shows the removal with its reason", async () => {
    expect((await callRoute(ctx, violationsLoader, { url: "/board/violations", cookie: await as(w.ent) })).status).toBe(404);
    const cookie = await as(w.reviewer);
    const recorded = await callRoute(ctx, violationsAction, {
      url: "/board/violations",
      cookie,
      form: form({ intent: "record", id: "violation00001", enterpriseOrgId: w.ent.orgId, kind: "false_information", source: "投资人举报及核查报告", occurredOn: "2026-02-20", description: "入板申请研发投入虚增", evidence: "核查报告第 3 页" }),
    });
    expect(recorded.status).toBe(302);
    const list = (await callRoute(ctx, violationsLoader, { url: "/board/violations", cookie })).body as { violations: { id: string; canDecide: boolean }[] };
    expect(list.violations).toMatchObject([{ id: "violation00001", canDecide: true }]);
    await callRoute(ctx, violationsAction, { url: "/board/violations", cookie, form: form({ intent: "confirm", violationId: "violation00001" }) });
    const proposed = await callRoute(ctx, violationsAction, { url: "/board/violations", cookie, form: form({ intent: "propose", violationId: "violation00001", note: "" }) });
    const planUrl = proposed.location!;
    expect(planUrl).toMatch(/^\/board\/plans\//);
    const planId = planUrl.split("/").pop()!;
    await callRoute(ctx, plansAction, { url: planUrl, cookie, params: { id: planId }, form: form({ intent: "submit" }) });
    for (const r of w.regulators) await callRoute(ctx, plansAction, { url: planUrl, cookie: await as(r), params: { id: planId }, form: form({ intent: "approve" }) });
    expect(ctx.db.select().from(boardMemberships).where(eq(boardMemberships.enterpriseOrgId, w.ent.orgId)).get()!.status).toBe("removed");
    const profile = (await callRoute(ctx, profileLoader, { url: `/enterprises/${w.ent.orgId}`, params: { id: w.ent.orgId } })).body as { profile: { card: { removal: unknown } } };
    expect(profile.profile.card.removal).toMatchObject({ reason: "violation", violation: { kind: "false_information", source: "投资人举报及核查报告", occurredOn: "2026-02-20" } });
  });

  it("facts: the enterprise files a version; a reviewer confirms it; outsiders get 404", async () => {
    const filed = await callRoute(ctx, factsAction, {
      url: "/board/facts",
      cookie: await as(w.ent),
      form: form({ intent: "submit", id: "factversion001", enterpriseOrgId: w.ent.orgId, "facts.srdiStatus": "little_giant", "facts.srdiCertificateNo": "小巨人-088", "facts.neeqStatus": "never", evidence: "工信部公示名单" }),
    });
    expect(filed.status).toBe(302);
    const mine = (await callRoute(ctx, factsLoader, { url: "/board/facts", cookie: await as(w.ent) })).body as { page: { updates: { version: number; state: string }[]; canSubmit: boolean } };
    expect(mine.page).toMatchObject({ updates: [{ version: 1, state: "submitted" }], canSubmit: false });
    expect((await callRoute(ctx, factsLoader, { url: `/board/facts?enterprise=${w.ent.orgId}`, cookie: await as(w.otherEnt) })).body).toMatchObject({ enterpriseOrgId: w.otherEnt.orgId });
    expect((await callRoute(ctx, factsLoader, { url: "/board/facts", cookie: await as(w.sponsor) })).status).toBe(404);
    const reviewer = await as(w.reviewer);
    const queue = (await callRoute(ctx, factsLoader, { url: "/board/facts", cookie: reviewer })).body as { pending: { id: string }[] };
    expect(queue.pending).toHaveLength(1);
    await callRoute(ctx, factsAction, { url: "/board/facts", cookie: reviewer, form: form({ intent: "confirm", updateId: queue.pending[0]!.id, enterpriseOrgId: w.ent.orgId }) });
    const after = (await callRoute(ctx, factsLoader, { url: "/board/facts", cookie: await as(w.ent) })).body as { page: { updates: { state: string }[]; defaults: { srdiStatus: string } } };
    expect(after.page.updates[0]!.state).toBe("confirmed");
    expect(after.page.defaults.srdiStatus).toBe("little_giant");
  });

  it("disclosure duties: the exchange sets a frequency with a reason through the page; regulators read it; enterprises and members get 404", async () => {
    markNeedMatched(ctx, w.ent, makeNeed(ctx, w.ent.orgId, { instrument: "loan" }), {});
    const reviewer = await as(w.reviewer);
    const page = (await callRoute(ctx, dutiesLoader, { url: "/board/disclosure-duties", cookie: reviewer })).body as { duties: { id: string; frequency: string }[]; canSet: boolean };
    expect(page).toMatchObject({ canSet: true, duties: [{ frequency: "semiannual" }] });
    const refused = await callRoute(ctx, dutiesAction, { url: "/board/disclosure-duties", cookie: reviewer, form: form({ intent: "setFrequency", dutyId: page.duties[0]!.id, frequency: "quarterly", reason: "" }) });
    expect(refused.status).toBe(200); // the field error comes back to the form
    const saved = await callRoute(ctx, dutiesAction, { url: "/board/disclosure-duties", cookie: reviewer, form: form({ intent: "setFrequency", dutyId: page.duties[0]!.id, frequency: "quarterly", reason: "贷款合同约定按季度报送" }) });
    expect(saved.status).toBe(302);
    const regulatorView = (await callRoute(ctx, dutiesLoader, { url: "/board/disclosure-duties", cookie: await as(w.regulators[0]!) })).body as { duties: { frequency: string; frequencyReason: string }[]; canSet: boolean };
    expect(regulatorView).toMatchObject({ canSet: false, duties: [{ frequency: "quarterly", frequencyReason: "贷款合同约定按季度报送" }] });
    expect((await callRoute(ctx, dutiesAction, { url: "/board/disclosure-duties", cookie: await as(w.regulators[0]!), form: form({ intent: "setFrequency", dutyId: page.duties[0]!.id, frequency: "annual", reason: "监管部门想改" }) })).status).toBe(403);
    expect((await callRoute(ctx, dutiesLoader, { url: "/board/disclosure-duties", cookie: await as(w.ent) })).status).toBe(403);
    expect((await callRoute(ctx, dutiesLoader, { url: "/board/disclosure-duties", cookie: await as(w.sponsor) })).status).toBe(403);
  });
});
