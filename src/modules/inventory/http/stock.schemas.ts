import { Type } from '@fastify/type-provider-typebox';
import { PageQuery } from '../../../platform/http/pagination.js';
import { Code, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import type { listStock } from '../db/stock.queries.js';

/** Request and response schemas of /v1/inventory (stock levels, adjustments, one SKU's stock), and the stock view. */

const Bin = Type.Optional(Type.String({ description: 'Where the SKU sits at the location, when known' }));
export const StockLevelView = Type.Object({ sku: Type.String(), location: Type.String(), location_id: Type.String(), on_hand: Type.Integer(), reserved: Type.Integer(), available: Type.Integer(), bin: Bin, updated_at: Timestamp });
export const StockQuery = Type.Object({ sku: Type.Optional(Code), sku_prefix: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'SKUs that start with this' })), location: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), ...PageQuery }, { additionalProperties: false });

/** What every view of a stock level shows (`available` = on hand − reserved). */
export function levelFields(r: { sku: string; locationCode: string; locationId: string; onHand: number; reserved: number }) {
  return { sku: r.sku, location: r.locationCode, location_id: r.locationId, on_hand: r.onHand, reserved: r.reserved, available: r.onHand - r.reserved };
}

/** A stock level as the API shows it. */
export function stockLevelView(r: Awaited<ReturnType<typeof listStock>>[number]) {
  return {
    ...levelFields(r),
    ...(r.bin ? { bin: r.bin } : {}),
    updated_at: r.updatedAt.toISOString(),
  };
}

const reasons = ['received', 'cycle_count', 'damaged', 'correction', 'lost', 'found', 'returned', 'transfer_in', 'transfer_out', 'shrinkage'] as const;

const Adjustment = Type.Object(
  {
    sku: Code,
    location: Type.String({ minLength: 1, maxLength: 64, description: 'Location code or id' }),
    delta: Type.Integer({ minimum: -1_000_000_000, maximum: 1_000_000_000, not: { const: 0 }, description: 'Change in on-hand units; not zero' }),
    reason: Type.Union(reasons.map((r) => Type.Literal(r))),
    reference: Type.Optional(nullable(text(200))),
    bin: Type.Optional(nullable(Type.String({ pattern: '^[A-Z0-9]{1,4}(-[A-Z0-9]{1,4}){1,4}$', description: 'Bin code zone-aisle-bay-level, e.g. A-03-2-B' }))),
  },
  { additionalProperties: false },
);
export const AdjustmentBody = Type.Union([Adjustment, Type.Object({ adjustments: Type.Array(Adjustment, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false })]);
export const AdjustmentsView = Type.Object({
  adjustments: Type.Array(Type.Object({ sku: Type.String(), location: Type.String(), delta: Type.Integer(), on_hand: Type.Integer(), reserved: Type.Integer(), available: Type.Integer() })),
  backorders_allocated: Type.Integer({ description: 'Units of waiting backorders allocated by this stock' }),
});

export const SkuStockView = Type.Object({
  sku: Type.String(),
  available_to_promise: Type.Integer({
    description: 'Available at active locations that ship to customers. A kit: the sum over those locations of the complete kits each can assemble from its own stock (a kit ships complete from one location)',
  }),
  kit: Type.Boolean({ description: 'The SKU is a kit: it holds no stock of its own' }),
  components: Type.Optional(Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer({ description: 'Units in one kit' }), available_to_promise: Type.Integer() }))),
  locations: Type.Array(
    Type.Object({
      location: Type.String(),
      on_hand: Type.Integer({ description: 'A kit: 0 (its components hold the stock)' }),
      reserved: Type.Integer({ description: 'A kit: 0' }),
      available: Type.Integer({ description: 'A kit: complete kits this location can assemble, floor(min over components of available / quantity)' }),
      bin: Type.Optional(Type.String({ description: 'Where the SKU sits at the location, when known' })),
      quarantined: Type.Optional(Type.Integer({ description: 'Non-sellable units kept apart (returned damaged or awaiting refurbishment): not on hand, never available; shown when above 0' })),
    }),
  ),
});
