import { performance } from 'node:perf_hooks';
import { clip, sendJson, type HttpResult, type HttpTarget } from './http.js';
import { BENCH_POLICY_RULES, benchLocations, stockedAt } from './network.js';
import { skuOf } from './scenarios.js';
import { round } from './stats.js';

/** The default network (`--locations 3`): three warehouses in one town, each holding every product. */
export const LOCATIONS = ['WH-1', 'WH-2', 'WH-3'] as const;

/** Locations seeded for `--locations n`: the default three, or the US network of scripts/bench/network.ts. */
export function locationCodes(n: number): string[] {
  return n === LOCATIONS.length ? [...LOCATIONS] : benchLocations(n).map((l) => l.code);
}

/** Stock rows seeded: every product at each default location, or at its seeded 5–15 network locations. */
export function stockRowCount(products: number, locations: number): number {
  if (locations === LOCATIONS.length) return products * locations;
  let rows = 0;
  for (let i = 0; i < products; i++) rows += stockedAt(i, locations).length;
  return rows;
}

export interface SeedStep {
  name: string;
  requests: number;
  items: number;
  ms: number;
  per_s: number;
}

export interface SeedResult {
  total_ms: number;
  steps: SeedStep[];
}

export class SeedError extends Error {
  constructor(
    step: string,
    readonly failures: { what: string; status: number; body: string }[],
    readonly failedCount: number,
  ) {
    super(
      `seeding "${step}" failed for ${failedCount} request(s); first ones:\n` +
        failures.map((f) => `  ${f.what} → ${f.status === 0 ? 'transport error' : `HTTP ${f.status}`}: ${f.body}`).join('\n'),
    );
  }
}

/** Runs `tasks` with at most `concurrency` in flight; fails the step if any response is not `expect`. */
async function step(
  name: string,
  tasks: { what: string; run: () => Promise<HttpResult> }[],
  expect: (status: number) => boolean,
  concurrency: number,
  items: number,
  log: (msg: string) => void,
  signal: AbortSignal | undefined,
): Promise<SeedStep> {
  const failures: { what: string; status: number; body: string }[] = [];
  let failed = 0;
  let next = 0;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (next < tasks.length && !signal?.aborted) {
      const task = tasks[next++]!;
      const res = await task.run();
      if (!expect(res.status)) {
        failed++;
        if (failures.length < 5) failures.push({ what: task.what, status: res.status, body: clip(res.error ?? res.body) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, () => worker()));
  const ms = performance.now() - t0;
  if (signal?.aborted) throw new Error(`aborted while seeding ${name}`);
  if (failed > 0) throw new SeedError(name, failures, failed);
  const s: SeedStep = { name, requests: tasks.length, items, ms: round(ms, 0), per_s: round((items / ms) * 1000, 0) };
  log(`  ${name.padEnd(10)} ${String(items).padStart(6)} items in ${String(tasks.length).padStart(5)} requests: ${(ms / 1000).toFixed(2)} s (${s.per_s}/s)`);
  return s;
}

const is2xx = (s: number): boolean => s >= 200 && s < 300;

export interface SeedOptions {
  products: number;
  /** 3: the default three warehouses; otherwise the US network (scripts/bench/network.ts). */
  locations: number;
  /** With the US network: also put the two-rule routing policy (else the default rule routes). */
  policy: boolean;
}

export async function seed(target: HttpTarget, options: SeedOptions, log: (msg: string) => void, signal?: AbortSignal): Promise<SeedResult> {
  const { products } = options;
  const network = options.locations !== LOCATIONS.length;
  const t0 = performance.now();
  const steps: SeedStep[] = [];

  if (network) {
    const specs = benchLocations(options.locations);
    steps.push(
      await step(
        'locations',
        specs.map((l) => ({
          what: `POST /v1/locations ${l.code}`,
          run: () =>
            sendJson(target, 'POST', '/v1/locations', {
              code: l.code,
              name: l.name,
              type: l.type,
              ships_to_customers: l.shipsToCustomers,
              priority: l.priority,
              groups: l.groups,
              serves_countries: l.servesCountries,
              channels: l.channels,
              daily_capacity: l.dailyCapacity,
              safety_stock: l.safetyStock,
              // The postal code gives the location its coordinates (proximity rules).
              address: { line1: '1 Main St', city: l.city, region: l.region, postal_code: l.zip, country: 'US' },
            }),
        })),
        (status) => is2xx(status) || status === 409,
        1,
        specs.length,
        log,
        signal,
      ),
    );
    if (options.policy) {
      steps.push(
        await step(
          'policy',
          [{ what: 'PUT /v1/routing/policies/bench', run: () => sendJson(target, 'PUT', '/v1/routing/policies/bench', { position: 1, rules: BENCH_POLICY_RULES }) }],
          is2xx,
          1,
          1,
          log,
          signal,
        ),
      );
    }
  } else {
    steps.push(
      await step(
        'locations',
        LOCATIONS.map((code, i) => ({
          what: `POST /v1/locations ${code}`,
          run: () =>
            sendJson(target, 'POST', '/v1/locations', {
              code,
              name: `Warehouse ${i + 1}`,
              type: 'warehouse',
              ships_to_customers: true,
              priority: i + 1,
              address: { line1: '1 Main St', city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' },
            }),
        })),
        (status) => is2xx(status) || status === 409, // 409: already there (re-used database)
        1, // sequential: keeps priorities/ids deterministic and it is only three requests
        LOCATIONS.length,
        log,
        signal,
      ),
    );
  }

  const skus = Array.from({ length: products }, (_, i) => skuOf(i));
  steps.push(
    await step(
      'products',
      skus.map((sku) => ({
        what: `PUT /v1/products/${sku}`,
        run: () =>
          sendJson(target, 'PUT', `/v1/products/${encodeURIComponent(sku)}`, {
            name: `Bench product ${sku}`,
            price: '12.50',
            currency: 'USD',
            weight_grams: 300,
            dimensions_mm: { length: 100, width: 80, height: 50 },
            backorderable: true,
            low_stock_threshold: 5,
          }),
      })),
      is2xx,
      32,
      products,
      log,
      signal,
    ),
  );

  const codes = locationCodes(options.locations);
  const adjustments = network
    ? skus.flatMap((sku, i) => stockedAt(i, codes.length).map((l) => ({ sku, location: codes[l] as string, delta: 1_000_000, reason: 'received' })))
    : LOCATIONS.flatMap((location) => skus.map((sku) => ({ sku, location, delta: 1_000_000, reason: 'received' })));
  // The network seeds several times more rows: fuller batches (the endpoint takes up to 1,000).
  const batchSize = network ? 1_000 : 500;
  const batches: (typeof adjustments)[] = [];
  for (let i = 0; i < adjustments.length; i += batchSize) batches.push(adjustments.slice(i, i + batchSize));
  steps.push(
    await step(
      'stock',
      batches.map((batch, i) => ({
        what: `POST /v1/inventory/adjustments batch ${i + 1}/${batches.length} (${batch[0]?.location} ${batch[0]?.sku}…)`,
        run: () => sendJson(target, 'POST', '/v1/inventory/adjustments', { adjustments: batch }),
      })),
      is2xx,
      4,
      adjustments.length,
      log,
      signal,
    ),
  );

  return { total_ms: round(performance.now() - t0, 0), steps };
}
