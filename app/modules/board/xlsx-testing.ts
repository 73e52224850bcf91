// Builds bureau-list workbooks in memory for the import tests and the benchmark.
import ExcelJS from "exceljs";
import zh from "~/i18n/locales/zh-CN/board.json";
import { IMPORT_FIELDS, type ImportField } from "./xlsx-import.server";
import { testUscc } from "./testing";

export type SheetCell = string | number | null | { formula: string; result?: number };

export function sampleRow(n: number, overrides: Partial<Record<ImportField, SheetCell>> = {}): Record<ImportField, SheetCell> {
  return {
    name: `新疆天山测试科技有限公司${n}`,
    uscc: testUscc(n),
    industrySection: "C",
    mainBusiness: "高寒地区光伏组件与储能设备研发制造",
    srdiStatus: n % 3 === 0 ? "专精特新中小企业" : "创新型中小企业",
    certificateNo: `XJ-2025-${n}`,
    contactName: "王工",
    contactPhone: `1399123${String(n % 10000).padStart(4, "0")}`,
    fiscalYear: 2025,
    revenue: 80_000_000 + n,
    netProfit: 6_000_000,
    netAssets: 40_000_000,
    rdExpense: 4_500_000,
    operatingCashFlow: 3_000_000,
    totalShares: 30_000_000,
    shareCapital: 30_000_000,
    ...overrides,
  };
}

export async function buildSheet(opts: {
  headers?: string[];
  rows: Record<string, SheetCell>[];
  /** Column order by field; defaults to the template's. */
  fields?: string[];
  merge?: string[];
}): Promise<Buffer> {
  const fields = opts.fields ?? [...IMPORT_FIELDS];
  const headers = opts.headers ?? fields.map((f) => zh.import.columns[f as ImportField] ?? f);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("名单");
  ws.addRow(headers);
  for (const r of opts.rows) {
    ws.addRow(fields.map((f) => r[f] ?? null));
  }
  for (const m of opts.merge ?? []) ws.mergeCells(m);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
