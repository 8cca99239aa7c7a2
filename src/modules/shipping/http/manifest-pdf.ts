import { renderPdf } from '../../../platform/pdf.js';
import { drawBarcode, vectorBarcode } from './label-pdf.js';
import { formatKg, formatMinor, manifestId, manifestTotals, type Manifest } from '../domain/manifest-csv.js';

const MARGIN = 36;
const ROW = 16;

interface Column {
  title: string;
  x: number;
  width: number;
  align?: 'right';
}

const columns: Column[] = [
  { title: '#', x: 36, width: 22 },
  { title: 'Tracking number', x: 60, width: 128 },
  { title: 'Order', x: 190, width: 70 },
  { title: 'Service', x: 262, width: 80 },
  { title: 'Pkgs', x: 344, width: 26, align: 'right' },
  { title: 'Kg', x: 372, width: 40, align: 'right' },
  { title: 'Amount', x: 414, width: 58, align: 'right' },
  { title: 'Ship to', x: 478, width: 98 },
];

/**
 * The end-of-day manifest the driver signs: a US-letter table of the day's shipments for one
 * carrier and location, totals, the manifest id as a Code 128 "scan form" the driver scans
 * instead of every parcel, and signature lines. Runs on the CPU pool (renderManifestPdfOffLoop).
 */
export async function renderManifestPdf(m: Manifest): Promise<Buffer> {
  const bwipjs = await import('bwip-js/node');
  const id = manifestId(m);
  const scanForm = vectorBarcode(bwipjs, { bcid: 'code128', text: id, scale: 1, height: 12, includetext: false });
  return renderPdf({ size: 'LETTER', margin: MARGIN, bufferPages: true, info: { Title: `Manifest ${id}`, Subject: `${m.carrierName} ${m.locationCode} ${m.date}`, CreationDate: new Date(m.generatedAt) } }, (doc) => {
    const bottom = doc.page.height - MARGIN - 20;

    const header = (first: boolean): void => {
      const width = doc.page.width - MARGIN * 2 - (first ? 200 : 0);
      doc.font('Helvetica-Bold').fontSize(first ? 16 : 11).text(`${m.carrierName.toUpperCase()} END OF DAY MANIFEST`, MARGIN, MARGIN, { width });
      doc.font('Helvetica').fontSize(9).text(`Manifest ${id} · Pickup date ${m.date} · Location ${m.locationCode}${m.locationName ? ` (${m.locationName})` : ''} · Generated ${m.generatedAt}`, { width });
      if (first) drawBarcode(doc, scanForm, doc.page.width - MARGIN - 190, MARGIN, 190, 40, true);
      const y = Math.max(doc.y + 10, first ? MARGIN + 50 : doc.y + 6);
      doc.font('Helvetica-Bold').fontSize(8);
      for (const c of columns) doc.text(c.title, c.x, y, { width: c.width, align: c.align ?? 'left', lineBreak: false });
      doc.moveTo(MARGIN, y + 11).lineTo(doc.page.width - MARGIN, y + 11).stroke();
      doc.font('Helvetica').fontSize(8);
      doc.y = y + 15;
    };

    header(true);
    m.rows.forEach((r, i) => {
      if (doc.y + ROW > bottom) {
        doc.addPage();
        header(false);
      }
      const y = doc.y;
      const place = [r.shipTo.city, r.shipTo.region, r.shipTo.postalCode, r.shipTo.country].filter(Boolean).join(' ');
      const cells = [String(i + 1), r.trackingNumber, r.orderReference, r.service, String(r.packages), formatKg(r.weightGrams), `${formatMinor(r.amountMinor, r.currency)} ${r.currency}`, place];
      columns.forEach((c, j) => doc.text(cells[j] ?? '', c.x, y, { width: c.width, align: c.align ?? 'left', lineBreak: false, ellipsis: true }));
      doc.y = y + ROW;
    });

    // Totals and the driver's signature block stay together on one page.
    if (doc.y + 170 > bottom) {
      doc.addPage();
      header(false);
    }
    const t = manifestTotals(m);
    const amounts = Object.entries(t.amountMinorByCurrency).map(([cur, minor]) => `${formatMinor(minor, cur)} ${cur}`).join(' + ') || '0';
    let y = doc.y + 6;
    doc.moveTo(MARGIN, y).lineTo(doc.page.width - MARGIN, y).stroke();
    y += 8;
    doc.font('Helvetica-Bold').fontSize(10).text(`Totals: ${t.shipments} shipments · ${t.packages} packages · ${formatKg(t.weightGrams)} kg (billable ${formatKg(t.billableWeightGrams)} kg) · ${amounts}`, MARGIN, y, { width: doc.page.width - MARGIN * 2 });
    y = doc.y + 16;
    doc.font('Helvetica-Bold').fontSize(9).text('SCAN FORM', MARGIN, y);
    drawBarcode(doc, scanForm, MARGIN, y + 12, 260, 50, true);
    doc.font('Helvetica').fontSize(9).text(id, MARGIN, y + 66, { width: 260, align: 'center' });
    const sy = y + 100;
    doc.font('Helvetica').fontSize(9);
    doc.moveTo(MARGIN, sy).lineTo(MARGIN + 240, sy).stroke().text('Driver signature', MARGIN, sy + 4);
    doc.moveTo(MARGIN + 270, sy).lineTo(MARGIN + 400, sy).stroke().text('Date / time of pickup', MARGIN + 270, sy + 4);
    doc.moveTo(MARGIN + 430, sy).lineTo(doc.page.width - MARGIN, sy).stroke().text('Packages received', MARGIN + 430, sy + 4);
    doc.text(`By signing, the carrier acknowledges receipt of ${t.packages} packages in ${t.shipments} shipments listed above.`, MARGIN, sy + 24, { width: doc.page.width - MARGIN * 2 });

    const range = doc.bufferedPageRange();
    for (let p = range.start; p < range.start + range.count; p++) {
      doc.switchToPage(p);
      // The footer sits inside the bottom margin; without this pdfkit would start a new page for it.
      doc.page.margins.bottom = 0;
      doc.font('Helvetica').fontSize(8).text(`${id} · page ${p + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN - 4, { width: doc.page.width - MARGIN * 2, align: 'right', lineBreak: false });
    }
  });
}
