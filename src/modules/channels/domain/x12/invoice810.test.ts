import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseInterchange } from './interchange.js';
import { buildInvoice810, impliedCents, type InvoiceInput } from './invoice810.js';

const input: InvoiceInput = {
  separators: { element: '*', subElement: ':', segment: '~', repetition: null },
  sender: { qualifier: 'ZZ', id: 'OMSSELLER' },
  receiver: { qualifier: 'ZZ', id: 'BUYERCO' },
  interchangeControlNumber: 901,
  groupControlNumber: 902,
  setControlNumber: 3,
  isaVersion: '00401',
  gsVersion: '004010',
  at: new Date('2026-11-29T23:59:00Z'),
  invoiceNumber: 'shp_01',
  invoiceDate: '2026-11-29',
  poNumber: 'PO-4500012345',
  poDate: '2026-11-25',
  currency: 'USD',
  exponent: 2,
  shipmentId: 'shp_01',
  trackingNumber: '1Z999AA10123456784',
  shipDate: '2026-11-28',
  carrier: 'fedex',
  service: 'FEDEX_GROUND',
  shipTo: { entity: 'ST', name: 'BUYER CO DC 7', idQualifier: '92', id: '0007' },
  remitTo: { entity: 'RI', name: 'Our Shop', addressLines: ['1 Port St'], city: 'Newark', state: 'NJ', postalCode: '07102', country: 'US' },
  lines: [
    { lineId: '1', quantity: 10, unit: 'EA', unitPriceMinor: 1250, productIds: [{ qualifier: 'SK', id: 'SKU-RED-S' }, { qualifier: 'UP', id: '012345678905' }] },
    { lineId: '3', quantity: 1, unit: 'EA', unitPriceMinor: 99, productIds: [{ qualifier: 'VN', id: 'VN-1' }] },
  ],
};

describe('810 invoice', () => {
  test('segment by segment: IT1 per shipped line, TDS in cents, CAD, ISS, CTT', () => {
    const x12 = buildInvoice810(input, { newline: true });
    assert.deepEqual(x12.split('~\n').filter((s) => s !== ''), [
      'ISA*00*          *00*          *ZZ*OMSSELLER      *ZZ*BUYERCO        *261129*2359*U*00401*000000901*0*P*:',
      'GS*IN*OMSSELLER*BUYERCO*20261129*2359*902*X*004010',
      'ST*810*0003',
      'BIG*20261129*shp_01*20261125*PO-4500012345',
      'REF*BM*1Z999AA10123456784',
      'N1*RI*Our Shop',
      'N3*1 Port St',
      'N4*Newark*NJ*07102*US',
      'N1*ST*BUYER CO DC 7*92*0007',
      'DTM*011*20261128',
      'IT1*1*10*EA*12.50**SK*SKU-RED-S*UP*012345678905',
      'IT1*3*1*EA*0.99**VN*VN-1',
      'TDS*12599',
      'CAD*U***FDEG',
      'ISS*11*EA',
      'CTT*2',
      'SE*15*0003',
      'GE*1*902',
      'IEA*1*000000901',
    ]);
    const parsed = parseInterchange(x12);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.interchange?.groups[0]?.sets[0]?.problems, []);
  });

  test('another currency: CUR*SE and TDS still with two implied decimals', () => {
    const x12 = buildInvoice810({ ...input, currency: 'JPY', exponent: 0, lines: [{ lineId: '1', quantity: 2, unit: 'EA', unitPriceMinor: 1500, productIds: [] }] });
    const segments = x12.split('~');
    assert.ok(segments.includes('CUR*SE*JPY'), 'CUR*SE*JPY: the currency is named');
    assert.ok(segments.includes('IT1*1*2*EA*1500'), 'IT1 with the yen price, no decimals');
    assert.ok(segments.includes('TDS*300000'), 'TDS total in yen');
    assert.equal(impliedCents(12345, 3), '1235');
  });
});
