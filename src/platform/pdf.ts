/**
 * One way to make a PDF: `renderPdf(info, draw)` opens a pdfkit document, lets `draw` lay it out,
 * and resolves to the bytes. pdfkit (and whatever `draw` loads, such as bwip-js) loads on first
 * use: it is large, and most processes never print.
 *
 * Rendering is CPU work (hundreds of milliseconds for a long manifest): a renderer is an exported
 * function of a module importing only what it draws with, e.g. `renderCustomsPdf(data): Promise<Buffer>`,
 * and the route calls it on the pool — `cpuTask<typeof mod, 'renderCustomsPdf'>(new URL('./x.ts',
 * import.meta.url), 'renderCustomsPdf')` (platform/cpu/pool.ts) — never on the event loop.
 * Its input crosses to a worker thread: plain data (Dates and Maps are fine), no functions.
 */
type Doc = PDFKit.PDFDocument;

export async function renderPdf(options: PDFKit.PDFDocumentOptions, draw: (doc: Doc) => void | Promise<void>): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  await draw(doc);
  doc.end();
  return done;
}
