import type { Db } from '../../platform/db/database.js';
import type { Actor } from '../../platform/outbox/events.js';
import { changeRule, createRule, FACT_FIELDS, getRule, listRules, LOOP_GUARD, removeRule, ACTION_TYPES, AUTOMATION_HOLD_TYPES, AUTOMATION_LIMITS, type Rule, type RuleFields } from '../../modules/automations/index.js';
import { TEMPLATE_CATALOG, TEMPLATE_NAMES } from '../../modules/notifications/index.js';
import { automationCatalog, TRIGGERS } from './steps/catalog.js';

/** /v1/automations (ADR 0038): the rules with the defaults derived from the template catalog, checked against the triggers, templates and the tenant's webhook endpoints. */

export function rulesOf(db: Db, tenantId: string): Promise<Rule[]> {
  return listRules(db, tenantId, TEMPLATE_CATALOG);
}

export function ruleOf(db: Db, tenantId: string, id: string): Promise<Rule> {
  return getRule(db, tenantId, id, TEMPLATE_CATALOG);
}

export async function addRule(db: Db, actor: Actor, body: RuleFields, now: Date): Promise<Rule> {
  return createRule(db, actor, body, await automationCatalog(db, actor.tenantId), now);
}

export async function editRule(db: Db, actor: Actor, id: string, body: RuleFields, expected: number | undefined, now: Date): Promise<Rule> {
  return changeRule(db, actor, id, body, expected, await automationCatalog(db, actor.tenantId), now);
}

export function deleteRule(db: Db, actor: Actor, id: string, expected: number | undefined, now: Date): Promise<void> {
  return removeRule(db, actor, id, expected, TEMPLATE_CATALOG, now);
}

/** What a rule may name: for the console's rule editor. */
export function catalogView() {
  return {
    triggers: [...TRIGGERS],
    facts: Object.entries(FACT_FIELDS).map(([name, f]) => ({ name, type: f.type, label: f.label })),
    actions: [...ACTION_TYPES],
    templates: TEMPLATE_NAMES.map((key) => ({ key, events: [...TEMPLATE_CATALOG[key].events], any_trigger: TEMPLATE_CATALOG[key].parts.length === 0 })),
    hold_types: [...AUTOMATION_HOLD_TYPES],
    limits: {
      max_actions: AUTOMATION_LIMITS.maxActions,
      min_wait_hours: AUTOMATION_LIMITS.minWaitHours,
      max_wait_hours: AUTOMATION_LIMITS.maxWaitHours,
      max_depth: LOOP_GUARD.maxDepth,
      max_fires_per_order_per_hour: LOOP_GUARD.maxFiresPerOrderPerHour,
      max_default_fires_per_order_per_hour: LOOP_GUARD.maxDefaultFiresPerOrderPerHour,
      max_rules: AUTOMATION_LIMITS.maxRules,
      max_enabled_per_trigger: AUTOMATION_LIMITS.maxEnabledPerTrigger,
    },
  };
}

