import type ExcelJS from "exceljs";
import { onFirstUse } from "~/utils/on-first-use.server";

const excel = onFirstUse<typeof ExcelJS>("exceljs");

/** Tables as files: CSV (UTF-8 with BOM, so Excel opens Chinese text correctly) and XLSX (exceljs). */

export type Table = { name: string; headers: string[]; rows: (string | number | null)[][]; note?: string };

function csvCell(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  // Quote when needed; a leading =, +, - or @ would be a formula in a spreadsheet: prefix it with '.
  const safe = /^[=+\-@]/.test(s) && typeof v === "string" ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(table: Table): string {
  const lines = [table.headers, ...table.rows].map((r) => r.map(csvCell).join(","));
  if (table.note) lines.push("", csvCell(table.note));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** One sheet per table; a fixed creation date keeps the bytes stable for the same data. */
export async function toXlsx(tables: Table[], opts: { created?: Date } = {}): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  const when = opts.created ?? new Date(0);
  wb.created = when;
  wb.modified = when;
  wb.creator = "xj-srdi-board";
  const used = new Set<string>();
  for (const table of tables) {
    let name = table.name.replace(/[\\/?*[\]:]/g, " ").slice(0, 31) || "Sheet";
    for (let i = 2; used.has(name); i++) name = `${name.slice(0, 28)} ${i}`;
    used.add(name);
    const ws = wb.addWorksheet(name);
    ws.addRow(table.headers).font = { bold: true };
    for (const r of table.rows) ws.addRow(r.map((v) => (v === null ? "" : v)));
    if (table.note) {
      ws.addRow([]);
      ws.addRow([table.note]).font = { italic: true };
    }
    ws.columns.forEach((c, i) => {
      c.width = Math.min(40, Math.max(10, ...[table.headers[i] ?? "", ...table.rows.map((r) => String(r[i] ?? ""))].map((s) => s.length * 1.6)));
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
