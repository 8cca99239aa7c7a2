import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest, PageQuery } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { listOf } from '../../../platform/http/schemas.js';
import { changeLocation, createLocation, findLocationsByCodeOrId, listLocations, LocationBody, LocationId, LocationPatch, LocationView, locationView } from '../../../modules/inventory/index.js';

/** /v1/locations */
export function locationRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.post('/v1/locations', {
      config: { action: 'locations:write' },
      schema: { tags: ['inventory'], summary: 'Create a location', body: LocationBody, response: { 201: LocationView } },
    }, async (request, reply) => reply.code(201).send(locationView(await createLocation(db, actorOf(request.principal), request.body, deps.clock()))));

    app.get('/v1/locations', {
      config: { action: 'read' },
      schema: { tags: ['inventory'], summary: 'List locations', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: listOf(LocationView) } },
    }, async (request) => {
      const pageOf = pageRequest(request.query, /^loc_[0-9a-z]{26}$/);
      const rows = await listLocations(db, request.principal.tenantId, pageOf);
      return page(rows.map(locationView), pageOf, (l) => [l.id]);
    });

    app.get('/v1/locations/:id', {
      config: { action: 'read' },
      schema: { tags: ['inventory'], summary: 'Get a location by id or code', params: LocationId, response: { 200: LocationView } },
    }, async (request) => {
      const [location] = await findLocationsByCodeOrId(db, request.principal.tenantId, [request.params.id]);
      if (!location) throw new DomainError('LOCATION_NOT_FOUND', `No location ${request.params.id}.`);
      return locationView(location);
    });

    app.patch('/v1/locations/:id', {
      config: { action: 'locations:write' },
      schema: { tags: ['inventory'], summary: 'Change a location (the code is permanent)', params: LocationId, body: LocationPatch, response: { 200: LocationView } },
    }, async (request) => locationView(await changeLocation(db, actorOf(request.principal), request.params.id, request.body, deps.clock())));
  };
}
