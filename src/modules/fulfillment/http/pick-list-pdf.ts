import { renderPdf } from '../../../platform/pdf.js';
import type { PickList } from '../db/pick-lists.queries.js';

export interface PickListPrint {
  list: PickList;
  locationCode: string;
}

/**
 * The printable pick list: one row per stop in walking order (bin, SKU, quantity, a box to tick)
 * with a Code 128 barcode of the SKU for the scanner. Runs on the CPU pool (renderPickListPdfOffLoop).
 */
export async function renderPickListPdf({ list, locationCode }: PickListPrint): Promise<Buffer> {
  const bwipjs = await import('bwip-js/node');
  const barcodes = new Map<string, Buffer>();
  for (const sku of new Set(list.stops.map((s) => s.sku))) {
    barcodes.set(sku, await bwipjs.toBuffer({ bcid: 'code128', text: sku, scale: 2, height: 8, includetext: false }));
  }
  return renderPdf({ size: 'A4', margin: 40, info: { Title: `Pick list ${list.id}`, Subject: `Location ${locationCode}`, CreationDate: list.createdAt } }, (doc) => {
    const rowHeight = 54;
    const header = (): void => {
      doc.font('Helvetica-Bold').fontSize(16).text(`Pick list ${list.id}`, 40, 40);
      doc.font('Helvetica').fontSize(10).text(`Location ${locationCode} · ${list.mode} · ${list.stops.length} stops · ${list.fulfillmentOrderIds.length} fulfillment orders · created ${list.createdAt.toISOString()}`);
      doc.fontSize(8).text(`Orders: ${list.fulfillmentOrderIds.join(', ')}`, { width: 515 });
      doc.moveDown();
      const y = doc.y;
      doc.font('Helvetica-Bold').fontSize(10).text('#', 40, y).text('Bin', 65, y).text('SKU', 155, y).text('Qty', 300, y).text('Picked', 335, y).text('Barcode', 390, y);
      doc.font('Helvetica').moveTo(40, y + 14).lineTo(555, y + 14).stroke();
      doc.y = y + 20;
    };
    header();
    list.stops.forEach((stop, i) => {
      if (doc.y + rowHeight > doc.page.height - 40) {
        doc.addPage();
        header();
      }
      const y = doc.y;
      doc.fontSize(11).text(String(i + 1), 40, y).text(stop.bin ?? '—', 65, y, { width: 85 }).text(stop.sku, 155, y, { width: 140 }).text(String(stop.quantity), 300, y);
      doc.rect(340, y - 2, 14, 14).stroke();
      if (stop.picked !== null) doc.text(String(stop.picked), 358, y);
      doc.image(barcodes.get(stop.sku) as Buffer, 390, y - 4, { fit: [160, 40] });
      doc.y = y + rowHeight;
    });
  });
}
