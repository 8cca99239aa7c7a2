import { publicFetch } from '../../../platform/http/outbound.js';
import type { CarrierRate, TrackingUpdate } from '../domain/types.js';
import type { CarrierAdapter, LabelRequest, PurchasedLabel, RateRequest, VoidRequest } from './adapter.js';
import {
  CarrierError,
  amountMinorOf,
  splitCarrierRateId,
  toCarrierRate,
  toEpAddress,
  toEpCustomsInfo,
  toEpParcel,
  trackingUpdatesOf,
  type EpErrorBody,
  type EpOrder,
  type EpShipment,
  type EpTracker,
} from './easypost-format.js';

export { CarrierError } from './easypost-format.js';

export interface EasyPostOptions {
  apiKey: string;
  /** Default https://api.easypost.com/v2; tests point it at a local server. */
  baseUrl?: string | undefined;
  /** Our carrier code for this connection, e.g. `easypost`. */
  carrierCode: string;
  /** The guarded outbound client (public https addresses only by default). */
  fetch?: typeof fetch | undefined;
  timeoutMs?: number | undefined;
}

type Label = NonNullable<PurchasedLabel['labels']>[number];

/** A purchase, plus why any label file is missing (the postage is bought either way). */
export interface EasyPostPurchasedLabel extends PurchasedLabel {
  labelProblems: string[];
}

export interface EasyPostAdapter extends CarrierAdapter {
  createLabel(request: LabelRequest): Promise<EasyPostPurchasedLabel>;
}

/** Where and how one EasyPost account is called. */
interface Connection {
  baseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
  authorization: string;
}

/** Fetch with our timeout; network failures become retryable CarrierErrors. */
async function send(ep: Connection, url: string, init: RequestInit, what: string): Promise<{ status: number; body: Buffer }> {
  const doFetch = ep.fetch; // called as a plain function, not as a method of `ep`
  try {
    const response = await doFetch(url, { ...init, signal: AbortSignal.timeout(ep.timeoutMs) });
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new CarrierError(504, 'TIMEOUT', `EasyPost did not answer ${what} within ${ep.timeoutMs} ms`, true);
    }
    // The message and cause of a failed fetch name the network problem, never our headers.
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${(error.cause as NodeJS.ErrnoException).code ?? error.cause.message})` : '';
    throw new CarrierError(503, 'UNREACHABLE', `EasyPost could not be reached for ${what}: ${error instanceof Error ? error.message : String(error)}${cause}`, true);
  }
}

async function api<T>(ep: Connection, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const what = `${method} ${path.split('?')[0]}`;
  const headers: Record<string, string> = { authorization: ep.authorization, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await send(ep, `${ep.baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }, what);
  let json: unknown;
  try {
    json = JSON.parse(response.body.toString('utf8'));
  } catch {
    json = undefined;
  }
  if (response.status >= 200 && response.status < 300) {
    if (json === undefined || json === null || typeof json !== 'object') {
      throw new CarrierError(502, 'BAD_RESPONSE', `EasyPost answered ${what} with a body that is not a JSON object`, false);
    }
    return json as T;
  }
  throw errorFrom(response.status, json, what);
}

/**
 * Label files live at public, pre-signed URLs on another host: the API key must not go there.
 * The URL comes from the aggregator's answer, so it is fetched like any other: through the
 * guarded client, its address checked on connect, a redirect answered, not followed.
 */
async function download(ep: Connection, url: string, what: string): Promise<Buffer> {
  const response = await send(ep, url, { method: 'GET' }, what);
  if (response.status !== 200) throw new CarrierError(response.status, 'LABEL_DOWNLOAD_FAILED', `Downloading the ${what} answered ${response.status}`, response.status >= 500);
  return response.body;
}

/** One format of a bought label: ask EasyPost to convert it, then fetch the file it points to. */
async function labelFile(ep: Connection, shipment: EpShipment, format: 'PDF' | 'ZPL'): Promise<Buffer> {
  const converted = await api<EpShipment>(ep, 'GET', `/shipments/${encodeURIComponent(shipment.id)}/label?file_format=${format}`);
  const url = format === 'PDF' ? converted.postage_label?.label_pdf_url : converted.postage_label?.label_zpl_url;
  if (!url) throw new CarrierError(502, 'BAD_RESPONSE', `EasyPost gave no ${format} label URL for shipment ${shipment.id}`, false);
  const file = await download(ep, url, `${format} label`);
  if (format === 'PDF' && file.subarray(0, 5).toString('latin1') !== '%PDF-') throw new CarrierError(502, 'BAD_RESPONSE', `The PDF label of shipment ${shipment.id} is not a PDF`, false);
  return file;
}

/**
 * Label files after the purchase. The postage is bought by now, so a file that cannot be had
 * (some carriers have no ZPL) is reported, not thrown: throwing would lose the tracking numbers
 * we paid for. The caller can render its own label from the tracking number instead.
 */
async function labelFiles(ep: Connection, shipment: EpShipment, problems: string[]): Promise<Label> {
  const [pdf, zpl] = await Promise.allSettled([labelFile(ep, shipment, 'PDF'), labelFile(ep, shipment, 'ZPL')]);
  for (const outcome of [pdf, zpl]) {
    if (outcome.status === 'rejected') problems.push(outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason));
  }
  return {
    pdf: pdf.status === 'fulfilled' ? pdf.value : undefined,
    zpl: zpl.status === 'fulfilled' ? zpl.value.toString('utf8') : undefined,
  };
}

async function rate(ep: Connection, request: RateRequest): Promise<CarrierRate[]> {
  if (request.parcels.length === 0) throw new CarrierError(400, 'NO_PARCELS', 'A shipment needs at least one parcel', false);
  const billableWeightGrams = request.parcels.reduce((sum, p) => sum + p.weightGrams, 0);
  // A return is sent as EasyPost documents it: the addresses of the outbound shipment (to: the
  // customer, from: our location) and `is_return: true`; EasyPost swaps them on the label.
  const common = {
    to_address: toEpAddress(request.isReturn ? request.from : request.to),
    from_address: toEpAddress(request.isReturn ? request.to : request.from),
    ...(request.isReturn ? { is_return: true } : {}),
    ...(request.reference ? { reference: request.reference } : {}),
    // Abroad the declaration travels with the shipment (an Order's applies to all its parcels).
    ...(request.customs ? { customs_info: toEpCustomsInfo(request.customs) } : {}),
  };
  const [onlyParcel] = request.parcels;
  if (request.parcels.length === 1 && onlyParcel) {
    const options = { label_date: `${request.shipDate}T12:00:00Z` };
    const shipment = await api<EpShipment>(ep, 'POST', '/shipments', { shipment: { ...common, parcel: toEpParcel(onlyParcel), options } });
    return (shipment.rates ?? []).map((r) => toCarrierRate(r, shipment.id, billableWeightGrams));
  }
  const order = await api<EpOrder>(ep, 'POST', '/orders', { order: { ...common, shipments: request.parcels.map((p) => ({ parcel: toEpParcel(p) })) } });
  return (order.rates ?? []).map((r) => toCarrierRate(r, order.id, billableWeightGrams));
}

/** The rate to buy: the one quoted, or, when the quote carried no EasyPost id, a fresh one for the same service. */
async function rateIds(ep: Connection, request: LabelRequest): Promise<{ ownerId: string; rateId: string }> {
  const quoted = request.rate.carrierRateId ? splitCarrierRateId(request.rate.carrierRateId) : undefined;
  if (quoted) return quoted;
  const fresh = (await rate(ep, request)).find((r) => r.carrier === request.rate.carrier.toLowerCase() && r.service === request.rate.service);
  const ids = fresh?.carrierRateId ? splitCarrierRateId(fresh.carrierRateId) : undefined;
  if (!ids) throw new CarrierError(422, 'RATE_UNAVAILABLE', `EasyPost no longer offers ${request.rate.carrier} ${request.rate.service} for this shipment`, false);
  return ids;
}

async function buyOnce(ep: Connection, ownerId: string, rateId: string): Promise<EpShipment[]> {
  const id = encodeURIComponent(ownerId);
  if (ownerId.startsWith('order_')) {
    // Orders are bought by carrier + service, spelled exactly as EasyPost spelled them.
    const order = await api<EpOrder>(ep, 'GET', `/orders/${id}`);
    const chosen = order.rates?.find((r) => r.id === rateId);
    if (!chosen) throw new CarrierError(422, 'RATE_UNAVAILABLE', `EasyPost order ${ownerId} has no rate ${rateId}`, false);
    const bought = await api<EpOrder>(ep, 'POST', `/orders/${id}/buy`, { carrier: chosen.carrier, service: chosen.service });
    return bought.shipments;
  }
  return [await api<EpShipment>(ep, 'POST', `/shipments/${id}/buy`, { rate: { id: rateId } })];
}

/** The shipments, when an earlier attempt already bought this very rate for them. */
async function boughtBefore(ep: Connection, ownerId: string, rateId: string): Promise<EpShipment[] | undefined> {
  const id = encodeURIComponent(ownerId);
  if (ownerId.startsWith('order_')) {
    const order = await api<EpOrder>(ep, 'GET', `/orders/${id}`);
    const chosen = order.rates?.find((r) => r.id === rateId);
    const same = (s: EpShipment) => Boolean(s.tracking_code) && s.selected_rate?.carrier === chosen?.carrier && s.selected_rate?.service === chosen?.service;
    return chosen && order.shipments.length > 0 && order.shipments.every(same) ? order.shipments : undefined;
  }
  const shipment = await api<EpShipment>(ep, 'GET', `/shipments/${id}`);
  return shipment.tracking_code && shipment.selected_rate?.id === rateId ? [shipment] : undefined;
}

/**
 * Buying is the one call that spends money, and a timeout does not say whether it happened. A
 * retried purchase that EasyPost refuses ("postage exists") is answered from what was bought.
 */
async function buy(ep: Connection, ownerId: string, rateId: string): Promise<EpShipment[]> {
  try {
    return await buyOnce(ep, ownerId, rateId);
  } catch (error) {
    if (!(error instanceof CarrierError)) throw error;
    const earlier = await boughtBefore(ep, ownerId, rateId).catch(() => undefined);
    if (earlier) return earlier;
    throw error;
  }
}

async function createLabel(ep: Connection, request: LabelRequest): Promise<EasyPostPurchasedLabel> {
  const { ownerId, rateId } = await rateIds(ep, request);
  const shipments = await buy(ep, ownerId, rateId);
  if (shipments.length !== request.parcels.length) {
    throw new CarrierError(502, 'BAD_RESPONSE', `EasyPost bought ${shipments.length} labels for ${request.parcels.length} parcels`, false);
  }
  const trackingNumbers = shipments.map((s) => {
    if (!s.tracking_code) throw new CarrierError(502, 'BAD_RESPONSE', `EasyPost shipment ${s.id} was bought without a tracking code`, false);
    return s.tracking_code;
  });
  const currency = shipments[0]?.selected_rate?.currency ?? request.rate.currency;
  const charged = shipments.map((s) => (s.selected_rate ? amountMinorOf(s.selected_rate.rate, s.selected_rate.currency ?? currency) : undefined));
  const amountMinor = charged.every((a) => a !== undefined) ? charged.reduce<number>((sum, a) => sum + a, 0) : request.rate.amountMinor;
  const labelProblems: string[] = [];
  const labels = await Promise.all(shipments.map((s) => labelFiles(ep, s, labelProblems)));
  return { trackingNumbers, amountMinor, currency, carrierShipmentId: ownerId, labels, labelProblems };
}

async function voidLabel(ep: Connection, request: VoidRequest): ReturnType<CarrierAdapter['void']> {
  const ownerId = request.carrierShipmentId;
  if (!ownerId) return { voided: false, reason: 'No EasyPost shipment id was kept for this label' };
  const shipments = ownerId.startsWith('order_') ? (await api<EpOrder>(ep, 'GET', `/orders/${encodeURIComponent(ownerId)}`)).shipments : [{ id: ownerId }];
  const refunds = await Promise.all(shipments.map((s) => api<EpShipment>(ep, 'POST', `/shipments/${encodeURIComponent(s.id)}/refund`)));
  const refused = refunds.filter((s) => s.refund_status !== 'submitted' && s.refund_status !== 'refunded');
  if (refused.length === 0) return { voided: true };
  return { voided: false, reason: refused.map((s) => `refund ${s.refund_status ?? 'missing'} for ${s.tracking_code ?? s.id}`).join('; ') };
}

/**
 * The USPS Label Broker QR code of a bought label (EasyPost Form `label_qr_code`, created with
 * POST /shipments/{id}/forms). Carriers without one refuse the form: that is "none", not an error,
 * and so is a form file that cannot be had (the postage is bought; our own QR code stands in).
 */
async function dropOffQrCode(ep: Connection, shipmentId: string): Promise<Buffer | undefined> {
  try {
    const shipment = await api<EpShipment>(ep, 'POST', `/shipments/${encodeURIComponent(shipmentId)}/forms`, { form: { type: 'label_qr_code' } });
    const form = (shipment.forms ?? []).find((f) => f.form_type === 'label_qr_code');
    if (!form?.form_url) return undefined;
    const file = await download(ep, form.form_url, 'QR code');
    return file.subarray(0, 8).equals(PNG_SIGNATURE) ? file : undefined;
  } catch (error) {
    if (error instanceof CarrierError) return undefined;
    throw error;
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function track(ep: Connection, trackingNumber: string): Promise<TrackingUpdate[]> {
  // EasyPost answers an existing Tracker for a code it already tracks, so this also "retrieves".
  const tracker = await api<EpTracker>(ep, 'POST', '/trackers', { tracker: { tracking_code: trackingNumber } });
  return trackingUpdatesOf(tracker);
}

/**
 * EasyPost's REST API v2 behind our CarrierAdapter. One parcel is one EasyPost Shipment; several
 * parcels are an Order (EasyPost's multi-piece shipment), rated and bought as one.
 */
export function easyPostCarrier(options: EasyPostOptions): EasyPostAdapter {
  const ep: Connection = {
    baseUrl: (options.baseUrl ?? 'https://api.easypost.com/v2').replace(/\/+$/, ''),
    fetch: options.fetch ?? publicFetch,
    timeoutMs: options.timeoutMs ?? 20_000,
    authorization: `Basic ${Buffer.from(`${options.apiKey}:`).toString('base64')}`,
  };
  return {
    rate: (request) => rate(ep, request),
    createLabel: (request) => createLabel(ep, request),
    void: (request) => voidLabel(ep, request),
    track: (trackingNumber) => track(ep, trackingNumber),
    dropOffQrCode: (shipmentId) => dropOffQrCode(ep, shipmentId),
  };
}

function errorFrom(status: number, json: unknown, what: string): CarrierError {
  const error = (json as Partial<EpErrorBody> | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : `HTTP_${status}`;
  const fields = (error?.errors ?? []).map((e) => (typeof e === 'string' ? e : [e.field, e.message].filter(Boolean).join(': '))).filter((e) => e !== '');
  const message = `EasyPost refused ${what} (${status} ${code})${typeof error?.message === 'string' ? `: ${error.message}` : ''}${fields.length ? ` [${fields.join('; ')}]` : ''}`;
  return new CarrierError(status, code, message, status >= 500 || status === 429);
}
