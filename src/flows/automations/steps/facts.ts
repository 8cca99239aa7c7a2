import type { Db } from '../../../platform/db/database.js';
import { currencyExponent } from '../../../platform/kernel/money.js';
import type { StoredEvent } from '../../../platform/outbox/events.js';
import { factsOf, type Facts } from '../../../modules/automations/index.js';
import { customerOrderFigures, findOrder, linesOfOrders, type OrderRow } from '../../../modules/orders/index.js';
import { linesOfReturns } from '../../../modules/returns/index.js';
import { riskSummariesOfOrders } from '../../../modules/risk/index.js';

/** The order an event is about: its aggregate, or `data.order_id`. */
export function orderIdOf(event: Pick<StoredEvent, 'aggregateType' | 'aggregateId' | 'data'>): string | null {
  if (event.aggregateType === 'order') return event.aggregateId;
  const id = event.data['order_id'];
  return typeof id === 'string' && id !== '' ? id : null;
}

export interface LoadedFacts {
  facts: Facts;
  /** The order currency's exponent: a condition's money literals are read in it. */
  exponent: number;
  order: OrderRow | undefined;
}

/** The facts of an event and its order as the order is now (ADR 0038): what the conditions read and the runs log. */
export async function loadFacts(tx: Db, tenantId: string, event: Pick<StoredEvent, 'type' | 'actor' | 'aggregateType' | 'aggregateId' | 'data'>, orderId: string, depth: number): Promise<LoadedFacts> {
  const order = await findOrder(tx, tenantId, orderId);
  const lines = order ? (await linesOfOrders(tx, tenantId, [order.id])).filter((l) => !l.parentLineId) : [];
  const figures = order?.customerId ? await customerOrderFigures(tx, tenantId, [order.customerId]) : [];
  const [risk] = order ? await riskSummariesOfOrders(tx, tenantId, [order.id]) : [];
  const returnReasons = event.aggregateType === 'return' ? (await linesOfReturns(tx, tenantId, [event.aggregateId])).map((l) => l.reason) : null;
  const facts = factsOf({
    event: { type: event.type, actor: event.actor, depth, data: event.data },
    order: order
      ? { channel: order.channel, status: order.status, totalMinor: order.totalMinor, currency: order.currency, tags: order.tags, customerEmail: order.customerEmail, serviceLevel: order.shippingServiceLevel, shippingAddress: order.shippingAddress, lines }
      : null,
    customerOrders: order?.customerId ? figures.reduce((n, f) => n + f.orders, 0) : null,
    risk: risk ? { action: risk.action, score: risk.score } : null,
    returnReasons,
  });
  return { facts, exponent: order ? (currencyExponent(order.currency) ?? 2) : 2, order };
}
