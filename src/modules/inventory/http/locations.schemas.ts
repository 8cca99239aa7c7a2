import { Type } from '@fastify/type-provider-typebox';
import { AddressSchema } from '../../../platform/http/address.js';
import { Code, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import type { LocationRow } from '../db/locations.queries.js';

/** Request and response schemas of /v1/locations, and the location view. */

const LocationType = Type.Union([Type.Literal('warehouse'), Type.Literal('store'), Type.Literal('dropship'), Type.Literal('3pl')]);
const LocationFields = {
  name: text(200),
  type: LocationType,
  address: Type.Optional(nullable(AddressSchema)),
  ships_to_customers: Type.Optional(Type.Boolean()),
  priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Lower wins: 1 before 2' })),
  active: Type.Optional(Type.Boolean()),
  groups: Type.Optional(Type.Array(Code, { maxItems: 50, uniqueItems: true, description: 'Location groups routing rules can filter by, e.g. "east"' })),
  serves_countries: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z]{2}$' }), { maxItems: 250, uniqueItems: true, description: 'Destination countries this location ships to; empty: anywhere' })),
  channels: Type.Optional(Type.Array(text(100), { maxItems: 100, uniqueItems: true, description: 'Channels that may sell this location’s stock; empty: every channel' })),
  daily_capacity: Type.Optional(nullable(Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'Most fulfillment orders a day; null: no limit' }))),
  safety_stock: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'Units of every SKU held back from online orders' })),
  latitude: Type.Optional(nullable(Type.Number({ minimum: -90, maximum: 90, description: 'Defaults to the address’s postal-code or country centroid' }))),
  longitude: Type.Optional(nullable(Type.Number({ minimum: -180, maximum: 180 }))),
  time_zone: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. America/New_York; defaults to the zone at the location’s coordinates' }))),
  cutoff_time: Type.Optional(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'Local HH:MM; orders captured at or after it ship the next business day (default 14:00)' })),
  processing_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 30, description: 'Business days of handling before the ship day (default 0)' })),
};
export const LocationView = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  type: LocationType,
  address: nullable(AddressSchema),
  ships_to_customers: Type.Boolean(),
  priority: Type.Integer(),
  active: Type.Boolean(),
  groups: Type.Array(Type.String()),
  serves_countries: Type.Array(Type.String()),
  channels: Type.Array(Type.String()),
  daily_capacity: nullable(Type.Integer()),
  safety_stock: Type.Integer(),
  latitude: nullable(Type.Number()),
  longitude: nullable(Type.Number()),
  time_zone: nullable(Type.String()),
  cutoff_time: Type.String(),
  processing_days: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

/** A location as the API shows it. */
export function locationView(l: LocationRow) {
  return {
    id: l.id,
    code: l.code,
    name: l.name,
    type: l.type,
    address: l.address,
    ships_to_customers: l.shipsToCustomers,
    priority: l.priority,
    active: l.active,
    groups: l.groups,
    serves_countries: l.servesCountries,
    channels: l.channels,
    daily_capacity: l.dailyCapacity,
    safety_stock: l.safetyStock,
    latitude: l.latitude,
    longitude: l.longitude,
    time_zone: l.timeZone,
    cutoff_time: l.cutoffTime,
    processing_days: l.processingDays,
    created_at: l.createdAt.toISOString(),
    updated_at: l.updatedAt.toISOString(),
  };
}

export const LocationBody = Type.Object({ code: Code, ...LocationFields }, { additionalProperties: false });
export const LocationPatch = Type.Partial(Type.Object(LocationFields), { additionalProperties: false, minProperties: 1 });
export const LocationId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
