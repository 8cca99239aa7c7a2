import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EpCustomsInfo, EpOrder, EpRate, EpShipment, EpTracker, EpTrackingDetail } from '../../src/modules/shipping/carriers/easypost-format.js';
import { generateTrackingNumber } from '../../src/modules/shipping/domain/tracking-numbers.js';

/**
 * A local stand-in for EasyPost's REST API v2, speaking its documented objects (Shipment, Order,
 * Rate, PostageLabel, Tracker, Event, Error) so the adapter is tested against the wire format, not
 * against itself. Deterministic: ids count up, prices come from a fixed table. No network beyond
 * 127.0.0.1.
 */

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v2/shipments/shp_000001/label?file_format=PDF`. */
  path: string;
  body: unknown;
}

export interface EasyPostServer {
  /** Base URL of the API, e.g. `http://127.0.0.1:PORT/v2`. */
  url: string;
  close(): Promise<void>;
  requests: RecordedRequest[];
  /** Trackers by tracking code; tests may add scans to them. */
  trackers: Map<string, EpTracker>;
  /** The `X-Hmac-Signature` value EasyPost would send with this body. */
  signEvent(body: string): string;
  /** Adds a scan to a tracker and returns the `tracker.updated` Event body EasyPost would post. */
  scan(trackingCode: string, detail: EpTrackingDetail): string;
  /** The next API call answers this status with EasyPost's error shape. */
  failNext(status: number): void;
  /** The next API call is never answered (until close). */
  stallNext(): void;
  /** Label conversion to this format fails for this carrier, as it does for some real carriers. */
  refuseConversion(carrier: string, format: 'PDF' | 'ZPL'): void;
  /** Label file URLs name this origin instead of the server's own (a hostile aggregator); null: its own again. */
  labelOrigin(origin: string | null): void;
  /** The next API request whose path matches is answered only after `during` has finished. */
  holdNext(path: RegExp, during: () => Promise<void>): void;
}

interface ServiceRow {
  carrier: string;
  service: string;
  /** Price = base + per started ounce, in cents. */
  base: number;
  perOz: number;
  deliveryDays: number | null;
  estDeliveryDays: number;
}

/** Sample prices only. USPS Ground Advantage has no delivery_days, as EasyPost sometimes answers. */
const services: readonly ServiceRow[] = [
  { carrier: 'USPS', service: 'GroundAdvantage', base: 525, perOz: 9, deliveryDays: null, estDeliveryDays: 4 },
  { carrier: 'USPS', service: 'Priority', base: 895, perOz: 14, deliveryDays: 2, estDeliveryDays: 2 },
  { carrier: 'USPS', service: 'Express', base: 2995, perOz: 30, deliveryDays: 1, estDeliveryDays: 1 },
  { carrier: 'UPS', service: 'Ground', base: 1050, perOz: 8, deliveryDays: 4, estDeliveryDays: 4 },
  { carrier: 'UPS', service: '2ndDayAir', base: 2150, perOz: 18, deliveryDays: 2, estDeliveryDays: 2 },
  { carrier: 'UPS', service: 'NextDayAir', base: 4575, perOz: 35, deliveryDays: 1, estDeliveryDays: 1 },
  { carrier: 'FedEx', service: 'FEDEX_GROUND', base: 1025, perOz: 8, deliveryDays: 4, estDeliveryDays: 4 },
  { carrier: 'FedEx', service: 'FEDEX_2_DAY', base: 2200, perOz: 18, deliveryDays: 2, estDeliveryDays: 2 },
  { carrier: 'FedEx', service: 'STANDARD_OVERNIGHT', base: 4800, perOz: 36, deliveryDays: 1, estDeliveryDays: 1 },
];

const upsServiceCodes: Record<string, string> = { Ground: '03', '2ndDayAir': '02', NextDayAir: '01' };

const cents = (n: number): string => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
const centsOf = (rate: string): number => Number(rate.replace('.', ''));

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

interface Stored extends EpShipment {
  parcel: { weight: number };
  to_address?: unknown;
  from_address?: unknown;
  /** From and to countries differ: EasyPost refuses to buy postage without a CustomsInfo. */
  international: boolean;
}

const CONTENTS_TYPES = ['documents', 'gift', 'merchandise', 'returned_goods', 'sample', 'dangerous_goods', 'humanitarian_donation', 'other'];
const RESTRICTION_TYPES = ['none', 'other', 'quarantine', 'sanitary_phytosanitary_inspection'];

/**
 * A CustomsInfo as EasyPost documents it (docs.easypost.com/docs/customs-infos, customs-items):
 * enumerated contents, non-delivery and restriction types; an explanation for `other` contents and
 * comments for a restriction; a signer when certified; items with a description, quantity, value
 * and weight (ounces) above zero and a two-letter origin country.
 */
function checkCustomsInfo(input: unknown, at: string, id: string): EpCustomsInfo {
  const info = input as Record<string, unknown> | null;
  if (typeof info !== 'object' || info === null || Array.isArray(info)) throw new ApiError(422, 'PARAMETER.INVALID', 'customs_info must be an object.', [{ field: at, message: 'must be an object' }]);
  const errors: { field: string; message: string }[] = [];
  const bad = (field: string, message: string) => errors.push({ field: `${at}.${field}`, message });
  const text = (value: unknown) => typeof value === 'string' && value.trim() !== '';
  if (!CONTENTS_TYPES.includes(info.contents_type as string)) bad('contents_type', `must be one of ${CONTENTS_TYPES.join(', ')}`);
  if (info.contents_type === 'other' && !text(info.contents_explanation)) bad('contents_explanation', 'is required when contents_type is other');
  if (info.contents_explanation != null && (typeof info.contents_explanation !== 'string' || info.contents_explanation.length > 255)) bad('contents_explanation', 'must be at most 255 characters');
  if (info.customs_certify !== undefined && typeof info.customs_certify !== 'boolean') bad('customs_certify', 'must be a boolean');
  if (info.customs_certify === true && !text(info.customs_signer)) bad('customs_signer', 'is required when customs_certify is true');
  if (info.non_delivery_option !== undefined && !['return', 'abandon'].includes(info.non_delivery_option as string)) bad('non_delivery_option', 'must be return or abandon');
  if (info.restriction_type !== undefined && !RESTRICTION_TYPES.includes(info.restriction_type as string)) bad('restriction_type', `must be one of ${RESTRICTION_TYPES.join(', ')}`);
  if (info.restriction_type !== undefined && info.restriction_type !== 'none' && !text(info.restriction_comments)) bad('restriction_comments', 'is required when restriction_type is not none');
  if (info.eel_pfc != null && typeof info.eel_pfc !== 'string') bad('eel_pfc', 'must be a string');
  const items = info.customs_items;
  if (!Array.isArray(items) || items.length === 0) bad('customs_items', 'must list at least one CustomsItem');
  else {
    items.forEach((raw: unknown, i) => {
      const item = (raw ?? {}) as Record<string, unknown>;
      const field = (name: string) => `customs_items[${i}].${name}`;
      if (!text(item.description)) bad(field('description'), 'cannot be blank');
      for (const name of ['quantity', 'value', 'weight']) if (!(typeof item[name] === 'number' || typeof item[name] === 'string') || !(Number(item[name]) > 0)) bad(field(name), 'must be greater than zero');
      if (typeof item.origin_country !== 'string' || !/^[A-Z]{2}$/.test(item.origin_country)) bad(field('origin_country'), 'must be a two-character country code');
      if (item.hs_tariff_number != null && (typeof item.hs_tariff_number !== 'string' || !/^[0-9]{6,10}$/.test(item.hs_tariff_number.replace(/\./g, '')))) bad(field('hs_tariff_number'), 'must be a Harmonized Tariff Schedule code of 6 to 10 digits');
      if (item.currency != null && (typeof item.currency !== 'string' || !/^[A-Z]{3}$/.test(item.currency))) bad(field('currency'), 'must be a three-character currency code');
    });
  }
  if (errors.length > 0) throw new ApiError(422, 'CUSTOMS_INFO.INVALID', 'The customs information is invalid.', errors);
  return {
    ...(info as unknown as EpCustomsInfo),
    object: 'CustomsInfo',
    id: `cstinfo_${id}`,
    customs_items: (items as EpCustomsInfo['customs_items']).map((item, i) => ({ ...item, object: 'CustomsItem', id: `cstitem_${id}_${i}` })),
  };
}

export async function startEasyPostServer(options: { apiKey?: string; webhookSecret?: string; now?: () => string } = {}): Promise<EasyPostServer> {
  const apiKey = options.apiKey ?? 'EZTK_test_key';
  const webhookSecret = options.webhookSecret ?? 'test_webhook_secret';
  const now = options.now ?? (() => new Date().toISOString());
  const requests: RecordedRequest[] = [];
  const trackers = new Map<string, EpTracker>();
  const shipments = new Map<string, Stored>();
  const orders = new Map<string, { id: string; shipmentIds: string[]; rates: EpRate[] }>();
  const files = new Map<string, { type: string; body: () => Promise<Buffer> }>();
  let seq = 0;
  const nextId = (prefix: string) => `${prefix}_${String(++seq).padStart(6, '0')}`;
  let failStatus: number | undefined;
  let stall = false;
  let filesAt: string | null = null;
  let hold: { path: RegExp; during: () => Promise<void> } | undefined;
  const unconvertible = new Set<string>();
  let origin = '';

  function need<T>(value: T | undefined | null, field: string): T {
    if (value === undefined || value === null || value === '') throw new ApiError(422, 'PARAMETER.REQUIRED', 'Missing required parameter.', [{ field, message: 'cannot be blank' }]);
    return value;
  }

  function createShipment(input: Record<string, unknown>, at: string): Stored {
    for (const side of ['to_address', 'from_address'] as const) {
      const address = need(input[side] as Record<string, unknown> | undefined, side);
      for (const field of ['street1', 'city', 'zip', 'country']) need(address[field], `${side}.${field}`);
    }
    const parcel = need(input.parcel as Record<string, unknown> | undefined, `${at}parcel`);
    const weight = Number(parcel.weight);
    if (!(weight > 0)) throw new ApiError(422, 'PARCEL.WEIGHT.INVALID', 'Parcel weight must be greater than zero ounces.', [{ field: 'weight', message: 'must be greater than 0' }]);
    const countryOf = (side: string) => String((input[side] as Record<string, unknown>).country).toUpperCase();
    const international = countryOf('to_address') !== countryOf('from_address');
    const id = nextId('shp');
    const customs = input.customs_info == null ? null : checkCustomsInfo(input.customs_info, `${at}customs_info`, id.slice(4));
    const rates = services.map<EpRate>((s, i) => ({
      object: 'Rate',
      id: `rate_${id.slice(4)}_${i}`,
      shipment_id: id,
      carrier: s.carrier,
      service: s.service,
      rate: cents(s.base + Math.ceil(weight) * s.perOz),
      currency: 'USD',
      delivery_days: s.deliveryDays,
      delivery_date: null,
      est_delivery_days: s.estDeliveryDays,
    }));
    // A return (docs.easypost.com/docs/shipments/returns): sent with the outbound shipment's addresses, swapped by EasyPost.
    const isReturn = input.is_return === true;
    const addresses = isReturn ? { to_address: input.from_address, from_address: input.to_address } : { to_address: input.to_address, from_address: input.from_address };
    const shipment: Stored = { object: 'Shipment', id, reference: (input.reference as string | undefined) ?? null, rates, selected_rate: null, tracking_code: null, postage_label: null, refund_status: null, customs_info: customs, is_return: isReturn, forms: [], ...addresses, parcel: { weight }, international };
    shipments.set(id, shipment);
    return shipment;
  }

  function buyShipment(shipment: Stored, rate: EpRate): Stored {
    if (shipment.tracking_code) throw new ApiError(422, 'SHIPMENT.POSTAGE.EXISTS', 'Postage already exists for this shipment.');
    if (shipment.international && !shipment.customs_info) throw new ApiError(422, 'SHIPMENT.CUSTOMS_INFO.REQUIRED', 'Customs information is required for international shipments.', [{ field: 'customs_info', message: 'cannot be blank' }]);
    const serial = seq * 7 + 1;
    const tracking =
      rate.carrier === 'UPS' ? generateTrackingNumber('ups', serial, { shipperNumber: 'EP1234', serviceCode: upsServiceCodes[rate.service] ?? '03' })
      : rate.carrier === 'FedEx' ? generateTrackingNumber('fedex', serial)
      : generateTrackingNumber('usps', serial, { applicationId: '94', mailerId: '123456' });
    shipment.selected_rate = rate;
    shipment.tracking_code = tracking;
    shipment.postage_label = { object: 'PostageLabel', label_url: `${origin}/files/${shipment.id}.png`, label_pdf_url: null, label_zpl_url: null };
    files.set(`${shipment.id}.png`, { type: 'image/png', body: () => Promise.resolve(onePixelPng) });
    files.set(`${shipment.id}.pdf`, { type: 'application/pdf', body: () => tinyPdf(`${rate.carrier} ${rate.service} ${tracking}`) });
    files.set(`${shipment.id}.zpl`, { type: 'text/plain', body: () => Promise.resolve(Buffer.from(`^XA\n^FO40,40^A0N,40,40^FD${rate.carrier} ${rate.service}^FS\n^FO40,120^BCN,120,Y,N,N^FD${tracking}^FS\n^XZ\n`)) });
    const at = now();
    trackers.set(tracking, {
      object: 'Tracker', id: nextId('trk'), tracking_code: tracking, carrier: rate.carrier, status: 'pre_transit', updated_at: at,
      tracking_details: [{ status: 'pre_transit', datetime: at, message: 'Shipping Label Created', tracking_location: null }],
    });
    return shipment;
  }

  const view = (s: Stored): EpShipment => {
    const { parcel, international: _international, ...rest } = s;
    return { ...rest, parcel: { object: 'Parcel', weight: parcel.weight } } as EpShipment;
  };
  const orderView = (o: { id: string; shipmentIds: string[]; rates: EpRate[] }): EpOrder => ({ object: 'Order', id: o.id, rates: o.rates, shipments: o.shipmentIds.map((id) => view(shipments.get(id) as Stored)) });
  const getShipment = (id: string) => shipments.get(id) ?? notFound('shipment');
  const getOrder = (id: string) => orders.get(id) ?? notFound('order');

  const routes: [string, RegExp, (m: string[], body: Record<string, unknown>, query: URLSearchParams) => unknown][] = [
    ['POST', /^\/v2\/shipments$/, (_, body) => view(createShipment(need(body.shipment as Record<string, unknown>, 'shipment'), ''))],
    ['GET', /^\/v2\/shipments\/([^/]+)$/, ([id]) => view(getShipment(id ?? ''))],
    ['POST', /^\/v2\/shipments\/([^/]+)\/buy$/, ([id], body) => {
      const shipment = getShipment(id ?? '');
      const rateId = need((body.rate as { id?: string } | undefined)?.id, 'rate.id');
      const rate = shipment.rates?.find((r) => r.id === rateId) ?? notFound('rate');
      return view(buyShipment(shipment, rate));
    }],
    ['GET', /^\/v2\/shipments\/([^/]+)\/label$/, ([id], _, query) => {
      const shipment = getShipment(id ?? '');
      const format = need(query.get('file_format'), 'file_format').toUpperCase();
      if (!shipment.postage_label) throw new ApiError(422, 'SHIPMENT.POSTAGE.REQUIRED', 'The shipment has no postage to convert.');
      if (unconvertible.has(`${shipment.selected_rate?.carrier}:${format}`)) throw new ApiError(422, 'SHIPMENT.LABEL.CONVERSION_UNAVAILABLE', `${shipment.selected_rate?.carrier} labels cannot be converted to ${format}.`);
      if (format === 'PDF') shipment.postage_label.label_pdf_url = `${filesAt ?? origin}/files/${shipment.id}.pdf`;
      else if (format === 'ZPL') shipment.postage_label.label_zpl_url = `${filesAt ?? origin}/files/${shipment.id}.zpl`;
      else throw new ApiError(422, 'SHIPMENT.LABEL.FORMAT_INVALID', `Unsupported file_format ${format}.`, [{ field: 'file_format', message: 'must be PDF or ZPL' }]);
      return view(shipment);
    }],
    // Forms of a bought Shipment (docs.easypost.com/docs/forms): label_qr_code is USPS Label Broker's QR code only.
    ['POST', /^\/v2\/shipments\/([^/]+)\/forms$/, ([id], body) => {
      const shipment = getShipment(id ?? '');
      const type = need((body.form as { type?: string } | undefined)?.type, 'form.type');
      if (!shipment.tracking_code) throw new ApiError(422, 'SHIPMENT.POSTAGE.REQUIRED', 'Forms can only be created for purchased shipments.');
      if (type !== 'label_qr_code') throw new ApiError(422, 'FORM.TYPE.INVALID', `Form type ${type} is not supported here.`, [{ field: 'form.type', message: 'must be label_qr_code' }]);
      if (shipment.selected_rate?.carrier !== 'USPS') throw new ApiError(422, 'FORM.UNAVAILABLE', `${shipment.selected_rate?.carrier} does not offer label_qr_code.`);
      const formId = nextId('form');
      files.set(`${formId}.png`, { type: 'image/png', body: () => Promise.resolve(onePixelPng) });
      shipment.forms = [...(shipment.forms ?? []), { object: 'Form', id: formId, form_type: 'label_qr_code', form_url: `${filesAt ?? origin}/files/${formId}.png`, submitted_electronically: false }];
      return view(shipment);
    }],
    ['POST', /^\/v2\/shipments\/([^/]+)\/refund$/, ([id]) => {
      const shipment = getShipment(id ?? '');
      if (!shipment.tracking_code) throw new ApiError(422, 'SHIPMENT.REFUND.UNAVAILABLE', 'Only purchased shipments can be refunded.');
      if (shipment.refund_status) throw new ApiError(422, 'SHIPMENT.REFUND.EXISTS', 'A refund has already been requested for this shipment.');
      shipment.refund_status = 'submitted';
      return view(shipment);
    }],
    ['POST', /^\/v2\/orders$/, (_, body) => {
      const input = need(body.order as Record<string, unknown>, 'order');
      const parts = need(input.shipments as Record<string, unknown>[] | undefined, 'order.shipments');
      if (!Array.isArray(parts) || parts.length === 0) throw new ApiError(422, 'ORDER.SHIPMENTS.INVALID', 'An order needs at least one shipment.');
      // An Order's customs_info applies to each of its shipments unless one brings its own.
      const created = parts.map((part, i) => createShipment({ to_address: input.to_address, from_address: input.from_address, customs_info: input.customs_info, ...part }, `shipments[${i}].`));
      const id = nextId('order');
      const rates = services.map<EpRate>((s, i) => ({
        object: 'Rate', id: `rate_${id.slice(6)}_${i}`, carrier: s.carrier, service: s.service, currency: 'USD',
        rate: cents(created.reduce((sum, sh) => sum + centsOf(sh.rates?.[i]?.rate ?? '0.00'), 0)),
        delivery_days: s.deliveryDays, delivery_date: null, est_delivery_days: s.estDeliveryDays,
      }));
      const order = { id, shipmentIds: created.map((s) => s.id), rates };
      orders.set(id, order);
      return orderView(order);
    }],
    ['GET', /^\/v2\/orders\/([^/]+)$/, ([id]) => orderView(getOrder(id ?? ''))],
    ['POST', /^\/v2\/orders\/([^/]+)\/buy$/, ([id], body) => {
      const order = getOrder(id ?? '');
      const carrier = need(body.carrier as string | undefined, 'carrier');
      const service = need(body.service as string | undefined, 'service');
      const chosen = order.shipmentIds.map((sid) => {
        const shipment = shipments.get(sid) as Stored;
        const rate = shipment.rates?.find((r) => r.carrier === carrier && r.service === service);
        if (!rate) throw new ApiError(422, 'ORDER.RATE.UNAVAILABLE', `No ${carrier} ${service} rate for this order.`);
        return [shipment, rate] as const;
      });
      for (const [shipment, rate] of chosen) buyShipment(shipment, rate);
      return orderView(order);
    }],
    ['POST', /^\/v2\/trackers$/, (_, body) => {
      const input = need(body.tracker as Record<string, unknown> | undefined, 'tracker');
      const code = need(input.tracking_code as string | undefined, 'tracker.tracking_code');
      const existing = trackers.get(code);
      if (existing) return existing;
      const carrier = (input.carrier as string | undefined) ?? (code.startsWith('1Z') ? 'UPS' : /^\d{12}$/.test(code) ? 'FedEx' : /^9\d{21}$/.test(code) ? 'USPS' : undefined);
      if (!carrier) throw new ApiError(422, 'TRACKER.CARRIER.UNDETERMINED', 'Unable to determine the carrier for this tracking code.', [{ field: 'tracker.carrier', message: 'cannot be blank' }]);
      const tracker: EpTracker = { object: 'Tracker', id: nextId('trk'), tracking_code: code, carrier, status: 'unknown', updated_at: now(), tracking_details: [] };
      trackers.set(code, tracker);
      return tracker;
    }],
    ['GET', /^\/v2\/trackers\/([^/]+)$/, ([id]) => [...trackers.values()].find((t) => t.id === id) ?? notFound('tracker')],
  ];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const raw = await readBody(req);
    if (url.pathname.startsWith('/files/')) {
      const file = files.get(url.pathname.slice('/files/'.length));
      if (!file) return send(res, 404, { error: { code: 'NOT_FOUND', message: 'No such file.', errors: [] } });
      res.writeHead(200, { 'content-type': file.type }).end(await file.body());
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      return send(res, 400, { error: { code: 'BAD_REQUEST', message: 'The request body is not valid JSON.', errors: [] } });
    }
    requests.push({ method: req.method ?? '', path: url.pathname + url.search, body });
    if (stall) {
      stall = false;
      return; // left open on purpose: the caller's timeout is under test
    }
    if (hold?.path.test(url.pathname)) {
      const { during } = hold;
      hold = undefined;
      await during();
    }
    const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    const user = auth?.[1] ? Buffer.from(auth[1], 'base64').toString('utf8').split(':')[0] : undefined;
    if (user !== apiKey) {
      const code = user ? 'APIKEY.INACTIVE' : 'APIKEY.REQUIRED';
      return send(res, 401, { error: { code, message: 'The request could not be authorized: check the API key.', errors: [] } });
    }
    if (failStatus !== undefined) {
      const status = failStatus;
      failStatus = undefined;
      return send(res, status, { error: { code: status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'FORCED.FAILURE', message: 'Failure requested by the test.', errors: [] } });
    }
    const route = routes.find(([method, pattern]) => method === req.method && pattern.test(url.pathname));
    if (!route) return send(res, 404, { error: { code: 'NOT_FOUND', message: `No route ${req.method} ${url.pathname}.`, errors: [] } });
    try {
      const match = (route[1].exec(url.pathname) ?? []).slice(1).map((s) => decodeURIComponent(s));
      send(res, req.method === 'POST' && /\/(shipments|orders|trackers)$/.test(url.pathname) ? 201 : 200, route[2](match, body, url.searchParams));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      send(res, error.status, { error: { code: error.code, message: error.message, errors: error.errors } });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: { code: 'INTERNAL_SERVER_ERROR', message: String(error), errors: [] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signEvent = (body: string) => `hmac-sha256-hex=${createHmac('sha256', Buffer.from(webhookSecret.normalize('NFKD'), 'utf8')).update(body, 'utf8').digest('hex')}`;

  return {
    url: `${origin}/v2`,
    requests,
    trackers,
    signEvent,
    scan(trackingCode, detail) {
      const tracker = trackers.get(trackingCode) ?? notFound('tracker');
      tracker.tracking_details = [...(tracker.tracking_details ?? []), detail];
      tracker.status = detail.status;
      tracker.updated_at = detail.datetime;
      return JSON.stringify({ object: 'Event', id: nextId('evt'), mode: 'test', description: 'tracker.updated', previous_attributes: {}, pending_urls: [], completed_urls: [], result: tracker });
    },
    failNext(status) {
      failStatus = status;
    },
    stallNext() {
      stall = true;
    },
    refuseConversion(carrier, format) {
      unconvertible.add(`${carrier}:${format}`);
    },
    labelOrigin(at) {
      filesAt = at;
    },
    holdNext(path, during) {
      hold = { path, during };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function notFound(what: string): never {
  throw new ApiError(404, 'NOT_FOUND', `The requested ${what} could not be found.`);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const onePixelPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** A one-page 4×6 PDF naming the label; pdfkit loads on first use (it is large and most tests need no PDF). */
async function tinyPdf(text: string): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: [288, 432], margin: 18 });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.fontSize(14).text(text);
  doc.end();
  return done;
}
