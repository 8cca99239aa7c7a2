import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { identifyTrackingNumber, TrackingNumberView } from '../../../modules/shipping/index.js';

/** /v1/tracking-numbers: is this a valid tracking number, and whose? */
export function trackingNumberRoutes(): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/v1/tracking-numbers/:number', {
      config: { action: 'read' },
      schema: {
        tags: ['shipping'],
        summary: 'Is this a valid tracking number, and whose?',
        params: Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: TrackingNumberView },
      },
    }, async (request) => {
      const found = identifyTrackingNumber(request.params.number);
      return { number: request.params.number, valid: found.valid, carrier: found.carrier ?? null, format: found.format ?? null };
    });
  };
}
