/**
 * The bureau's list import (地州市工信局汇总入板申请表): an XLSX with one enterprise per row,
 * validated row by row so that every bad row is named with its column and reason. Nothing is
 * written by validation; `importBureauList` writes the rows the user chose to import in one
 * transaction, so a failure half-way leaves the database as it was.
 */
import zlib from "node:zlib";
import type ExcelJS from "exceljs";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import {
  boardApplicationContacts,
  boardApplicationFinancials,
  boardApplicationReviews,
  boardApplications,
  boardRounds,
  organisations,
  SRDI_STATUSES,
  type SrdiStatus,
} from "@db/schema";
import en from "~/i18n/locales/en/board.json";
import zh from "~/i18n/locales/zh-CN/board.json";
import { enqueueSearchUpdates } from "@search/outbox";
import { appendAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/identity/actor";
import { prefectureForDivision } from "~/modules/identity/routing.server";
import { checkUscc } from "~/modules/identity/uscc";
import { newId } from "~/utils/ids";
import { parseMoney, type MoneyUnit } from "~/utils/money";
import type { AppContext } from "~/utils/context.server";
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";
import { assertCan } from "~/modules/access";

export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 5000;
/** An XLSX is a zip of XML; a small file can unpack to gigabytes, so the unpacked size is capped too. */
export const IMPORT_MAX_UNPACKED_BYTES = 100 * 1024 * 1024;

/**
 * Sum of the uncompressed sizes the zip's central directory declares, read without inflating
 * anything; null when the bytes are not a zip. (ZIP64 archives declare 0xFFFFFFFF and count as too big.)
 */
export function zipUnpackedSize(file: Uint8Array): number | null {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  // The end-of-central-directory record sits in the last 22 + 65535 bytes (after an optional comment).
  for (let eocd = file.byteLength - 22; eocd >= Math.max(0, file.byteLength - 22 - 65535); eocd--) {
    if (view.getUint32(eocd, true) !== 0x06054b50) continue;
    const entries = view.getUint16(eocd + 10, true);
    let at = view.getUint32(eocd + 16, true);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (at + 46 > file.byteLength || view.getUint32(at, true) !== 0x02014b50) return null;
      total += view.getUint32(at + 24, true);
      at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    return total;
  }
  return null;
}

/**
 * Inflates every entry of the zip (as its central directory lists them, which is what the XLSX reader opens)
 * and counts the bytes that actually come out, stopping as soon as the total passes `limit`: the directory's
 * declared sizes are the sender's word, this is the measurement. Nothing is kept; memory stays one chunk.
 * `ok: false` with `inflated: limit + 1` when the limit was reached; null when the bytes are not a readable zip.
 */
export async function zipInflatedWithin(file: Uint8Array, limit: number): Promise<{ ok: boolean; inflated: number } | null> {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let eocd = -1;
  for (let at = file.byteLength - 22; at >= Math.max(0, file.byteLength - 22 - 65535); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  let inflated = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > file.byteLength || view.getUint32(at, true) !== 0x02014b50) return null;
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const local = view.getUint32(at + 42, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (local + 30 > file.byteLength || view.getUint32(local, true) !== 0x04034b50) return null;
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + compressed > file.byteLength) return null;
    const data = file.subarray(start, start + compressed);
    if (method === 0) inflated += data.byteLength;
    else if (method === 8) {
      const budget = limit - inflated;
      const out = await inflatedBytes(data, budget);
      if (out === null) return null;
      inflated += out;
    } else return null;
    if (inflated > limit) return { ok: false, inflated: limit + 1 };
  }
  return { ok: true, inflated };
}

/** Bytes one raw-deflate stream inflates to, or budget + 1 as soon as it passes the budget (then it is stopped). */
function inflatedBytes(data: Uint8Array, budget: number): Promise<number | null> {
  return new Promise((resolve) => {
    const inflate = zlib.createInflateRaw();
    let total = 0;
    let done = false;
    const finish = (value: number | null) => {
      if (done) return;
      done = true;
      resolve(value);
    };
    inflate.on("data", (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > budget) {
        finish(budget + 1);
        inflate.destroy();
      }
    });
    inflate.on("end", () => finish(total));
    inflate.on("error", () => finish(null));
    inflate.on("close", () => finish(total > budget ? budget + 1 : total));
    inflate.end(data);
  });
}

/** `money`: an amount, in the unit its header names (万元 in the template, 元 in lists made with the older one). */
type ColumnKind = "text" | "choice" | "integer" | "money";
type ColumnSpec = { key: ImportField; kind: ColumnKind; required?: boolean; max?: number; financial?: boolean; signed?: boolean; width: number };

export const IMPORT_FIELDS = [
  "name",
  "uscc",
  "industrySection",
  "mainBusiness",
  "srdiStatus",
  "certificateNo",
  "contactName",
  "contactPhone",
  "fiscalYear",
  "revenue",
  "netProfit",
  "netAssets",
  "rdExpense",
  "operatingCashFlow",
  "totalShares",
  "shareCapital",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

const COLUMNS: ColumnSpec[] = [
  { key: "name", kind: "text", required: true, max: 100, width: 30 },
  { key: "uscc", kind: "text", required: true, width: 22 },
  { key: "industrySection", kind: "text", width: 10 },
  { key: "mainBusiness", kind: "text", required: true, max: 500, width: 40 },
  { key: "srdiStatus", kind: "choice", required: true, width: 22 },
  { key: "certificateNo", kind: "text", max: 60, width: 20 },
  { key: "contactName", kind: "text", required: true, max: 40, width: 12 },
  { key: "contactPhone", kind: "text", required: true, width: 16 },
  { key: "fiscalYear", kind: "integer", financial: true, width: 10 },
  { key: "revenue", kind: "money", financial: true, width: 18 },
  { key: "netProfit", kind: "money", financial: true, signed: true, width: 18 },
  { key: "netAssets", kind: "money", financial: true, signed: true, width: 18 },
  { key: "rdExpense", kind: "money", financial: true, width: 18 },
  { key: "operatingCashFlow", kind: "money", financial: true, signed: true, width: 22 },
  { key: "totalShares", kind: "integer", financial: true, width: 16 },
  // 股本总额 (the NEEQ innovation-layer standards test it); optional, so lists made with the older template still load.
  { key: "shareCapital", kind: "money", width: 18 },
];
/** Headers a file may leave out (added to the template later). */
const OPTIONAL_HEADERS: readonly ImportField[] = ["shareCapital"];
const FINANCIAL_FIELDS = COLUMNS.filter((c) => c.financial).map((c) => c.key);

const normaliseHeader = (s: string): string => s.replace(/\s+/g, "").replace(/（/g, "(").replace(/）/g, ")").toLowerCase();

/**
 * Header text → field, from both catalogues: a bureau may use either language's template. A money column's
 * header names its unit: the template's say 万元; lists filled in on the older template (headers in 元) still
 * load, their amounts read in 元.
 */
const HEADER_TO_FIELD = new Map<string, { field: ImportField; unit: MoneyUnit }>();
for (const f of IMPORT_FIELDS) {
  for (const cat of [zh, en]) HEADER_TO_FIELD.set(normaliseHeader(cat.import.columns[f]), { field: f, unit: "wan" });
}
for (const [f, header] of [...Object.entries(zh.import.columnsInYuan), ...Object.entries(en.import.columnsInYuan)]) {
  HEADER_TO_FIELD.set(normaliseHeader(header), { field: f as ImportField, unit: "yuan" });
}

const SRDI_CHOICES = new Map<string, SrdiStatus>();
for (const s of SRDI_STATUSES) {
  SRDI_CHOICES.set(normaliseHeader(zh.srdiStatus[s]), s);
  SRDI_CHOICES.set(normaliseHeader(en.srdiStatus[s]), s);
}
for (const [alias, s] of [
  ["无", "none"],
  ["小巨人", "little_giant"],
  ['专精特新"小巨人"', "little_giant"],
  ["专精特新“小巨人”", "little_giant"],
  ["专精特新", "srdi_sme"],
  ["创新型", "innovative_sme"],
] as const) {
  SRDI_CHOICES.set(normaliseHeader(alias), s);
}

export type ImportError = {
  /** Worksheet row number (1 = header); null for file-level problems. */
  row: number | null;
  /** Column letter as Excel shows it. */
  column: string | null;
  field: ImportField | null;
  /** i18n key in the board namespace, e.g. 'board:import.errors.usccCheckDigit'. */
  key: string;
  values: Record<string, string | number>;
};

export type ImportFinancials = {
  fiscalYear: number;
  revenue: number;
  netProfit: number;
  netAssets: number;
  rdExpense: number;
  operatingCashFlow: number;
  totalShares: number;
  /** 股本总额 in yuan, when the file has the column. */
  shareCapital: number | null;
};

export type ImportRow = {
  row: number;
  name: string;
  uscc: string;
  industrySection: string | null;
  mainBusiness: string;
  srdiStatus: SrdiStatus;
  certificateNo: string | null;
  contactName: string;
  contactPhone: string;
  financials: ImportFinancials | null;
};

export type ImportProgress = { phase: "validate" | "import"; done: number; total: number };
export type ImportValidation = { validRows: ImportRow[]; errors: ImportError[]; totalRows: number };

const E = (key: string): string => `board:import.errors.${key}`;
const PROGRESS_EVERY = 100;

function formatBytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

type CellRead =
  | { kind: "empty" }
  | { kind: "formula"; formula: string }
  | { kind: "number"; value: number }
  | { kind: "text"; value: string }
  | { kind: "other"; value: string };

function readCell(cell: ExcelJS.Cell): CellRead {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return { kind: "empty" };
  if (typeof v === "number") return { kind: "number", value: v };
  if (typeof v === "string") return v.trim() === "" ? { kind: "empty" } : { kind: "text", value: v.trim() };
  if (typeof v === "boolean") return { kind: "other", value: String(v) };
  if (v instanceof Date) return { kind: "other", value: v.toISOString().slice(0, 10) };
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("formula" in o || "sharedFormula" in o) return { kind: "formula", formula: `=${String(o.formula ?? o.sharedFormula)}` };
    if (Array.isArray(o.richText)) {
      const text = (o.richText as { text: string }[]).map((r) => r.text).join("").trim();
      return text === "" ? { kind: "empty" } : { kind: "text", value: text };
    }
    if (typeof o.text === "string") return { kind: "text", value: o.text.trim() };
    if ("error" in o) return { kind: "other", value: String(o.error) };
  }
  return { kind: "other", value: String(v) };
}

const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/;
const INDUSTRY = /^[A-T]$/;

/** Row-level checks shared by validation and by the import's re-check of submitted rows. */
const importRowSchema = z.object({
  row: z.number().int().min(2),
  name: z.string().trim().min(1).max(100),
  uscc: z.string().length(18),
  industrySection: z.string().regex(INDUSTRY).nullable(),
  mainBusiness: z.string().trim().min(1).max(500),
  srdiStatus: z.enum(SRDI_STATUSES),
  certificateNo: z.string().max(60).nullable(),
  contactName: z.string().trim().min(1).max(40),
  contactPhone: z.string().regex(PHONE),
  financials: z
    .object({
      fiscalYear: z.number().int().min(1990).max(2100),
      revenue: z.number().int().nonnegative(),
      netProfit: z.number().int(),
      netAssets: z.number().int(),
      rdExpense: z.number().int().nonnegative(),
      operatingCashFlow: z.number().int(),
      totalShares: z.number().int().positive(),
      shareCapital: z.number().int().positive().nullable().default(null),
    })
    .nullable(),
});

function assertBureau(actor: Actor): string {
  assertCan(actor, "import:application-list:prefecture", undefined);
  return actor.prefectureCode!;
}

function openRound(ctx: Pick<AppContext, "db">, roundId: string) {
  const round = ctx.db.select().from(boardRounds).where(eq(boardRounds.id, roundId)).get();
  if (!round) throw new NotFoundError();
  if (round.state !== "open") throw new DomainError(E("roundClosed"), { round: round.name });
  return round;
}

/** Which of these USCCs are already on file, and whether they applied in this round. */
function existingByUscc(ctx: Pick<AppContext, "db">, roundId: string, usccs: string[]) {
  const found = new Map<string, { id: string; kind: string; inRound: boolean }>();
  for (let i = 0; i < usccs.length; i += 500) {
    const chunk = usccs.slice(i, i + 500);
    const orgs = ctx.db.select({ id: organisations.id, kind: organisations.kind, uscc: organisations.uscc }).from(organisations).where(inArray(organisations.uscc, chunk)).all();
    const applied = new Set(
      orgs.length === 0
        ? []
        : ctx.db
            .select({ orgId: boardApplications.enterpriseOrgId })
            .from(boardApplications)
            .where(and(eq(boardApplications.roundId, roundId), inArray(boardApplications.enterpriseOrgId, orgs.map((o) => o.id))))
            .all()
            .map((a) => a.orgId),
    );
    for (const o of orgs) found.set(o.uscc!, { id: o.id, kind: o.kind, inRound: applied.has(o.id) });
  }
  return found;
}

/** Division → prefecture, memoised for one file (the routing table is read once per division). */
function routing(ctx: Pick<AppContext, "db">): (division: string) => string | null {
  const cache = new Map<string, string | null>();
  return (division) => {
    if (!cache.has(division)) cache.set(division, prefectureForDivision(ctx, division));
    return cache.get(division)!;
  };
}

/** The errors a USCC earns against the routing table and what is already on file. */
function usccProblems(
  routeOf: (division: string) => string | null,
  uscc: string,
  prefectureCode: string,
  existing: { kind: string; inRound: boolean } | undefined,
): { key: string; values: Record<string, string | number> }[] {
  const check = checkUscc(uscc);
  if (!check.ok) {
    const key = { length: "usccLength", characters: "usccCharacters", division: "usccDivision", checkDigit: "usccCheckDigit" }[check.reason];
    return [{ key: E(key), values: { value: uscc, ...(check.expected ? { expected: check.expected } : {}), ...(check.badChar ? { badChar: check.badChar } : {}) } }];
  }
  const problems: { key: string; values: Record<string, string | number> }[] = [];
  if (routeOf(check.divisionCode) !== prefectureCode) problems.push({ key: E("outsidePrefecture"), values: { division: check.divisionCode } });
  if (existing && existing.kind !== "enterprise") problems.push({ key: E("orgNotEnterprise"), values: {} });
  else if (existing?.inRound) problems.push({ key: E("alreadyInRound"), values: {} });
  return problems;
}

/**
 * Reads and checks a bureau's list. File-level problems (size, unreadable, headers) stop the check
 * with those errors; otherwise every row is checked and either returned as valid or named in errors.
 */
export async function validateBureauList(
  ctx: Pick<AppContext, "db">,
  actor: Actor,
  input: { roundId: string; file: Uint8Array; onProgress?: (p: ImportProgress) => void },
): Promise<ImportValidation> {
  const prefectureCode = assertBureau(actor);
  openRound(ctx, input.roundId);
  const fail = (key: string, values: Record<string, string | number> = {}): ImportValidation => ({
    validRows: [],
    errors: [{ row: null, column: null, field: null, key: E(key), values }],
    totalRows: 0,
  });
  // Checked before parsing: a large file must not cost the server the memory to open it.
  if (input.file.byteLength > IMPORT_MAX_BYTES) return fail("fileTooLarge", { size: formatBytes(input.file.byteLength), limit: formatBytes(IMPORT_MAX_BYTES) });
  const unpacked = zipUnpackedSize(input.file);
  if (unpacked === null) return fail("unreadable");
  if (unpacked > IMPORT_MAX_UNPACKED_BYTES) return fail("unpackedTooLarge", { size: formatBytes(unpacked), limit: formatBytes(IMPORT_MAX_UNPACKED_BYTES) });
  // The declared sizes can lie: measure what the entries really inflate to, stopping at the limit.
  const measured = await zipInflatedWithin(input.file, IMPORT_MAX_UNPACKED_BYTES);
  if (measured === null) return fail("unreadable");
  if (!measured.ok) return fail("unpackedTooLarge", { size: `> ${formatBytes(IMPORT_MAX_UNPACKED_BYTES)}`, limit: formatBytes(IMPORT_MAX_UNPACKED_BYTES) });

  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(input.file.buffer, input.file.byteOffset, input.file.byteLength) as unknown as ArrayBuffer);
  } catch {
    return fail("unreadable");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return fail("noSheet");

  const errors: ImportError[] = [];
  const rowErrors = new Set<number>();
  const add = (row: number | null, col: number | null, field: ImportField | null, key: string, values: Record<string, string | number> = {}) => {
    errors.push({ row, column: col === null ? null : columnLetter(col), field, key, values });
    if (row !== null) rowErrors.add(row);
  };

  // Headers: every template column exactly once, nothing else.
  const headerRow = sheet.getRow(1);
  const fieldAt = new Map<number, ImportField>();
  const headerText = new Map<ImportField, string>();
  const unitOf = new Map<ImportField, MoneyUnit>();
  for (let c = 1; c <= Math.max(headerRow.cellCount, sheet.columnCount); c++) {
    const read = readCell(headerRow.getCell(c));
    if (read.kind === "empty") continue;
    const text = read.kind === "formula" ? read.formula : String(read.value);
    const known = HEADER_TO_FIELD.get(normaliseHeader(text));
    const field = known?.field;
    if (!field) add(null, c, null, E("unexpectedHeader"), { header: text, column: columnLetter(c) });
    else if (headerText.has(field)) add(null, c, field, E("duplicateHeader"), { header: text, column: columnLetter(c) });
    else {
      fieldAt.set(c, field);
      headerText.set(field, text);
      unitOf.set(field, known.unit);
    }
  }
  for (const f of IMPORT_FIELDS) if (!headerText.has(f) && !OPTIONAL_HEADERS.includes(f)) add(null, null, f, E("missingHeader"), { header: zh.import.columns[f] });
  if (errors.length > 0) return { validRows: [], errors, totalRows: 0 };
  const label = (f: ImportField): string => headerText.get(f)!;
  const columnOf = new Map<ImportField, number>([...fieldAt].map(([c, f]) => [f, c]));

  // Merged cells: exceljs keeps them per master cell; the public `model` would build the whole sheet.
  const merges = (sheet as unknown as { _merges: Record<string, { range: string; top: number; bottom: number; left: number }> })._merges;
  for (const m of Object.values(merges ?? {})) {
    for (let r = Math.max(m.top, 2); r <= m.bottom; r++) rowErrors.add(r);
    add(m.top, m.left, fieldAt.get(m.left) ?? null, E("mergedCells"), { range: m.range });
  }

  // Data rows: skip blank lines, stop the check if the file is over the row limit.
  const dataRows: number[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    if (!row.hasValues) continue;
    let blank = true;
    for (const c of fieldAt.keys()) if (readCell(row.getCell(c)).kind !== "empty") blank = false;
    if (!blank) dataRows.push(r);
  }
  if (dataRows.length === 0) return { validRows: [], errors: [...errors, ...fail("empty").errors], totalRows: 0 };
  if (dataRows.length > IMPORT_MAX_ROWS) return fail("tooManyRows", { rows: dataRows.length, limit: IMPORT_MAX_ROWS });

  const parsed: ImportRow[] = [];
  const usccRows: { row: number; uscc: string }[] = [];
  const firstRowOfUscc = new Map<string, number>();
  const total = dataRows.length;
  for (let i = 0; i < dataRows.length; i++) {
    const r = dataRows[i]!;
    const row = sheet.getRow(r);
    const values: Partial<Record<ImportField, string | number | null>> = {};
    for (const spec of COLUMNS) {
      const c = columnOf.get(spec.key);
      if (c === undefined) {
        values[spec.key] = null; // an optional column the file does not have
        continue;
      }
      const header = label(spec.key);
      const read = readCell(row.getCell(c));
      if (read.kind === "formula") {
        add(r, c, spec.key, E("formula"), { cell: `${columnLetter(c)}${r}`, formula: read.formula, header });
        continue;
      }
      if (read.kind === "empty") {
        if (spec.required) add(r, c, spec.key, E("required"), { header });
        values[spec.key] = null;
        continue;
      }
      if (read.kind === "other") {
        add(r, c, spec.key, E("wrongType"), { header, value: read.value });
        continue;
      }
      if (spec.kind === "money") {
        // A number cell is read as its decimal text (Excel keeps what was typed: 1500.25 stays 1500.25); a text
        // cell as people write amounts ("3,000", "１５００", "1.2亿", "500万元"; a unit written wins).
        const typed = read.kind === "number" ? (Number.isFinite(read.value) && Math.abs(read.value) < 1e15 ? String(read.value) : "∞") : read.value;
        const money = parseMoney(typed, unitOf.get(spec.key) ?? "wan", { signed: spec.signed });
        if (money.ok) values[spec.key] = money.yuan;
        else {
          const key = { empty: "required", invalid: read.kind === "number" ? "wrongType" : "textInNumber", negative: "negative", tooPrecise: "tooPrecise", tooLarge: "tooLarge" }[money.reason];
          add(r, c, spec.key, E(key), { header, value: read.value });
        }
        continue;
      }
      if (spec.kind === "integer") {
        let n: number;
        if (read.kind === "number") n = read.value;
        else {
          add(r, c, spec.key, E("textInNumber"), { header, value: read.value });
          continue;
        }
        if (!Number.isSafeInteger(n)) add(r, c, spec.key, E("notInteger"), { header, value: n });
        else if (n < 0 && !spec.signed) add(r, c, spec.key, E("negative"), { header, value: n });
        else values[spec.key] = n;
        continue;
      }
      // Text columns: phone numbers and codes typed into Excel often arrive as numbers.
      let text: string;
      if (read.kind === "number") {
        if (!Number.isSafeInteger(read.value)) {
          add(r, c, spec.key, E("wrongType"), { header, value: String(read.value) });
          continue;
        }
        text = String(read.value);
      } else text = read.value;
      if (spec.max && [...text].length > spec.max) {
        add(r, c, spec.key, E("tooLong"), { header, max: spec.max });
        continue;
      }
      values[spec.key] = text;
    }

    // Field-specific checks on what was read.
    const cell = (f: ImportField) => columnOf.get(f)!;
    const srdiText = values.srdiStatus as string | null | undefined;
    let srdiStatus: SrdiStatus | null = null;
    if (typeof srdiText === "string") {
      srdiStatus = SRDI_CHOICES.get(normaliseHeader(srdiText)) ?? null;
      if (!srdiStatus) {
        add(r, cell("srdiStatus"), "srdiStatus", E("badChoice"), {
          header: label("srdiStatus"),
          value: srdiText,
          choices: SRDI_STATUSES.map((s) => zh.srdiStatus[s]).join("、"),
        });
      }
    }
    const industry = typeof values.industrySection === "string" ? values.industrySection.toUpperCase() : null;
    if (industry !== null && !INDUSTRY.test(industry)) add(r, cell("industrySection"), "industrySection", E("badIndustry"), { value: industry });
    const phone = typeof values.contactPhone === "string" ? values.contactPhone.replace(/[\s()（）]/g, "") : null;
    if (phone !== null && !PHONE.test(phone)) add(r, cell("contactPhone"), "contactPhone", E("badPhone"), { value: values.contactPhone as string });
    const present = FINANCIAL_FIELDS.filter((f) => values[f] !== null && values[f] !== undefined);
    const presentOrErrored = FINANCIAL_FIELDS.filter((f) => values[f] !== null);
    if (presentOrErrored.length > 0 && presentOrErrored.length < FINANCIAL_FIELDS.length) {
      const missing = FINANCIAL_FIELDS.filter((f) => values[f] === null);
      add(r, cell(missing[0]!), missing[0]!, E("financialsIncomplete"), { missing: missing.map((f) => label(f)).join("、") });
    }
    const fiscalYear = values.fiscalYear;
    if (typeof fiscalYear === "number" && (fiscalYear < 1990 || fiscalYear > 2100)) add(r, cell("fiscalYear"), "fiscalYear", E("badYear"), { value: fiscalYear });

    const uscc = typeof values.uscc === "string" ? values.uscc.trim().toUpperCase().replace(/\s+/g, "") : null;
    if (uscc !== null) {
      usccRows.push({ row: r, uscc });
      const first = firstRowOfUscc.get(uscc);
      if (first !== undefined) add(r, cell("uscc"), "uscc", E("duplicateInFile"), { firstRow: first, value: uscc });
      else firstRowOfUscc.set(uscc, r);
    }

    if (!rowErrors.has(r) && uscc !== null && srdiStatus) {
      parsed.push({
        row: r,
        name: values.name as string,
        uscc,
        industrySection: industry,
        mainBusiness: values.mainBusiness as string,
        srdiStatus,
        certificateNo: (values.certificateNo as string | null) ?? null,
        contactName: values.contactName as string,
        contactPhone: phone!,
        financials:
          present.length === FINANCIAL_FIELDS.length
            ? {
                fiscalYear: values.fiscalYear as number,
                revenue: values.revenue as number,
                netProfit: values.netProfit as number,
                netAssets: values.netAssets as number,
                rdExpense: values.rdExpense as number,
                operatingCashFlow: values.operatingCashFlow as number,
                totalShares: values.totalShares as number,
                shareCapital: typeof values.shareCapital === "number" ? values.shareCapital : null,
              }
            : null,
      });
    }
    if ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === total) input.onProgress?.({ phase: "validate", done: i + 1, total });
  }

  // USCC check digits, routing and what is already on file, in one pass over the database.
  const existing = existingByUscc(ctx, input.roundId, [...firstRowOfUscc.keys()]);
  const routeOf = routing(ctx);
  for (const u of usccRows) {
    for (const pr of usccProblems(routeOf, u.uscc, prefectureCode, existing.get(u.uscc))) add(u.row, columnOf.get("uscc")!, "uscc", pr.key, pr.values);
  }
  // A duplicate later in the file invalidates only the later row; the first stays importable.
  const validRows = parsed.filter((p) => !rowErrors.has(p.row));
  errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.column ?? "").localeCompare(b.column ?? ""));
  return { validRows, errors, totalRows: total };
}

function columnLetter(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const ph = (name: string) => sql.placeholder(name);

/**
 * Prepared once per connection: a thousand-row import runs each statement a thousand times, and
 * building the SQL each time would cost more than running it.
 */
const statementCache = new WeakMap<object, ReturnType<typeof prepareImportStatements>>();
function prepareImportStatements(db: AppContext["db"]) {
  return {
    org: db
      .insert(organisations)
      .values({
        id: ph("id"),
        kind: "enterprise",
        name: ph("name"),
        uscc: ph("uscc"),
        divisionCode: ph("divisionCode"),
        prefectureCode: ph("prefectureCode"),
        industrySection: ph("industrySection"),
        createdAt: ph("now"),
      })
      .prepare(),
    application: db
      .insert(boardApplications)
      .values({
        id: ph("id"),
        roundId: ph("roundId"),
        enterpriseOrgId: ph("orgId"),
        prefectureCode: ph("prefectureCode"),
        channel: "bureau",
        state: "submitted",
        industrySection: ph("industrySection"),
        mainBusiness: ph("mainBusiness"),
        srdiStatus: ph("srdiStatus"),
        srdiCertificateNo: ph("certificateNo"),
        createdBy: ph("userId"),
        createdAt: ph("now"),
        updatedAt: ph("now"),
        submittedAt: ph("now"),
      })
      .prepare(),
    contact: db
      .insert(boardApplicationContacts)
      .values({ id: ph("id"), applicationId: ph("applicationId"), role: "contact", name: ph("name"), phone: ph("phone") })
      .prepare(),
    financials: db
      .insert(boardApplicationFinancials)
      .values({
        applicationId: ph("applicationId"),
        fiscalYear: ph("fiscalYear"),
        revenue: ph("revenue"),
        netProfit: ph("netProfit"),
        netAssets: ph("netAssets"),
        rdExpense: ph("rdExpense"),
        operatingCashFlow: ph("operatingCashFlow"),
        totalShares: ph("totalShares"),
        shareCapital: ph("shareCapital"),
      })
      .prepare(),
    review: db
      .insert(boardApplicationReviews)
      .values({
        id: ph("id"),
        applicationId: ph("applicationId"),
        action: "submit",
        toState: "submitted",
        comment: ph("comment"),
        actorUserId: ph("userId"),
        actorOrgId: ph("orgId"),
        at: ph("now"),
      })
      .prepare(),
  };
}
function importStatements(db: AppContext["db"]) {
  let st = statementCache.get(db);
  if (!st) {
    st = prepareImportStatements(db);
    statementCache.set(db, st);
  }
  return st;
}

/**
 * Writes the rows the bureau chose to import: for each, the enterprise (created, or the existing
 * enterprise with that USCC), a submitted application in the bureau's queue with its contact and
 * financials, a review record and an audit entry — all in ONE transaction. Rows are re-checked,
 * since they come back from the browser; any problem aborts the whole import.
 */
export function importBureauList(
  ctx: AppContext,
  actor: Actor,
  input: { roundId: string; rows: ImportRow[]; onProgress?: (p: ImportProgress) => void },
): { imported: number; applicationIds: string[] } {
  const prefectureCode = assertBureau(actor);
  const rows = z.array(importRowSchema).max(IMPORT_MAX_ROWS).parse(input.rows);
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.uscc)) throw new ConflictError(E("duplicateInFile"), { row: r.row, value: r.uscc });
    seen.add(r.uscc);
  }
  const applicationIds: string[] = [];
  const createdOrgIds: string[] = [];
  const now = ctx.clock.now();
  const st = importStatements(ctx.db);
  ctx.db.transaction(() => {
    const round = openRound(ctx, input.roundId);
    const existing = existingByUscc(ctx, round.id, rows.map((r) => r.uscc));
    const routeOf = routing(ctx);
    rows.forEach((r, i) => {
      const found = existing.get(r.uscc);
      const problems = usccProblems(routeOf, r.uscc, prefectureCode, found);
      if (problems.length > 0) throw new ConflictError(problems[0]!.key, { row: r.row, ...problems[0]!.values });
      let orgId = found?.id;
      if (!orgId) {
        orgId = newId();
        st.org.run({ id: orgId, name: r.name, uscc: r.uscc, divisionCode: r.uscc.slice(2, 8), prefectureCode, industrySection: r.industrySection, now });
        createdOrgIds.push(orgId);
      }
      const applicationId = newId();
      st.application.run({
        id: applicationId,
        roundId: round.id,
        orgId,
        prefectureCode,
        industrySection: r.industrySection,
        mainBusiness: r.mainBusiness,
        srdiStatus: r.srdiStatus,
        certificateNo: r.certificateNo,
        userId: actor.userId,
        now,
      });
      st.contact.run({ id: newId(), applicationId, name: r.contactName, phone: r.contactPhone });
      if (r.financials) st.financials.run({ applicationId, ...r.financials });
      st.review.run({ id: newId(), applicationId, comment: `xlsx row ${r.row}`, userId: actor.userId, orgId: actor.orgId, now });
      appendAudit(ctx, {
        actorUserId: actor.userId,
        actorOrgId: actor.orgId,
        action: "board.application.imported",
        subjectType: "board_application",
        subjectId: applicationId,
        enterpriseOrgId: orgId,
        data: { roundId: round.id, uscc: r.uscc, row: r.row, createdOrg: !found },
      });
      applicationIds.push(applicationId);
      if ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === rows.length) input.onProgress?.({ phase: "import", done: i + 1, total: rows.length });
    });
    // New enterprises become findable with the import, not at the next full reindex.
    enqueueSearchUpdates(ctx.db, createdOrgIds.flatMap((id) => [{ index: "enterprises" as const, id, op: "upsert" as const }, { index: "staff_organisations" as const, id, op: "upsert" as const }]));
  });
  return { imported: applicationIds.length, applicationIds };
}

/** The downloadable template: header row in the chosen language, typed columns, and an instructions sheet. */
export async function buildImportTemplate(locale: string): Promise<Buffer> {
  const cat = locale.startsWith("zh") ? zh : en;
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.Workbook();
  wb.creator = "xj-srdi-board";
  const ws = wb.addWorksheet(cat.import.templateSheet, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({
    header: cat.import.columns[c.key],
    key: c.key,
    width: c.width,
    // Text format keeps USCCs and phone numbers from being turned into numbers by Excel.
    // Amounts in 万元 keep up to four decimals (a whole 元); counts and years are whole numbers.
    style: c.kind === "integer" ? { numFmt: "0" } : c.kind === "money" ? { numFmt: "#,##0.####" } : { numFmt: "@" },
  }));
  ws.getRow(1).font = { bold: true };
  const srdiCol = columnLetter(COLUMNS.findIndex((c) => c.key === "srdiStatus") + 1);
  const choices = SRDI_STATUSES.map((s) => cat.srdiStatus[s].replace(/"/g, '""'));
  for (let r = 2; r <= 1001; r++) {
    ws.getCell(`${srdiCol}${r}`).dataValidation = { type: "list", allowBlank: false, formulae: [`"${choices.join(",")}"`] };
  }
  const help = wb.addWorksheet(cat.import.instructionsSheet);
  help.getColumn(1).width = 100;
  cat.import.instructions.forEach((line, i) => {
    help.getCell(`A${i + 1}`).value = line;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
