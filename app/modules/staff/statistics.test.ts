import { beforeEach, describe, expect, it } from "vitest";
import { boardApplications, boardRounds, type ApplicationState } from "@db/schema";
import { summariseFinancing } from "~/modules/financing/outcomes.server";
import { newId } from "~/utils/ids";
import { renderChartSvg } from "./charts.server";
import { dashboardView } from "./dashboard-view.server";
import { toCsv, toXlsx } from "./exports.server";
import { boardDashboard } from "./statistics.server";
import { at, smallWorld, staffWorld, type StaffWorld } from "@test/support/staff-world";
import { makeActor } from "@test/support/actors";

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

describe("dashboard charts and downloads", () => {
  it("renders each chart as SVG with its table in the reader's language, and the CSV/XLSX match the table", async () => {
    const zh = await dashboardView(w.ctx, w.regulator, { from: "2026-01-01", to: "2026-03-31" }, "zh-CN");
    const tier = zh.charts.find((c) => c.id === "tier")!;
    expect(tier.svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(tier.svg).toContain("规范层");
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
