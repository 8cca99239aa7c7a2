import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TEMPLATE_CATALOG, TEMPLATE_NAMES } from '../../../modules/notifications/index.js';
import { appendedByCode } from '../../../../test/support/appended-events.js';
import { NOTIFYING_EVENTS } from './compose.js';

// Every event a template is sent for is one the code appends: a literal in src (or a constant of
// platform/outbox/event-types.ts), or `<aggregate>.<status>` of a lifecycle that appends one per
// move (orders, shipments, returns). A renamed event fails here instead of silently sending nothing.

test('every event a template is sent for is appended somewhere in the code', async () => {
  const appended = await appendedByCode('notifications');
  for (const event of NOTIFYING_EVENTS) assert.ok(appended(event), `${event}: no code appends it`);
});

test('the subscriber listens to every event of every template', () => {
  for (const name of TEMPLATE_NAMES) for (const event of TEMPLATE_CATALOG[name].events) assert.ok(NOTIFYING_EVENTS.includes(event), `${name}: ${event} is not subscribed`);
});
