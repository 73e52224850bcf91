import { beforeEach, describe, expect, it } from "vitest";
import { boardApplications, boardRounds, boardViolations, type ApplicationState } from "@db/schema";
import { makeActor } from "@test/support/actors";
import { at, smallWorld, staffWorld, type StaffWorld } from "@test/support/staff-world";
import type { Actor } from "~/modules/identity/actor";
import { newId } from "~/utils/ids";
import { dashboardView } from "./dashboard-view.server";
import { mayOpenList } from "./stats-tiles.server";

/**
 * /stats's tiles per role (ADR 0825) over the small world (3 listed enterprises in 6501, 6523 and 6502; Q1 2026
 * financing 9,000,000 元 in 3 deals; 3 of 4 requests resolved, 2 within SLA, ratings 5 and 2) plus a round of
 * applications: 2 submitted in 6523, 1 submitted in 6501, 1 forwarded (to check), 1 in a tier plan; one violation recorded.
 */
let w: StaffWorld;
const Q1 = { from: "2026-01-01", to: "2026-03-31" };

beforeEach(() => {
  w = staffWorld();
  w.ctx.clock.ms = at("2026-04-10");
  smallWorld(w);
  const roundId = newId();
  w.ctx.db.insert(boardRounds).values({ id: roundId, name: "2026年第二批", bureauDeadline: "2026-05-15", planDeadline: "2026-05-26" }).run();
  const apps: [ApplicationState, string][] = [["submitted", "6523"], ["submitted", "6523"], ["submitted", "6501"], ["forwarded", "6501"], ["in_plan", "6502"]];
  for (const [i, [state, prefectureCode]] of apps.entries()) {
    const applicant = makeActor(w.ctx, { orgKind: "enterprise", orgName: `申请企业${i}`, prefectureCode });
    w.ctx.db.insert(boardApplications).values({ id: newId(), roundId, enterpriseOrgId: applicant.orgId, channel: "self", state, prefectureCode, submittedAt: w.ctx.clock.now() }).run();
  }
  w.ctx.db.insert(boardViolations).values({ id: newId(), enterpriseOrgId: w.ent.orgId, kind: "other", source: "巡查", occurredOn: "2026-02-01", description: "待核实", evidence: "[]", recordedBy: w.admin.userId, recordedAt: w.ctx.clock.now() }).run();
});

async function tilesOf(actor: Actor, filter: { from: string; to: string; prefecture?: string } = Q1) {
  const view = await dashboardView(w.ctx, actor, filter, "zh-CN");
  return { view, tiles: Object.fromEntries(view.tiles.map((t) => [t.key, { value: t.value, href: t.href }])) };
}

describe("the /stats tiles, per role", () => {
  it("a regulator: the period's totals, then approvals, notices, disclosures overdue to it and violations; no link to the service desk it cannot open", async () => {
    const { tiles } = await tilesOf(w.regulator);
    expect(Object.keys(tiles)).toEqual(["enterprises", "financing", "sla", "satisfaction", "awaitingApproval", "noticesRunning", "overdueDisclosures", "violations"]);
    expect(tiles.enterprises).toEqual({ value: 3, href: "/search?index=enterprises" });
    expect(tiles.financing).toEqual({ value: 9_000_000, href: "/market/outcomes?from=2026-01-01&to=2026-03-31" });
    expect(tiles.sla).toEqual({ value: 6667, href: null });
    expect(tiles.satisfaction).toEqual({ value: 350, href: null });
    expect(tiles.awaitingApproval).toEqual({ value: 1, href: "/board/plans" });
    expect(tiles.violations).toEqual({ value: 1, href: "/board/violations" });
  });

  it("the exchange admin: its queue and the service desk, every tile a link", async () => {
    const { tiles } = await tilesOf(w.admin, { ...Q1, prefecture: "6501" });
    expect(Object.keys(tiles)).toEqual(["enterprises", "financing", "sla", "satisfaction", "toCheck", "openObjections", "violationsToConfirm", "overdueDisclosuresAll", "custodyOverdue"]);
    // The period's totals follow the prefecture filter, and so does the enterprises link.
    expect(tiles.enterprises).toEqual({ value: 1, href: "/search?index=enterprises&prefecture=6501" });
    expect(tiles.financing!.value).toBe(3_000_000);
    expect(tiles.sla!.href).toBe("/service-requests?scope=all");
    expect(tiles.toCheck).toEqual({ value: 1, href: "/board/review?show=toCheck" });
    expect(tiles.violationsToConfirm).toEqual({ value: 1, href: "/board/violations" });
    expect(tiles.custodyOverdue!.href).toBe("/staff/enterprises?custody=overdue");
    expect(Object.values(tiles).every((t) => t.href !== null)).toBe(true);
  });

  it("a reviewer: the queue, but no service-desk links or custody; a roadshow scheduler: no review queue it cannot open", async () => {
    const reviewer = (await tilesOf(w.reviewer)).tiles;
    expect(Object.keys(reviewer)).toEqual(["enterprises", "financing", "sla", "satisfaction", "toCheck", "openObjections", "violationsToConfirm", "overdueDisclosuresAll"]);
    expect(reviewer.sla!.href).toBeNull();
    expect(reviewer.toCheck).toEqual({ value: 1, href: "/board/review?show=toCheck" });
    const scheduler = makeActor(w.ctx, { orgKind: "exchange", orgId: w.admin.orgId, roles: ["roadshow_scheduler"] });
    const tiles = (await tilesOf(scheduler)).tiles;
    expect(Object.keys(tiles)).toEqual(["enterprises", "financing", "sla", "satisfaction", "violationsToConfirm", "overdueDisclosuresAll"]);
    expect(mayOpenList(scheduler, "/board/review?show=toCheck")).toBe(false);
  });

  it("a prefecture's bureau: its own prefecture whatever it asks for, and its queue to forward; no link to lists it may not open", async () => {
    const bureau = makeActor(w.ctx, { orgKind: "bureau", prefectureCode: "6523" });
    const { view, tiles } = await tilesOf(bureau, { ...Q1, prefecture: "6501" });
    expect(view.filter.prefecture).toBe("6523");
    expect(view.prefectures.map((p) => p.code)).toEqual(["6523"]);
    expect(Object.keys(tiles)).toEqual(["enterprises", "financing", "toForward"]);
    expect(tiles.enterprises).toEqual({ value: 1, href: "/search?index=enterprises&prefecture=6523" });
    // Financing outcomes are the supervisors' list: the figure stays, the link does not.
    expect(tiles.financing).toEqual({ value: 1_000_000, href: null });
    expect(tiles.toForward).toEqual({ value: 2, href: "/board/queue?state=submitted" });
    const other = (await tilesOf(makeActor(w.ctx, { orgKind: "bureau", prefectureCode: "6501" }))).tiles;
    expect(other.toForward!.value).toBe(1);
    expect(other.enterprises!.value).toBe(1);
  });

  it("members and enterprises have no /stats", async () => {
    await expect(dashboardView(w.ctx, w.bank, Q1, "zh-CN")).rejects.toMatchObject({ status: 403 });
    await expect(dashboardView(w.ctx, w.ent, Q1, "zh-CN")).rejects.toMatchObject({ status: 403 });
  });
});
