import fs from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import type { TFunction } from "i18next";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { toXlsx, type Table } from "./exports.server";
import type { ReportMetrics } from "./report-metrics.server";

/**
 * The pack's two files from one set of metrics: an XLSX workbook (a sheet per evaluation area) and a PDF with the
 * same tables in Chinese (Noto Sans SC, subset-embedded) plus bar charts of the financing mix, drawn with pdf-lib.
 * Dates inside the files are the period's end, so the same metrics give files with the same content.
 */

const require = createRequire(import.meta.url);
let fontBytes: Buffer | null = null;
function cjkFont(): Buffer {
  fontBytes ??= fs.readFileSync(require.resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"));
  return fontBytes;
}

const pct = (bp: number | null) => (bp === null ? "—" : `${(bp / 100).toFixed(2)}%`);
const wan = (yuan: number) => (yuan / 10_000).toFixed(2);
const rating = (x100: number | null) => (x100 === null ? "—" : (x100 / 100).toFixed(2));

/** The tables of the pack, in the reader's language (the regulators read Chinese; English is offered too). */
export function reportTables(m: ReportMetrics, t: TFunction): Table[] {
  const kv = (name: string, rows: [string, string | number][]): Table => ({ name, headers: [t("staff:reports.metric"), t("staff:reports.value")], rows });
  return [
    kv(t("staff:reports.sections.summary"), [
      [t("staff:reports.fields.period"), m.period],
      [t("staff:reports.fields.periodStart"), m.periodStart],
      [t("staff:reports.fields.periodEnd"), m.periodEnd],
    ]),
    kv(t("staff:reports.sections.basicServices"), [
      [t("staff:reports.fields.servicePersons"), m.basicServices.servicePersons],
      [t("staff:reports.fields.enterprisesWithServicePerson"), m.basicServices.enterprisesWithServicePerson],
      [t("staff:reports.fields.requestsRaised"), m.basicServices.requestsRaised],
      [t("staff:reports.fields.requestsResolved"), m.basicServices.requestsResolved],
      [t("staff:reports.fields.resolvedInSla"), m.basicServices.resolvedInSla],
      [t("staff:reports.fields.slaRate"), pct(m.basicServices.slaRateBp)],
      [t("staff:reports.fields.openAtPeriodEnd"), m.basicServices.openAtPeriodEnd],
      [t("staff:reports.fields.visits"), m.basicServices.visits],
      [t("staff:reports.fields.enterprisesVisited"), m.basicServices.enterprisesVisited],
    ]),
    kv(t("staff:reports.sections.database"), [
      [t("staff:reports.fields.enterprisesListed"), m.database.enterprisesListed],
      [t("board:tiers.incubation"), m.database.byTier.incubation],
      [t("board:tiers.standardisation"), m.database.byTier.standardisation],
      [t("board:tiers.cultivation"), m.database.byTier.cultivation],
      [t("staff:reports.fields.admittedInPeriod"), m.database.admittedInPeriod],
      [t("staff:reports.fields.profilesCompleted"), m.database.profilesCompleted],
      [t("staff:reports.fields.disclosuresSubmitted"), m.database.disclosuresSubmitted],
    ]),
    kv(t("staff:reports.sections.satisfaction"), [
      [t("staff:reports.fields.ratings"), m.satisfaction.ratings],
      [t("staff:reports.fields.averageRating"), rating(m.satisfaction.averageRatingX100)],
      [t("staff:reports.fields.satisfiedRate"), pct(m.satisfaction.satisfiedRateBp)],
    ]),
    {
      name: t("staff:reports.sections.financing"),
      headers: [t("staff:reports.fields.instrument"), t("staff:reports.fields.deals"), t("staff:reports.fields.amountWan")],
      rows: [
        ...m.financing.byInstrument.map((b): [string, number, string] => [t(`financing:instruments.${b.key}`), b.count, wan(b.amount)]),
        [t("staff:reports.fields.total"), m.financing.count, wan(m.financing.total)],
        [t("staff:reports.fields.averageCost"), "", pct(m.financing.averageCostBp)],
      ],
    },
    {
      name: t("staff:reports.sections.channels"),
      headers: [t("staff:reports.fields.channel"), t("staff:reports.fields.amountWan")],
      rows: m.financing.byChannel.map((b) => [t(`financing:channels.${b.key}`), wan(b.amount)]),
    },
    kv(t("staff:reports.sections.listing"), [
      [t("staff:reports.fields.cultivationTier"), m.listing.cultivationTier],
      [t("staff:reports.fields.reachedStage", { stage: t("staff:cultivation.stages.shareholding_reform") }), m.listing.shareholdingReform],
      [t("staff:reports.fields.reachedStage", { stage: t("staff:cultivation.stages.tutoring_filing") }), m.listing.tutoringFiling],
      [t("staff:reports.fields.reachedStage", { stage: t("staff:cultivation.stages.filing") }), m.listing.filing],
      [t("staff:reports.fields.reachedStage", { stage: t("staff:cultivation.stages.listed") }), m.listing.listed],
    ]),
  ];
}

export async function packXlsx(m: ReportMetrics, t: TFunction): Promise<Buffer> {
  return toXlsx(reportTables(m, t), { created: new Date(`${m.periodEnd}T00:00:00Z`) });
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;

class Writer {
  page: PDFPage;
  y: number;
  constructor(
    private doc: PDFDocument,
    private font: PDFFont,
  ) {
    this.page = doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }
  ensure(h: number) {
    if (this.y - h < MARGIN) {
      this.page = this.doc.addPage(A4);
      this.y = A4[1] - MARGIN;
    }
  }
  text(s: string, size = 10, x = MARGIN, color = rgb(0.1, 0.1, 0.12)) {
    this.ensure(size + 6);
    this.page.drawText(s, { x, y: this.y - size, size, font: this.font, color });
    this.y -= size + 6;
  }
  table(tb: Table) {
    this.ensure(40);
    this.text(tb.name, 13);
    const widths = tb.headers.length === 2 ? [300, 199] : [220, 120, 159];
    const row = (cells: (string | number | null)[], bold: boolean) => {
      this.ensure(18);
      let x = MARGIN;
      cells.forEach((c, i) => {
        this.page.drawText(String(c ?? ""), { x: x + 4, y: this.y - 13, size: 10, font: this.font, color: bold ? rgb(0.2, 0.25, 0.35) : rgb(0.1, 0.1, 0.12) });
        x += widths[i] ?? 120;
      });
      this.page.drawLine({ start: { x: MARGIN, y: this.y - 17 }, end: { x: A4[0] - MARGIN, y: this.y - 17 }, thickness: 0.4, color: rgb(0.8, 0.82, 0.86) });
      this.y -= 18;
    };
    row(tb.headers, true);
    for (const r of tb.rows) row(r, false);
    this.y -= 10;
  }
  /** A horizontal bar chart (label, value) drawn with rectangles, values in the unit given. */
  bars(title: string, items: { label: string; value: number }[], unit: string) {
    if (items.length === 0) return;
    this.ensure(30 + items.length * 20);
    this.text(title, 12);
    const max = Math.max(...items.map((i) => i.value), 1);
    const colors = [rgb(0.15, 0.39, 0.92), rgb(0.02, 0.59, 0.41), rgb(0.85, 0.47, 0.02), rgb(0.49, 0.23, 0.93), rgb(0.86, 0.15, 0.15)];
    items.forEach((it, i) => {
      const w = (it.value / max) * 280;
      this.page.drawText(it.label, { x: MARGIN, y: this.y - 12, size: 9, font: this.font });
      this.page.drawRectangle({ x: MARGIN + 110, y: this.y - 14, width: Math.max(w, 1), height: 12, color: colors[i % colors.length] });
      this.page.drawText(`${Number.isInteger(it.value) ? it.value : it.value.toFixed(2)} ${unit}`, { x: MARGIN + 116 + w, y: this.y - 12, size: 9, font: this.font });
      this.y -= 20;
    });
    this.y -= 8;
  }
}

export async function packPdf(m: ReportMetrics, t: TFunction, title: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(cjkFont(), { subset: true });
  const when = new Date(`${m.periodEnd}T00:00:00Z`);
  doc.setTitle(title);
  doc.setAuthor(t("staff:reports.author"));
  doc.setProducer("xj-srdi-board");
  doc.setCreator("xj-srdi-board");
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const w = new Writer(doc, font);
  w.text(title, 18);
  w.text(t("staff:reports.pdfIntro", { from: m.periodStart, to: m.periodEnd }), 10, MARGIN, rgb(0.35, 0.38, 0.45));
  w.y -= 8;
  const tables = reportTables(m, t);
  for (const tb of tables.slice(1)) w.table(tb);
  w.bars(
    t("staff:reports.chartInstruments"),
    m.financing.byInstrument.map((b) => ({ label: t(`financing:instruments.${b.key}`), value: b.amount / 10_000 })),
    t("staff:stats.wan"),
  );
  w.bars(
    t("staff:reports.chartTiers"),
    (["incubation", "standardisation", "cultivation"] as const).map((k) => ({ label: t(`board:tiers.${k}`), value: m.database.byTier[k] })),
    t("staff:reports.enterprisesUnit"),
  );
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
