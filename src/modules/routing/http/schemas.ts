import { Type } from '@fastify/type-provider-typebox';
import { Code, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import type { PolicyRow } from '../db/policies.queries.js';
import { locationTypes, sortCriteria, unfillableActions } from '../domain/policy.js';

const literals = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.String({ enum: [...values] }));

export const RuleSchema = Type.Object(
  {
    name: text(100),
    filters: Type.Optional(
      Type.Object(
        {
          location_types: Type.Optional(Type.Array(literals(locationTypes), { uniqueItems: true })),
          location_groups: Type.Optional(Type.Array(Code, { maxItems: 50, uniqueItems: true })),
          ships_to_customers: Type.Optional(Type.Boolean({ description: 'Only locations that ship to customers (default true)' })),
          serves_destination: Type.Optional(Type.Boolean({ description: 'Only locations that serve the destination country (default true)' })),
          max_distance_km: Type.Optional(nullable(Type.Number({ exclusiveMinimum: 0, maximum: 40_000 }))),
          daily_capacity: Type.Optional(Type.Boolean({ description: 'Skip locations at their daily capacity (default true)' })),
          safety_stock: Type.Optional(Type.Boolean({ description: 'Hold back each location’s safety stock (default true)' })),
          channel_visibility: Type.Optional(Type.Boolean({ description: 'Only locations visible to the order’s channel (default true)' })),
        },
        { additionalProperties: false },
      ),
    ),
    sorts: Type.Optional(Type.Array(literals(sortCriteria), { uniqueItems: true, description: 'Most important first; default fewest_shipments, priority, most_available' })),
    split: Type.Optional(literals(['never', 'by_line', 'split_line'] as const)),
    min_shipment_value: Type.Optional(nullable(Type.String({ pattern: '^[0-9]{1,12}(\\.[0-9]{1,3})?$', description: 'Decimal, in the order’s currency' }))),
    when_unfillable: Type.Optional(literals(unfillableActions)),
    hold_queue: Type.Optional(nullable(Code)),
  },
  { additionalProperties: false },
);

const ScopeSchema = Type.Object(
        {
          channels: Type.Optional(Type.Array(text(100), { maxItems: 100, uniqueItems: true })),
          countries: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z]{2}$' }), { maxItems: 250, uniqueItems: true })),
          regions: Type.Optional(Type.Array(text(50), { maxItems: 200, uniqueItems: true })),
          tags: Type.Optional(Type.Array(text(100), { maxItems: 100, uniqueItems: true })),
        },
        { additionalProperties: false, description: 'Which orders the policy routes; an absent or empty list matches anything' },
      );

export const PolicyBody = Type.Object(
  {
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Policies are tried lowest first (default 100)' })),
    scope: Type.Optional(ScopeSchema),
    rules: Type.Array(RuleSchema, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);

export const PolicyView = Type.Object({
  name: Type.String(),
  position: Type.Integer(),
  scope: ScopeSchema,
  rules: Type.Array(RuleSchema),
  created_at: Timestamp,
  updated_at: Timestamp,
});

/** A routing policy as the API shows it. */
export function policyView(p: PolicyRow) {
  return { name: p.name, position: p.position, scope: p.scope, rules: p.rules, created_at: p.createdAt.toISOString(), updated_at: p.updatedAt.toISOString() };
}

export const AvailabilityQuery = Type.Object(
  {
    sku: Type.String({ minLength: 1, maxLength: 100 }),
    channel: Type.String({ minLength: 1, maxLength: 100 }),
    postal_code: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'Destination country; US when only a postal code is given' })),
  },
  { additionalProperties: false },
);
export const AvailabilityView = Type.Object({
  sku: Type.String(),
  channel: Type.String(),
  available: Type.Integer(),
  locations: Type.Array(Type.Object({ location: Type.String(), available: Type.Integer(), distance_km: Type.Union([Type.Integer(), Type.Null()]) })),
});
