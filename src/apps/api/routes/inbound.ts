import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { actorOf } from '../../../platform/http/principal.js';
import { Code, Day, nullable, text } from '../../../platform/http/schemas.js';
import { InboundViewSchema } from '../../../modules/inventory/index.js';
import { createInboundShipment, receiveInbound } from '../../../flows/inventory/inbound.js';

const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000_000 });
const Line = Type.Object({ sku: Code, quantity: Quantity }, { additionalProperties: false });
const Location = Type.String({ minLength: 1, maxLength: 64, description: 'Location code or id' });
const ExpectedDate = Day;
const Reference = Type.Optional(nullable(text(200, { description: 'Your purchase order or ASN number' })));

export function inboundFlowRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.post('/v1/inbound', {
      config: { action: 'inventory:write' },
      schema: {
        tags: ['inventory'],
        summary: 'Record expected supply (purchase order / ASN); backordered lines get their expected date from it',
        description: 'Several lines, or the single-line shorthand `{sku, quantity, location, expected_date}`.',
        body: Type.Union([
          Type.Object({ reference: Reference, location: Location, expected_date: ExpectedDate, lines: Type.Array(Line, { minItems: 1, maxItems: 500 }) }, { additionalProperties: false }),
          Type.Object({ reference: Reference, location: Location, expected_date: ExpectedDate, sku: Code, quantity: Quantity }, { additionalProperties: false }),
        ]),
        response: { 201: InboundViewSchema },
      },
    }, async (request, reply) => {
      const body = request.body;
      const many = 'lines' in body;
      const view = await createInboundShipment(
        db,
        actorOf(request.principal),
        { reference: body.reference ?? null, location: body.location, expectedDate: body.expected_date, lines: many ? body.lines : [{ sku: body.sku, quantity: body.quantity }] },
        deps.clock(),
        many ? (i, name) => `lines[${i}].${name}` : (_i, name) => name,
      );
      return reply.code(201).send(view);
    });

    app.post('/v1/inbound/:id/receive', {
      config: { action: 'inventory:write' },
      schema: {
        tags: ['inventory'],
        summary: 'Receive an inbound shipment (the lines given, or everything outstanding); adds stock and fills backorders oldest first',
        params: Type.Object({ id: Type.String({ pattern: '^inb_[0-9a-z]{26}$' }) }),
        body: Type.Object({ lines: Type.Optional(Type.Array(Line, { minItems: 1, maxItems: 500 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ ...InboundViewSchema.properties, backorders_allocated: Type.Integer({ description: 'Units of waiting backorders this receipt allocated' }) }) },
      },
      // No body means "everything outstanding", as an empty object does.
      preValidation: async (request) => {
        request.body ??= {};
      },
    }, async (request) => receiveInbound(db, actorOf(request.principal), request.params.id, request.body.lines, deps.clock()));
  };
}
