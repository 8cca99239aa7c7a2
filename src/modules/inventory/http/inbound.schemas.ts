import { Type } from '@fastify/type-provider-typebox';
import { PageQuery } from '../../../platform/http/pagination.js';
import { Code, Day, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import { inboundStatuses } from '../domain/inbound.js';

/** Request and response schemas of /v1/inbound (purchase orders / ASNs). */

const InboundStatusSchema = Type.Unsafe<(typeof inboundStatuses)[number]>(Type.String({ enum: [...inboundStatuses] }));

export const InboundViewSchema = Type.Object({
  id: Type.String(),
  reference: nullable(Type.String()),
  location: Type.String({ description: 'Location code' }),
  expected_date: Type.String({ format: 'date' }),
  status: InboundStatusSchema,
  lines: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer(), received: Type.Integer() })),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const InboundId = Type.Object({ id: Type.String({ pattern: '^inb_[0-9a-z]{26}$' }) });

export const InboundQuery = Type.Object(
  { sku: Type.Optional(Code), location: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Location code or id' })), status: Type.Optional(InboundStatusSchema), ...PageQuery },
  { additionalProperties: false },
);

const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000_000 });
const Line = Type.Object({ sku: Code, quantity: Quantity }, { additionalProperties: false });
const Location = Type.String({ minLength: 1, maxLength: 64, description: 'Location code or id' });
const ExpectedDate = Day;
const Reference = Type.Optional(nullable(text(200, { description: 'Your purchase order or ASN number' })));

export const InboundBody = Type.Union([
  Type.Object({ reference: Reference, location: Location, expected_date: ExpectedDate, lines: Type.Array(Line, { minItems: 1, maxItems: 500 }) }, { additionalProperties: false }),
  Type.Object({ reference: Reference, location: Location, expected_date: ExpectedDate, sku: Code, quantity: Quantity }, { additionalProperties: false }),
]);
export const ReceiveBody = Type.Object({ lines: Type.Optional(Type.Array(Line, { minItems: 1, maxItems: 500 })) }, { additionalProperties: false });
export const ReceivedView = Type.Object({ ...InboundViewSchema.properties, backorders_allocated: Type.Integer({ description: 'Units of waiting backorders this receipt allocated' }) });
export const CancelInboundBody = Type.Object({ reason: Type.Optional(nullable(text(500))) }, { additionalProperties: false });
