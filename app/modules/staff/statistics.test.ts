import { beforeEach, describe, expect, it } from "vitest";
import { boardApplications, boardRounds, roadshowAttendance, roadshowRegistrations, type ApplicationState } from "@db/schema";
import { summariseFinancing } from "~/modules/financing/outcomes.server";
import { makeActor } from "~/modules/board/testing";
import { newId } from "~/utils/ids";
import { renderChartSvg } from "./charts.server";
import { dashboardView } from "./dashboard-view.server";
import { toCsv, toXlsx } from "./exports.server";
import { boardDashboard } from "./statistics.server";
import { at, needWithOffers, roadshow, smallWorld, staffWorld, type StaffWorld } from "./testing";

let w: StaffWorld;

beforeEach(() => {
  w = staffWorld();
  w.ctx.clock.ms = at("2026-04-10");
  smallWorld(w);
});

describe("board statistics on a hand-computed small world", () => {
  it("counts enterprises by tier, prefecture and industry, the unknown row last", () => {
    const d = boardDashboard(w.ctx, w.regulator, { from: "2026-01-01", to: "2026-03-31" });
    expect(d.enterprises.total).toBe(3);
    expect(d.enterprises.byTier).toEqual([
      { key: "incubation", count: 1 },
      { key: "standardisation", count: 1 },
      { key: "cultivation", count: 1 },
    ]);
    expect(d.enterprises.byIndustry.at(-1)).toEqual({ key: "unknown", count: 1 });
    expect(boardDashboard(w.ctx, w.regulator, { from: "2026-01-01", to: "2026-03-31", prefecture: "6523" }).enterprises.total).toBe(1);
  });

  it("sums financing per month by instrument and its amount-weighted cost", () => {
    const f = boardDashboard(w.ctx, w.admin, { from: "2026-01-01", to: "2026-03-31" }).financing;
    expect(f.total).toBe(9_000_000);
    expect(f.count).toBe(3);
    // (3,000,000 × 450 + 1,000,000 × 650) / 4,000,000 = 500 bp
    expect(f.averageCostBp).toBe(500);
    expect(f.months.map((m) => [m.month, m.loan, m.equity, m.total])).toEqual([
      ["2026-01", 3_000_000, 0, 3_000_000],
      ["2026-02", 1_000_000, 0, 1_000_000],
      ["2026-03", 0, 5_000_000, 5_000_000],
    ]);
  });

  it("counts the service desk's SLA and satisfaction", () => {
    const s = boardDashboard(w.ctx, w.admin, { from: "2026-01-01", to: "2026-03-31" }).service;
    expect(s).toMatchObject({ raised: 4, resolved: 3, resolvedInSla: 2, slaRateBp: 6667, ratings: 2, averageRatingX100: 350, satisfiedRateBp: 5000 });
  });

  it("builds the admission funnel per round from how far each application got", () => {
    const roundId = newId();
    w.ctx.db.insert(boardRounds).values({ id: roundId, name: "2026年第一批", bureauDeadline: "2026-01-15", planDeadline: "2026-01-26" }).run();
    const states: ApplicationState[] = ["draft", "submitted", "forwarded", "rejected", "approved", "admitted", "admitted"];
    for (const [i, state] of states.entries()) {
      // One application per enterprise and round.
      w.ctx.db.insert(boardApplications).values({ id: newId(), roundId, enterpriseOrgId: makeActor(w.ctx, { orgKind: "enterprise", orgName: `申请企业${i}` }).orgId, channel: "self", state, prefectureCode: "6501" }).run();
    }
    const [row] = boardDashboard(w.ctx, w.admin, { from: "2026-01-01", to: "2026-03-31" }).funnel;
    expect(row).toMatchObject({ roundName: "2026年第一批", applied: 6, forwarded: 5, checked: 4, approved: 3, admitted: 2 });
  });

  it("is for the exchange and the regulators; a bad or reversed period is a clear error", () => {
    expect(() => boardDashboard(w.ctx, w.bank, { from: "2026-01-01", to: "2026-03-31" })).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => boardDashboard(w.ctx, w.ent, { from: "2026-01-01", to: "2026-03-31" })).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => boardDashboard(w.ctx, w.admin, { from: "2026-03-31", to: "2026-01-01" })).toThrow(expect.objectContaining({ message: "staff:errors.periodOrder" }));
    expect(() => boardDashboard(w.ctx, w.admin, { from: "2026-1-1", to: "2026-03-31" })).toThrow(expect.objectContaining({ message: "staff:errors.badPeriod" }));
  });

  it("the regulator's outcome tables put the unknown tier last, not on top", () => {
    const s = summariseFinancing(w.ctx, w.regulator, { from: "2026-01-01", to: "2026-03-31" });
    // The unknown-tier equity deal is the largest, and still last.
    expect(s.byTier.map((b) => b.key)).toEqual(["standardisation", "cultivation", "unknown"]);
    expect(s.byPrefecture.at(-1)!.key).toBe("unknown");
  });
});

describe("offer response times and roadshow activity, by hand", () => {
  const DAY = 86_400_000;
  beforeEach(() => {
    // Need A (loan, 6501) published 5 Jan: offers after 3 and 5 days; the first accepted 4 days after it came (12 Jan),
    // the second declined on 3 Feb (24 days after it came). Need B (equity, 6523) published 20 Jan: first offer 4 Feb
    // (15 days), undecided. Need C's first offer comes in April (outside Q1).
    needWithOffers(w, { enterpriseOrgId: w.ent.orgId, instrument: "loan", publishedAt: at("2026-01-05"), offers: [
      { submittedAt: at("2026-01-08"), state: "accepted", decidedAt: at("2026-01-12") },
      { submittedAt: at("2026-01-10"), state: "declined", decidedAt: at("2026-02-03") },
    ] });
    needWithOffers(w, { enterpriseOrgId: w.ent2.orgId, instrument: "equity", publishedAt: at("2026-01-20"), offers: [{ submittedAt: at("2026-02-04") }] });
    needWithOffers(w, { enterpriseOrgId: w.otherEnt.orgId, instrument: "loan", publishedAt: at("2025-12-20"), offers: [{ submittedAt: at("2026-04-02") }] });
    // Roadshows: 15 Jan (ent + ent2; 3 registered, 1 waitlisted, 1 cancelled; the live room saw u1 twice and u2),
    // 10 Mar (otherEnt; 1 registered), a cancelled one in Feb and one in April.
    const jan = roadshow(w, { startsAt: at("2026-01-15"), presenters: [w.ent.orgId, w.ent2.orgId] });
    const mar = roadshow(w, { startsAt: at("2026-03-10"), presenters: [w.otherEnt.orgId] });
    const feb = roadshow(w, { startsAt: at("2026-02-05"), presenters: [w.ent.orgId], state: "cancelled" });
    roadshow(w, { startsAt: at("2026-04-05"), presenters: [w.ent.orgId] });
    const people = [w.bank, w.regulator, w.specialist, w.otherSpecialist, w.reviewer];
    const reg = (eventId: string, who: (typeof people)[number], state: "registered" | "waitlisted" | "cancelled") =>
      w.ctx.db.insert(roadshowRegistrations).values({ id: newId(), eventId, userId: who.userId, orgId: who.orgId, state, queuedAt: 0, createdAt: 0, updatedAt: 0 }).run();
    reg(jan, people[0]!, "registered");
    reg(jan, people[1]!, "registered");
    reg(jan, people[2]!, "registered");
    reg(jan, people[3]!, "waitlisted");
    reg(jan, people[4]!, "cancelled");
    reg(mar, people[0]!, "registered");
    reg(feb, people[1]!, "registered");
    reg(feb, people[2]!, "registered");
    for (const who of [people[0]!, people[0]!, people[1]!]) w.ctx.db.insert(roadshowAttendance).values({ id: newId(), eventId: jan, userId: who.userId, orgId: who.orgId, joinedAt: at("2026-01-15"), leftAt: at("2026-01-15") + DAY / 24 }).run();
  });

  it("averages publication → first offer and offer → decision per month and per instrument", () => {
    const r = boardDashboard(w.ctx, w.regulator, { from: "2026-01-01", to: "2026-03-31" }).response;
    expect(r.months).toEqual([
      { key: "2026-01", answered: 1, daysToFirstOfferX10: 30, decided: 1, daysToDecisionX10: 40 },
      { key: "2026-02", answered: 1, daysToFirstOfferX10: 150, decided: 1, daysToDecisionX10: 240 },
      { key: "2026-03", answered: 0, daysToFirstOfferX10: null, decided: 0, daysToDecisionX10: null },
    ]);
    // Loans: one need answered after 3 days; decisions after 4 and 24 days → 14.0. Equity: 15 days, none decided.
    expect(r.byInstrument).toEqual([
      { key: "equity", answered: 1, daysToFirstOfferX10: 150, decided: 0, daysToDecisionX10: null },
      { key: "loan", answered: 1, daysToFirstOfferX10: 30, decided: 2, daysToDecisionX10: 140 },
    ]);
    expect(r.total).toMatchObject({ answered: 2, daysToFirstOfferX10: 90, decided: 2, daysToDecisionX10: 140 });
    const pref = boardDashboard(w.ctx, w.regulator, { from: "2026-01-01", to: "2026-03-31", prefecture: "6523" }).response;
    expect(pref.total).toMatchObject({ answered: 1, daysToFirstOfferX10: 150, decided: 0 });
  });

  it("counts roadshows, presenters, registrations and live-room attendees per month; cancelled events and the waitlist do not count", () => {
    const r = boardDashboard(w.ctx, w.regulator, { from: "2026-01-01", to: "2026-03-31" }).roadshows;
    expect(r.months).toEqual([
      { month: "2026-01", events: 1, presenters: 2, registrations: 3, attendees: 2 },
      { month: "2026-02", events: 0, presenters: 0, registrations: 0, attendees: 0 },
      { month: "2026-03", events: 1, presenters: 1, registrations: 1, attendees: 0 },
    ]);
    expect(r).toMatchObject({ events: 2, registrations: 4, attendees: 2, presenters: 3 });
    expect(boardDashboard(w.ctx, w.regulator, { from: "2026-01-01", to: "2026-03-31", prefecture: "6502" }).roadshows).toMatchObject({ events: 1, registrations: 1, presenters: 1 });
  });

  it("both have a chart, a table in the reader's language and the same figures in the CSV", async () => {
    const zh = await dashboardView(w.ctx, w.regulator, { from: "2026-01-01", to: "2026-03-31" }, "zh-CN");
    const response = zh.charts.find((c) => c.id === "response")!;
    expect(response.headers).toEqual(["月份", "获得报价的需求", "发布→首个报价（天）", "已决定的报价", "报价→企业决定（天）"]);
    expect(response.rows[1]).toEqual(["2026-02", 1, 15, 1, 24]);
    expect(response.svg).toContain("发布→首个报价（天）");
    const byInstrument = zh.charts.find((c) => c.id === "responseByInstrument")!;
    expect(byInstrument.rows).toEqual([["股权融资", 1, 15, 0, null], ["贷款", 1, 3, 2, 14]]);
    const roadshows = (await dashboardView(w.ctx, w.regulator, { from: "2026-01-01", to: "2026-03-31" }, "en")).charts.find((c) => c.id === "roadshows")!;
    expect(roadshows.headers).toEqual(["Month", "Roadshows", "Presenting enterprises", "Registrations", "In the live room"]);
    expect(toCsv({ name: roadshows.title, headers: roadshows.headers, rows: roadshows.rows })).toContain("2026-01,1,2,3,2");
    expect(roadshows.svg).toMatch(/^<svg/);
  });
});

describe("dashboard charts and downloads", () => {
  it("renders each chart as SVG with its table in the reader's language, and the CSV/XLSX match the table", async () => {
    const zh = await dashboardView(w.ctx, w.regulator, { from: "2026-01-01", to: "2026-03-31" }, "zh-CN");
    const tier = zh.charts.find((c) => c.id === "tier")!;
    expect(tier.svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(tier.svg).toContain("规范层");
    // A phone gets its own drawing at 360 px, not the desktop one scaled down.
    expect(tier.svgNarrow).toMatch(/^<svg width="360"/);
    expect(tier.headers).toEqual(["层级", "企业数"]);
    const financing = zh.charts.find((c) => c.id === "financing")!;
    expect(financing.rows[0]).toEqual(["2026-01", 0, 0, 300, 0, 0, 300]);
    const en = await dashboardView(w.ctx, w.regulator, { from: "2026-01-01", to: "2026-03-31" }, "en");
    expect(en.charts.find((c) => c.id === "industry")!.rows.at(-1)![0]).toBe("Unknown");
    expect(en.charts.find((c) => c.id === "industry")!.note).toContain("comes last");
    const csv = toCsv({ name: financing.title, headers: financing.headers, rows: financing.rows });
    expect(csv.startsWith("\uFEFF月份,")).toBe(true);
    expect(csv).toContain("2026-03,500,0,0,0,0,500");
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx([{ name: financing.title, headers: financing.headers, rows: financing.rows }])) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(4).values).toEqual([undefined, "2026-03", 500, 0, 0, 0, 0, 500]);
  });

  it("chart text is escaped in the SVG", () => {
    const svg = renderChartSvg({ kind: "bar", categories: ['<script>alert("x")</script>'], series: [{ name: "n", data: [1] }] });
    expect(svg).not.toContain("<script>");
  });

  it("a CSV cell that would be a spreadsheet formula is defused", () => {
    expect(toCsv({ name: "x", headers: ["a"], rows: [["=HYPERLINK(1)"]] })).toContain("'=HYPERLINK(1)");
  });
});
