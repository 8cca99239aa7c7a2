import { Type } from '@fastify/type-provider-typebox';
import { PageQuery } from '../../../platform/http/pagination.js';
import { nullable, Timestamp } from '../../../platform/http/schemas.js';
import type { AutomationRunRow } from '../db/schema.js';
import { ACTION_TYPES, LIMITS, type ActionOutcome, type RunStatus } from '../domain/rules.js';
import type { Rule } from '../use-cases/rules.js';

/** Request and response schemas of /v1/automations, /v1/automation-runs and /v1/automation-catalog, and their views (ADR 0038). */

function oneOf<T extends string>(values: readonly T[]) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values] });
}

export const RULE_ID = /^(aut_[0-9a-z]{26}|default\.[a-z_]+\.[a-z_]+\.[a-z_]+)$/;
export const RUN_ID = /^aur_[0-9a-z]{26}$/;
export const RuleId = Type.Object({ id: Type.String({ pattern: RULE_ID.source, description: 'aut_… (your rule) or default.<template>.<event> (a default rule)' }) });

/** One action, as stored and shown. */
export const RuleActionSchema = Type.Union(
  [
    Type.Object({ type: Type.Literal('send_template'), template: Type.String({ description: 'A message template (GET /v1/notification-templates); one that reads event data (shipment, return…) only on its own events' }) }),
    Type.Object({ type: Type.Literal('add_tag'), tag: Type.String({ maxLength: LIMITS.tagLength }) }),
    Type.Object({ type: Type.Literal('remove_tag'), tag: Type.String({ maxLength: LIMITS.tagLength }) }),
    Type.Object({ type: Type.Literal('place_hold'), hold_type: Type.Literal('manual'), reason: Type.String({ maxLength: LIMITS.reasonLength }) }),
    Type.Object({ type: Type.Literal('release_hold'), hold_type: Type.Literal('manual') }),
    Type.Object({ type: Type.Literal('call_webhook'), endpoint_id: Type.String({ description: 'One of your webhook endpoints: it is sent an `automation.webhook` event (signed, retried like every delivery)' }) }),
    Type.Object({ type: Type.Literal('wait'), hours: Type.Integer({ minimum: LIMITS.minWaitHours, maximum: LIMITS.maxWaitHours, description: 'Then the condition is checked again against the order as it is; false ends the run as not_matched' }) }),
  ],
  { description: 'One action; they run in order' },
);

const actionsDescription = `Actions in order (1–${LIMITS.maxActions}), each \`{type, …}\`: ${ACTION_TYPES.join(', ')} (shapes: RuleAction in the response). Checked by the OMS, not the schema, so a problem answers 422 AUTOMATION_RULE_INVALID naming \`actions[i].field\`.`;
const LooseAction = Type.Object({ type: Type.String({ maxLength: 40 }) }, { additionalProperties: true });

export const RuleBody = Type.Object(
  {
    name: Type.String({ maxLength: 1000 }),
    trigger: Type.String({ maxLength: 100, description: 'One event type (GET /v1/automation-catalog lists them)' }),
    condition: Type.Optional(nullable(Type.String({ maxLength: 2000, description: 'The rule language over the facts (GET /v1/automation-catalog), e.g. `order.total > 500 and shipping.country = "US"`; null or absent: always' }))),
    actions: Type.Array(LooseAction, { maxItems: 100, description: actionsDescription }),
    enabled: Type.Optional(Type.Boolean({ description: 'Default true' })),
  },
  { additionalProperties: false },
);

export const RulePatch = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 1000 })),
    trigger: Type.Optional(Type.String({ maxLength: 100 })),
    condition: Type.Optional(nullable(Type.String({ maxLength: 2000 }))),
    actions: Type.Optional(Type.Array(LooseAction, { maxItems: 100, description: actionsDescription })),
    enabled: Type.Optional(Type.Boolean()),
    version: Type.Optional(Type.Integer({ minimum: 0, description: 'The version you read (or send If-Match): a stale one answers 409 AUTOMATION_RULE_CONFLICT' })),
  },
  { additionalProperties: false },
);

export const RuleView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  default: Type.Boolean({ description: 'A default rule (one per message template and event): code, which you may turn off or change; DELETE undoes your change' }),
  trigger: Type.String(),
  condition: nullable(Type.String()),
  actions: Type.Array(RuleActionSchema),
  enabled: Type.Boolean(),
  version: Type.Integer({ description: '0: a default rule you never changed' }),
  created_by: nullable(Type.String()),
  created_at: nullable(Timestamp),
  updated_by: nullable(Type.String()),
  updated_at: nullable(Timestamp),
});

export function ruleView(r: Rule) {
  return {
    id: r.id,
    name: r.name,
    default: r.isDefault,
    trigger: r.trigger,
    condition: r.condition,
    actions: r.actions,
    enabled: r.enabled,
    version: r.version,
    created_by: r.createdBy,
    created_at: r.createdAt?.toISOString() ?? null,
    updated_by: r.updatedBy,
    updated_at: r.updatedAt?.toISOString() ?? null,
  };
}

export const RuleQuery = Type.Object({ ...PageQuery, trigger: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false });

const OutcomeView = Type.Object({
  action: Type.Integer({ description: 'Index in the rule’s actions' }),
  type: Type.String(),
  result: oneOf<ActionOutcome['result']>(['done', 'nothing_to_do', 'not_applicable', 'failed', 'waiting', 'would_run']),
  detail: Type.String(),
});

const FactsView = Type.Record(Type.String(), Type.Unknown(), { description: 'The facts the condition saw (null: unknown)' });

export const RunView = Type.Object({
  id: Type.String(),
  rule_id: Type.String(),
  rule_version: Type.Integer(),
  event_id: Type.String(),
  event_type: Type.String(),
  order_id: nullable(Type.String()),
  order_number: nullable(Type.Integer({ description: 'The order’s number, the one people say (null: no order, or it is gone)' })),
  depth: Type.Integer({ description: 'Automations in a row that caused the event (0: none)' }),
  facts: FactsView,
  condition_result: nullable(Type.Boolean()),
  outcomes: Type.Array(OutcomeView),
  status: oneOf<RunStatus>(['matched', 'not_matched', 'completed', 'failed', 'waiting', 'loop_guarded']),
  reason: nullable(Type.String()),
  next_action: Type.Integer(),
  resume_at: nullable(Timestamp),
  dry_run: Type.Boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

/** A run as the API shows it; `orderNumbers`: order id → number (the orders module's `orderNumbersOf`). */
export function runView(r: AutomationRunRow, orderNumbers: ReadonlyMap<string, number>) {
  return {
    id: r.id,
    rule_id: r.ruleId,
    rule_version: r.ruleVersion,
    event_id: r.eventId,
    event_type: r.eventType,
    order_id: r.orderId,
    order_number: r.orderId === null ? null : (orderNumbers.get(r.orderId) ?? null),
    depth: r.depth,
    facts: r.facts,
    condition_result: r.conditionResult,
    outcomes: r.outcomes,
    status: r.status,
    reason: r.reason,
    next_action: r.nextAction,
    resume_at: r.resumeAt?.toISOString() ?? null,
    dry_run: r.dryRun,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

export const RunQuery = Type.Object({ ...PageQuery, order_id: Type.Optional(Type.String({ pattern: '^ord_[0-9a-z]{26}$' })) }, { additionalProperties: false });

export const DryRunBody = Type.Object(
  {
    order_id: Type.String({ pattern: '^ord_[0-9a-z]{26}$' }),
    event_type: Type.Optional(Type.String({ maxLength: 100, description: 'Default: the rule’s trigger' })),
    event_id: Type.Optional(Type.String({ pattern: '^evt_[0-9a-z]{26}$', description: 'A stored event of the order to run against (its data); default: the order’s latest event of that type, else a sample' })),
    rule: Type.Optional(RuleBody),
  },
  { additionalProperties: false },
);

export const DryRunView = Type.Object({
  rule_id: nullable(Type.String()),
  event_type: Type.String(),
  event_id: nullable(Type.String({ description: 'The stored event used; null: a sample event with no data' })),
  order_id: Type.String(),
  depth: Type.Integer(),
  facts: FactsView,
  condition_result: nullable(Type.Boolean()),
  status: oneOf<'matched' | 'not_matched' | 'loop_guarded'>(['matched', 'not_matched', 'loop_guarded']),
  reason: nullable(Type.String()),
  outcomes: Type.Array(OutcomeView, { description: 'What each action would do, up to the first wait' }),
});

export const CatalogView = Type.Object({
  triggers: Type.Array(Type.String()),
  facts: Type.Array(Type.Object({ name: Type.String(), type: Type.String(), label: Type.String() })),
  actions: Type.Array(Type.String()),
  templates: Type.Array(Type.Object({ key: Type.String(), events: Type.Array(Type.String()), any_trigger: Type.Boolean({ description: 'true: reads no event data, so any trigger may send it' }) })),
  hold_types: Type.Array(Type.String()),
  limits: Type.Object({
    max_actions: Type.Integer({ description: 'Actions in one rule' }),
    min_wait_hours: Type.Integer(),
    max_wait_hours: Type.Integer(),
    max_depth: Type.Integer({ description: 'The loop guard: no rule fires from an event this many automations deep' }),
    max_fires_per_order_per_hour: Type.Integer({ description: 'The loop guard: times one of your rules fires for one order in an hour' }),
    max_default_fires_per_order_per_hour: Type.Integer({ description: 'The same for a default rule that only sends its message (one per event: a split order’s shipments are many); a default changed to do more has the limit above' }),
    max_rules: Type.Integer({ description: 'Rules of your own a tenant keeps (changes to default rules not counted); past it, 422 AUTOMATION_RULE_LIMIT_REACHED' }),
    max_enabled_per_trigger: Type.Integer({ description: 'Enabled rules (default ones included) one trigger fires; past it, 422 AUTOMATION_RULE_LIMIT_REACHED' }),
  }),
});
