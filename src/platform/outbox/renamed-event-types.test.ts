import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregateTypeAs, currentEventType, deprecatedNameOf, deprecationOf, namesOfEventType } from './renamed-event-types.js';

test('an old name maps to the current one; other types are left alone', () => {
  assert.equal(currentEventType('hold.created'), 'checkout_reservation.created', 'hold.* is checkout_reservation.* now');
  assert.equal(currentEventType('hold.*'), 'checkout_reservation.*', 'a family pattern follows');
  assert.equal(currentEventType('checkout_reservation.expired'), 'checkout_reservation.expired', 'a current name stays');
  assert.equal(currentEventType('order.created'), 'order.created', 'unrelated types stay');
  assert.equal(currentEventType('holder.created'), 'holder.created', 'only the whole first segment matches');
});

test('a current name knows its deprecated one, with the removal date', () => {
  const old = deprecatedNameOf('checkout_reservation.released');
  assert.equal(old?.type, 'hold.released', 'the old type');
  assert.equal(old?.aggregateType, 'hold', 'the old aggregate type');
  assert.equal(old?.family.removal, '2027-06-30', 'the removal date');
  assert.equal(deprecatedNameOf('order.created'), undefined, 'no old name for an unrenamed type');
  assert.equal(deprecationOf('hold.created')?.to, 'checkout_reservation', 'a deprecated name is recognised');
  assert.equal(deprecationOf('checkout_reservation.created'), undefined, 'a current name is not deprecated');
});

test('every name of a renamed type, from either side', () => {
  assert.deepEqual(namesOfEventType('hold.created').sort(), ['checkout_reservation.created', 'hold.created'], 'from the old name');
  assert.deepEqual(namesOfEventType('checkout_reservation.created').sort(), ['checkout_reservation.created', 'hold.created'], 'from the new name');
  assert.deepEqual(namesOfEventType('*'), ['*'], 'the catch-all is one name');
});

test('the aggregate type follows the name an event is sent under', () => {
  assert.equal(aggregateTypeAs('hold.created', 'checkout_reservation'), 'hold', 'old name, old object type');
  assert.equal(aggregateTypeAs('checkout_reservation.created', 'hold'), 'checkout_reservation', 'a stored old event under the new name');
  assert.equal(aggregateTypeAs('order.created', 'order'), 'order', 'others unchanged');
});
