import { Type } from '@fastify/type-provider-typebox';
import { nullable, Timestamp } from '../../../platform/http/schemas.js';
import { caseKinds, resolutions, type CaseKind, type Resolution } from '../../../modules/reviews/index.js';
import { OrderViewSchema } from './order-schemas.js';

export const CaseKindSchema = Type.Unsafe<CaseKind>(Type.String({ enum: [...caseKinds] }));

/** A review case (ADR 0031). */
export const CaseViewSchema = Type.Object({
  id: Type.String(),
  order_id: Type.String(),
  order_name: Type.String({ description: 'What staff call the order: the channel’s name for it (#1042), else #<number>' }),
  kind: CaseKindSchema,
  hold_id: Type.String({ description: 'The hold the case decides' }),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  opened_by: Type.String(),
  opened_at: Timestamp,
  age_seconds: Type.Integer({ description: 'SLA age: seconds open (until closed)' }),
  assignee: nullable(Type.String()),
  assignee_label: nullable(Type.String()),
  score: nullable(Type.Integer({ minimum: 0, maximum: 100 })),
  order_total: Type.String({ description: 'The order total when the case opened, decimal' }),
  currency: Type.String(),
  shipping_country: nullable(Type.String()),
  rules: Type.Array(Type.String(), { description: 'Rules that matched (screening)' }),
  sentences: Type.Array(Type.String(), { description: 'The signals, as a support agent reads them' }),
  details: nullable(Type.Object({}, { additionalProperties: true })),
  resolution: nullable(Type.Unsafe<Resolution>(Type.String({ enum: [...resolutions] }))),
  reason: nullable(Type.String()),
  closed_by: nullable(Type.String()),
  closed_by_label: nullable(Type.String()),
  closed_at: nullable(Timestamp),
});

export const LinkedOrderSchema = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  status: Type.String(),
  total: Type.String(),
  currency: Type.String(),
  customer_email: nullable(Type.String()),
  created_at: Timestamp,
  shared: Type.Array(Type.Union([Type.Literal('email'), Type.Literal('phone'), Type.Literal('address'), Type.Literal('customer'), Type.Literal('card'), Type.Literal('ip')]), { description: 'What it shares with the case’s order: card and ip as fraud screening keyed the orders (the same card fingerprint or client IP)' }),
});

export const CaseDetailSchema = Type.Object({ ...CaseViewSchema.properties, order: OrderViewSchema, linked_orders: Type.Array(LinkedOrderSchema) });
