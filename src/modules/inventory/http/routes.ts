import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest, PageQuery } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { Code, listOf, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import { AddressSchema } from '../../../platform/http/address.js';
import { findLocationsByCodeOrId, listLocations, type LocationRow } from '../db/locations.queries.js';
import { listStock } from '../db/stock.queries.js';
import { resolveLocations } from '../use-cases/adjust-stock.js';
import { changeLocation, createLocation } from '../use-cases/locations.js';

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
const LocationView = Type.Object({
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

function view(l: LocationRow) {
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

const Bin = Type.Optional(Type.String({ description: 'Where the SKU sits at the location, when known' }));
const StockRow = Type.Object({ sku: Type.String(), location: Type.String(), location_id: Type.String(), on_hand: Type.Integer(), reserved: Type.Integer(), available: Type.Integer(), bin: Bin, updated_at: Timestamp });
const LocationId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export function inventoryRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.post('/v1/locations', {
      config: { action: 'locations:write' },
      schema: { tags: ['inventory'], summary: 'Create a location', body: Type.Object({ code: Code, ...LocationFields }, { additionalProperties: false }), response: { 201: LocationView } },
    }, async (request, reply) => {
      const row = await inTransaction(db, (tx) => createLocation(tx, actorOf(request.principal), request.body, deps.clock()));
      return reply.code(201).send(view(row));
    });

    app.get('/v1/locations', {
      config: { action: 'read' },
      schema: { tags: ['inventory'], summary: 'List locations', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: listOf(LocationView) } },
    }, async (request) => {
      const pageOf = pageRequest(request.query, /^loc_[0-9a-z]{26}$/);
      const rows = await listLocations(db, request.principal.tenantId, pageOf);
      return page(rows.map(view), pageOf, (l) => [l.id]);
    });

    app.get('/v1/locations/:id', {
      config: { action: 'read' },
      schema: { tags: ['inventory'], summary: 'Get a location by id or code', params: LocationId, response: { 200: LocationView } },
    }, async (request) => {
      const [location] = await findLocationsByCodeOrId(db, request.principal.tenantId, [request.params.id]);
      if (!location) throw new DomainError('LOCATION_NOT_FOUND', `No location ${request.params.id}.`);
      return view(location);
    });

    app.patch('/v1/locations/:id', {
      config: { action: 'locations:write' },
      schema: {
        tags: ['inventory'],
        summary: 'Change a location (the code is permanent)',
        params: LocationId,
        body: Type.Partial(Type.Object(LocationFields), { additionalProperties: false, minProperties: 1 }),
        response: { 200: LocationView },
      },
    }, async (request) => {
      const row = await inTransaction(db, async (tx) => {
        const [loc] = await resolveLocations(tx, request.principal.tenantId, [request.params.id], () => 'id').catch(() => {
          throw new DomainError('LOCATION_NOT_FOUND', `No location ${request.params.id}.`);
        });
        return changeLocation(tx, actorOf(request.principal), (loc as LocationRow).id, request.body, deps.clock());
      });
      return view(row);
    });

    app.get('/v1/inventory', {
      config: { action: 'read' },
      schema: {
        tags: ['inventory'],
        summary: 'Stock levels per SKU × location',
        querystring: Type.Object({ sku: Type.Optional(Code), location: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), ...PageQuery }, { additionalProperties: false }),
        response: { 200: listOf(StockRow) },
      },
    }, async (request) => {
      const { tenantId } = request.principal;
      const locationId = request.query.location
        ? ((await resolveLocations(db, tenantId, [request.query.location], () => 'query.location'))[0] as LocationRow).id
        : undefined;
      const pageOf = pageRequest(request.query, /^[^\n]+\nloc_[0-9a-z]{26}$/);
      const rows = await listStock(db, tenantId, { ...(request.query.sku ? { sku: request.query.sku } : {}), ...(locationId ? { locationId } : {}) }, pageOf);
      const views = rows.map((r) => ({
        sku: r.sku,
        location: r.locationCode,
        location_id: r.locationId,
        on_hand: r.onHand,
        reserved: r.reserved,
        available: r.onHand - r.reserved,
        ...(r.bin ? { bin: r.bin } : {}),
        updated_at: r.updatedAt.toISOString(),
      }));
      return page(views, pageOf, (r) => [r.sku, r.location_id]);
    });
    // GET /v1/inventory/{sku} is a flow route (src/apps/api/routes/inventory-sku.ts): a kit's stock is derived from its components.
  };
}
