import type { Db } from '../../../platform/db/database.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import type { RelayedEvent } from '../../../platform/outbox/subscribers.js';
import type { ActionOutcome, Facts, RuleAction } from '../../../modules/automations/index.js';
import { findEndpoint } from '../../../modules/integrations/index.js';
import { isTemplateName } from '../../../modules/notifications/index.js';
import { findOrder, holdsOfOrder, lockedOrder, setOrderTags } from '../../../modules/orders/index.js';
import { composeTemplate, isNotApplicable } from '../../notifications/steps/compose.js';
import { queueTemplate } from '../../notifications/steps/queue-messages.js';
import { holdOrder, lockOrderToRelease, releaseOrderHold } from '../../orders/steps/holds.js';

/** The event an automation's `call_webhook` appends: delivered to the one endpoint it names (data.endpoint_id), whatever its event types. */
export const AUTOMATION_WEBHOOK = 'automation.webhook';

export interface ActionContext {
  /** The event that started the run (after a wait: the same event, read again). */
  event: RelayedEvent;
  orderId: string;
  ruleId: string;
  ruleName: string;
  runId: string;
  facts: Facts;
}

type Outcome = Omit<ActionOutcome, 'action' | 'type'>;

/**
 * Runs one action (not `wait`: the run does that) under the automation's actor, in the caller's
 * transaction (ADR 0038). Writes only rows: a message is queued for the notifications job, a webhook
 * is an event the relay turns into a delivery; nothing here calls the network. A refusal of the
 * module (an order that cannot be held any more…) is thrown as a DomainError for the run to record.
 */
export async function runAction(tx: Db, actor: Actor, ctx: ActionContext, action: Exclude<RuleAction, { type: 'wait' }>, now: Date): Promise<Outcome> {
  switch (action.type) {
    case 'send_template': {
      if (!isTemplateName(action.template)) return { result: 'not_applicable', detail: `there is no template ${action.template} any more` };
      return queueTemplate(tx, ctx.event, action.template, now);
    }
    case 'add_tag':
    case 'remove_tag': {
      const order = await lockedOrder(tx, actor.tenantId, ctx.orderId);
      const has = order.tags.includes(action.tag);
      if (action.type === 'add_tag' ? has : !has) return { result: 'nothing_to_do', detail: `the order ${has ? 'already has' : 'has no'} tag "${action.tag}"` };
      await setOrderTags(tx, actor, order, action.type === 'add_tag' ? [...order.tags, action.tag] : order.tags.filter((t) => t !== action.tag), now);
      return { result: 'done', detail: `tag "${action.tag}" ${action.type === 'add_tag' ? 'added' : 'removed'}` };
    }
    case 'place_hold': {
      const order = await lockedOrder(tx, actor.tenantId, ctx.orderId);
      const placed = await holdOrder(tx, actor, order, { orderId: order.id, type: action.hold_type, reason: action.reason }, now);
      return placed.placed ? { result: 'done', detail: `hold ${placed.hold.id} (${action.hold_type}) placed: ${action.reason}` } : { result: 'nothing_to_do', detail: `the order already has an active ${action.hold_type} hold (${placed.hold.id})` };
    }
    case 'release_hold': {
      const active = (await holdsOfOrder(tx, actor.tenantId, ctx.orderId)).find((h) => h.type === action.hold_type && h.releasedAt === null);
      if (!active) return { result: 'nothing_to_do', detail: `the order has no active ${action.hold_type} hold` };
      const order = await lockOrderToRelease(tx, actor.tenantId, ctx.orderId);
      await releaseOrderHold(tx, actor, order, active.id, `released by automation "${ctx.ruleName}"`, now);
      return { result: 'done', detail: `hold ${active.id} (${action.hold_type}) released` };
    }
    case 'call_webhook': {
      const endpoint = await findEndpoint(tx, actor.tenantId, action.endpoint_id);
      if (!endpoint) return { result: 'failed', detail: `webhook endpoint ${action.endpoint_id} no longer exists` };
      const data = { order_id: ctx.orderId, endpoint_id: endpoint.id, rule_id: ctx.ruleId, run_id: ctx.runId, trigger: { event_id: ctx.event.id, type: ctx.event.type }, facts: ctx.facts };
      await appendEvents(tx, actor, now, [{ type: AUTOMATION_WEBHOOK, aggregateType: 'order', aggregateId: ctx.orderId, data }]);
      return { result: 'done', detail: `${AUTOMATION_WEBHOOK} queued for ${endpoint.url}${endpoint.enabled ? '' : ' (the endpoint is disabled: the relay sends it nothing)'}` };
    }
  }
}

/** What an action would do, for a dry run: read-only, from the order as it is (a message is composed, not queued). */
export async function describeAction(tx: Db, tenantId: string, ctx: Pick<ActionContext, 'orderId' | 'event'>, action: RuleAction): Promise<Outcome> {
  switch (action.type) {
    case 'send_template': {
      if (!isTemplateName(action.template)) return { result: 'not_applicable', detail: `there is no template ${action.template} any more` };
      const message = await composeTemplate(tx, ctx.event, action.template);
      if (isNotApplicable(message)) return { result: 'not_applicable', detail: message.notApplicable };
      return { result: 'would_run', detail: `queue ${action.template} to ${message.recipient} by ${message.channel}${message.skip ? ` (kept as skipped: ${message.skip})` : ''}, unless already queued for this event` };
    }
    case 'add_tag':
    case 'remove_tag': {
      const order = await findOrder(tx, tenantId, ctx.orderId);
      const has = order?.tags.includes(action.tag) ?? false;
      if (action.type === 'add_tag' ? has : !has) return { result: 'nothing_to_do', detail: `the order ${has ? 'already has' : 'has no'} tag "${action.tag}"` };
      return { result: 'would_run', detail: `${action.type === 'add_tag' ? 'add' : 'remove'} tag "${action.tag}"` };
    }
    case 'place_hold': {
      const active = (await holdsOfOrder(tx, tenantId, ctx.orderId)).find((h) => h.type === action.hold_type && h.releasedAt === null);
      return active ? { result: 'nothing_to_do', detail: `the order already has an active ${action.hold_type} hold` } : { result: 'would_run', detail: `place a ${action.hold_type} hold: ${action.reason}` };
    }
    case 'release_hold': {
      const active = (await holdsOfOrder(tx, tenantId, ctx.orderId)).find((h) => h.type === action.hold_type && h.releasedAt === null);
      return active ? { result: 'would_run', detail: `release hold ${active.id} (${action.hold_type})` } : { result: 'nothing_to_do', detail: `the order has no active ${action.hold_type} hold` };
    }
    case 'call_webhook': {
      const endpoint = await findEndpoint(tx, tenantId, action.endpoint_id);
      return endpoint ? { result: 'would_run', detail: `send ${AUTOMATION_WEBHOOK} to ${endpoint.url}` } : { result: 'failed', detail: `webhook endpoint ${action.endpoint_id} no longer exists` };
    }
    case 'wait':
      return { result: 'waiting', detail: `wait ${action.hours} h, then check the condition again and go on` };
  }
}
