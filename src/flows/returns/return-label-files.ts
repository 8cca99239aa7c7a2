import type { Static } from '@fastify/type-provider-typebox';
import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import { currencyExponent } from '../../platform/kernel/money.js';
import { returnShippingOf, returnShippingView, rmaQrSvg, rmaQrText, type ReturnShippingRow, type ReturnShippingView } from '../../modules/returns/index.js';
import { visibleReturn } from './steps/return-view.js';

type ReturnShippingJson = Static<typeof ReturnShippingView>;

async function arrangementOf(db: Db, tenantId: string, returnId: string): Promise<{ row: ReturnShippingRow; currency: string }> {
  const ret = await visibleReturn(db, tenantId, returnId);
  const row = await returnShippingOf(db, tenantId, ret.id);
  if (!row) throw new DomainError('RETURN_LABEL_NOT_FOUND', `Return ${returnId} has no shipping arranged yet (POST /v1/returns/${returnId}/label).`);
  return { row, currency: ret.currency };
}

/** GET /v1/returns/{id}/shipping: how the return's goods come back, what the label cost, where the parcel is. */
export async function returnShippingOfReturn(db: Db, tenantId: string, returnId: string): Promise<ReturnShippingJson> {
  const { row, currency } = await arrangementOf(db, tenantId, returnId);
  return returnShippingView(row, currencyExponent(currency) ?? 2);
}

/**
 * GET /v1/returns/{id}/label?format=: the label as bought (PDF, ZPL) or the drop-off QR code (PNG as
 * kept; SVG of our own QR code, drawn again from the RMA and tracking number). A format the return
 * does not have is 404 naming what it has.
 */
export async function returnLabelFile(db: Db, tenantId: string, returnId: string, format: 'pdf' | 'zpl' | 'png' | 'svg'): Promise<{ type: string; body: Buffer | string }> {
  const { row } = await arrangementOf(db, tenantId, returnId);
  const file =
    format === 'pdf' && row.labelPdf ? { type: 'application/pdf', body: row.labelPdf }
    : format === 'zpl' && row.labelZpl ? { type: 'application/zpl; charset=utf-8', body: row.labelZpl }
    : format === 'png' && row.qrPng ? { type: 'image/png', body: row.qrPng }
    : format === 'svg' && row.qrSource === 'rma' ? { type: 'image/svg+xml', body: await rmaQrSvg(rmaQrText(row.returnId, row.trackingNumber)) }
    : undefined;
  if (!file) {
    const has = returnShippingView(row, 2).formats;
    throw new DomainError('RETURN_LABEL_NOT_FOUND', `Return ${returnId} (${row.method}) has no ${format} file${has.length > 0 ? `; it has ${has.join(', ')}` : ''}.`, [{ field: 'format', message: has.length > 0 ? `must be one of ${has.join(', ')} for this return` : 'this return has no label file' }]);
  }
  return file;
}
