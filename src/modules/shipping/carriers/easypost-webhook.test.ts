import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { trackingUpdatesFromEvent, verifyEasyPostSignature } from './easypost-webhook.js';

// Expected values computed outside our code: printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET"
const body = '{"object":"Event","description":"tracker.updated"}';
const sekritSignature = 'hmac-sha256-hex=ed6c120b34fee0415397b00852d6b3ac3193c1f2b4e4b8f8f9197d6962c62f74';
const fishSignature = 'hmac-sha256-hex=0b9e5e749df204065aac2294c75e3fc304eb16647738d462d53e3f1acd4a4bba';

describe('verifyEasyPostSignature', () => {
  const cases: [string, Buffer | string, string | undefined, string, boolean][] = [
    ['the documented header for the raw body', body, sekritSignature, 'sekrit', true],
    ['the same body as bytes', Buffer.from(body, 'utf8'), sekritSignature, 'sekrit', true],
    ['surrounding whitespace from a proxy', body, ` ${sekritSignature} `, 'sekrit', true],
    // U+FB01 (the "fi" ligature) becomes "fi" under NFKD, as EasyPost's own libraries normalise it.
    ['a secret that NFKD-normalises to the signing secret', body, fishSignature, '\uFB01sh', true],
    ['the wrong secret', body, sekritSignature, 'other', false],
    ['a missing header', body, undefined, 'sekrit', false],
    ['an empty header', body, '', 'sekrit', false],
    ['a tampered body', body.replace('updated', 'created'), sekritSignature, 'sekrit', false],
    ['the hex without its prefix', body, sekritSignature.slice('hmac-sha256-hex='.length), 'sekrit', false],
    ['a truncated signature', body, sekritSignature.slice(0, -2), 'sekrit', false],
    ['a different prefix', body, sekritSignature.replace('hmac-sha256-hex=', 'sha256='), 'sekrit', false],
    ['an empty secret, even with its matching signature', body, 'hmac-sha256-hex=', '', false],
  ];
  for (const [name, raw, header, secret, expected] of cases) {
    test(`${expected ? 'accepts' : 'refuses'} ${name}`, () => {
      assert.equal(verifyEasyPostSignature(raw, header, secret), expected);
    });
  }
});

/** Shaped like the Event example in EasyPost's webhook documentation (values are ours). */
function trackerEvent(overrides: Record<string, unknown> = {}, description = 'tracker.updated'): Record<string, unknown> {
  return {
    object: 'Event',
    id: 'evt_2f7a1c9e8b4d11ee',
    mode: 'test',
    description,
    previous_attributes: { status: 'in_transit' },
    created_at: '2026-01-07T17:40:12Z',
    updated_at: '2026-01-07T17:40:12Z',
    pending_urls: ['https://example.com/easypost-webhook'],
    completed_urls: [],
    result: {
      object: 'Tracker',
      id: 'trk_0c5d4e1f',
      mode: 'test',
      tracking_code: '9400100000000000000000',
      status: 'delivered',
      status_detail: 'arrived_at_destination',
      carrier: 'USPS',
      created_at: '2026-01-05T18:00:00Z',
      updated_at: '2026-01-07T17:40:00Z',
      est_delivery_date: '2026-01-07T00:00:00Z',
      tracking_details: [
        { object: 'TrackingDetail', status: 'pre_transit', message: 'Pre-Shipment Info Sent to USPS', datetime: '2026-01-05T18:00:00Z', source: 'USPS', tracking_location: { object: 'TrackingLocation', city: null, state: null, country: null, zip: null } },
        { object: 'TrackingDetail', status: 'in_transit', message: 'Arrived at USPS Regional Facility', datetime: '2026-01-06T06:15:00-08:00', source: 'USPS', tracking_location: { object: 'TrackingLocation', city: 'SAN FRANCISCO', state: 'CA', country: 'US', zip: '94107' } },
        { object: 'TrackingDetail', status: 'out_for_delivery', message: 'Out for Delivery', datetime: '2026-01-07T08:02:00-08:00', source: 'USPS', tracking_location: { object: 'TrackingLocation', city: 'REDONDO BEACH', state: 'CA', country: null, zip: '90277' } },
        { object: 'TrackingDetail', status: 'delivered', message: 'Delivered, In/At Mailbox', datetime: '2026-01-07T09:40:00-08:00', source: 'USPS', tracking_location: { object: 'TrackingLocation', city: 'REDONDO BEACH', state: 'CA', country: 'US', zip: '90277' } },
      ],
      ...overrides,
    },
  };
}

describe('trackingUpdatesFromEvent', () => {
  test('maps a tracker.updated Event to updates, oldest first, instants in UTC', () => {
    assert.deepEqual(trackingUpdatesFromEvent(trackerEvent()), {
      updates: [
        { trackingNumber: '9400100000000000000000', status: 'label_created', occurredAt: '2026-01-05T18:00:00.000Z', location: undefined, description: 'Pre-Shipment Info Sent to USPS' },
        { trackingNumber: '9400100000000000000000', status: 'in_transit', occurredAt: '2026-01-06T14:15:00.000Z', location: 'SAN FRANCISCO, CA 94107, US', description: 'Arrived at USPS Regional Facility' },
        { trackingNumber: '9400100000000000000000', status: 'out_for_delivery', occurredAt: '2026-01-07T16:02:00.000Z', location: 'REDONDO BEACH, CA 90277', description: 'Out for Delivery' },
        { trackingNumber: '9400100000000000000000', status: 'delivered', occurredAt: '2026-01-07T17:40:00.000Z', location: 'REDONDO BEACH, CA 90277, US', description: 'Delivered, In/At Mailbox' },
      ],
    });
  });

  const statuses: [string, string][] = [
    ['unknown', 'label_created'],
    ['pre_transit', 'label_created'],
    ['in_transit', 'in_transit'],
    ['available_for_pickup', 'in_transit'],
    ['out_for_delivery', 'out_for_delivery'],
    ['delivered', 'delivered'],
    ['return_to_sender', 'returned_to_sender'],
    ['failure', 'exception'],
    ['error', 'exception'],
    ['cancelled', 'exception'],
  ];
  for (const [easyPost, ours] of statuses) {
    test(`EasyPost status ${easyPost} becomes ${ours}`, () => {
      const event = trackerEvent({ tracking_details: [{ status: easyPost, datetime: '2026-01-06T10:00:00Z', message: 'scan' }] }, 'tracker.created');
      const result = trackingUpdatesFromEvent(event);
      assert.ok('updates' in result, `the event gives updates: ${JSON.stringify(result)}`);
      assert.deepEqual(result.updates.map((u) => u.status), [ours]);
    });
  }

  test('skips scans with a status EasyPost has not documented, keeping the rest', () => {
    const event = trackerEvent({
      tracking_details: [
        { status: 'teleported', datetime: '2026-01-06T10:00:00Z' },
        { status: 'in_transit', datetime: '2026-01-06T11:00:00Z' },
      ],
    });
    const result = trackingUpdatesFromEvent(event);
    assert.ok('updates' in result, `the event gives updates: ${JSON.stringify(result)}`);
    assert.deepEqual(result.updates.map((u) => u.status), ['in_transit']);
  });

  test('a tracker with no scans yet reports its status at updated_at', () => {
    const result = trackingUpdatesFromEvent(trackerEvent({ status: 'in_transit', tracking_details: [] }));
    assert.deepEqual(result, { updates: [{ trackingNumber: '9400100000000000000000', status: 'in_transit', occurredAt: '2026-01-07T17:40:00.000Z' }] });
  });

  test('events about other objects are acknowledged with no updates', () => {
    assert.deepEqual(trackingUpdatesFromEvent({ object: 'Event', id: 'evt_1', description: 'batch.created', result: { object: 'Batch' } }), { updates: [] });
  });

  const malformed: [string, unknown, string[]][] = [
    ['not an object', 'tracker.updated', ['']],
    ['an array', [trackerEvent()], ['']],
    ['no description', { object: 'Event', result: {} }, ['description']],
    ['not an Event', { object: 'Tracker', description: 'tracker.updated' }, ['object']],
    ['a result that is not an object', { ...trackerEvent(), result: 'trk_1' }, ['result']],
    ['no tracking code', trackerEvent({ tracking_code: '' }), ['result.tracking_code']],
    ['no status', trackerEvent({ status: undefined }), ['result.status']],
    ['details that are not an array', trackerEvent({ tracking_details: {} }), ['result.tracking_details']],
    [
      'a scan without a zone or a status',
      trackerEvent({ tracking_details: [{ status: 'in_transit', datetime: '2026-01-06 10:00' }, { datetime: '2026-01-06T10:00:00Z', message: 7 }] }),
      ['result.tracking_details[0].datetime', 'result.tracking_details[1].status', 'result.tracking_details[1].message'],
    ],
  ];
  for (const [name, event, fields] of malformed) {
    test(`a body with ${name} is refused, naming the fields`, () => {
      const result = trackingUpdatesFromEvent(event);
      assert.ok('problems' in result, 'expected problems');
      assert.deepEqual(result.problems.map((p) => p.field), fields);
    });
  }
});
