
/**
 * Builds a simple slide deck PDF (16:9, Latin text so it needs no embedded CJK font). Used by the demo
 * seeder, the benchmark and tests — no binary fixtures are committed.
 */
export async function buildSampleDeck(opts: { title: string; pages: number; useObjectStreams?: boolean }): Promise<Uint8Array> {
  // Loaded on use: the seeder needs it once, on the first start, and the server never otherwise.
  const { PDFDocument, rgb, StandardFonts } = await import("pdf-lib");
  const doc = await PDFDocument.create();
  doc.setTitle(opts.title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (let i = 1; i <= opts.pages; i++) {
    const page = doc.addPage([960, 540]);
    page.drawRectangle({ x: 0, y: 480, width: 960, height: 60, color: rgb(0.09, 0.25, 0.55) });
    page.drawText(opts.title, { x: 40, y: 500, size: 24, font: bold, color: rgb(1, 1, 1) });
    page.drawText(`Slide ${i} / ${opts.pages}`, { x: 40, y: 420, size: 36, font: bold, color: rgb(0.1, 0.1, 0.1) });
    const bullets = ["Market: Xinjiang and Central Asia", "Revenue CAGR 35% (2023-2025)", "Use of funds: capacity, R&D, working capital"];
    bullets.forEach((b, k) => page.drawText(`- ${b}`, { x: 60, y: 340 - k * 40, size: 20, font, color: rgb(0.2, 0.2, 0.2) }));
    page.drawRectangle({ x: 620, y: 120, width: 40, height: 80 + i * 10, color: rgb(0.2, 0.6, 0.4) });
    page.drawRectangle({ x: 680, y: 120, width: 40, height: 120 + i * 12, color: rgb(0.2, 0.5, 0.7) });
  }
  return doc.save({ useObjectStreams: opts.useObjectStreams ?? false });
}

/** A deck whose catalog runs JavaScript when opened: what an upload must refuse. */
export async function buildDeckWithJavaScript(opts: { useObjectStreams: boolean }): Promise<Uint8Array> {
  const { PDFDocument, PDFName, PDFString } = await import("pdf-lib");
  const doc = await PDFDocument.load(await buildSampleDeck({ title: "JS", pages: 1 }));
  const action = doc.context.obj({ Type: "Action", S: "JavaScript", JS: PDFString.of("app.alert('pwned')") });
  doc.catalog.set(PDFName.of("OpenAction"), doc.context.register(action));
  return doc.save({ useObjectStreams: opts.useObjectStreams });
}
