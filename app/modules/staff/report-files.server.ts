import type { TFunction } from "i18next";
import type * as PdfLib from "pdf-lib";
import type { PDFDocument, PDFFont, PDFPage } from "pdf-lib";
import { onFirstUse } from "~/utils/on-first-use.server";
import { embedCjkFont } from "~/utils/pdf-cjk-font.server";
import { toXlsx, type Table } from "./exports.server";
import { drawSvg, svgSize } from "./svg-to-pdf.server";
import type { ReportMetrics } from "./report-metrics.server";

const pdfLib = onFirstUse<typeof PdfLib>("pdf-lib");
const rgb = (...args: Parameters<typeof PdfLib.rgb>) => pdfLib().rgb(...args);

/**
 * The pack's two files from one set of metrics: an XLSX workbook (a sheet per evaluation area) and a PDF with the
 * same tables in Chinese (Noto Sans SC, subset-embedded) followed by the dashboard's ECharts charts for the period,
 * drawn as vectors from the very SVG /stats shows (ADR 0705).
 * Dates inside the files are the period's end, so the same metrics give files with the same content.
 */

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
  /** One chart: its title, the ECharts SVG scaled to the text width, and its note. */
  chart(c: PackChart, noData: string) {
    if (c.svg === null) {
      this.ensure(40);
      this.text(c.title, 12);
      this.text(noData, 9, MARGIN, rgb(0.35, 0.38, 0.45));
      this.y -= 10;
      return;
    }
    const box = svgSize(c.svg);
    const scale = (A4[0] - 2 * MARGIN) / box.width;
    this.ensure(24 + box.height * scale + (c.note ? 30 : 0));
    this.text(c.title, 12);
    drawSvg(this.page, this.font, c.svg, { x: MARGIN, top: this.y, scale });
    this.y -= box.height * scale + 6;
    if (c.note) for (const line of wrap(c.note, 60)) this.text(line, 8, MARGIN, rgb(0.35, 0.38, 0.45));
    this.y -= 10;
  }
}

/** A chart of the pack: the dashboard's chart for the period, as /stats renders it. */
export type PackChart = { title: string; svg: string | null; note?: string };

/** Lines of at most `n` characters (the notes are short; CJK text has no spaces to break at). */
function wrap(s: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += n) out.push(s.slice(i, i + n));
  return out;
}

export async function packPdf(m: ReportMetrics, t: TFunction, title: string, charts: PackChart[]): Promise<Buffer> {
  const doc = await pdfLib().PDFDocument.create();
  const font = await embedCjkFont(doc);
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
  if (charts.length) {
    w.ensure(A4[1]); // the charts start on a page of their own
    w.text(t("staff:reports.chartsHeading"), 14);
    for (const c of charts) w.chart(c, t("staff:stats.noData"));
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
