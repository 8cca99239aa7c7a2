import { Type } from '@fastify/type-provider-typebox';
import { CANONICAL_ORDER_LIMITS } from '../../../platform/contracts/canonical-order.js';
import { AddressSchema } from '../../../platform/http/address.js';
import { Code, nullable, text, Timestamp } from '../../../platform/http/schemas.js';

const Decimal = Type.String({ minLength: 1, maxLength: 32, description: 'Decimal string in the order currency, e.g. "19.99"' });
const LineId = Type.String({ pattern: '^oln_[0-9a-z]{26}$' });
const Quantity = Type.Integer({ minimum: 0, maximum: 1_000_000 });
const change = <T extends string>(type: T, fields: Parameters<typeof Type.Object>[0], description: string) =>
  Type.Object({ type: Type.Literal(type), ...fields }, { additionalProperties: false, description });

/** One staged change of an order edit (ADR 0032); `type` says which. */
export const EditChangeSchema = Type.Union([
  change('change_shipping_address', { address: AddressSchema }, 'Ship the unshipped units elsewhere. Refused (422 ORDER_EDIT_LABEL_BOUGHT) while a label is bought for an open shipment: void it first.'),
  change('change_shipping_method', { service_level: text(32), price: Type.Optional(Decimal) }, 'A new service level (standard, expedited, overnight), and optionally a new shipping price.'),
  change('add_line', { sku: Code, quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }), unit_price: Type.Optional(Decimal) }, 'A new line; its unit price defaults to the catalogue’s (same currency as the order).'),
  change('remove_line', { line_id: LineId }, 'Cancels every unit of a line none of whose units has shipped.'),
  change('change_quantity', { line_id: LineId, quantity: Quantity }, 'The number of live (not cancelled) units the line should have: never below what has shipped.'),
  change('change_variant', { line_id: LineId, sku: Code, unit_price: Type.Optional(Decimal) }, 'Swaps the line’s unshipped units for another SKU (a new line; price defaults to the catalogue’s).'),
  change(
    'add_discount',
    { amount: Type.Optional(Decimal), percent: Type.Optional(Type.String({ maxLength: 6, description: 'e.g. "10" or "12.5"' })), line_id: Type.Optional(LineId), code: Type.Optional(text(100)), title: Type.Optional(text(200)) },
    'A discount of an amount or a percentage, on one line (line_id) or split over the order’s live lines by what they are worth.',
  ),
  change('change_notes', { notes: nullable(Type.String({ maxLength: 5000 })) }, 'The order’s notes (null: none).'),
  change('change_tags', { tags: Type.Array(text(CANONICAL_ORDER_LIMITS.tagLength), { maxItems: CANONICAL_ORDER_LIMITS.maxTags }) }, 'The order’s tags, replaced.'),
]);

export const EditChanges = Type.Array(EditChangeSchema, { maxItems: 100 });

const Totals = Type.Object({ subtotal: Type.String(), discount: Type.String(), tax: Type.String(), shipping: Type.String(), duties: Type.String(), total: Type.String() });
const LineState = Type.Object({ quantity: Type.Integer(), unit_price: Type.String(), discount: Type.String(), tax: Type.String() });
const Loose = Type.Object({}, { additionalProperties: true });

export const OrderEditSummarySchema = Type.Object({
  id: Type.String(),
  order_id: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('committed'), Type.Literal('discarded')]),
  base_version: Type.Integer({ description: 'The order’s version when the edit began' }),
  changes: Type.Array(Loose),
  reason: nullable(Type.String()),
  created_by: Type.String(),
  created_at: Timestamp,
  closed_by: nullable(Type.String()),
  closed_at: nullable(Timestamp),
});

/** An edit with its preview: the summary's fields, `stale` and `preview`. */
export const OrderEditViewSchema = Type.Object({
  ...OrderEditSummarySchema.properties,
  stale: Type.Boolean({ description: 'The order changed since the edit began: committing answers 409 ORDER_EDIT_CONFLICT' }),
  preview: nullable(
    Type.Object({
      valid: Type.Boolean(),
      errors: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
      currency: Type.String(),
      before: nullable(Totals),
      after: nullable(Totals),
      delta: nullable(Type.String({ description: 'after.total − before.total' })),
      amount_due: nullable(Type.String({ description: 'What the customer would still owe by the payment ledger' })),
      refund_owed: nullable(Type.String({ description: 'What would be owed back to the customer by the payment ledger' })),
      lines: Type.Array(Type.Object({ line_id: Type.String(), sku: Type.String(), parent_line_id: nullable(Type.String({ description: 'A kit component line: its kit line (components carry no money; they scale with the kit).' })), before: nullable(LineState), after: nullable(LineState) })),
      changes: Type.Array(Loose),
      stock: Type.Object({
        allocations: Type.Array(Type.Object({ line_id: Type.String(), sku: Type.String(), location: Type.String(), quantity: Type.Integer() })),
        backorders: Type.Array(Type.Object({ line_id: Type.String(), sku: Type.String(), quantity: Type.Integer() })),
        shortages: Type.Array(Type.Object({ line_id: Type.String(), sku: Type.String(), requested: Type.Integer(), available: Type.Integer() })),
        released: Type.Array(Type.Object({ line_id: Type.String(), quantity: Type.Integer() })),
      }),
      tax_rate: nullable(Type.String()),
    }),
  ),
  result: nullable(Loose),
});
