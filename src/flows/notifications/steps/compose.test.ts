import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { TEMPLATE_CATALOG, TEMPLATE_NAMES } from '../../../modules/notifications/index.js';
import { orderStatuses } from '../../../modules/orders/index.js';
import { returnStatuses } from '../../../modules/returns/index.js';
import { shipmentStatuses } from '../../../modules/shipping/index.js';
import { NOTIFYING_EVENTS } from './compose.js';

// Every event a template is sent for is one the code appends: a literal in src (or a constant of
// platform/outbox/event-types.ts), or `<aggregate>.<status>` of a lifecycle that appends one per
// move (orders, shipments, returns). A renamed event fails here instead of silently sending nothing.

async function sources(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !join(e.parentPath, e.name).includes('notifications'));
  return (await Promise.all(files.map((f) => readFile(join(f.parentPath, f.name), 'utf8')))).join('\n');
}

test('every event a template is sent for is appended somewhere in the code', async () => {
  const src = await sources(join(import.meta.dirname, '../../..'));
  const lifecycles: Record<string, readonly string[]> = { order: orderStatuses, shipment: shipmentStatuses, return: returnStatuses };
  for (const event of NOTIFYING_EVENTS) {
    const [aggregate = '', status = ''] = event.split('.');
    const literal = src.includes(`'${event}'`);
    const perMove = lifecycles[aggregate]?.includes(status) ?? false;
    assert.ok(literal || perMove, `${event}: no code appends it`);
  }
});

test('the subscriber listens to every event of every template', () => {
  for (const name of TEMPLATE_NAMES) for (const event of TEMPLATE_CATALOG[name].events) assert.ok(NOTIFYING_EVENTS.includes(event), `${name}: ${event} is not subscribed`);
});
