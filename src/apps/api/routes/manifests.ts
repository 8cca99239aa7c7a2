import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import type { Principal } from '../../../platform/http/principal.js';
import { Binary, ManifestQuerySchema, ManifestView, money } from '../../../modules/shipping/index.js';
import { manifest, manifestFile, type ManifestQuery } from '../../../flows/shipping/shipping-documents.js';
import { locationInScope } from '../scope.js';

/** /v1/manifests: end-of-day manifests, as JSON, PDF or CSV. */
export function manifestRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;
    /** A location key's manifest is its own location's: another location answers as an unknown one. */
    const inScope = async (p: Principal, query: ManifestQuery): Promise<ManifestQuery> => (p.locationId === undefined ? query : { ...query, location: (await locationInScope(db, p, query.location, 'query.location')).id });

    app.get('/v1/manifests', {
      config: { action: 'shipments:read', scope: 'location' },
      schema: { tags: ['shipping'], summary: 'End-of-day manifest: a carrier’s shipments from a location on a pickup day', querystring: ManifestQuerySchema, response: { 200: ManifestView } },
    }, async (request) => {
      const m = await manifest(db, request.principal.tenantId, await inScope(request.principal, request.query), deps.clock());
      return {
        carrier: m.carrierCode,
        location: m.locationCode,
        date: m.date,
        shipments: m.rows.map((r) => ({ shipment_id: r.shipmentId, reference: r.orderReference, tracking_number: r.trackingNumber, service: r.service, packages: r.packages, weight_grams: r.weightGrams, amount: money(r.amountMinor, r.currency), currency: r.currency })),
        totals: { shipments: m.rows.length, packages: m.rows.reduce((n, r) => n + r.packages, 0), weight_grams: m.rows.reduce((n, r) => n + r.weightGrams, 0) },
      };
    });

    app.get('/v1/manifests.pdf', {
      config: { action: 'shipments:read', scope: 'location' },
      schema: { tags: ['shipping'], summary: 'The manifest as PDF, for the driver to sign', querystring: ManifestQuerySchema, produces: ['application/pdf'], response: { 200: Binary('application/pdf') } },
    }, async (request, reply) => reply.type('application/pdf').send(await manifestFile(db, request.principal.tenantId, await inScope(request.principal, request.query), 'pdf', deps.clock())));

    app.get('/v1/manifests.csv', {
      config: { action: 'shipments:read', scope: 'location' },
      schema: { tags: ['shipping'], summary: 'The manifest as CSV', querystring: ManifestQuerySchema, produces: ['text/csv'], response: { 200: Type.String() } },
    }, async (request, reply) => reply.type('text/csv; charset=utf-8').send(await manifestFile(db, request.principal.tenantId, await inScope(request.principal, request.query), 'csv', deps.clock())));
  };
}
