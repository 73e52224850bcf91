import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, reportPacks } from "@db/schema";
import { translator } from "~/i18n/i18n.server";
import { loadSystemActor } from "~/modules/identity/system-actor.server";
import { downloadReportPack, generateDueReportPacks, generateReportPack, listReportPacks, metricsForPeriod, periodBounds, previousPeriod } from "./reports.server";
import { dashboardView, packCharts } from "./dashboard-view.server";
import { packPdf } from "./report-files.server";
import { at, smallWorld, staffWorld, type StaffWorld } from "./testing";

/**
 * The PDF is checked as a reader would get it: its text extracted by pdftotext and its pages rasterised by pdftoppm
 * (Debian poppler-utils, installed here when missing, as root — like the e2e setup installs chromium).
 */
beforeAll(() => {
  if (spawnSync("pdftotext", ["-v"]).error) execFileSync("sh", ["-c", "apt-get install -y poppler-utils >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y poppler-utils >/dev/null 2>&1)"], { stdio: "ignore" });
}, 300_000);

let w: StaffWorld;
beforeEach(() => {
  w = staffWorld();
  loadSystemActor(w.ctx);
  w.ctx.clock.ms = at("2026-04-10");
  smallWorld(w);
});

function pdfText(bytes: Buffer, dpi = 40): { text: string; pages: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-"));
  const file = path.join(dir, "pack.pdf");
  fs.writeFileSync(file, bytes);
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  execFileSync("pdftoppm", ["-png", "-r", String(dpi), file, path.join(dir, "page")]);
  const pages = fs.readdirSync(dir).filter((f) => f.endsWith(".png")).map((f) => path.join(dir, f));
  return { text, pages };
}

describe("report periods", () => {
  it("bounds and the previous complete period", () => {
    expect(periodBounds("month", "2026-02")).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(periodBounds("quarter", "2026-Q1")).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    expect(periodBounds("year", "2025")).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(previousPeriod("quarter", "2026-04-10")).toBe("2026-Q1");
    expect(previousPeriod("month", "2026-01-05")).toBe("2025-12");
    expect(previousPeriod("year", "2026-01-05")).toBe("2025");
    expect(() => periodBounds("quarter", "2026-Q5")).toThrow(expect.objectContaining({ message: "staff:errors.badReportPeriod.quarter" }));
  });

  it("refuses a future or unfinished period, and an empty one, with a clear message", () => {
    expect(() => metricsForPeriod(w.ctx, "quarter", "2026-Q2")).toThrow(expect.objectContaining({ message: "staff:errors.periodNotEnded" }));
    expect(() => metricsForPeriod(w.ctx, "month", "2026-04")).toThrow(expect.objectContaining({ message: "staff:errors.periodNotEnded" }));
    expect(() => metricsForPeriod(w.ctx, "year", "2024")).toThrow(expect.objectContaining({ message: "staff:errors.periodEmpty" }));
  });
});

describe("the quarterly pack on the small world", () => {
  it("holds the hand-computed figures, the same data gives the same numbers and hash, and the PDF reads back", async () => {
    const first = await generateReportPack(w.ctx, w.admin, { kind: "quarter", period: "2026-Q1" });
    // Hand-computed (see smallWorld): 3 on the board (1 per tier), 4 requests raised, 3 resolved, 2 in SLA → 66.67%,
    // ratings 5 and 2 → 3.50, one of two satisfied; 9,000,000 元 in 3 deals, loans weighted 5.00%.
    expect(first.metrics).toMatchObject({
      period: "2026-Q1",
      basicServices: { servicePersons: 2, enterprisesWithServicePerson: 3, requestsRaised: 4, requestsResolved: 3, resolvedInSla: 2, slaRateBp: 6667, openAtPeriodEnd: 1, visits: 0 },
      database: { enterprisesListed: 3, byTier: { incubation: 1, standardisation: 1, cultivation: 1 }, admittedInPeriod: 3 },
      satisfaction: { ratings: 2, averageRatingX100: 350, satisfiedRateBp: 5000 },
      financing: {
        count: 3,
        total: 9_000_000,
        averageCostBp: 500,
        byInstrument: [
          { key: "equity", count: 1, amount: 5_000_000 },
          { key: "loan", count: 2, amount: 4_000_000 },
        ],
      },
      listing: { cultivationTier: 1 },
    });
    w.ctx.clock.advance(3_600_000);
    const again = await generateReportPack(w.ctx, w.admin, { kind: "quarter", period: "2026-Q1" });
    expect(again.metricsHash).toBe(first.metricsHash);
    expect(again.metrics).toEqual(first.metrics);
    const rows = w.ctx.db.select().from(reportPacks).all();
    expect(rows).toHaveLength(2);
    expect(rows[0]!.pdfSha256).toBe(rows[1]!.pdfSha256);

    const pdf = downloadReportPack(w.ctx, w.regulator, first.id, "pdf");
    const { text, pages } = pdfText(pdf.bytes);
    expect(text).toContain("新疆“专精特新”专板运行情况季报（2026-Q1）");
    expect(text).toContain("2026-01-01 至 2026-03-31");
    expect(text).toMatch(/收集服务需求数\s+4/);
    expect(text).toMatch(/按时办结率\s+66\.67%/);
    expect(text).toMatch(/平均评分（满分 5 分）\s+3\.50/);
    expect(text).toMatch(/合计\s+3\s+900\.00/);
    expect(text).toMatch(/加权平均综合成本\s+5\.00%/);
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(fs.statSync(pages[0]!).size).toBeGreaterThan(1000);

    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(downloadReportPack(w.ctx, w.regulator, first.id, "xlsx").bytes as unknown as ArrayBuffer);
    const fin = wb.worksheets.find((s) => s.name.startsWith("四"))!;
    expect(fin.getRow(4).values).toEqual([undefined, "合计", 3, "900.00"]);
    expect(w.ctx.db.select().from(auditLog).all().filter((e) => e.action === "staff.report_pack.downloaded")).toHaveLength(2);
  });

  it("an English PDF of the same metrics is readable too", async () => {
    const m = metricsForPeriod(w.ctx, "quarter", "2026-Q1");
    const charts = await packCharts(w.ctx, { from: m.periodStart, to: m.periodEnd }, "en");
    const { text } = pdfText(await packPdf(m, await translator("en", "staff"), "Quarterly report 2026-Q1", charts));
    expect(text).toMatch(/Service requests collected\s+4/);
    expect(text).toContain("Financing obtained per month, by instrument");
  });

  it("the PDF's charts are the dashboard's ECharts charts, drawn as vectors with searchable text, byte-for-byte reproducible", async () => {
    const m = metricsForPeriod(w.ctx, "quarter", "2026-Q1");
    const t = await translator("zh-CN", "staff");
    const charts = await packCharts(w.ctx, { from: m.periodStart, to: m.periodEnd }, "zh-CN");
    const view = await dashboardView(w.ctx, w.regulator, { from: m.periodStart, to: m.periodEnd }, "zh-CN");
    // The same SVG as /stats shows for the period, chart for chart (up to the renderer's per-instance class and clip ids).
    const same = (svg: string) => svg.replace(/<style[\s\S]*?<\/style>/g, "").replace(/zr\d+-[\w-]+/g, "zr");
    expect(charts.map((c) => c.svg && same(c.svg))).toEqual(view.charts.map((c) => c.svg && same(c.svg)));
    // The small world has no rounds, cultivation stages, offers or roadshows: those charts say so rather than drawing empty axes.
    expect(charts.filter((c) => c.svg === null).map((c) => c.title)).toEqual(["各批次入板漏斗", "上市培育漏斗（期末）", "各月报价响应时间", "各融资方式报价响应时间", "各月路演活动"]);
    const bytes = await packPdf(m, t, "季报", charts);
    expect((await packPdf(m, t, "季报", charts)).equals(bytes)).toBe(true);
    const { text, pages } = pdfText(bytes, 72);
    expect(text).toContain("本期图表（与统计页一致）");
    for (const c of charts) expect(text).toContain(c.title);
    // Text that exists only inside the SVGs: the financing chart's legend and month labels.
    expect(text).toContain("可转债"); // a legend entry: no convertible deal is in the tables
    expect(text).toMatch(/各月路演活动\s+所选期间没有数据/);
    expect(text).toMatch(/2026-02[\s\S]*2026-03/);
    // The bars are there: pixels in ECharts' first series colour (#2563eb) on the rasterised chart pages.
    const sharp = (await import("sharp")).default;
    let blue = 0;
    for (const file of pages) {
      const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
      for (let i = 0; i < data.length; i += info.channels) if (Math.abs(data[i]! - 0x25) < 12 && Math.abs(data[i + 1]! - 0x63) < 12 && Math.abs(data[i + 2]! - 0xeb) < 12) blue++;
    }
    expect(blue).toBeGreaterThan(500);
    // Without charts there is no such colour: the count above comes from the charts.
    const bare = pdfText(await packPdf(m, t, "季报", []), 72);
    let bareBlue = 0;
    for (const file of bare.pages) {
      const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
      for (let i = 0; i < data.length; i += info.channels) if (Math.abs(data[i]! - 0x25) < 12 && Math.abs(data[i + 1]! - 0x63) < 12 && Math.abs(data[i + 2]! - 0xeb) < 12) bareBlue++;
    }
    expect(bareBlue).toBe(0);
  });

  it("only the exchange admin generates; the exchange and regulators list and download; a bank cannot", async () => {
    await expect(generateReportPack(w.ctx, w.specialist, { kind: "quarter", period: "2026-Q1" })).rejects.toMatchObject({ status: 403 });
    await expect(generateReportPack(w.ctx, w.regulator, { kind: "quarter", period: "2026-Q1" })).rejects.toMatchObject({ status: 403 });
    const { id } = await generateReportPack(w.ctx, w.admin, { kind: "quarter", period: "2026-Q1" });
    expect(listReportPacks(w.ctx, w.regulator)).toEqual([expect.objectContaining({ id, period: "2026-Q1", dueOn: "2026-04-22" })]);
    expect(() => listReportPacks(w.ctx, w.bank)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => downloadReportPack(w.ctx, w.bank, id, "pdf")).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => downloadReportPack(w.ctx, w.ent, id, "pdf")).toThrow(expect.objectContaining({ status: 403 }));
  });

  it("the scheduler pass generates each just-ended period once; an empty one is skipped, not an empty file", async () => {
    // On 2026-04-10: March (month), Q1 (quarter) have data; 2025 (year) is empty.
    expect(await generateDueReportPacks(w.ctx)).toEqual({ generated: 2 });
    expect(await generateDueReportPacks(w.ctx)).toEqual({ generated: 0 });
    expect(w.ctx.db.select({ k: reportPacks.periodKind, p: reportPacks.period }).from(reportPacks).all()).toEqual(
      expect.arrayContaining([
        { k: "month", p: "2026-03" },
        { k: "quarter", p: "2026-Q1" },
      ]),
    );
  });
});
