import { Type, type Static } from '@fastify/type-provider-typebox';
import { Timestamp, nullable } from '../../../platform/http/schemas.js';
import { PageQuery } from '../../../platform/http/pagination.js';
import type { CustomerRow } from '../db/customers.queries.js';
import { TAG_MAX_LENGTH, TAGS_MAX } from '../domain/changes.js';

export const CustomerId = Type.Object({ id: Type.String({ pattern: '^cus_[0-9a-z]{26}$' }) });
export const CustomerQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Search: a prefix of the e-mail, the name or its last word, or of the phone (digits with the country code, e.g. 4930…)' })),
  },
  { additionalProperties: false },
);
export const CustomerPatchBody = Type.Object(
  {
    name: Type.Optional(nullable(Type.String({ maxLength: 200 }))),
    phone: Type.Optional(nullable(Type.String({ maxLength: 50, description: 'With its country code (+49 30 1234567); stored in E.164' }))),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200, description: `Replaces the tags: at most ${TAGS_MAX}, each at most ${TAG_MAX_LENGTH} characters (trimmed, duplicates dropped)` })),
    note: Type.Optional(nullable(Type.String({ maxLength: 5000 }))),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Recorded in customer.updated' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CustomerPatchBody = Static<typeof CustomerPatchBody>;
export const MergeBody = Type.Object(
  {
    from: Type.String({ pattern: '^cus_[0-9a-z]{26}$', description: 'The customer merged into this one: its orders, store credit, tags and note move here; it stays as a tombstone pointing here' }),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);
export const EraseBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why (e.g. the customer’s request of 2026-05-01): recorded in customer.erased' }) },
  { additionalProperties: false },
);

const Money = Type.Object({ currency: Type.String(), amount: Type.String({ description: 'Decimal' }) });
const CustomerFields = {
  id: Type.String(),
  email: nullable(Type.String()),
  phone: nullable(Type.String({ description: 'E.164' })),
  name: nullable(Type.String()),
  default_address: nullable(Type.Object({}, { additionalProperties: true, description: 'The first order’s shipping address' })),
  tags: Type.Array(Type.String()),
  note: nullable(Type.String()),
  merged_into: nullable(Type.String({ description: 'Set on a merged customer (a tombstone): the survivor that holds its orders now' })),
  erased_at: nullable(Timestamp),
  version: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp,
};
export const CustomerListItem = Type.Object({
  ...CustomerFields,
  orders_count: Type.Integer(),
  last_order_at: nullable(Timestamp),
});
export const CustomerList = Type.Object({ data: Type.Array(CustomerListItem), next_cursor: nullable(Type.String()) });
export const CustomerView = Type.Object({
  ...CustomerFields,
  stats: Type.Object({
    orders_count: Type.Integer({ description: 'Every order, cancelled ones too' }),
    first_order_at: nullable(Timestamp),
    last_order_at: nullable(Timestamp),
    returns_count: Type.Integer({ description: 'Returns that were not declined or cancelled' }),
    amount_spent: Type.Array(Money, { description: 'Per currency: order totals less cancellations and return refunds' }),
  }),
  store_credit: Type.Array(Type.Object({ account_id: Type.String(), email: Type.String(), currency: Type.String(), balance: Type.String() }), { description: 'Balances of the customer’s store-credit accounts' }),
});
export type CustomerView = Static<typeof CustomerView>;

export const CustomerFieldsView = Type.Object(CustomerFields);

export function customerFields(row: CustomerRow): Static<typeof CustomerFieldsView> {
  return {
    id: row.id,
    email: row.email,
    phone: row.phone,
    name: row.name,
    default_address: row.defaultAddress,
    tags: row.tags,
    note: row.note,
    merged_into: row.mergedInto,
    erased_at: row.erasedAt?.toISOString() ?? null,
    version: row.version,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
