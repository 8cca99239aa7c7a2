import { performance } from 'node:perf_hooks';
import { clip, sendJson, type HttpResult, type HttpTarget } from './http.js';
import { skuOf } from './scenarios.js';
import { round } from './stats.js';

export const LOCATIONS = ['WH-1', 'WH-2', 'WH-3'] as const;

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

export async function seed(target: HttpTarget, products: number, log: (msg: string) => void, signal?: AbortSignal): Promise<SeedResult> {
  const t0 = performance.now();
  const steps: SeedStep[] = [];

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

  const adjustments = LOCATIONS.flatMap((location) => skus.map((sku) => ({ sku, location, delta: 1_000_000, reason: 'received' })));
  const batches: (typeof adjustments)[] = [];
  for (let i = 0; i < adjustments.length; i += 500) batches.push(adjustments.slice(i, i + 500));
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
