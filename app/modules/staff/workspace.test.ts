import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { boardMemberships, roadshowRequests, serviceRequests } from "@db/schema";

import { loadSystemActor } from "~/modules/identity/system-actor.server";
import { newId } from "~/utils/ids";
import { downloadReportPack, generateReportPack } from "./reports.server";
import { at, request, roadshow, smallWorld, staffWorld, type StaffWorld } from "@test/support/staff-world";
import { staffWorkspace } from "./workspace.server";
import { listMyEnterprises, myEnterpriseCounts, myEnterprisesQuery } from "./my-enterprises.server";
import { openCustody } from "~/modules/board/custody.server";
import { makeActor } from "@test/support/actors";

let w: StaffWorld;
beforeEach(() => {
  w = staffWorld();
  loadSystemActor(w.ctx);
  w.ctx.clock.ms = at("2026-04-10");
  smallWorld(w);
});

const counts = (actor: Parameters<typeof staffWorkspace>[1]) =>
  Object.fromEntries(staffWorkspace(w.ctx, actor).sections.map((s) => [s.key, Object.fromEntries(s.items.map((i) => [i.key, [i.count, i.href]]))]));

describe("what needs doing, per workspace", () => {
  it("the service person: own overdue, new and in-progress requests and enterprises, each linking to the filtered list", () => {
    // smallWorld: the specialist is the assignee of all five requests; open ones: 20 Mar (due 27 Mar, overdue on 10 Apr)
    // and 1 Apr (due 9 Apr, overdue). One more, not yet due, in progress.
    request(w, { enterpriseOrgId: w.ent.orgId, openedOn: "2026-04-09", dueOn: "2026-04-16" });
    w.ctx.db.update(serviceRequests).set({ state: "in_progress" }).where(eq(serviceRequests.openedOn, "2026-04-09")).run();
    const c = counts(w.specialist);
    expect(c.service).toEqual({
      overdueRequests: [2, "/service-requests?overdue=1"],
      openRequests: [2, "/service-requests?state=open"],
      inProgressRequests: [1, "/service-requests?state=in_progress"],
      custodyOverdue: [0, "/staff/enterprises?custody=overdue"],
      custodyDueSoon: [0, "/staff/enterprises?sort=custody"],
      myEnterprises: [2, "/staff/enterprises"],
    });
    // Not the admin's desk, roadshows or packs (the packs are the exchange's to make and the regulators' to fetch).
    expect(Object.keys(c)).toEqual(["service"]);
    expect(staffWorkspace(w.ctx, w.otherSpecialist).sections[0]!.items.find((i) => i.key === "overdueRequests")).toMatchObject({ count: 0, tone: "neutral" });
  });

  it("the exchange admin: escalations, enterprises nobody serves, roadshow requests to decide, ended periods without a pack", async () => {
    w.ctx.db.update(boardMemberships).set({ servicePersonUserId: null }).where(eq(boardMemberships.enterpriseOrgId, w.otherEnt.orgId)).run();
    w.ctx.db.insert(roadshowRequests).values({ id: newId(), enterpriseOrgId: w.ent.orgId, requestedBy: w.ent.userId, preferredDates: "[]", audience: "members", state: "waiting", createdAt: 0, updatedAt: 0 }).run();
    roadshow(w, { startsAt: w.ctx.clock.now() + 2 * 86_400_000, presenters: [w.ent.orgId] });
    const c = counts(w.admin);
    expect(c.service).toBeUndefined(); // the admin serves no enterprise here: no all-zero personal desk
    expect(c.desk).toMatchObject({ escalated: [2, expect.any(String)], unserved: [1, "/staff/workload"], openAll: [2, "/service-requests?scope=all"] });
    expect(c.roadshows).toMatchObject({ requestsWaiting: [1, "/roadshows/requests"], next7Days: [1, "/roadshows/schedule"], liveNow: [0, expect.any(String)] });
    // On 10 April: March and Q1 have data and no pack; 2025 is empty (nothing to make).
    expect(c.reports).toEqual({ packsMissing: [2, "/reports"] });
    await generateReportPack(w.ctx, w.admin, { kind: "quarter", period: "2026-Q1" });
    expect(counts(w.admin).reports).toEqual({ packsMissing: [1, "/reports"] });
  });

  it("a regulator: the packs its organisation has not downloaded; a bank or an enterprise sees no staff section", async () => {
    const { id } = await generateReportPack(w.ctx, w.admin, { kind: "quarter", period: "2026-Q1" });
    expect(counts(w.regulator)).toEqual({ reports: { packsNotDownloaded: [1, "/reports"] } });
    expect(staffWorkspace(w.ctx, w.regulator).canSeeStats).toBe(true);
    // A colleague at the same regulator downloads it: done for the organisation.
    const colleague = makeActor(w.ctx, { orgKind: "regulator", orgId: w.regulator.orgId });
    downloadReportPack(w.ctx, colleague, id, "pdf");
    expect(counts(w.regulator).reports!.packsNotDownloaded![0]).toBe(0);
    expect(staffWorkspace(w.ctx, w.bank)).toEqual({ sections: [], canSeeStats: false });
    expect(staffWorkspace(w.ctx, w.ent).sections).toEqual([]);
  });

  it("counts the specialist's enterprises per custody level exactly as the filtered worklist lists them", () => {
    w.ctx.clock.ms = at("2026-01-06");
    for (const ent of [w.ent, w.ent2]) {
      const membership = w.ctx.db.select({ id: boardMemberships.id }).from(boardMemberships).where(eq(boardMemberships.enterpriseOrgId, ent.orgId)).get()!;
      openCustody(w.ctx, w.admin, { membershipId: membership.id, totalShares: 1_000 });
    }
    const seen = new Set<string>();
    for (const date of ["2026-01-06", "2026-02-10", "2026-02-25", "2026-03-05", "2026-04-10", "2026-08-01"]) {
      w.ctx.clock.ms = at(date);
      const counts = myEnterpriseCounts(w.ctx, w.specialist);
      expect(counts.total).toBe(listMyEnterprises(w.ctx, w.specialist, myEnterprisesQuery.parse({})).total);
      for (const [level, n] of Object.entries(counts.custody)) {
        expect(n, `${date} ${level}`).toBe(listMyEnterprises(w.ctx, w.specialist, myEnterprisesQuery.parse({ custody: level })).total);
        if (n > 0) seen.add(level);
      }
    }
    expect(seen).toContain("overdue");
    expect(seen.size).toBeGreaterThan(1);
  });
});

