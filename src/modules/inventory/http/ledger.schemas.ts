import { Type, type Static } from '@fastify/type-provider-typebox';
import { PageQuery } from '../../../platform/http/pagination.js';
import { nullable, Timestamp } from '../../../platform/http/schemas.js';
import type { LowStockRow, MovementListRow } from '../db/movements.queries.js';
import { levelFields } from './stock.schemas.js';

/** GET /v1/inventory/{sku}/movements and GET /v1/stock-alerts: the ledger and the low-stock list. */

export const MovementQuery = Type.Object({ location: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Location code or id' })), ...PageQuery }, { additionalProperties: false });

const ReferenceType = Type.Union([Type.Literal('order'), Type.Literal('fulfillment_order'), Type.Literal('shipment'), Type.Literal('inbound_shipment')]);
type ReferenceType = Static<typeof ReferenceType>;
const prefixes: Record<string, ReferenceType> = { ord: 'order', ful: 'fulfillment_order', shp: 'shipment', inb: 'inbound_shipment' };

export const MovementView = Type.Object({
  id: Type.String(),
  at: Timestamp,
  sku: Type.String(),
  location: Type.String({ description: 'Location code' }),
  location_id: Type.String(),
  reason: Type.String({ description: 'Why on hand changed: an adjustment reason (received, damaged…), shipped, pos_sale, rejected_not_in_stock…' }),
  delta: Type.Integer({ description: 'Change in on-hand units' }),
  on_hand_after: Type.Integer(),
  reference: nullable(Type.String({ description: 'The record that moved the stock (an order, fulfillment order, shipment or inbound shipment id), or the reference an adjustment gave' })),
  reference_type: nullable(ReferenceType),
  actor: Type.String({ description: 'API key or user id, or system:<process>' }),
  actor_label: Type.String({ description: 'A person’s e-mail, an API key’s name, or the actor itself (system:…)' }),
});

/** `actorLabel`: what the tenancy module calls the actor (a person's e-mail, a key's name). */
export function movementView(r: MovementListRow, actorLabel: string) {
  // What `reference` names, when it is one of our ids.
  const prefix = r.reference !== null && /^[a-z]{3}_[0-9a-z]{26}$/.test(r.reference) ? r.reference.slice(0, 3) : undefined;
  return {
    id: r.id,
    at: r.at.toISOString(),
    sku: r.sku,
    location: r.locationCode,
    location_id: r.locationId,
    reason: r.reason,
    delta: r.delta,
    on_hand_after: r.onHandAfter,
    reference: r.reference,
    reference_type: (prefix === undefined ? undefined : prefixes[prefix]) ?? null,
    actor: r.actor,
    actor_label: actorLabel,
  };
}

export const StockAlertQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const StockAlertView = Type.Object({
  sku: Type.String(),
  location: Type.String({ description: 'Location code' }),
  location_id: Type.String(),
  on_hand: Type.Integer(),
  reserved: Type.Integer(),
  available: Type.Integer(),
  threshold: Type.Integer({ description: 'The product’s low_stock_threshold (0: alerts only when out of stock)' }),
  level: Type.Union([Type.Literal('out_of_stock'), Type.Literal('low_stock')]),
  since: nullable(Type.String({ format: 'date-time', description: 'When the level last crossed the threshold (its inventory.low_stock / out_of_stock event), when known' })),
});

export function stockAlertView(r: LowStockRow, since: Date | undefined) {
  const level = levelFields(r);
  return {
    ...level,
    threshold: r.threshold,
    level: level.available <= 0 ? ('out_of_stock' as const) : ('low_stock' as const),
    since: since?.toISOString() ?? null,
  };
}
