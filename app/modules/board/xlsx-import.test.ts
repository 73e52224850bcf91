import crypto from "node:crypto";
import ExcelJS from "exceljs";
import { count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, boardApplicationFinancials, boardApplications, organisations } from "@db/schema";
import { createTestContext, type TestContext } from "@test/support/context";
import zh from "~/i18n/locales/zh-CN/board.json";
import type { Actor } from "~/modules/identity/actor";
import { completeUscc } from "~/modules/identity/uscc";
import { makeApplication, makeRound } from "@test/support/board";
import { buildImportTemplate, IMPORT_FIELDS, importBureauList, validateBureauList, zipUnpackedSize, type ImportProgress } from "./xlsx-import.server";
import { buildSheet, sampleRow } from "@test/fixtures/xlsx";
import { makeActor } from "@test/support/actors";
import { makeUscc } from "@test/support/uscc";

let ctx: TestContext;
let bureau: Actor;
let roundId: string;

beforeEach(() => {
  ctx = createTestContext();
  bureau = makeActor(ctx, { orgKind: "bureau", prefectureCode: "6501", orgName: "乌鲁木齐市工信局" });
  roundId = makeRound(ctx, "open");
});

const validate = (file: Uint8Array, onProgress?: (p: ImportProgress) => void) => validateBureauList(ctx, bureau, { roundId, file, onProgress });
const tableCount = (t: typeof organisations | typeof boardApplications | typeof auditLog) => ctx.db.select({ n: count() }).from(t).get()!.n;

describe("template", () => {
  it("has the template headers in zh-CN and validates as an empty list", async () => {
    const file = await buildImportTemplate("zh-CN");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const headers = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(IMPORT_FIELDS.map((f) => zh.import.columns[f]));
    expect(wb.worksheets[1]!.getCell("A1").value).toBe(zh.import.instructions[0]);
    // Every amount column says its unit in the header and keeps decimals.
    for (const f of ["revenue", "netProfit", "netAssets", "rdExpense", "operatingCashFlow", "shareCapital"] as const) {
      const col = IMPORT_FIELDS.indexOf(f) + 1;
      expect(wb.worksheets[0]!.getCell(1, col).value).toMatch(/（万元）$/);
      expect(wb.worksheets[0]!.getColumn(col).numFmt).toBe("#,##0.####");
    }
    const result = await validate(file);
    expect(result.errors).toEqual([{ row: null, column: null, field: null, key: "board:import.errors.empty", values: {} }]);
  });

  it("accepts the English template's headers too", async () => {
    const file = await buildImportTemplate("en");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    wb.worksheets[0]!.addRow(IMPORT_FIELDS.map((f) => sampleRow(1)[f] as string | number));
    const result = await validate(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(result.errors).toEqual([]);
    expect(result.validRows).toHaveLength(1);
  });
});

describe("validateBureauList + importBureauList", () => {
  it("imports a clean list in one go: enterprises, submitted applications, contacts, financials, audit", async () => {
    const file = await buildSheet({ rows: [sampleRow(1), sampleRow(2), sampleRow(3, { fiscalYear: null, revenue: null, netProfit: null, netAssets: null, rdExpense: null, operatingCashFlow: null, totalShares: null })] });
    const progress: ImportProgress[] = [];
    const result = await validate(file, (p) => progress.push(p));
    expect(result.errors).toEqual([]);
    expect(result.validRows.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(result.validRows[2]!.financials).toBeNull();
    expect(progress.at(-1)).toEqual({ phase: "validate", done: 3, total: 3 });
    const auditBefore = tableCount(auditLog);
    const out = importBureauList(ctx, bureau, { roundId, rows: result.validRows, onProgress: (p) => progress.push(p) });
    expect(out.imported).toBe(3);
    expect(progress.at(-1)).toEqual({ phase: "import", done: 3, total: 3 });
    const apps = ctx.db.select().from(boardApplications).all();
    expect(apps.map((a) => [a.channel, a.state, a.prefectureCode])).toEqual([
      ["bureau", "submitted", "6501"],
      ["bureau", "submitted", "6501"],
      ["bureau", "submitted", "6501"],
    ]);
    expect(apps.find((a) => a.id === out.applicationIds[2])!.srdiStatus).toBe("srdi_sme");
    expect(ctx.db.select().from(boardApplicationFinancials).all()).toHaveLength(2);
    expect(tableCount(auditLog) - auditBefore).toBe(3);
    expect(ctx.db.select().from(organisations).where(eq(organisations.uscc, makeUscc(2))).get()).toMatchObject({ kind: "enterprise", prefectureCode: "6501" });
  });

  it("names wrong and missing headers and reads no rows", async () => {
    const fields = [...IMPORT_FIELDS];
    const headers = fields.map((f) => zh.import.columns[f]);
    headers[0] = "公司名";
    const file = await buildSheet({ headers: [...headers, "备注"], fields: [...fields, "note"], rows: [sampleRow(1)] });
    const result = await validate(file);
    expect(result.validRows).toEqual([]);
    expect(result.errors).toEqual([
      { row: null, column: "A", field: null, key: "board:import.errors.unexpectedHeader", values: { header: "公司名", column: "A" } },
      { row: null, column: "Q", field: null, key: "board:import.errors.unexpectedHeader", values: { header: "备注", column: "Q" } },
      { row: null, column: null, field: "name", key: "board:import.errors.missingHeader", values: { header: "企业名称" } },
    ]);
  });

  it("rejects a 10 MB file before opening it, with sizes in the message", async () => {
    const file = crypto.randomBytes(10 * 1024 * 1024);
    const result = await validate(file);
    expect(result.errors).toEqual([
      { row: null, column: null, field: null, key: "board:import.errors.fileTooLarge", values: { size: "10.0 MB", limit: "5.0 MB" } },
    ]);
  });

  it("rejects a small file that would unpack to more than 100 MB, without inflating it", async () => {
    // A zip whose central directory declares one 200 MB entry (a zip bomb's shape); no real data needed.
    const name = Buffer.from("xl/worksheets/sheet1.xml");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(1000, 20);
    central.writeUInt32LE(200 * 1024 * 1024, 24);
    central.writeUInt16LE(name.length, 28);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(1, 8);
    eocd.writeUInt16LE(1, 10);
    eocd.writeUInt32LE(46 + name.length, 12);
    eocd.writeUInt32LE(30 + name.length, 16);
    const result = await validate(Buffer.concat([local, name, central, name, eocd]));
    expect(result.errors).toEqual([
      { row: null, column: null, field: null, key: "board:import.errors.unpackedTooLarge", values: { size: "200.0 MB", limit: "100.0 MB" } },
    ]);
  });

  it("measures a real workbook's unpacked size", async () => {
    const file = await buildSheet({ rows: [sampleRow(1)] });
    const size = zipUnpackedSize(file)!;
    expect(size).toBeGreaterThan(file.byteLength);
    expect(size).toBeLessThan(1024 * 1024);
  });

  it("says when the file is not a workbook", async () => {
    const result = await validate(Buffer.from("企业名称,统一社会信用代码\n"));
    expect(result.errors.map((e) => e.key)).toEqual(["board:import.errors.unreadable"]);
  });

  it("flags merged cells on the rows they span and keeps the other rows", async () => {
    const file = await buildSheet({ rows: [sampleRow(1), sampleRow(2), sampleRow(3)], merge: ["D3:D4"] });
    const result = await validate(file);
    expect(result.errors).toEqual([{ row: 3, column: "D", field: "mainBusiness", key: "board:import.errors.mergedCells", values: { range: "D3:D4" } }]);
    expect(result.validRows.map((r) => r.row)).toEqual([2]);
  });

  it("flags duplicate USCCs within the file, naming the first row", async () => {
    const file = await buildSheet({ rows: [sampleRow(1), sampleRow(2), sampleRow(3, { uscc: makeUscc(1) })] });
    const result = await validate(file);
    expect(result.errors).toEqual([
      { row: 4, column: "B", field: "uscc", key: "board:import.errors.duplicateInFile", values: { firstRow: 2, value: makeUscc(1) } },
    ]);
    expect(result.validRows.map((r) => r.row)).toEqual([2, 3]);
  });

  it("checks USCCs against what is on file: applied in this round, non-enterprise, or existing enterprise (reused)", async () => {
    const applied = makeActor(ctx, { orgKind: "enterprise", uscc: makeUscc(1), prefectureCode: "6501" });
    makeApplication(ctx, { roundId, enterpriseOrgId: applied.orgId, state: "draft" });
    makeActor(ctx, { orgKind: "institution", uscc: makeUscc(2) });
    const registered = makeActor(ctx, { orgKind: "enterprise", uscc: makeUscc(3), prefectureCode: "6501" });
    const file = await buildSheet({ rows: [sampleRow(1), sampleRow(2), sampleRow(3)] });
    const result = await validate(file);
    expect(result.errors.map((e) => [e.row, e.column, e.key])).toEqual([
      [2, "B", "board:import.errors.alreadyInRound"],
      [3, "B", "board:import.errors.orgNotEnterprise"],
    ]);
    expect(result.validRows.map((r) => r.row)).toEqual([4]);
    const orgsBefore = tableCount(organisations);
    const out = importBureauList(ctx, bureau, { roundId, rows: result.validRows });
    expect(tableCount(organisations)).toBe(orgsBefore);
    expect(ctx.db.select().from(boardApplications).where(eq(boardApplications.id, out.applicationIds[0]!)).get()!.enterpriseOrgId).toBe(registered.orgId);
  });

  it("gives the expected check digit for a bad USCC, and refuses other prefectures' enterprises", async () => {
    const good = makeUscc(7);
    const bad = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
    const changji = completeUscc("91652301MA0000001");
    const file = await buildSheet({ rows: [sampleRow(1, { uscc: bad }), sampleRow(2, { uscc: changji }), sampleRow(3, { uscc: "91650100MA00000" })] });
    const result = await validate(file);
    expect(result.errors).toEqual([
      { row: 2, column: "B", field: "uscc", key: "board:import.errors.usccCheckDigit", values: { value: bad, expected: good[17] } },
      { row: 3, column: "B", field: "uscc", key: "board:import.errors.outsidePrefecture", values: { division: "652301" } },
      { row: 4, column: "B", field: "uscc", key: "board:import.errors.usccLength", values: { value: "91650100MA00000" } },
    ]);
    expect(result.validRows).toEqual([]);
  });

  it("refuses formulas, text in number cells, decimals, negatives and half-filled financials, cell by cell", async () => {
    const file = await buildSheet({
      rows: [
        sampleRow(1, { revenue: { formula: "80000000+1", result: 80000001 } }),
        sampleRow(2, { netProfit: "约1200" }),
        sampleRow(3, { rdExpense: 12.00005, totalShares: -3 }),
        sampleRow(4, { netAssets: null }),
        sampleRow(5, { srdiStatus: "国家级", contactPhone: "12345", industrySection: "Z", name: null }),
      ],
    });
    const result = await validate(file);
    expect(result.errors.map((e) => [e.row, e.column, e.key, e.values])).toEqual([
      [2, "J", "board:import.errors.formula", { cell: "J2", formula: "=80000000+1", header: "营业收入（万元）" }],
      [3, "K", "board:import.errors.textInNumber", { header: "净利润（万元）", value: "约1200" }],
      [4, "M", "board:import.errors.tooPrecise", { header: "研发投入（万元）", value: 12.00005 }],
      [4, "O", "board:import.errors.negative", { header: "总股本（股）", value: -3 }],
      [5, "L", "board:import.errors.financialsIncomplete", { missing: "净资产（万元）" }],
      [6, "A", "board:import.errors.required", { header: "企业名称" }],
      [6, "C", "board:import.errors.badIndustry", { value: "Z" }],
      [6, "E", "board:import.errors.badChoice", { header: "认定情况", value: "国家级", choices: "无认定、创新型中小企业、专精特新中小企业、专精特新“小巨人”企业" }],
      [6, "H", "board:import.errors.badPhone", { value: "12345" }],
    ]);
    expect(result.validRows).toEqual([]);
  });

  it("reads amounts in 万元 as people write them: decimals, commas, full-width digits, 亿, a unit in the cell, losses", async () => {
    const file = await buildSheet({
      rows: [
        sampleRow(1, { revenue: 1500.5, netProfit: -20.25, netAssets: "1,234.5678", rdExpense: "１２０", operatingCashFlow: "-300", shareCapital: "1.2亿" }),
        sampleRow(2, { revenue: "3,000万元", netProfit: "0.5万", netAssets: "2000元", rdExpense: "０．０００１", operatingCashFlow: 0, shareCapital: null }),
      ],
    });
    const result = await validate(file);
    expect(result.errors).toEqual([]);
    expect(result.validRows.map((r) => r.financials)).toEqual([
      { fiscalYear: 2025, revenue: 15_005_000, netProfit: -202_500, netAssets: 12_345_678, rdExpense: 1_200_000, operatingCashFlow: -3_000_000, totalShares: 30_000_000, shareCapital: 120_000_000 },
      { fiscalYear: 2025, revenue: 30_000_000, netProfit: 5_000, netAssets: 2_000, rdExpense: 1, operatingCashFlow: 0, totalShares: 30_000_000, shareCapital: null },
    ]);
    importBureauList(ctx, bureau, { roundId, rows: result.validRows });
    expect(ctx.db.select({ revenue: boardApplicationFinancials.revenue }).from(boardApplicationFinancials).all().map((f) => f.revenue).sort()).toEqual([15_005_000, 30_000_000]);
  });

  it("refuses a negative revenue or R&D spend and more than four decimals of 万元", async () => {
    const file = await buildSheet({ rows: [sampleRow(1, { revenue: -1, rdExpense: "0.00001" })] });
    const result = await validate(file);
    expect(result.errors.map((e) => [e.row, e.column, e.key, e.values])).toEqual([
      [2, "J", "board:import.errors.negative", { header: "营业收入（万元）", value: -1 }],
      [2, "M", "board:import.errors.tooPrecise", { header: "研发投入（万元）", value: "0.00001" }],
    ]);
  });

  it("still loads a list made with the older template, whose headers say 元: its amounts are read in 元", async () => {
    const headers = IMPORT_FIELDS.map((f) => (f in zh.import.columnsInYuan ? zh.import.columnsInYuan[f as keyof typeof zh.import.columnsInYuan] : zh.import.columns[f]));
    const file = await buildSheet({ headers, rows: [sampleRow(1, { revenue: 80_000_001, netProfit: 6_000_000, netAssets: 40_000_000, rdExpense: 4_500_000, operatingCashFlow: 3_000_000, shareCapital: 30_000_000 }), sampleRow(2, { revenue: 12.5 })] });
    const result = await validate(file);
    expect(result.validRows[0]!.financials).toMatchObject({ revenue: 80_000_001, netProfit: 6_000_000, shareCapital: 30_000_000 });
    expect(result.errors.map((e) => [e.row, e.key, e.values])).toEqual([[3, "board:import.errors.tooPrecise", { header: "营业收入（元）", value: 12.5 }]]);
  });

  it("writes nothing when the import fails part-way", async () => {
    const file = await buildSheet({ rows: [sampleRow(1), sampleRow(2), sampleRow(3)] });
    const result = await validate(file);
    expect(result.validRows).toHaveLength(3);
    // Between checking and importing, the third USCC is registered to an institution.
    makeActor(ctx, { orgKind: "institution", uscc: makeUscc(3) });
    const before = [tableCount(organisations), tableCount(boardApplications), tableCount(auditLog)];
    expect(() => importBureauList(ctx, bureau, { roundId, rows: result.validRows })).toThrow(
      expect.objectContaining({ message: "board:import.errors.orgNotEnterprise", values: expect.objectContaining({ row: 4 }) }),
    );
    expect([tableCount(organisations), tableCount(boardApplications), tableCount(auditLog)]).toEqual(before);
  });

  it("re-checks rows sent back from the browser", async () => {
    const file = await buildSheet({ rows: [sampleRow(1)] });
    const { validRows } = await validate(file);
    expect(() => importBureauList(ctx, bureau, { roundId, rows: [{ ...validRows[0]!, contactPhone: "not a phone" }] })).toThrow();
    expect(() => importBureauList(ctx, bureau, { roundId, rows: [validRows[0]!, { ...validRows[0]!, row: 3 }] })).toThrow(
      expect.objectContaining({ message: "board:import.errors.duplicateInFile" }),
    );
    expect(tableCount(boardApplications)).toBe(0);
  });

  it("is for bureaus, into open rounds only", async () => {
    const file = await buildSheet({ rows: [sampleRow(1)] });
    const enterprise = makeActor(ctx, { orgKind: "enterprise", uscc: makeUscc(9), prefectureCode: "6501" });
    await expect(validateBureauList(ctx, enterprise, { roundId, file })).rejects.toMatchObject({ status: 403 });
    const closed = makeRound(ctx, "closed");
    await expect(validateBureauList(ctx, bureau, { roundId: closed, file })).rejects.toMatchObject({ message: "board:import.errors.roundClosed" });
  });
});
