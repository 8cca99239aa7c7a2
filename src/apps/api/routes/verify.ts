import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { nullable, Timestamp } from '../../../platform/http/schemas.js';
import { confirmVerification, verificationPage } from '../../../flows/reviews/verification.js';

const Token = Type.Object({ token: Type.String({ minLength: 10, maxLength: 90, pattern: '^[A-Za-z0-9_.-]+$' }) });

/**
 * /v1/verify/{token}: the customer's side of a verification link (ADR 0031). Public: the signed,
 * expiring, single-use token is the credential. Expired, used, replaced or tampered tokens answer
 * a problem (404 or 410) and change nothing.
 */
export function verifyRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/verify/:token', {
      config: { action: 'public' },
      schema: {
        tags: ['verification'],
        summary: 'What the customer is asked to confirm: the order’s number, total, items and where it ships',
        security: [],
        params: Token,
        response: {
          200: Type.Object({
            order_number: Type.String(),
            placed_at: Timestamp,
            total: Type.String(),
            currency: Type.String(),
            lines: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer() })),
            ship_to: nullable(Type.Object({ name: nullable(Type.String()), city: nullable(Type.String()), region: nullable(Type.String()), postal_code: nullable(Type.String()), country: nullable(Type.String()) })),
            expires_at: Timestamp,
          }),
        },
      },
    }, async (request) => verificationPage(db, request.params.token, deps.clock()));

    app.post('/v1/verify/:token', {
      config: { action: 'public' },
      schema: {
        tags: ['verification'],
        summary: 'Confirm the order: releases its verification hold (verification.confirmed); the link is then used up',
        security: [],
        params: Token,
        response: { 200: Type.Object({ confirmed: Type.Literal(true), order_number: Type.String() }) },
      },
    }, async (request) => confirmVerification(db, request.params.token, deps.clock()));
  };
}
