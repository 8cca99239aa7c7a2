import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { amazonConfirmationBody, type ShipmentConfirmationPayload, assignToLines, carrierNames, ebayFulfillmentBody, extraParcelsWarning, wooShipmentTrackings, wooTrackingNote } from './shipment-confirmations.js';

const payload = (over: Partial<ShipmentConfirmationPayload> = {}): ShipmentConfirmationPayload => ({
  carrier: 'ups',
  service: 'GROUND',
  tracking_numbers: ['1Z999AA10123456784'],
  tracking_url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
  items: [{ sku: 'A', quantity: 2 }],
  ship_date: '2025-03-15',
  order_shipped: true,
  package_reference: 1,
  ...over,
});

describe('carrier names per platform', () => {
  it('names known carriers in Amazon’s and eBay’s vocabulary, whatever the spelling', () => {
    for (const [given, amazon, ebay] of [['ups', 'UPS', 'UPS'], ['USPS', 'USPS', 'USPS'], ['FedEx', 'FedEx', 'FedEx'], ['dhl_express', 'DHL', 'DHL'], ['Canada Post', 'Canada Post', 'CanadaPost'], ['royal-mail', 'Royal Mail', 'RoyalMail']] as const) {
      const names = carrierNames(given);
      assert.equal(names.amazonCode, amazon, given);
      assert.equal(names.amazonName, null, given);
      assert.equal(names.ebayCode, ebay, given);
    }
  });
  it('sends any other carrier as Other with its own name', () => {
    assert.deepEqual(carrierNames('Acme Freight'), { amazonCode: 'Other', amazonName: 'Acme Freight', ebayCode: 'Other', display: 'Acme Freight' });
    assert.equal(carrierNames('  ').amazonName, 'Carrier');
  });
});

describe('assignToLines', () => {
  it('fills lines of the SKU in order, up to what each has open', () => {
    const lines = [
      { id: 'l1', sku: 'A', open: 1 },
      { id: 'l2', sku: 'B', open: 5 },
      { id: 'l3', sku: 'A', open: 4 },
    ];
    assert.deepEqual(assignToLines([{ sku: 'A', quantity: 3 }, { sku: 'B', quantity: 2 }], lines, 'Amazon'), { ok: true, lines: [{ id: 'l1', quantity: 1 }, { id: 'l3', quantity: 2 }, { id: 'l2', quantity: 2 }] });
  });
  it('refuses a SKU the order has not got, and units beyond what is open', () => {
    assert.deepEqual(assignToLines([{ sku: 'Z', quantity: 1 }], [{ id: 'l1', sku: 'A', open: 1 }], 'eBay'), { ok: false, error: 'the eBay order has no line with SKU Z' });
    assert.deepEqual(assignToLines([{ sku: 'A', quantity: 3 }], [{ id: 'l1', sku: 'A', open: 2 }], 'Amazon'), { ok: false, error: 'the Amazon order has only 2 of 3 units of SKU A left to ship' });
  });
  it('counts the same line once when two items of one SKU reach it', () => {
    assert.deepEqual(assignToLines([{ sku: 'A', quantity: 1 }, { sku: 'A', quantity: 1 }], [{ id: 'l1', sku: 'A', open: 2 }], 'eBay'), { ok: true, lines: [{ id: 'l1', quantity: 2 }] });
  });
});

describe('bodies', () => {
  it('Amazon confirmShipment: marketplace, numeric package reference, carrier, instant, order items', () => {
    assert.deepEqual(amazonConfirmationBody(payload({ carrier: 'Acme Freight', service: null }), 'ATVPDKIKX0DER', '2', [{ id: '111', quantity: 2 }]), {
      marketplaceId: 'ATVPDKIKX0DER',
      packageDetail: { packageReferenceId: '2', carrierCode: 'Other', carrierName: 'Acme Freight', trackingNumber: '1Z999AA10123456784', shipDate: '2025-03-15T12:00:00Z', orderItems: [{ orderItemId: '111', quantity: 2 }] },
    });
  });
  it('eBay createShippingFulfillment: line items, date, carrier code, tracking number', () => {
    assert.deepEqual(ebayFulfillmentBody(payload(), [{ id: '900', quantity: 2 }]), { lineItems: [{ lineItemId: '900', quantity: 2 }], shippedDate: '2025-03-15T12:00:00.000Z', shippingCarrierCode: 'UPS', trackingNumber: '1Z999AA10123456784' });
  });
  it('one tracking number per Amazon / eBay confirmation: the others are named in a warning', () => {
    assert.deepEqual(extraParcelsWarning(payload(), 'Amazon'), []);
    assert.deepEqual(extraParcelsWarning(payload({ tracking_numbers: ['T1', 'T2', 'T3'] }), 'eBay'), ['eBay takes one tracking number per confirmation: sent T1; not sent T2, T3']);
  });
  it('WooCommerce: the customer note names carrier, service, numbers and the link of a single parcel', () => {
    assert.equal(wooTrackingNote(payload()), 'Shipped with UPS GROUND. Tracking number: 1Z999AA10123456784.\nTrack it: https://www.ups.com/track?tracknum=1Z999AA10123456784');
    assert.equal(wooTrackingNote(payload({ tracking_numbers: ['T1', 'T2'], service: null })), 'Shipped with UPS. Tracking numbers: T1, T2.');
    assert.deepEqual(wooShipmentTrackings(payload({ tracking_numbers: ['T1', 'T2'] })).map((t) => [t.tracking_number, t.custom_tracking_provider, t.custom_tracking_link, t.date_shipped]), [
      ['T1', 'UPS', '', '2025-03-15'],
      ['T2', 'UPS', '', '2025-03-15'],
    ]);
  });
});
