import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendedByCode } from '../../../../test/support/appended-events.js';
import { defaultRules, hourlyFireLimit, LOOP_GUARD } from '../../../modules/automations/index.js';
import { TEMPLATE_CATALOG, TEMPLATE_NAMES } from '../../../modules/notifications/index.js';
import { TRIGGERS } from './catalog.js';

// A trigger a rule may name is an event the code appends: a renamed event fails here instead of
// silently firing no rule.

test('every trigger is appended somewhere in the code', async () => {
  const appended = await appendedByCode('automations');
  for (const event of TRIGGERS) assert.ok(appended(event), `${event}: no code appends it`);
});

test('every default rule triggers on a known trigger, one per template and event', () => {
  const rules = defaultRules(TEMPLATE_CATALOG);
  assert.equal(rules.length, TEMPLATE_NAMES.reduce((n, name) => n + TEMPLATE_CATALOG[name].events.length, 0));
  for (const rule of rules) assert.ok(TRIGGERS.includes(rule.trigger), `${rule.id}: ${rule.trigger} is not a trigger`);
  assert.equal(new Set(rules.map((r) => r.id)).size, rules.length, 'ids are unique');
});

// ADR 0038: a default rule as shipped may fire more often per order and hour than one's own because
// it only sends a message, which appends no event: it ends a chain instead of feeding one.
test('every default rule as shipped only sends its message', () => {
  for (const rule of defaultRules(TEMPLATE_CATALOG)) {
    assert.deepEqual(rule.actions.map((a) => a.type), ['send_template'], `${rule.id} does more than send a message`);
    assert.equal(hourlyFireLimit({ isDefault: true, actions: rule.actions }), LOOP_GUARD.maxDefaultFiresPerOrderPerHour, `${rule.id} has the defaults' hourly limit`);
  }
});
