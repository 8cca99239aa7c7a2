import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { installRawJsonBodyParser } from '../../../platform/http/json-body.js';
import { actorOf } from '../../../platform/http/principal.js';
import { Code } from '../../../platform/http/schemas.js';
import { CarrierBody, carrierSecretsOf, CarrierView, carrierView, findCarrier, listCarriers, loadSampleCarriers, removeCarrier, saveCarrier, TrackingWebhookResult } from '../../../modules/shipping/index.js';
import { receiveTrackingWebhook } from '../../../flows/shipping/track-shipment.js';

/*
 * /v1/carriers: carrier connections. Two plugins because the OpenAPI document lists the tracking
 * webhook after the shipment routes; app.ts registers each at its place.
 */

/** Carrier connections: shipping alone. */
export function carrierRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;
    const secrets = carrierSecretsOf(deps.config);

    app.put('/v1/carriers/:code', {
      config: { action: 'carriers:write' },
      schema: {
        tags: ['shipping'],
        summary: 'Create or replace a carrier connection (a rate card with its tracking range, or an EasyPost-format aggregator)',
        description: 'Rate cards are uploaded as three CSVs; replacing a rate-card carrier without rate_card or tracking keeps the stored card or tracking range (a rename, a pause). An aggregator gets its own API key and webhook secret (sealed, never shown again), or names installation variables the operator allows (OMS_CARRIER_SECRET_NAMES); its base_url must be a public https address.',
        params: Type.Object({ code: Code }),
        body: CarrierBody,
        response: { 200: CarrierView, 201: CarrierView },
      },
    }, async (request, reply) => {
      const row = await saveCarrier(db, actorOf(request.principal), request.params.code, request.body, deps.clock(), secrets);
      return reply.code(row.version === 1 ? 201 : 200).send(carrierView(row));
    });

    app.post('/v1/carriers/samples', {
      config: { action: 'carriers:write' },
      schema: {
        tags: ['shipping'],
        summary: 'Load the sample UPS, FedEx and USPS rate cards (illustrative prices, marked sample)',
        response: { 200: Type.Object({ data: Type.Array(CarrierView) }) },
      },
    }, async (request) => ({ data: (await loadSampleCarriers(db, actorOf(request.principal), deps.clock())).map(carrierView) }));

    app.get('/v1/carriers', {
      config: { action: 'read' },
      schema: { tags: ['shipping'], summary: 'The tenant’s carriers', response: { 200: Type.Object({ data: Type.Array(CarrierView) }) } },
    }, async (request) => ({ data: (await listCarriers(db, request.principal.tenantId)).map(carrierView) }));

    app.get('/v1/carriers/:code', {
      config: { action: 'read' },
      schema: { tags: ['shipping'], summary: 'One carrier', params: Type.Object({ code: Code }), response: { 200: CarrierView } },
    }, async (request) => {
      const row = await findCarrier(db, request.principal.tenantId, request.params.code);
      if (!row) throw new DomainError('CARRIER_NOT_FOUND', `No carrier ${request.params.code}.`);
      return carrierView(row);
    });

    app.delete('/v1/carriers/:code', {
      config: { action: 'carriers:write' },
      schema: { tags: ['shipping'], summary: 'Remove a carrier (its shipments keep their records)', params: Type.Object({ code: Code }), response: { 204: Type.Null() } },
    }, async (request, reply) => {
      await removeCarrier(db, request.principal.tenantId, request.params.code);
      return reply.code(204).send(null);
    });
  };
}

/** The carrier's tracking webhook: authenticated by its HMAC signature over the raw body, not an API key. */
export function carrierWebhookRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const secrets = carrierSecretsOf(deps.config);
    await base.register(async (hook) => {
      installRawJsonBodyParser(hook);
      hook.withTypeProvider<TypeBoxTypeProvider>().post('/v1/carriers/:id/webhooks/tracking', {
        config: { action: 'public' },
        schema: {
          tags: ['shipping'],
          summary: 'Tracking events from an EasyPost-format aggregator (X-Hmac-Signature checked)',
          description: 'The carrier connection’s webhook_url (GET /v1/carriers/{code}). 401 CARRIER_SIGNATURE_INVALID when the signature is missing or wrong; scans of parcels we did not ship are acknowledged and ignored.',
          params: Type.Object({ id: Type.String({ pattern: '^car_[0-9a-z]{26}$' }) }),
          response: { 200: TrackingWebhookResult },
        },
      }, async (request) => receiveTrackingWebhook(deps.database.db, request.params.id, request.body as Buffer, headerOf(request.headers['x-hmac-signature']), deps.clock(), secrets));
    });
  };
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
