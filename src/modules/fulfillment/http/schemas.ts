import { Type } from '@fastify/type-provider-typebox';
import { PageQuery } from '../../../platform/http/pagination.js';
import { Code, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import { currencyExponent, formatMoney } from '../../../platform/kernel/money.js';
import type { BoxRow } from '../db/boxes.queries.js';
import { fulfillmentStatuses, type FulfillmentStatus } from '../domain/lifecycle.js';

/** Request and response schemas of /v1/fulfillment-orders, /v1/boxes and /v1/pick-lists, and the box view. */

export const FulfillmentOrderId = Type.Object({ id: Type.String({ pattern: '^ful_[0-9a-z]{26}$' }) });
export const FulfillmentStatusSchema = Type.Unsafe<FulfillmentStatus>(Type.String({ enum: [...fulfillmentStatuses] }));
export const FulfillmentOrderSchema = Type.Object({
  id: Type.String(),
  order_id: Type.String(),
  order_number: Type.Integer({ description: 'The order number people say on the phone' }),
  channel_order_name: nullable(Type.String({ description: 'What the channel calls the order (Shopify #1042…)' })),
  location: Type.String({ description: 'Location code' }),
  status: FulfillmentStatusSchema,
  lines: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer(), order_line_id: Type.String() })),
  ship_to: nullable(
    Type.Object(
      {
        name: nullable(Type.String()),
        company: nullable(Type.String()),
        line1: Type.String(),
        line2: nullable(Type.String()),
        city: Type.String(),
        region: nullable(Type.String()),
        postal_code: nullable(Type.String()),
        country: Type.String(),
        phone: nullable(Type.String({ description: 'The shipping address’s phone (carriers ask for it); never the customer’s e-mail' })),
      },
      { description: 'The order’s shipping address' },
    ),
  ),
  service_level: nullable(Type.String({ description: 'The service level the customer chose' })),
  promise: nullable(
    Type.Object(
      { carrier: Type.String(), service: Type.String(), service_level: Type.String(), ship_by: Type.String({ format: 'date' }), deliver_by: Type.String({ format: 'date' }) },
      { description: 'What the customer was promised at capture for this location' },
    ),
  ),
  reject_reason: nullable(Type.String()),
  pick_list_id: nullable(Type.String({ description: 'The pick list it was batched into (GET /v1/pick-lists/{id}); null until one is made' })),
  created_at: Timestamp,
  updated_at: Timestamp,
  released_at: nullable(Timestamp),
});

const Millimetres = Type.Integer({ minimum: 1, maximum: 100_000 });
const InnerDimensions = Type.Object({ length: Millimetres, width: Millimetres, height: Millimetres }, { additionalProperties: false, description: 'Inner dimensions in millimetres' });

export const BoxBody = Type.Object(
  {
    inner_mm: InnerDimensions,
    max_weight_grams: Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'Most the box may weigh when packed, tare included' }),
    tare_grams: Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'Weight of the empty box' }),
    cost: Type.Optional(nullable(Type.String({ maxLength: 32, description: 'Decimal string in the currency, e.g. "1.25"; cheaper boxes are tried first' }))),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 of cost; default USD' })),
  },
  { additionalProperties: false },
);

export const BoxView = Type.Object({
  code: Type.String(),
  inner_mm: InnerDimensions,
  max_weight_grams: Type.Integer(),
  tare_grams: Type.Integer(),
  cost: nullable(Type.String()),
  currency: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

/** A box of the catalogue as the API shows it. */
export function boxView(b: BoxRow) {
  return {
    code: b.code,
    inner_mm: { length: b.innerLengthMm, width: b.innerWidthMm, height: b.innerHeightMm },
    max_weight_grams: b.maxWeightGrams,
    tare_grams: b.tareGrams,
    cost: b.costMinor === null ? null : formatMoney(b.costMinor, currencyExponent(b.currency) ?? 2),
    currency: b.currency,
    created_at: b.createdAt.toISOString(),
    updated_at: b.updatedAt.toISOString(),
  };
}

export const PickListId = Type.Object({ id: Type.String({ pattern: '^pkl_[0-9a-z]{26}$' }) });
const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000 });
const SkuQuantity = Type.Object({ sku: Code, quantity: Quantity }, { additionalProperties: false });

export const PickListView = Type.Object({
  id: Type.String(),
  location: Type.String({ description: 'Location code' }),
  mode: Type.Union([Type.Literal('batch'), Type.Literal('single')]),
  status: Type.Union([Type.Literal('open'), Type.Literal('completed')]),
  fulfillment_order_ids: Type.Array(Type.String()),
  stops: Type.Array(
    Type.Object({
      bin: nullable(Type.String()),
      sku: Type.String(),
      quantity: Type.Integer(),
      picked: nullable(Type.Integer({ description: 'Units confirmed picked; null until the stop is confirmed' })),
    }),
    { description: 'In walking order (serpentine through zones and aisles); stops without a bin last' },
  ),
  created_at: Timestamp,
  updated_at: Timestamp,
  completed_at: nullable(Timestamp),
});

export const PackagesView = Type.Object({
  packages: Type.Array(
    Type.Object({
      id: Type.String(),
      box: Type.String(),
      weight_grams: Type.Integer({ description: 'Gross: contents plus tare' }),
      dimensions_mm: Type.Object({ length: Type.Integer(), width: Type.Integer(), height: Type.Integer() }, { description: 'The box’s inner dimensions' }),
      lines: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer() })),
    }),
  ),
});


export const FulfillmentOrderQuery = Type.Object(
  { order_id: Type.Optional(Type.String({ pattern: '^ord_[0-9a-z]{26}$' })), location: Type.Optional(Code), status: Type.Optional(FulfillmentStatusSchema), ...PageQuery },
  { additionalProperties: false },
);
export const NoteBody = Type.Optional(Type.Object({ note: Type.Optional(text(500)) }, { additionalProperties: false }));
export const ReasonBody = Type.Optional(Type.Object({ reason: Type.Optional(text(500)) }, { additionalProperties: false }));

export const PickListBody = Type.Object(
  {
    location: Type.String({ minLength: 1, maxLength: 64, description: 'Location code or id' }),
    max_orders: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
    mode: Type.Optional(Type.Union([Type.Literal('batch'), Type.Literal('single')], { description: '`single`: one fulfillment order per list' })),
  },
  { additionalProperties: false },
);
export const ConfirmPicksBody = Type.Object(
  {
    lines: Type.Array(
      Type.Object({ sku: Code, bin: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), picked: Type.Integer({ minimum: 0, maximum: 1_000_000 }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);
export const PackBody = Type.Object(
  {
    packages: Type.Optional(Type.Array(Type.Object({ box: Code, lines: Type.Array(SkuQuantity, { minItems: 1, maxItems: 500 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 100 })),
    scanned: Type.Optional(Type.Array(SkuQuantity, { minItems: 1, maxItems: 1000 })),
  },
  { additionalProperties: false },
);
