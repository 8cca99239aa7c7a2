import { Type } from '@fastify/type-provider-typebox';
import { formatMoney, currencyExponent } from '../../../platform/kernel/money.js';
import { nullable, Timestamp } from '../../../platform/http/schemas.js';
import type { StoredCustoms } from '../db/schema.js';
import type { Shipment, ShipmentEventRow } from '../db/shipments.queries.js';
import { totalValueMinor } from '../domain/customs.js';
import { trackingUrl } from '../domain/tracking-links.js';

const Day = Type.String({ format: 'date' });
const Dimensions = Type.Object({ length: Type.Integer(), width: Type.Integer(), height: Type.Integer() });

export const RateView = Type.Object({
  carrier: Type.String(),
  service: Type.String(),
  service_name: Type.String(),
  service_level: Type.String(),
  amount: Type.String({ description: 'Decimal string in the currency' }),
  currency: Type.String(),
  billable_weight_grams: Type.Integer(),
  transit_days: Type.Integer(),
  estimated_delivery_date: Day,
  meets_promise: Type.Boolean(),
  zone: Type.Optional(Type.String()),
  breakdown: Type.Optional(Type.Record(Type.String(), Type.String())),
  note: Type.Optional(Type.String({ description: 'Why this service won or was left out' })),
});

const CustomsView = Type.Object(
  {
    contents_type: Type.String({ description: 'merchandise, gift, documents, returned_goods, sample or other' }),
    contents_explanation: nullable(Type.String()),
    non_delivery_option: Type.String({ description: 'return or abandon' }),
    restriction_type: Type.String(),
    restriction_comments: nullable(Type.String()),
    signer: Type.String({ description: 'Who certified the declaration' }),
    currency: Type.String(),
    total_value: Type.String({ description: 'Decimal string in the currency' }),
    eel_pfc: nullable(Type.String({ description: 'US exports: the EEI exemption (NOEEI 30.37(a), NOEEI 30.36) or AES ITN' })),
    itn: nullable(Type.String()),
    items: Type.Array(
      Type.Object({
        sku: Type.String(),
        description: Type.String(),
        quantity: Type.Integer(),
        value: Type.String({ description: 'The whole line, decimal string in the currency' }),
        weight_grams: Type.Integer({ description: 'The whole line, net' }),
        hs_code: nullable(Type.String()),
        country_of_origin: Type.String(),
      }),
    ),
    document: nullable(Type.String({ description: 'cn22, cn23 or commercial_invoice; null when the aggregator made the carrier’s forms from the declaration' })),
    document_url: nullable(Type.String()),
  },
  { description: 'The customs declaration of a shipment leaving its customs territory' },
);

export const ShipmentView = Type.Object({
  id: Type.String(),
  order_id: Type.String(),
  fulfillment_order_id: Type.String(),
  location_id: Type.String(),
  carrier: Type.String(),
  service: Type.String(),
  service_name: Type.String(),
  service_level: Type.String(),
  tracking_number: Type.String(),
  tracking_url: nullable(Type.String()),
  status: Type.String(),
  amount: Type.String(),
  currency: Type.String(),
  billable_weight_grams: Type.Integer(),
  ship_date: Day,
  promised_delivery_date: nullable(Day),
  estimated_delivery_date: nullable(Day),
  delivered_at: nullable(Timestamp),
  on_time: nullable(Type.Boolean()),
  reference: Type.String(),
  packages: Type.Array(
    Type.Object({ package_id: nullable(Type.String()), tracking_number: Type.String(), weight_grams: Type.Integer(), billable_weight_grams: Type.Integer(), dimensions_mm: Dimensions }),
  ),
  chosen: Type.Object({ carrier: Type.String(), service: Type.String(), reason: Type.String() }),
  rates: Type.Array(RateView, { description: 'Every service considered when the label was bought' }),
  labels: nullable(Type.Object({ pdf: Type.String(), zpl: Type.String() }, { description: 'null when the label was bought outside the OMS' })),
  // Optional in the schema only so answers stored for Idempotency-Key replays before it existed still serialise.
  customs: Type.Optional(nullable(CustomsView)),
  events: Type.Optional(
    Type.Array(
      Type.Object({
        status: Type.String(),
        occurred_at: Timestamp,
        location: nullable(Type.String()),
        description: nullable(Type.String()),
        source: Type.String(),
        applied: Type.Boolean(),
        note: Type.String(),
      }),
    ),
  ),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export function money(minor: number, currency: string): string {
  return formatMoney(minor, currencyExponent(currency) ?? 2);
}

export function shipmentView(s: Shipment, events?: ShipmentEventRow[]) {
  return {
    id: s.id,
    order_id: s.orderId,
    fulfillment_order_id: s.fulfillmentOrderId,
    location_id: s.locationId,
    carrier: s.carrier,
    service: s.service,
    service_name: s.serviceName,
    service_level: s.serviceLevel,
    tracking_number: s.trackingNumber,
    tracking_url: trackingUrl(s.carrier, s.service, s.trackingNumber),
    status: s.status,
    amount: money(s.amountMinor, s.currency),
    currency: s.currency,
    billable_weight_grams: s.billableWeightGrams,
    ship_date: s.shipDate,
    promised_delivery_date: s.promisedDeliveryDate,
    estimated_delivery_date: s.estimatedDeliveryDate,
    delivered_at: s.deliveredAt?.toISOString() ?? null,
    on_time: s.onTime,
    reference: s.reference,
    packages: s.packages.map((p) => ({
      package_id: p.packageId,
      tracking_number: p.trackingNumber,
      weight_grams: p.weightGrams,
      billable_weight_grams: p.billableWeightGrams,
      dimensions_mm: { length: p.lengthMm, width: p.widthMm, height: p.heightMm },
    })),
    chosen: { carrier: s.carrier, service: s.service, reason: s.chosenReason },
    rates: s.rates as ReturnType<typeof rateViews>,
    labels: s.manual ? null : { pdf: `/v1/shipments/${s.id}/label.pdf`, zpl: `/v1/shipments/${s.id}/label.zpl` },
    customs: s.customs ? customsView(s.id, s.customs) : null,
    ...(events
      ? {
          events: events.map((e) => ({
            status: e.status,
            occurred_at: e.occurredAt.toISOString(),
            location: e.location,
            description: e.description,
            source: e.source,
            applied: e.applied,
            note: e.note,
          })),
        }
      : {}),
    created_at: s.createdAt.toISOString(),
    updated_at: s.updatedAt.toISOString(),
  };
}

function customsView(id: string, c: StoredCustoms) {
  return {
    contents_type: c.contentsType,
    contents_explanation: c.contentsExplanation,
    non_delivery_option: c.nonDeliveryOption,
    restriction_type: c.restrictionType,
    restriction_comments: c.restrictionComments,
    signer: c.signer,
    currency: c.currency,
    total_value: money(totalValueMinor(c), c.currency),
    eel_pfc: c.eelPfc,
    itn: c.itn,
    items: c.items.map((i) => ({ sku: i.sku, description: i.description, quantity: i.quantity, value: money(i.valueMinor, c.currency), weight_grams: i.weightGrams, hs_code: i.hsCode, country_of_origin: i.originCountry })),
    document: c.document,
    document_url: c.document ? `/v1/shipments/${id}/customs.pdf` : null,
  };
}

interface RateLike {
  carrier: string;
  service: string;
  serviceName: string;
  serviceLevel: string;
  amountMinor: number;
  currency: string;
  billableWeightGrams: number;
  transitDays: number;
  estimatedDeliveryDate: string;
  meetsPromise: boolean;
  zone?: string | undefined;
  breakdown?: Record<string, number> | undefined;
  note?: string | undefined;
}

export function rateViews(rates: RateLike[]) {
  return rates.map((r) => ({
    carrier: r.carrier,
    service: r.service,
    service_name: r.serviceName,
    service_level: r.serviceLevel,
    amount: money(r.amountMinor, r.currency),
    currency: r.currency,
    billable_weight_grams: r.billableWeightGrams,
    transit_days: r.transitDays,
    estimated_delivery_date: r.estimatedDeliveryDate,
    meets_promise: r.meetsPromise,
    ...(r.zone !== undefined ? { zone: r.zone } : {}),
    ...(r.breakdown ? { breakdown: Object.fromEntries(Object.entries(r.breakdown).map(([k, v]) => [k, money(v, r.currency)])) } : {}),
    ...(r.note ? { note: r.note } : {}),
  }));
}
