import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest, PageQuery } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { Code, listOf, nullable, Timestamp } from '../../../platform/http/schemas.js';
import { currencyExponent, formatMoney } from '../../../platform/kernel/money.js';
import { findBox, listBoxes, type BoxRow } from '../db/boxes.queries.js';
import { putBox, removeBox } from '../use-cases/pack-boxes.js';

const Millimetres = Type.Integer({ minimum: 1, maximum: 100_000 });
const InnerDimensions = Type.Object({ length: Millimetres, width: Millimetres, height: Millimetres }, { additionalProperties: false, description: 'Inner dimensions in millimetres' });

const BoxBody = Type.Object(
  {
    inner_mm: InnerDimensions,
    max_weight_grams: Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'Most the box may weigh when packed, tare included' }),
    tare_grams: Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'Weight of the empty box' }),
    cost: Type.Optional(nullable(Type.String({ maxLength: 32, description: 'Decimal string in the currency, e.g. "1.25"; cheaper boxes are tried first' }))),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 of cost; default USD' })),
  },
  { additionalProperties: false },
);

export const BoxView = Type.Object({
  code: Type.String(),
  inner_mm: InnerDimensions,
  max_weight_grams: Type.Integer(),
  tare_grams: Type.Integer(),
  cost: nullable(Type.String()),
  currency: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

function view(b: BoxRow) {
  return {
    code: b.code,
    inner_mm: { length: b.innerLengthMm, width: b.innerWidthMm, height: b.innerHeightMm },
    max_weight_grams: b.maxWeightGrams,
    tare_grams: b.tareGrams,
    cost: b.costMinor === null ? null : formatMoney(b.costMinor, currencyExponent(b.currency) ?? 2),
    currency: b.currency,
    created_at: b.createdAt.toISOString(),
    updated_at: b.updatedAt.toISOString(),
  };
}

/** The box catalogue: what cartonization may pack into. */
export function boxRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.put('/v1/boxes/:code', {
      config: { action: 'fulfillment:write' },
      schema: { tags: ['fulfillment'], summary: 'Create or replace a box of the catalogue (idempotent)', params: Type.Object({ code: Code }), body: BoxBody, response: { 200: BoxView, 201: BoxView } },
    }, async (request, reply) => {
      const { created, row } = await inTransaction(db, (tx) => putBox(tx, actorOf(request.principal), request.params.code, request.body, deps.clock()));
      return reply.code(created ? 201 : 200).send(view(row));
    });

    app.get('/v1/boxes', {
      config: { action: 'read' },
      schema: { tags: ['fulfillment'], summary: 'List the box catalogue by code', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: listOf(BoxView) } },
    }, async (request) => {
      const pageOf = pageRequest(request.query, /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/);
      const rows = await listBoxes(db, request.principal.tenantId, pageOf);
      return page(rows.map(view), pageOf, (b) => [b.code]);
    });

    app.get('/v1/boxes/:code', {
      config: { action: 'read' },
      schema: { tags: ['fulfillment'], summary: 'Get a box', params: Type.Object({ code: Code }), response: { 200: BoxView } },
    }, async (request) => {
      const box = await findBox(db, request.principal.tenantId, request.params.code);
      if (!box) throw new DomainError('FULFILLMENT_BOX_NOT_FOUND', `No box ${request.params.code}.`);
      return view(box);
    });

    app.delete('/v1/boxes/:code', {
      config: { action: 'fulfillment:write' },
      schema: { tags: ['fulfillment'], summary: 'Remove a box from the catalogue (packages made with it keep its size)', params: Type.Object({ code: Code }), response: { 204: Type.Null() } },
    }, async (request, reply) => {
      await inTransaction(db, (tx) => removeBox(tx, actorOf(request.principal), request.params.code, deps.clock()));
      return reply.code(204).send(null);
    });
  };
}
