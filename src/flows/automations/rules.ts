import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import type { Actor, StoredEvent } from '../../platform/outbox/events.js';
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

/** How a timeline names an automation's change: the rule's name in words; its id stays the actor. */
export const automationLabel = (name: string) => `automation “${name}”`;

/**
 * Labels for the automation actors of a timeline (ADR 0038), aligned with `events`: the rule's name
 * each event carries (`data.automation.rule_name`, as the rule was named when it acted), else — an
 * event from before the name was carried — the rule's name now; undefined for other actors and for
 * a rule deleted since.
 */
export async function automationActorLabels(db: Db, tenantId: string, events: readonly Pick<StoredEvent, 'actor' | 'data'>[]): Promise<(string | undefined)[]> {
  const PREFIX = 'automation:';
  const carried = events.map((e) => {
    const a = e.data['automation'];
    const name = a && typeof a === 'object' ? (a as Record<string, unknown>)['rule_name'] : undefined;
    return typeof name === 'string' && name !== '' ? name : undefined;
  });
  const missing = [...new Set(events.flatMap((e, i) => (e.actor.startsWith(PREFIX) && carried[i] === undefined ? [e.actor.slice(PREFIX.length)] : [])))];
  const now = new Map<string, string>();
  for (const id of missing) {
    try {
      now.set(id, (await ruleOf(db, tenantId, id)).name);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'AUTOMATION_RULE_NOT_FOUND')) throw error;
    }
  }
  return events.map((e, i) => {
    if (!e.actor.startsWith(PREFIX)) return undefined;
    const name = carried[i] ?? now.get(e.actor.slice(PREFIX.length));
    return name === undefined ? undefined : automationLabel(name);
  });
}
