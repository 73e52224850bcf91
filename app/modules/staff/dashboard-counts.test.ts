import { and, count, eq, gte, inArray, lt, lte } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { boardMemberships, REPORT_PERIOD_KINDS, roadshowEvents, roadshowRequests, serviceRequests, serviceVisits } from "@db/schema";
import { makeActor } from "@test/support/actors";
import { at, listEnterprise, outcome, request, roadshow, smallWorld, staffWorld, type StaffWorld } from "@test/support/staff-world";
import { loadSystemActor } from "~/modules/identity/system-actor.server";
import { newId } from "~/utils/ids";
import { listMyEnterprises, myEnterpriseCounts, myEnterprisesQuery } from "./my-enterprises.server";
import { isEmptyPeriod, isEmptyPeriodOf, reportMetrics } from "./report-metrics.server";
import { downloadReportPack, generateReportPack, listReportPacks, metricsForPeriod, periodBounds, periodsNotDownloaded } from "./reports.server";
import { staffWorkspace } from "./workspace.server";

/**
 * The staff workspace's counts on /dashboard were made cheaper (ADR 0920): each is checked here against the computation
 * it replaced, on data that crosses every boundary the counts have.
 */

let w: StaffWorld;
beforeEach(() => {
  w = staffWorld();
  loadSystemActor(w.ctx);
  smallWorld(w);
});

const DAY = 86_400_000;

describe("whether a period has anything to report", () => {
  it("is what computing the period's metrics says, for every month, quarter and year from 2023 to 2026", () => {
    // Each source alone makes one period non-empty: an outcome in March 2024, a request raised in June 2025, a visit in
    // November 2025, and an enterprise listed in September 2025 and removed in October (on the board at September's end).
    outcome(w, { enterpriseOrgId: w.ent.orgId, instrument: "loan", amount: 2_000_000, costBp: 500, on: "2024-03-11", prefecture: "6501", tier: "standardisation" });
    request(w, { enterpriseOrgId: w.ent2.orgId, openedOn: "2025-06-03", dueOn: "2025-06-10" });
    w.ctx.db.insert(serviceVisits).values({ id: newId(), enterpriseOrgId: w.otherEnt.orgId, kind: "visit", visitedOn: "2025-11-20", participants: [], findings: "f", recordedBy: w.specialist.userId, createdAt: 0 }).run();
    const removed = listEnterprise(w.ctx, { n: 9, name: "北庭新材", servicePerson: null, entryDate: "2025-09-01" });
    w.ctx.db.update(boardMemberships).set({ status: "removed", removedAt: at("2025-10-10") }).where(eq(boardMemberships.enterpriseOrgId, removed.orgId)).run();

    const periods: Array<[kind: (typeof REPORT_PERIOD_KINDS)[number], period: string]> = [];
    for (let year = 2023; year <= 2026; year++) {
      periods.push(["year", String(year)]);
      for (let q = 1; q <= 4; q++) periods.push(["quarter", `${year}-Q${q}`]);
      for (let m = 1; m <= 12; m++) periods.push(["month", `${year}-${String(m).padStart(2, "0")}`]);
    }
    const answers = periods.map(([kind, period]) => {
      const bounds = periodBounds(kind, period);
      const expected = isEmptyPeriod(reportMetrics(w.ctx, period, bounds));
      expect(isEmptyPeriodOf(w.ctx, bounds), `${kind} ${period}`).toBe(expected);
      return [period, expected] as const;
    });
    const empty = new Map(answers);
    expect(empty.get("2024-03")).toBe(false);
    expect(empty.get("2024-04")).toBe(true);
    expect(empty.get("2025-06")).toBe(false);
    expect(empty.get("2025-09")).toBe(false);
    expect(empty.get("2025-10")).toBe(true);
    expect(empty.get("2025-11")).toBe(false);
    expect(empty.get("2023")).toBe(true);
  });

  it("counts a just-ended period as missing its pack exactly when generating it would not be refused", async () => {
    w.ctx.clock.ms = at("2026-04-10");
    const missing = () => staffWorkspace(w.ctx, w.admin).sections.find((s) => s.key === "reports")!.items.find((i) => i.key === "packsMissing")!.count;
    const refusedOrStored = () =>
      REPORT_PERIOD_KINDS.filter((kind) => {
        const period = { month: "2026-03", quarter: "2026-Q1", year: "2025" }[kind];
        if (listReportPacks(w.ctx, w.admin).some((p) => p.periodKind === kind && p.period === period)) return false;
        try {
          metricsForPeriod(w.ctx, kind, period);
          return true;
        } catch {
          return false;
        }
      }).length;
    expect(missing()).toBe(refusedOrStored());
    expect(missing()).toBe(2);
    // A request raised in 2025 gives the year something to report.
    request(w, { enterpriseOrgId: w.ent.orgId, openedOn: "2025-12-30", dueOn: "2026-01-06" });
    expect(missing()).toBe(refusedOrStored());
    expect(missing()).toBe(3);
    await generateReportPack(w.ctx, w.admin, { kind: "month", period: "2026-03" });
    expect(missing()).toBe(refusedOrStored());
    expect(missing()).toBe(2);
  });
});

describe("the regulator's packs not downloaded", () => {
  it("counts periods none of whose packs its organisation downloaded, as the list of packs marks them", async () => {
    w.ctx.clock.ms = at("2026-04-10");
    const march = await generateReportPack(w.ctx, w.admin, { kind: "month", period: "2026-03" });
    const q1 = await generateReportPack(w.ctx, w.admin, { kind: "quarter", period: "2026-Q1" });
    const q1Again = await generateReportPack(w.ctx, w.admin, { kind: "quarter", period: "2026-Q1" });
    expect(periodsNotDownloaded(w.ctx, w.regulator)).toBe(2);
    // Another authority's download is not this one's.
    const otherRegulator = makeActor(w.ctx, { orgKind: "regulator" });
    downloadReportPack(w.ctx, otherRegulator, march.id, "pdf");
    expect(periodsNotDownloaded(w.ctx, w.regulator)).toBe(2);
    expect(periodsNotDownloaded(w.ctx, otherRegulator)).toBe(1);
    // One version of a period downloaded is the period done; the other version stays unmarked in the list.
    downloadReportPack(w.ctx, w.regulator, q1Again.id, "xlsx");
    expect(periodsNotDownloaded(w.ctx, w.regulator)).toBe(1);
    expect(listReportPacks(w.ctx, w.regulator).find((p) => p.id === q1.id)!.fetchedByMyOrg).toBe(false);
    expect(listReportPacks(w.ctx, w.regulator).find((p) => p.id === q1Again.id)!.fetchedByMyOrg).toBe(true);
    for (const reader of [w.regulator, otherRegulator, w.admin]) expect(periodsNotDownloaded(w.ctx, reader)).toBe(fromListFor(reader));
    expect(() => periodsNotDownloaded(w.ctx, w.bank)).toThrow();

    function fromListFor(reader: typeof w.regulator) {
      const periods = new Map<string, boolean>();
      for (const p of listReportPacks(w.ctx, reader)) periods.set(`${p.periodKind}|${p.period}`, (periods.get(`${p.periodKind}|${p.period}`) ?? false) || p.fetchedByMyOrg);
      return [...periods.values()].filter((f) => !f).length;
    }
  });
});

describe("the service desk's counts", () => {
  /** The queries the workspace ran before ADR 0920, one count each. */
  function previous(userId: string, now: number, today: string) {
    const n = (q: { get(): { n: number } | undefined }) => q.get()!.n;
    const db = w.ctx.db;
    const open = ["open", "in_progress"] as const;
    return {
      overdueRequests: n(db.select({ n: count() }).from(serviceRequests).where(and(eq(serviceRequests.assigneeUserId, userId), inArray(serviceRequests.state, [...open]), lt(serviceRequests.dueOn, today)))),
      openRequests: n(db.select({ n: count() }).from(serviceRequests).where(and(eq(serviceRequests.assigneeUserId, userId), eq(serviceRequests.state, "open")))),
      inProgressRequests: n(db.select({ n: count() }).from(serviceRequests).where(and(eq(serviceRequests.assigneeUserId, userId), eq(serviceRequests.state, "in_progress")))),
      escalated: n(db.select({ n: count() }).from(serviceRequests).where(and(inArray(serviceRequests.state, [...open]), lt(serviceRequests.dueOn, today)))),
      openAll: n(db.select({ n: count() }).from(serviceRequests).where(inArray(serviceRequests.state, [...open]))),
      requestsWaiting: n(db.select({ n: count() }).from(roadshowRequests).where(eq(roadshowRequests.state, "waiting"))),
      proposalsOut: n(db.select({ n: count() }).from(roadshowRequests).where(eq(roadshowRequests.state, "proposed"))),
      next7Days: n(db.select({ n: count() }).from(roadshowEvents).where(and(eq(roadshowEvents.state, "scheduled"), gte(roadshowEvents.startsAt, now), lte(roadshowEvents.startsAt, now + 7 * DAY)))),
      liveNow: n(db.select({ n: count() }).from(roadshowEvents).where(and(eq(roadshowEvents.state, "scheduled"), lte(roadshowEvents.startsAt, now), gte(roadshowEvents.endsAt, now)))),
    };
  }
  const shown = (actor: typeof w.admin) => Object.fromEntries(staffWorkspace(w.ctx, actor).sections.flatMap((s) => s.items.map((i) => [i.key, i.count])));

  it("are the counts the workspace ran one by one before, for the specialist and the admin, at every boundary", () => {
    w.ctx.clock.ms = at("2026-04-10");
    const now = w.ctx.clock.now();
    // Requests: due yesterday, today and tomorrow, open and in progress, one the other specialist's, one resolved.
    for (const dueOn of ["2026-04-09", "2026-04-10", "2026-04-11"]) request(w, { enterpriseOrgId: w.ent.orgId, openedOn: "2026-04-03", dueOn });
    w.ctx.db.update(serviceRequests).set({ state: "in_progress" }).where(eq(serviceRequests.dueOn, "2026-04-09")).run();
    request(w, { enterpriseOrgId: w.otherEnt.orgId, openedOn: "2026-04-01", dueOn: "2026-04-02" });
    w.ctx.db.update(serviceRequests).set({ assigneeUserId: w.otherSpecialist.userId }).where(eq(serviceRequests.dueOn, "2026-04-02")).run();
    // Roadshow requests in every state that counts and one that does not; events at the edges of "live" and "next 7 days".
    for (const state of ["waiting", "waiting", "proposed", "accepted"] as const) {
      w.ctx.db.insert(roadshowRequests).values({ id: newId(), enterpriseOrgId: w.ent.orgId, requestedBy: w.ent.userId, preferredDates: "[]", audience: "members", state, createdAt: 0, updatedAt: 0 }).run();
    }
    roadshow(w, { startsAt: now, presenters: [w.ent.orgId] }); // starts now: live and in the next 7 days
    roadshow(w, { startsAt: now - 3_600_000, presenters: [] }); // ends exactly now: still live
    roadshow(w, { startsAt: now - 7_200_000, presenters: [] }); // ended an hour ago
    roadshow(w, { startsAt: now + 7 * DAY, presenters: [] }); // the last moment of the 7 days
    roadshow(w, { startsAt: now + 7 * DAY + 1, presenters: [] }); // just after
    roadshow(w, { startsAt: now + DAY, presenters: [], state: "cancelled" });

    const before = previous(w.specialist.userId, now, "2026-04-10");
    expect(before).toMatchObject({ overdueRequests: 3, openRequests: 3, inProgressRequests: 2, requestsWaiting: 2, proposalsOut: 1, liveNow: 2, next7Days: 2 });
    const specialist = shown(w.specialist);
    for (const key of ["overdueRequests", "openRequests", "inProgressRequests"] as const) expect(specialist[key], key).toBe(before[key]);
    const admin = shown(w.admin);
    const adminBefore = previous(w.admin.userId, now, "2026-04-10");
    expect(adminBefore).toMatchObject({ escalated: 4, openAll: 6 });
    for (const key of ["escalated", "openAll", "requestsWaiting", "proposalsOut", "next7Days", "liveNow"] as const) expect(admin[key], key).toBe(adminBefore[key]);
  });

  it("counts nothing for someone who serves no enterprise, as the worklist lists nothing", () => {
    const counts = myEnterpriseCounts(w.ctx, w.admin);
    expect(counts.total).toBe(0);
    expect(Object.values(counts.custody).every((n) => n === 0)).toBe(true);
    expect(listMyEnterprises(w.ctx, w.admin, myEnterprisesQuery.parse({})).total).toBe(0);
    expect(myEnterpriseCounts(w.ctx, w.specialist)).toMatchObject({ total: 2, custody: { unstarted: 2 } });
    expect(() => myEnterpriseCounts(w.ctx, w.bank)).toThrow();
  });
});
