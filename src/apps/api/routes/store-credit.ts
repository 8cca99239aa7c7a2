import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { actorOf } from '../../../platform/http/principal.js';
import { currencyExponent, moneyFromWire, requireCurrency } from '../../../platform/kernel/money.js';
import { AdjustmentBody, adjustStoreCredit, readStoreCredit, StoreCreditQuery, StoreCreditView, storeCreditView } from '../../../modules/store-credit/index.js';

const tags = ['store credit'];
const exponentOf = (currency: string) => currencyExponent(currency) ?? 2;

/** /v1/store-credit: a customer's store credit by e-mail (ADR 0022). */
export function storeCreditRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/store-credit', { config: { action: 'orders:read' }, schema: { tags, summary: 'A customer’s store-credit balance per currency and its latest entries (issue, redeem, adjust)', querystring: StoreCreditQuery, response: { 200: StoreCreditView } } }, async (request) => {
      const found = await readStoreCredit(db, request.principal.tenantId, request.query.email);
      return storeCreditView(found.email, found.accounts, found.entries, exponentOf);
    });
    app.post('/v1/store-credit/adjustments', {
      config: { action: 'returns:write' },
      schema: { tags, summary: 'Correct a customer’s store credit either way, with a reason; never below zero (409 STORE_CREDIT_INSUFFICIENT)', body: AdjustmentBody, response: { 201: StoreCreditView } },
    }, async (request, reply) => {
      const b = request.body;
      const exponent = requireCurrency(b.currency, 'currency');
      const negative = b.amount.startsWith('-');
      const minor = moneyFromWire(negative ? b.amount.slice(1) : b.amount, b.currency, exponent, 'amount');
      const found = await adjustStoreCredit(db, actorOf(request.principal), { email: b.email, currency: b.currency, amountMinor: negative ? -minor : minor, reason: b.reason }, deps.clock());
      return reply.code(201).send(storeCreditView(found.email, found.accounts, found.entries, exponentOf));
    });
  };
}
