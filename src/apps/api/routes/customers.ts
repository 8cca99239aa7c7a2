import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, PageQuery, pageRequest } from '../../../platform/http/pagination.js';
import { listOf } from '../../../platform/http/schemas.js';
import { actorOf } from '../../../platform/http/principal.js';
import { CustomerId, CustomerList, CustomerPatchBody, CustomerQuery, CustomerView, EraseBody, listCustomers, MergeBody, patchCustomer, visibleCustomer, type CustomerSearch } from '../../../modules/customers/index.js';
import { customerListViews, customerView } from '../../../flows/customers/steps/customer-view.js';
import { eraseCustomer } from '../../../flows/customers/erase-customer.js';
import { mergeCustomers } from '../../../flows/customers/merge-customers.js';
import { listOrderViews } from '../../../flows/orders/list-orders.js';
import { OrderViewSchema } from './order-schemas.js';

const tags = ['customers'];

/** What the search box reads `q` as: text (e-mail, name) and, when it is mostly digits, a phone prefix. */
function searchOf(q: string | undefined): CustomerSearch {
  if (q === undefined) return {};
  const text = q.trim().toLowerCase();
  const digits = text.replace(/[^0-9]/g, '');
  const phoneLike = /^[+0-9][0-9 ().-]*$/.test(text) && digits.length >= 3;
  return { ...(text !== '' ? { text } : {}), ...(phoneLike ? { phonePrefix: `+${digits.replace(/^00/, '')}` } : {}) };
}

/** /v1/customers (ADR 0026): customers matched across channels by e-mail (or phone), linked at capture. */
export function customerRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/customers', {
      config: { action: 'customers:read' },
      schema: { tags, summary: 'List and search customers, newest first (merged ones left out)', description: '`q` finds customers by the beginning of the e-mail, of the name or of the last name, or of the phone in international form (digits with the country code).', querystring: CustomerQuery, response: { 200: CustomerList } },
    }, async (request) => {
      const tenantId = request.principal.tenantId;
      const req = pageRequest(request.query, /^cus_[0-9a-z]{26}$/);
      const p = page(await listCustomers(db, tenantId, searchOf(request.query.q), req), req, (r) => [r.id]);
      return { data: await customerListViews(db, tenantId, p.data), next_cursor: p.next_cursor };
    });
    app.get('/v1/customers/:id', {
      config: { action: 'customers:read' },
      schema: { tags, summary: 'A customer with its figures (orders, first and last order, returns, amount spent per currency) and store-credit balances', description: 'A merged customer answers itself with `merged_into`, the survivor that holds its orders now.', params: CustomerId, response: { 200: CustomerView } },
    }, async (request) => {
      return customerView(db, request.principal.tenantId, await visibleCustomer(db, request.principal.tenantId, request.params.id));
    });
    app.patch('/v1/customers/:id', {
      config: { action: 'customers:write' },
      schema: { tags, summary: 'Change a customer’s name, phone, tags or note (customer.updated)', description: 'The phone must carry its country code (422 CUSTOMER_INVALID naming `body.phone`); tags replace the tags. The e-mail is what capture matches on and does not change here: merge customers instead.', params: CustomerId, body: CustomerPatchBody, response: { 200: CustomerView } },
    }, async (request) => {
      const row = await patchCustomer(db, actorOf(request.principal), request.params.id, request.body, deps.clock());
      return customerView(db, request.principal.tenantId, row);
    });
    app.get('/v1/customers/:id/orders', {
      config: { action: 'customers:read' },
      schema: { tags, summary: 'The customer’s orders, newest first (a merged customer: its survivor’s)', params: CustomerId, querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: listOf(OrderViewSchema) } },
    }, async (request) => {
      const tenantId = request.principal.tenantId;
      const row = await visibleCustomer(db, tenantId, request.params.id);
      return listOrderViews(db, { tenantId }, { customer_id: row.mergedInto ?? row.id, sort: '-created_at' }, pageRequest(request.query, /^ord_[0-9a-z]{26}$/), deps.clock());
    });
    app.post('/v1/customers/:id/merge', {
      config: { action: 'customers:erase' },
      schema: { tags, summary: 'Merge another customer (`from`) into this one: its orders, store-credit accounts, tags and note move here; it stays as a tombstone (customer.merged)', params: CustomerId, body: MergeBody, response: { 200: CustomerView } },
    }, async (request) => {
      return mergeCustomers(db, actorOf(request.principal), request.params.id, request.body.from, request.body.reason, deps.clock());
    });
    app.post('/v1/customers/:id/erase', {
      config: { action: 'customers:erase' },
      schema: {
        tags,
        summary: 'Erase the customer’s personal data on request (irreversible; customer.erased)',
        description: 'Names, addresses (but their country), e-mail and phone are replaced in the customer, its orders, their events and stored answers, and its store-credit accounts; money, lines, stock and ledgers stay. Erasing again answers the erased customer and changes nothing.',
        params: CustomerId,
        body: EraseBody,
        response: { 200: CustomerView },
      },
    }, async (request) => {
      return eraseCustomer(db, actorOf(request.principal), request.params.id, request.body.reason, deps.clock(), { dataDir: deps.config.dataDir });
    });
  };
}
