import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import type { Address } from '../../../platform/http/address.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import type { PurchasedLabel } from '../carriers/adapter.js';
import { insertShipment, insertShipmentDocument, type Shipment, type ShipmentPackageRow, type ShipmentRow } from '../db/shipments.queries.js';
import type { StoredCustoms } from '../db/schema.js';
import { customsEventData, type CustomsDeclaration, type CustomsDocumentKind } from '../domain/customs.js';
import type { ShopResult } from '../domain/rate-shop.js';
import { trackingUrl } from '../domain/tracking-links.js';
import type { Parcel } from '../domain/types.js';
import { rateViews } from '../http/shipment-view.js';

export interface NewShipment {
  id: string;
  orderId: string;
  fulfillmentOrderId: string;
  locationId: string;
  reference: string;
  from: Address;
  to: Address;
  shipDate: string;
  promisedDeliveryDate: string | null;
  quote: ShopResult;
  label: PurchasedLabel;
  parcels: (Parcel & { packageId: string | null })[];
  /** A label bought elsewhere; its tracking numbers were typed in. */
  manual?: boolean | undefined;
  /** A shipment abroad: its declaration and the paper printed for it (none when the aggregator makes the carrier's forms). */
  customs?: { declaration: CustomsDeclaration; document: CustomsDocumentKind | null; pdf?: Buffer | undefined } | undefined;
}

type Chosen = ShopResult['candidates'][number];

/**
 * Stores a bought label as a shipment with one row per parcel, and returns the `shipment.created`
 * event. Every service considered is kept with the note that says why it won or lost.
 */
export async function recordShipment(tx: Db, actor: Actor, input: NewShipment, chosen: Chosen, now: Date): Promise<{ shipment: Shipment; event: NewEvent }> {
  const reason = input.quote.chosen?.reason ?? (input.manual ? 'tracking number entered by the operator' : 'chosen by the operator');
  const row: ShipmentRow = {
    tenantId: actor.tenantId,
    id: input.id,
    orderId: input.orderId,
    fulfillmentOrderId: input.fulfillmentOrderId,
    locationId: input.locationId,
    carrier: chosen.carrier,
    service: chosen.service,
    serviceName: chosen.serviceName,
    serviceLevel: chosen.serviceLevel,
    status: 'label_created',
    trackingNumber: input.label.trackingNumbers[0] ?? '',
    carrierShipmentId: input.label.carrierShipmentId ?? null,
    amountMinor: input.label.amountMinor,
    currency: input.label.currency,
    billableWeightGrams: chosen.billableWeightGrams,
    shipDate: input.shipDate,
    promisedDeliveryDate: input.promisedDeliveryDate,
    estimatedDeliveryDate: chosen.estimatedDeliveryDate === '' ? null : chosen.estimatedDeliveryDate,
    deliveredAt: null,
    onTime: null,
    lateAt: null,
    lastEventAt: null,
    voidRequestedAt: null,
    shipFrom: input.from,
    shipTo: input.to,
    reference: input.reference,
    rates: rateViews(input.quote.candidates),
    customs: input.customs ? ({ ...input.customs.declaration, document: input.customs.document } satisfies StoredCustoms) : null,
    chosenReason: reason,
    manual: input.manual ?? false,
    version: 1,
    createdBy: actor.actorId,
    createdAt: now,
    updatedAt: now,
  };
  const packages: ShipmentPackageRow[] = input.parcels.map((p, i) => ({
    tenantId: actor.tenantId,
    shipmentId: input.id,
    seq: i + 1,
    packageId: p.packageId,
    trackingNumber: input.label.trackingNumbers[i] ?? '',
    weightGrams: p.weightGrams,
    // Aggregators do not say what they will bill per parcel: the declared weight stands in.
    billableWeightGrams: chosen.parcelBillableWeightGrams?.[i] ?? p.weightGrams,
    lengthMm: p.lengthMm,
    widthMm: p.widthMm,
    heightMm: p.heightMm,
    labelPdf: input.label.labels?.[i]?.pdf ?? null,
    labelZpl: input.label.labels?.[i]?.zpl ?? null,
  }));
  if (packages.some((p) => p.trackingNumber === '')) throw new Error(`carrier ${chosen.carrier} returned ${input.label.trackingNumbers.length} tracking numbers for ${packages.length} parcels`);
  if (!(await insertShipment(tx, row, packages))) {
    throw new DomainError(
      input.manual ? 'SHIPMENT_TRACKING_NUMBER_TAKEN' : 'FULFILLMENT_CONCURRENT_UPDATE',
      input.manual ? 'A shipment with this tracking number exists, or the fulfillment order was shipped meanwhile.' : 'The fulfillment order was shipped by another request.',
      input.manual ? [{ field: 'tracking_numbers', message: 'already belongs to a shipment' }] : undefined,
    );
  }
  if (input.customs?.document && input.customs.pdf) {
    await insertShipmentDocument(tx, { tenantId: actor.tenantId, shipmentId: row.id, kind: input.customs.document, pdf: input.customs.pdf, createdAt: now });
  }
  const event: NewEvent = {
    type: 'shipment.created',
    aggregateType: 'shipment',
    aggregateId: row.id,
    data: {
      order_id: row.orderId,
      fulfillment_order_id: row.fulfillmentOrderId,
      carrier: row.carrier,
      service: row.service,
      tracking_numbers: packages.map((p) => p.trackingNumber),
      tracking_url: trackingUrl(row.carrier, row.service, row.trackingNumber),
      amount_minor: row.amountMinor,
      currency: row.currency,
      ship_date: row.shipDate,
      promised_delivery_date: row.promisedDeliveryDate,
      estimated_delivery_date: row.estimatedDeliveryDate,
      reason,
      customs: row.customs ? customsEventData(row.customs) : null,
    },
  };
  return { shipment: { ...row, packages }, event };
}
