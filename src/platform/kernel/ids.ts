import { monotonicFactory } from 'ulid';

/**
 * Prefixed, time-sortable identifiers (`ord_01J…`). ULIDs sort by creation time, so keyset
 * pagination on `id` follows creation order, and nothing sequential leaks across tenants.
 */
export type IdPrefix =
  | 'ten' | 'key' | 'loc' | 'prd' | 'ord' | 'oln' | 'res' | 'mov' | 'evt' | 'adj';

export type IdGenerator = (prefix: IdPrefix) => string;

const nextUlid = monotonicFactory();

export const newId: IdGenerator = (prefix) => `${prefix}_${nextUlid().toLowerCase()}`;
