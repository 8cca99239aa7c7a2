import { Type, type Static } from '@fastify/type-provider-typebox';
import { formatMoney } from '../../../platform/kernel/money.js';
import { nullable, Timestamp } from '../../../platform/http/schemas.js';
import type { ReturnShippingRow } from '../db/return-shipping.queries.js';

/** POST /v1/returns/{id}/label, GET /v1/returns/{id}/label and /shipping (ADR 0023). */
export const returnShippingMethods = ['label', 'drop_off', 'no_label'] as const;
export const labelFormats = ['pdf', 'zpl', 'png', 'svg'] as const;

export const ReturnLabelBody = Type.Object(
  {
    method: Type.Optional(
      Type.Unsafe<(typeof returnShippingMethods)[number]>(Type.Union(returnShippingMethods.map((m) => Type.Literal(m)), {
        default: 'label',
        description: 'label: buy a label from the customer to the return location; drop_off: the same, with a QR code to show at a drop-off point (the carrier’s, else one encoding the RMA and tracking number); no_label: the customer ships it and gives the tracking number later (POST …/in-transit)',
      })),
    ),
    carrier: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Only this carrier connection (default: the tenant’s rules choose among all)' })),
    service: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    parcel: Type.Optional(
      Type.Object(
        {
          weight_grams: Type.Integer({ minimum: 1, maximum: 70_000 }),
          dimensions_mm: Type.Optional(Type.Object({ length: Type.Integer({ minimum: 1, maximum: 3000 }), width: Type.Integer({ minimum: 1, maximum: 3000 }), height: Type.Integer({ minimum: 1, maximum: 3000 }) }, { additionalProperties: false })),
        },
        { additionalProperties: false, description: 'Default: the products’ weights and the largest product’s dimensions' },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ReturnLabelBody = Static<typeof ReturnLabelBody>;

export const LabelFormatQuery = Type.Object({ format: Type.Unsafe<(typeof labelFormats)[number]>(Type.Union(labelFormats.map((f) => Type.Literal(f)), { description: 'pdf or zpl: the label; png or svg: the drop-off QR code' })) }, { additionalProperties: false });

export const ReturnShippingView = Type.Object({
  id: Type.String(),
  return_id: Type.String(),
  method: Type.String({ description: 'label, drop_off, no_label or keep_item' }),
  carrier: nullable(Type.String()),
  service: nullable(Type.String()),
  service_name: nullable(Type.String()),
  tracking_number: nullable(Type.String()),
  cost: Type.String({ description: 'What the label cost the merchant (0.00 without one)' }),
  currency: Type.String(),
  formats: Type.Array(Type.String(), { description: 'What GET /v1/returns/{id}/label?format= can download' }),
  qr_source: nullable(Type.String({ description: 'carrier: the carrier’s drop-off QR code; rma: ours, encoding the RMA and tracking number' })),
  parcel_status: nullable(Type.String()),
  delivered_at: nullable(Timestamp),
  created_at: Timestamp,
  actor: Type.String(),
});

export function returnShippingView(r: ReturnShippingRow, exponent: number): Static<typeof ReturnShippingView> {
  const formats = [...(r.labelPdf ? ['pdf'] : []), ...(r.labelZpl ? ['zpl'] : []), ...(r.qrPng ? ['png'] : []), ...(r.qrSource === 'rma' ? ['svg'] : [])];
  return {
    id: r.id,
    return_id: r.returnId,
    method: r.method,
    carrier: r.carrier,
    service: r.service,
    service_name: r.serviceName,
    tracking_number: r.trackingNumber,
    cost: formatMoney(r.amountMinor, exponent),
    currency: r.currency,
    formats,
    qr_source: r.qrSource,
    parcel_status: r.parcelStatus,
    delivered_at: r.deliveredAt?.toISOString() ?? null,
    created_at: r.createdAt.toISOString(),
    actor: r.actor,
  };
}
