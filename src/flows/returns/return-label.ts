import type { Static } from '@fastify/type-provider-typebox';
import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import type { Address } from '../../platform/http/address.js';
import { idempotently, storedAnswer, type Idempotency } from '../../platform/idempotency/idempotency.js';
import { newId } from '../../platform/kernel/ids.js';
import { currencyExponent } from '../../platform/kernel/money.js';
import { appendEvents, type Actor } from '../../platform/outbox/events.js';
import { findLocationsByCodeOrId } from '../../modules/inventory/index.js';
import { findOrder } from '../../modules/orders/index.js';
import {
  findReturn,
  insertReturnShipping,
  linesOfReturns,
  lockReturn,
  returnParcel,
  returnShippingOf,
  returnShippingView,
  rmaQrPng,
  rmaQrText,
  type ReturnLabelBody,
  type ReturnRow,
  type ReturnShippingRow,
  type ReturnShippingView,
} from '../../modules/returns/index.js';
import { destinationTimeZone, quoteShipment, renderLabelsPdfOffLoop, renderLabelsZpl, type CarrierAdapter, type LabelData, type Parcel, type PurchasedLabel, type SecretSource } from '../../modules/shipping/index.js';
import { physicalOf } from '../fulfillment/steps/physical.js';
import { carrierProblem } from '../shipping/steps/ship-fulfillment.js';
import { shippingAddress } from '../shipping/steps/shipping-context.js';

export type ReturnShippingJson = Static<typeof ReturnShippingView>;

export interface ReturnLabelOptions {
  secrets: SecretSource;
  idempotency?: Idempotency | undefined;
}

/**
 * POST /v1/returns/{id}/label (ADR 0023): how the approved return's goods come back.
 * `label` / `drop_off`: rate-shop the tenant's carriers for a parcel from the order's shipping
 * address to the return's location (aggregators get a return shipment, EasyPost `is_return`), buy
 * the chosen label **before** the transaction like an outbound one (no row lock across a carrier
 * call), keep its PDF/ZPL (the aggregator's files, or ours for a rate-card carrier) and, for a
 * drop-off, the carrier's QR code or one of ours; then one transaction records it (one per return:
 * a racing second purchase loses to the unique index and its label is voided) and appends
 * `return.label_purchased` with the cost. `no_label`: the customer ships it and types the tracking
 * number in later. A stored Idempotency-Key answer, or a return that already has its label, buys
 * nothing.
 */
export async function buyReturnLabel(db: Db, actor: Actor, returnId: string, body: ReturnLabelBody, now: Date, options: ReturnLabelOptions): Promise<{ statusCode: 200 | 201; body: ReturnShippingJson }> {
  const replay = await storedAnswer(db, actor.tenantId, options.idempotency);
  if (replay) return { statusCode: replay.statusCode as 201, body: replay.body as ReturnShippingJson };
  const method = body.method ?? 'label';
  const ret = await findReturn(db, actor.tenantId, returnId);
  if (!ret) throw new DomainError('RETURN_NOT_FOUND', `No return ${returnId}.`);
  const existing = await returnShippingOf(db, actor.tenantId, ret.id);
  if (existing) return sameOrRefuse(existing, method, ret);
  refuseUnlessApproved(ret);
  if (method === 'no_label') return record(db, actor, ret, { method, label: undefined }, now, options);

  const [order, [location]] = await Promise.all([findOrder(db, actor.tenantId, ret.orderId), findLocationsByCodeOrId(db, actor.tenantId, [ret.locationId as string])]);
  if (!order?.shippingAddress) throw new DomainError('REQUEST_INVALID', 'The order has no shipping address to collect the return from.', [{ field: 'order.shipping_address', message: 'is required to buy a return label' }]);
  if (!location?.address) throw new DomainError('REQUEST_INVALID', `Location ${location?.code ?? ret.locationId} has no address to send the return to.`, [{ field: 'location', message: 'needs an address (PATCH /v1/locations/{id})' }]);
  const customer = order.shippingAddress as Address;
  if (customer.country.toUpperCase() !== location.address.country.toUpperCase()) {
    throw new DomainError('RETURN_LABEL_NO_RATE', `Return labels across borders (${customer.country} → ${location.address.country}) need a customs declaration, which return labels do not make yet: send method no_label.`, [{ field: 'method', message: 'a return from abroad ships on the customer’s own label (no_label)' }]);
  }
  const parcel = await parcelOf(db, actor.tenantId, ret, body);
  const from = shippingAddress(customer);
  const to = shippingAddress(location.address);
  const quote = await quoteShipment(
    db,
    actor.tenantId,
    {
      from,
      to,
      parcels: [parcel],
      // The customer hands the parcel over from today, in their own time zone.
      clock: { timeZone: destinationTimeZone(customer), cutoffTime: '23:59', processingDays: 0, country: customer.country, region: customer.region ?? undefined },
      only: body.carrier ? { carrier: body.carrier, service: body.service } : undefined,
      isReturn: true,
    },
    now,
    options.secrets,
  );
  const picked = quote.result.chosen;
  const chosen = picked && quote.result.candidates.find((c) => c.carrier === picked.carrier && c.service === picked.service);
  if (!chosen) {
    const why = [...quote.unavailable.map((u) => `${u.carrier}: ${u.reason}`), ...quote.result.candidates.map((c) => `${c.carrier} ${c.service}: ${c.note}`)];
    throw new DomainError('RETURN_LABEL_NO_RATE', why.length > 0 ? `No carrier service can carry this return: ${why.join('; ')}.` : 'No carrier quoted a service for this return parcel.', [{ field: body.carrier ? 'carrier' : 'method', message: 'no carrier quoted the return parcel' }]);
  }
  const adapter = quote.adapters.get(chosen.carrier) as CarrierAdapter;
  let label: PurchasedLabel;
  try {
    label = await adapter.createLabel({ from, to, parcels: [parcel], shipDate: quote.shipDate, reference: ret.id, rate: chosen, isReturn: true });
  } catch (error) {
    throw carrierProblem(error, chosen.carrier);
  }
  const voidLabel = () => adapter.void({ carrierShipmentId: label.carrierShipmentId, trackingNumbers: label.trackingNumbers }).catch(() => undefined);
  try {
    const carrier = quote.carriers.get(chosen.carrier);
    const trackingNumber = label.trackingNumbers[0] as string;
    const files = label.labels?.[0];
    const ours: LabelData[] = [
      {
        carrierCode: chosen.service.includes(':') ? (chosen.service.split(':')[0] ?? chosen.carrier) : chosen.carrier,
        carrierName: carrier?.name ?? chosen.carrier.toUpperCase(),
        serviceName: chosen.serviceName,
        serviceLevel: chosen.serviceLevel,
        trackingNumber,
        ...((carrier?.tracking as { format?: LabelData['trackingFormat'] } | null | undefined)?.format ? { trackingFormat: (carrier?.tracking as { format: LabelData['trackingFormat'] }).format } : {}),
        shipFrom: from,
        shipTo: to,
        weightGrams: parcel.weightGrams,
        dimensionsMm: { length: parcel.lengthMm, width: parcel.widthMm, height: parcel.heightMm },
        reference: `RETURN ${ret.id}`,
        packageIndex: 1,
        packageCount: 1,
        shipDate: quote.shipDate,
        sample: carrier?.sample ?? false,
      },
    ];
    // An aggregator's own files are the carrier-certified label; a rate-card carrier's label is ours.
    const pdf = files?.pdf ?? (await renderLabelsPdfOffLoop(ours));
    const zpl = files?.zpl ?? renderLabelsZpl(ours);
    let qr: { png: Buffer; source: 'carrier' | 'rma' } | undefined;
    if (method === 'drop_off') {
      const carrierQr = label.carrierShipmentId && adapter.dropOffQrCode ? await adapter.dropOffQrCode(label.carrierShipmentId) : undefined;
      qr = carrierQr ? { png: carrierQr, source: 'carrier' } : { png: await rmaQrPng(rmaQrText(ret.id, trackingNumber)), source: 'rma' };
    }
    const answer = await record(db, actor, ret, { method, label: { carrier: chosen.carrier, service: chosen.service, serviceName: chosen.serviceName, trackingNumber, carrierShipmentId: label.carrierShipmentId ?? null, amountMinor: label.amountMinor, currency: label.currency, pdf, zpl, qr } }, now, options);
    // Another request recorded its label first (or the key replayed): ours is given back.
    if (answer.statusCode !== 201 || answer.body.tracking_number !== trackingNumber) await voidLabel();
    return answer;
  } catch (error) {
    await voidLabel();
    throw error;
  }
}

interface Bought {
  carrier: string;
  service: string;
  serviceName: string;
  trackingNumber: string;
  carrierShipmentId: string | null;
  amountMinor: number;
  currency: string;
  pdf: Buffer;
  zpl: string;
  qr: { png: Buffer; source: 'carrier' | 'rma' } | undefined;
}

/** The transaction: the return still approved, its one arrangement inserted, the event appended. */
async function record(db: Db, actor: Actor, seen: ReturnRow, what: { method: 'label' | 'drop_off' | 'no_label'; label: Bought | undefined }, now: Date, options: ReturnLabelOptions): Promise<{ statusCode: 200 | 201; body: ReturnShippingJson }> {
  const exponent = currencyExponent(seen.currency) ?? 2;
  const answer = await inTransaction(db, (tx) =>
    idempotently<ReturnShippingJson | { lost: ReturnShippingRow }, 201>(tx, actor.tenantId, options.idempotency, now, 201, async (completion) => {
      const ret = await lockReturn(tx, actor.tenantId, seen.id);
      if (!ret) throw new DomainError('RETURN_NOT_FOUND', `No return ${seen.id}.`);
      const first = await returnShippingOf(tx, actor.tenantId, ret.id);
      if (first) return { lost: first };
      refuseUnlessApproved(ret);
      const l = what.label;
      const row: ReturnShippingRow = {
        tenantId: actor.tenantId,
        id: newId('rsh'),
        returnId: ret.id,
        method: what.method,
        carrier: l?.carrier ?? null,
        service: l?.service ?? null,
        serviceName: l?.serviceName ?? null,
        trackingNumber: l?.trackingNumber ?? null,
        carrierShipmentId: l?.carrierShipmentId ?? null,
        amountMinor: l?.amountMinor ?? 0,
        currency: l?.currency ?? ret.currency,
        labelPdf: l?.pdf ?? null,
        labelZpl: l?.zpl ?? null,
        qrPng: l?.qr?.png ?? null,
        qrSource: l?.qr?.source ?? null,
        parcelStatus: l ? 'label_created' : null,
        lastEventAt: null,
        deliveredAt: null,
        createdAt: now,
        actor: actor.actorId,
      };
      // The lock on the return queues a second purchase behind this one; the unique index is the last word.
      if (!(await insertReturnShipping(tx, row))) return { lost: (await returnShippingOf(tx, actor.tenantId, ret.id)) as ReturnShippingRow };
      const view = returnShippingView(row, exponent);
      const event = {
        type: l ? 'return.label_purchased' : 'return.shipping_arranged',
        aggregateType: 'return',
        aggregateId: ret.id,
        data: { order_id: ret.orderId, method: row.method, carrier: row.carrier, service: row.service, tracking_number: row.trackingNumber, cost_minor: row.amountMinor, currency: row.currency, location_id: ret.locationId, qr_source: row.qrSource, who: actor.actorId, reason: l ? `return label bought from ${row.serviceName ?? row.carrier}` : 'the customer ships it on their own label' },
      };
      await appendEvents(tx, actor, now, [event], completion.inEvents(view));
      return view;
    }),
  );
  if ('lost' in answer.body) return { statusCode: 200, body: returnShippingView(answer.body.lost, exponent) };
  return { statusCode: answer.replayed ? (answer.statusCode as 201) : 201, body: answer.body };
}

function refuseUnlessApproved(ret: ReturnRow): void {
  if (ret.status === 'approved') return;
  throw new DomainError('RETURN_LABEL_NOT_ALLOWED', `A return that is ${ret.status} takes no return label: only an approved return that is not yet on its way does.`, undefined, { current_status: ret.status });
}

/** Buying twice gives the one label; asking for another arrangement than the one made is refused. */
function sameOrRefuse(existing: ReturnShippingRow, method: string, ret: ReturnRow): { statusCode: 200; body: ReturnShippingJson } {
  if (existing.method !== method) {
    throw new DomainError('RETURN_LABEL_EXISTS', `Return ${ret.id} already has its shipping arranged as ${existing.method}.`, [{ field: 'method', message: `is ${existing.method} for this return` }], { method: existing.method });
  }
  return { statusCode: 200, body: returnShippingView(existing, currencyExponent(ret.currency) ?? 2) };
}

async function parcelOf(db: Db, tenantId: string, ret: ReturnRow, body: ReturnLabelBody): Promise<Parcel> {
  if (body.parcel) {
    const d = body.parcel.dimensions_mm ?? { length: 254, width: 203, height: 102 };
    return { weightGrams: body.parcel.weight_grams, lengthMm: d.length, widthMm: d.width, heightMm: d.height };
  }
  const lines = await linesOfReturns(db, tenantId, [ret.id]);
  const units = lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
  const made = returnParcel(units, await physicalOf(db, tenantId, units.map((u) => u.sku)));
  if ('missingWeight' in made) {
    throw new DomainError('REQUEST_INVALID', `The catalog has no weight for ${made.missingWeight.join(', ')}: give the parcel’s weight.`, [{ field: 'parcel.weight_grams', message: `is required: no catalog weight for ${made.missingWeight.join(', ')}` }]);
  }
  return made.parcel;
}
