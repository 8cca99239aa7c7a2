import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEasyPostServer, type EasyPostServer } from '../../../../test/support/easypost-server.js';
import { loopbackFetch } from '../../../../test/support/outbound.js';
import type { CustomsDeclaration } from '../domain/customs.js';
import type { Parcel, ShippingAddress } from '../domain/types.js';
import type { LabelRequest } from './adapter.js';
import { CarrierError, easyPostCarrier, type EasyPostAdapter } from './easypost.js';
import { toEpCustomsInfo } from './easypost-format.js';

const apiKey = 'EZTK_customs_test';
const from: ShippingAddress = { name: 'Warehouse', line1: '1 Port St', city: 'Newark', region: 'NJ', postalCode: '07102', country: 'US', residential: false };
const toronto: ShippingAddress = { name: 'Jean Tremblay', line1: '100 Queen St W', city: 'Toronto', region: 'ON', postalCode: 'M5H 2N2', country: 'CA' };
const box: Parcel = { weightGrams: 1000, lengthMm: 300, widthMm: 200, heightMm: 100 };

const declaration: CustomsDeclaration = {
  contentsType: 'merchandise',
  contentsExplanation: null,
  nonDeliveryOption: 'return',
  restrictionType: 'none',
  restrictionComments: null,
  signer: 'Ada Lovelace',
  currency: 'USD',
  items: [
    { sku: 'TEE-1', description: 'Cotton T-shirt', quantity: 2, valueMinor: 3000, weightGrams: 400, hsCode: '6109100012', originCountry: 'PT' },
    { sku: 'DOC-1', description: 'Manual', quantity: 1, valueMinor: 105, weightGrams: 1, hsCode: null, originCountry: 'US' },
  ],
  eelPfc: 'NOEEI 30.36',
  itn: null,
};

describe('our declaration as EasyPost’s CustomsInfo', () => {
  test('certified by the signer; each item’s total value as a number in its currency, total weight in ounces rounded up, HS code, origin and SKU', () => {
    assert.deepEqual(toEpCustomsInfo(declaration), {
      contents_type: 'merchandise',
      contents_explanation: null,
      customs_certify: true,
      customs_signer: 'Ada Lovelace',
      non_delivery_option: 'return',
      restriction_type: 'none',
      restriction_comments: null,
      eel_pfc: 'NOEEI 30.36',
      customs_items: [
        { description: 'Cotton T-shirt', quantity: 2, value: 30, weight: 14.2, hs_tariff_number: '6109100012', origin_country: 'PT', code: 'TEE-1', currency: 'USD' },
        { description: 'Manual', quantity: 1, value: 1.05, weight: 0.1, hs_tariff_number: null, origin_country: 'US', code: 'DOC-1', currency: 'USD' },
      ],
    });
  });

  test('a currency without decimals keeps whole amounts', () => {
    const yen = toEpCustomsInfo({ ...declaration, currency: 'JPY', items: [{ ...declaration.items[0], valueMinor: 4500 } as CustomsDeclaration['items'][number]] });
    assert.equal(yen.customs_items[0]?.value, 4500);
    assert.equal(yen.customs_items[0]?.currency, 'JPY');
  });
});

describe('the local EasyPost checks customs like EasyPost', () => {
  let server: EasyPostServer;
  let adapter: EasyPostAdapter;
  before(async () => {
    server = await startEasyPostServer({ apiKey });
    adapter = easyPostCarrier({ apiKey, baseUrl: server.url, carrierCode: 'easypost', fetch: loopbackFetch });
  });
  after(() => server.close());

  async function buy(parcels: Parcel[], customs: CustomsDeclaration | undefined) {
    const rates = await adapter.rate({ from, to: toronto, parcels, shipDate: '2026-11-27', customs });
    const rate = rates.find((r) => r.carrier === 'usps' && r.service === 'Priority');
    assert.ok(rate, 'a USPS Priority rate');
    const request: LabelRequest = { from, to: toronto, parcels, shipDate: '2026-11-27', rate, customs };
    return adapter.createLabel(request);
  }

  test('an international label without customs_info is refused at purchase', async () => {
    await assert.rejects(buy([box], undefined), (error: unknown) => error instanceof CarrierError && error.code === 'SHIPMENT.CUSTOMS_INFO.REQUIRED' && !error.retryable);
  });

  test('with the declaration the label is bought and the shipment keeps the CustomsInfo', async () => {
    const label = await buy([box], declaration);
    assert.equal(label.trackingNumbers.length, 1);
    const created = server.requests.filter((r) => r.method === 'POST' && r.path === '/v2/shipments').at(-1);
    assert.equal((created?.body as { shipment: { customs_info: { customs_signer: string } } }).shipment.customs_info.customs_signer, 'Ada Lovelace');
  });

  test('several parcels are an Order carrying one CustomsInfo for all of them', async () => {
    const label = await buy([box, { ...box, weightGrams: 500 }], declaration);
    assert.equal(label.trackingNumbers.length, 2);
    const created = server.requests.filter((r) => r.method === 'POST' && r.path === '/v2/orders').at(-1);
    const order = (created?.body as { order: { customs_info?: { customs_items: unknown[] }; shipments: Record<string, unknown>[] } }).order;
    assert.equal(order.customs_info?.customs_items.length, 2);
    assert.ok(order.shipments.every((s) => s.customs_info === undefined), 'declared once, on the order');
  });

  test('a malformed CustomsInfo is refused naming its fields', async () => {
    const bad: CustomsDeclaration = { ...declaration, contentsType: 'other', signer: ' ', items: [{ ...(declaration.items[0] as CustomsDeclaration['items'][number]), valueMinor: 0, originCountry: 'PRT' }] };
    await assert.rejects(
      adapter.rate({ from, to: toronto, parcels: [box], shipDate: '2026-11-27', customs: bad }),
      (error: unknown) => {
        assert.ok(error instanceof CarrierError, `a CarrierError: ${String(error)}`);
        assert.equal(error.code, 'CUSTOMS_INFO.INVALID');
        for (const field of ['customs_info.contents_explanation', 'customs_info.customs_signer', 'customs_info.customs_items[0].value', 'customs_info.customs_items[0].origin_country']) {
          assert.ok(error.message.includes(field), `${field} in ${error.message}`);
        }
        return true;
      },
    );
  });
});
