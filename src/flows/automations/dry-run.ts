import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import { eventsOfAggregates, findEvent, latestEventNamingOrder } from '../../platform/outbox/event-queries.js';
import type { StoredEvent } from '../../platform/outbox/events.js';
import type { RelayedEvent } from '../../platform/outbox/subscribers.js';
import { chainDepthOf, checkRule, firesSince, getRule, isDefaultRuleId, loopGuardReason, type ActionOutcome, type RuleFields, type RuleInput } from '../../modules/automations/index.js';
import { TEMPLATE_CATALOG } from '../../modules/notifications/index.js';
import { findOrder } from '../../modules/orders/index.js';
import { describeAction } from './steps/actions.js';
import { automationCatalog } from './steps/catalog.js';
import { loadFacts, orderIdOf } from './steps/facts.js';
import { conditionHolds } from './steps/run-rules.js';

export interface DryRunRequest {
  order_id: string;
  event_type?: string | undefined;
  event_id?: string | undefined;
  rule?: RuleFields | undefined;
}

/**
 * POST /v1/automations/{id}/dry-run and POST /v1/automations/dry-run (ADR 0038): what a rule —
 * saved, or the unsaved body — would do for an order and an event: the facts the condition sees,
 * whether it matches (and the loop guard allows it), what each action would do up to the first
 * wait. Reads only; writes nothing (no run, no event, no message).
 */
export async function dryRun(db: Db, tenantId: string, ruleId: string | null, request: DryRunRequest, now: Date) {
  const rule: RuleInput = ruleId ? await getRule(db, tenantId, ruleId, TEMPLATE_CATALOG) : checkRule(request.rule ?? {}, await automationCatalog(db, tenantId));
  const order = await findOrder(db, tenantId, request.order_id);
  if (!order) throw new DomainError('ORDER_NOT_FOUND', `No order ${request.order_id}.`);
  const type = request.event_type ?? rule.trigger;
  let event: StoredEvent | undefined;
  if (request.event_id) {
    event = await findEvent(db, tenantId, request.event_id);
    if (!event || orderIdOf(event) !== order.id) throw new DomainError('REQUEST_INVALID', `Event ${request.event_id} is not an event of order ${order.id}.`, [{ field: 'body.event_id', message: 'is not an event of this order' }]);
  } else {
    // The order's own latest event of the type, else the latest naming it (a shipment's, a return's, a refund's).
    event = (await eventsOfAggregates(db, tenantId, [order.id])).filter((e) => e.type === type).at(-1) ?? (await latestEventNamingOrder(db, tenantId, order.id, type));
  }
  const sample: RelayedEvent = { ...(event ?? { id: '', type, aggregateType: 'order', aggregateId: order.id, actor: 'dry-run', at: now, data: {} }), tenantId, seq: 0 };
  const depth = event ? chainDepthOf(event.actor, event.data) : 0;
  const { facts, exponent } = await loadFacts(db, tenantId, sample, order.id, depth);
  const fires = ruleId ? ((await firesSince(db, tenantId, order.id, [ruleId], new Date(now.getTime() - 3_600_000))).get(ruleId) ?? 0) : 0;
  const guarded = loopGuardReason(depth, fires, { isDefault: ruleId !== null && isDefaultRuleId(ruleId), actions: rule.actions });
  const truth = guarded ? null : conditionHolds(rule, facts, exponent);
  const outcomes: ActionOutcome[] = [];
  if (!guarded && truth === true) {
    for (const [i, action] of rule.actions.entries()) {
      outcomes.push({ action: i, type: action.type, ...(await describeAction(db, tenantId, { orderId: order.id, event: sample }, action)) });
      if (action.type === 'wait') break;
    }
  }
  return {
    rule_id: ruleId,
    event_type: sample.type,
    event_id: event?.id ?? null,
    order_id: order.id,
    depth,
    facts,
    condition_result: truth,
    status: guarded ? ('loop_guarded' as const) : truth === true ? ('matched' as const) : ('not_matched' as const),
    reason: guarded ?? (truth === null ? 'the condition is unknown: a fact it reads is unknown for this event' : null),
    outcomes,
  };
}
