import { randomInt } from 'node:crypto';
import type { ScenarioName } from './args.js';
import type { PreparedRequest } from './load.js';
import { usZips } from './network.js';

export function skuOf(i: number): string {
  return `SKU-${String(i).padStart(5, '0')}`;
}

/** `count` distinct integers in [0, poolSize). */
function distinct(count: number, poolSize: number): number[] {
  const picked: number[] = [];
  while (picked.length < count) {
    const i = randomInt(poolSize);
    if (!picked.includes(i)) picked.push(i);
  }
  return picked;
}

const HOT_SKUS = 5;

const SPRINGFIELD = { name: 'Bench', line1: '1 Main St', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' };

/**
 * Request factory for one scenario. Every request gets a unique external_id and Idempotency-Key
 * (prefixed with the run id so re-runs against a kept database never collide). With the US
 * network (`usDestinations`) each order ships to a random US ZIP, so distance rules vary.
 */
export function orderRequestFactory(scenario: ScenarioName, runId: string, products: number, usDestinations = false, transactions = false): (seq: number) => PreparedRequest {
  const pool = scenario === 'hot' ? HOT_SKUS : products;
  const zips = usDestinations ? usZips() : [];
  return (seq) => {
    const key = `bench-${runId}-${seq}`;
    const dest = zips.length > 0 ? zips[randomInt(zips.length)] : undefined;
    const body = {
      channel: 'bench',
      external_id: key,
      currency: 'USD',
      // A customer, street and network of its own per order, as real traffic has: fraud screening
      // counts velocity per e-mail, address and IP, and one shared value would be a burst.
      customer: { email: `b${seq}-${runId}@bench.test`, name: 'Bench' },
      client: { ip: `198.${(seq >> 16) & 255}.${(seq >> 8) & 255}.${seq & 255}` },
      shipping_address: { ...(dest ? { name: 'Bench', city: dest.city, region: dest.region, postal_code: dest.zip, country: 'US' } : SPRINGFIELD), line1: `${seq + 1} Main St` },
      lines: distinct(3, pool).map((i) => ({ sku: skuOf(i), quantity: 1, unit_price: '12.50' })),
      shipping: { service_level: 'standard', price: '5.00' },
      // 3 × 12.50 + 5.00: the channel's sale of the whole total, one gateway reference per order.
      ...(transactions ? { transactions: [{ kind: 'sale', amount: '42.50', gateway: 'bench', gateway_reference: key }] } : {}),
    };
    return { method: 'POST', path: '/v1/orders', body: Buffer.from(JSON.stringify(body)), headers: { 'idempotency-key': key } };
  };
}
