import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultRules } from '../../../modules/automations/index.js';
import { TEMPLATE_CATALOG, TEMPLATE_NAMES } from '../../../modules/notifications/index.js';
import { orderStatuses } from '../../../modules/orders/index.js';
import { returnStatuses } from '../../../modules/returns/index.js';
import { shipmentStatuses } from '../../../modules/shipping/index.js';
import { TRIGGERS } from './catalog.js';

// A trigger a rule may name is an event the code appends (a literal in src, a constant of
// platform/outbox/event-types.ts, or `<aggregate>.<status>` of a lifecycle that appends one per
// move): a renamed event fails here instead of silently firing no rule.

async function sources(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !join(e.parentPath, e.name).slice(dir.length).includes('automations'));
  return (await Promise.all(files.map((f) => readFile(join(f.parentPath, f.name), 'utf8')))).join('\n');
}

test('every trigger is appended somewhere in the code', async () => {
  const src = await sources(join(import.meta.dirname, '../../..'));
  const lifecycles: Record<string, readonly string[]> = { order: orderStatuses, shipment: shipmentStatuses, return: returnStatuses };
  for (const event of TRIGGERS) {
    const [aggregate = '', status = ''] = event.split('.');
    assert.ok(src.includes(`'${event}'`) || (lifecycles[aggregate]?.includes(status) ?? false), `${event}: no code appends it`);
  }
});

test('every default rule triggers on a known trigger, one per template and event', () => {
  const rules = defaultRules(TEMPLATE_CATALOG);
  assert.equal(rules.length, TEMPLATE_NAMES.reduce((n, name) => n + TEMPLATE_CATALOG[name].events.length, 0));
  for (const rule of rules) assert.ok(TRIGGERS.includes(rule.trigger), `${rule.id}: ${rule.trigger} is not a trigger`);
  assert.equal(new Set(rules.map((r) => r.id)).size, rules.length, 'ids are unique');
});
