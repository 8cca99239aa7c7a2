import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compile, parseExpression } from '../../../platform/kernel/expression.js';
import { defaultRuleId, defaultRules, isDefaultRuleId } from './defaults.js';
import { actorKind, FACTS, factsOf, type FactSources } from './facts.js';
import { chainDepthOf, hourlyFireLimit, LOOP_GUARD, loopGuardReason } from './loop-guard.js';
import { compileCondition, validateRule, type AutomationCatalog } from './rules.js';

const catalog: AutomationCatalog = {
  triggers: ['order.created', 'order.tags_changed', 'shipment.created'],
  templates: { order_confirmation: { events: ['order.created'], parts: [] }, shipping_confirmation: { events: ['shipment.created'], parts: ['shipment'] } },
  endpointIds: new Set(['whe_known']),
};

const good = { name: 'Hold big US orders', trigger: 'order.created', condition: 'order.total > 500 and shipping.country = "US"', actions: [{ type: 'add_tag', tag: 'big' }, { type: 'place_hold', hold_type: 'manual', reason: 'check' }], enabled: true };

function fields(body: unknown): string[] {
  return validateRule(body, catalog).map((p) => p.field);
}

describe('validating a rule names each field at fault', () => {
  test('a good rule has no problem', () => {
    assert.deepEqual(validateRule(good, catalog), []);
  });

  const cases: [string, Record<string, unknown>, string[]][] = [
    ['unknown trigger', { trigger: 'order.exploded' }, ['trigger']],
    ['malformed condition', { condition: 'order.total >' }, ['condition']],
    ['unknown field in the condition', { condition: 'order.colour = "red"' }, ['condition']],
    ['no action', { actions: [] }, ['actions']],
    ['too many actions', { actions: Array.from({ length: 21 }, () => ({ type: 'add_tag', tag: 'x' })) }, ['actions']],
    ['unknown action', { actions: [{ type: 'add_tag', tag: 'a' }, { type: 'launch_rocket' }] }, ['actions[1].type']],
    ['unknown template', { actions: [{ type: 'send_template', template: 'nope' }] }, ['actions[0].template']],
    ['a template whose data needs another event', { actions: [{ type: 'send_template', template: 'shipping_confirmation' }] }, ['actions[0].template']],
    ['a wait too long', { actions: [{ type: 'wait', hours: 721 }, { type: 'add_tag', tag: 'a' }] }, ['actions[0].hours']],
    ['a wait of no time', { actions: [{ type: 'add_tag', tag: 'a' }, { type: 'add_tag', tag: 'b' }, { type: 'wait', hours: 0 }, { type: 'add_tag', tag: 'c' }] }, ['actions[2].hours']],
    ['a wait with nothing after it', { actions: [{ type: 'wait', hours: 2 }] }, ['actions[0]']],
    ['a hold type the checks own', { actions: [{ type: 'place_hold', hold_type: 'fraud_review', reason: 'x' }] }, ['actions[0].hold_type']],
    ['a hold without a reason', { actions: [{ type: 'place_hold', hold_type: 'manual' }] }, ['actions[0].reason']],
    ['an endpoint of nobody', { actions: [{ type: 'call_webhook', endpoint_id: 'whe_other' }] }, ['actions[0].endpoint_id']],
    ['a field an action does not take', { actions: [{ type: 'add_tag', tag: 'a', colour: 'red' }] }, ['actions[0].colour']],
    ['a tag with a comma', { actions: [{ type: 'add_tag', tag: 'a,b' }] }, ['actions[0].tag']],
    ['an empty name', { name: ' ' }, ['name']],
  ];
  for (const [what, change, expected] of cases) {
    test(what, () => assert.deepEqual(fields({ ...good, ...change }), expected));
  }

  test('a template that reads no event data may be sent on any trigger; one that does, on its own events', () => {
    assert.deepEqual(fields({ ...good, trigger: 'order.tags_changed', actions: [{ type: 'send_template', template: 'order_confirmation' }] }), []);
    assert.deepEqual(fields({ ...good, trigger: 'shipment.created', condition: null, actions: [{ type: 'send_template', template: 'shipping_confirmation' }] }), []);
  });
});

describe('conditions over the facts', () => {
  const sources: FactSources = {
    event: { type: 'order.created', actor: 'key_1', depth: 0, data: {} },
    order: { channel: 'web', status: 'allocated', totalMinor: 60_000, currency: 'USD', tags: ['vip'], customerEmail: 'a@b.test', serviceLevel: 'standard', shippingAddress: { country: 'US', region: 'NY' }, lines: [{ quantity: 2, cancelled: 1 }, { quantity: 3, cancelled: 0 }] },
    customerOrders: 4,
    risk: { action: 'allow', score: 12 },
    returnReasons: null,
  };
  const facts = factsOf(sources);
  const holds = (text: string) => compileCondition(text)?.(facts, 2);

  test('the facts of an order', () => {
    assert.equal(facts['order.units'], 4);
    assert.equal(facts['order.lines'], 2);
    assert.equal(facts['shipping.country'], 'US');
    assert.equal(facts['event.actor_kind'], 'key');
    assert.equal(facts['return.reason'], null);
  });

  const cases: [string, boolean | null][] = [
    ['order.total > 500', true],
    ['order.total > 600', false],
    ['order.total >= 600 and shipping.country = "US"', true],
    ['"vip" in order.tags', true],
    ['"vip" not in order.tags', false],
    ['"wholesale" in order.tags', false],
    ['risk.action in ["review", "reject"]', false],
    ['customer.orders > 3', true],
    // Unknown facts are unknown, never true.
    ['return.reason = "defective"', null],
    ['"defective" in return.reasons', null],
    ['return.reason = "defective" or order.total > 100', true],
  ];
  for (const [text, expected] of cases) test(text, () => assert.equal(holds(text), expected));

  test('a list field is read only with in', () => {
    const parsed = parseExpression('order.tags = "vip"', FACTS);
    assert.ok(!parsed.ok, 'a comparison of a list field is refused');
    assert.equal(parsed.error.code, 'RULE_OPERATOR_NOT_ALLOWED');
    const number = parseExpression('3 in order.tags', FACTS);
    assert.ok(!number.ok, 'a number is not in a list of text');
    assert.equal(number.error.code, 'RULE_TYPE_MISMATCH');
    const ok = parseExpression('"a" in order.tags', FACTS);
    assert.ok(ok.ok, 'text in a list field parses');
    assert.equal(compile(ok.value)({ 'order.tags': ['a'] }, 2), true);
  });

  test('no condition: always', () => {
    assert.equal(compileCondition(null), null);
    assert.equal(compileCondition('  '), null);
  });
});

describe('the loop guard', () => {
  test('the chain depth an event carries, else 1 for an automation actor, else 0', () => {
    assert.equal(chainDepthOf('key_1', {}), 0);
    assert.equal(chainDepthOf('automation:aut_1', {}), 1);
    assert.equal(chainDepthOf('automation:aut_1', { automation: { rule_id: 'aut_1', run_id: 'aur_1', depth: 2 } }), 2);
    assert.equal(chainDepthOf('usr_1', { automation: { depth: -1 } }), 0);
    assert.equal(actorKind('automation:aut_1'), 'automation');
    assert.equal(actorKind('system:relay'), 'system');
    assert.equal(actorKind('usr_1'), 'person');
  });

  const message = [{ type: 'send_template' }];
  const own = { isDefault: false, actions: message };
  const shipped = { isDefault: true, actions: message };
  const changed = { isDefault: true, actions: [...message, { type: 'add_tag' }] };

  test(`a rule does not fire from an event at depth ${LOOP_GUARD.maxDepth} or more, nor more than ${LOOP_GUARD.maxFiresPerOrderPerHour} times an hour per order`, () => {
    assert.equal(loopGuardReason(LOOP_GUARD.maxDepth - 1, 0, own), null);
    assert.match(loopGuardReason(LOOP_GUARD.maxDepth, 0, own) ?? '', /caused by 3 automations in a row/);
    assert.equal(loopGuardReason(0, LOOP_GUARD.maxFiresPerOrderPerHour - 1, own), null);
    assert.match(loopGuardReason(0, LOOP_GUARD.maxFiresPerOrderPerHour, own) ?? '', /already fired 10 times/);
  });

  test(`a default rule that sends its message has its own hourly limit (${LOOP_GUARD.maxDefaultFiresPerOrderPerHour}), and the same depth limit`, () => {
    assert.ok(LOOP_GUARD.maxDefaultFiresPerOrderPerHour > LOOP_GUARD.maxFiresPerOrderPerHour, 'more than an own rule’s');
    assert.equal(hourlyFireLimit(shipped), LOOP_GUARD.maxDefaultFiresPerOrderPerHour);
    assert.equal(hourlyFireLimit(own), LOOP_GUARD.maxFiresPerOrderPerHour);
    assert.equal(loopGuardReason(0, LOOP_GUARD.maxFiresPerOrderPerHour, shipped), null, 'the 11th shipping confirmation of a split order is sent');
    assert.equal(loopGuardReason(0, LOOP_GUARD.maxDefaultFiresPerOrderPerHour - 1, shipped), null);
    assert.match(loopGuardReason(0, LOOP_GUARD.maxDefaultFiresPerOrderPerHour, shipped) ?? '', /already fired 50 times .*at most 50 for a default rule that sends a message/);
    assert.match(loopGuardReason(LOOP_GUARD.maxDepth, 0, shipped) ?? '', /caused by 3 automations in a row/, 'a default rule is not exempt from the depth limit');
    // Changed to do more than send its message, it can feed a chain like any rule.
    assert.equal(hourlyFireLimit(changed), LOOP_GUARD.maxFiresPerOrderPerHour);
    assert.match(loopGuardReason(0, LOOP_GUARD.maxFiresPerOrderPerHour, changed) ?? '', /already fired 10 times .*\(at most 10\)$/);
  });
});

describe('default rules', () => {
  test('one per template and event, named after the template', () => {
    const rules = defaultRules({ order_confirmation: { events: ['order.created'] }, order_cancelled: { events: ['order.cancelled', 'order.lines_cancelled'] } });
    assert.deepEqual(rules.map((r) => [r.id, r.name, r.trigger]), [
      ['default.order_confirmation.order.created', 'Send order confirmation', 'order.created'],
      ['default.order_cancelled.order.cancelled', 'Send order cancelled (order.cancelled)', 'order.cancelled'],
      ['default.order_cancelled.order.lines_cancelled', 'Send order cancelled (order.lines_cancelled)', 'order.lines_cancelled'],
    ]);
    assert.deepEqual(rules[0]?.actions, [{ type: 'send_template', template: 'order_confirmation' }]);
    assert.ok(isDefaultRuleId(defaultRuleId('x', 'order.created')), 'a default id is one');
    assert.ok(!isDefaultRuleId('aut_0123'), 'an own rule id is not a default one');
  });
});
