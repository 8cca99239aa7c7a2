import { DomainError } from '../../../platform/errors.js';
import { compile, parseExpression, type Condition } from '../../../platform/kernel/expression.js';
import { FACTS } from './facts.js';

/**
 * Automation rules as data (issue 16 §1, ADR 0038): a trigger (one event type), an optional
 * condition in the rule language over the facts of the event's order, and actions run in order.
 */

export const ACTION_TYPES = ['send_template', 'add_tag', 'remove_tag', 'place_hold', 'release_hold', 'call_webhook', 'wait'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Hold types an automation may place or release: the manual one (the others belong to the checks that own them, ADR 0025). */
export const AUTOMATION_HOLD_TYPES = ['manual'] as const;

export type RuleAction =
  | { type: 'send_template'; template: string }
  | { type: 'add_tag'; tag: string }
  | { type: 'remove_tag'; tag: string }
  | { type: 'place_hold'; hold_type: 'manual'; reason: string }
  | { type: 'release_hold'; hold_type: 'manual' }
  | { type: 'call_webhook'; endpoint_id: string }
  | { type: 'wait'; hours: number };

export const LIMITS = { maxActions: 20, nameLength: 200, tagLength: 100, reasonLength: 500, minWaitHours: 1, maxWaitHours: 720, maxRules: 200, maxEnabledPerTrigger: 50 } as const;

export type RunStatus = 'matched' | 'not_matched' | 'completed' | 'failed' | 'waiting' | 'loop_guarded';

/** What one action did (or, in a dry run, would do). */
export interface ActionOutcome {
  action: number;
  type: ActionType;
  result: 'done' | 'nothing_to_do' | 'not_applicable' | 'failed' | 'waiting' | 'would_run';
  detail: string;
}

/** A rule as written (body of POST / PATCH, or a default rule in code). */
export interface RuleInput {
  name: string;
  trigger: string;
  condition: string | null;
  actions: RuleAction[];
  enabled: boolean;
}

/** What validation checks names against: the known triggers, the templates (with the events that give their data), the tenant's webhook endpoints. */
export interface AutomationCatalog {
  triggers: readonly string[];
  /** template → the events whose data it reads (empty `parts`: any trigger will do). */
  templates: Readonly<Record<string, { events: readonly string[]; parts: readonly string[] }>>;
  endpointIds: ReadonlySet<string>;
}

export interface RuleProblem {
  field: string;
  message: string;
}

const TAG = /^[^\s,][^,]*$/;

/** Every problem with a rule body, each naming its field (`actions[2].hours`); none: the rule may be saved. */
export function validateRule(input: unknown, catalog: AutomationCatalog): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const body = (input ?? {}) as Record<string, unknown>;
  const name = body['name'];
  if (typeof name !== 'string' || name.trim() === '' || name.length > LIMITS.nameLength) add('name', `must be 1 to ${LIMITS.nameLength} characters`);
  const trigger = body['trigger'];
  if (typeof trigger !== 'string' || !catalog.triggers.includes(trigger)) add('trigger', `must be one of the known event types (GET /v1/automation-catalog lists them)${typeof trigger === 'string' ? `, not "${trigger.slice(0, 60)}"` : ''}`);
  const condition = body['condition'];
  if (condition !== null && condition !== undefined) {
    if (typeof condition !== 'string') add('condition', 'must be text in the rule language, or null');
    else if (condition.trim() !== '') {
      const parsed = parseExpression(condition, FACTS);
      if (!parsed.ok) add('condition', `${parsed.error.message}; ${parsed.error.fix}`);
    }
  }
  const actions = body['actions'];
  if (!Array.isArray(actions) || actions.length === 0 || actions.length > LIMITS.maxActions) {
    add('actions', `must be a list of 1 to ${LIMITS.maxActions} actions`);
    return problems;
  }
  actions.forEach((raw: unknown, i) => {
    const at = `actions[${i}]`;
    const a = (raw ?? {}) as Record<string, unknown>;
    const type = a['type'];
    if (typeof type !== 'string' || !(ACTION_TYPES as readonly string[]).includes(type)) {
      add(`${at}.type`, `must be one of ${ACTION_TYPES.join(', ')}`);
      return;
    }
    const allowed: Record<ActionType, readonly string[]> = {
      send_template: ['template'],
      add_tag: ['tag'],
      remove_tag: ['tag'],
      place_hold: ['hold_type', 'reason'],
      release_hold: ['hold_type'],
      call_webhook: ['endpoint_id'],
      wait: ['hours'],
    };
    for (const key of Object.keys(a)) if (key !== 'type' && !allowed[type as ActionType].includes(key)) add(`${at}.${key}`, `is not a field of ${type} (it takes ${allowed[type as ActionType].join(', ')})`);
    switch (type as ActionType) {
      case 'send_template': {
        const template = a['template'];
        const spec = typeof template === 'string' && Object.hasOwn(catalog.templates, template) ? catalog.templates[template] : undefined;
        if (!spec) add(`${at}.template`, `must be one of ${Object.keys(catalog.templates).join(', ')}`);
        else if (typeof trigger === 'string' && spec.parts.length > 0 && !spec.events.includes(trigger)) {
          add(`${at}.template`, `${String(template)} reads ${spec.parts.join(', ')} from its event: its trigger must be ${spec.events.join(' or ')}, not ${trigger}`);
        }
        break;
      }
      case 'add_tag':
      case 'remove_tag': {
        const tag = a['tag'];
        if (typeof tag !== 'string' || tag.length === 0 || tag.length > LIMITS.tagLength || !TAG.test(tag)) add(`${at}.tag`, `must be 1 to ${LIMITS.tagLength} characters, no comma, not starting with a space`);
        break;
      }
      case 'place_hold':
      case 'release_hold': {
        if (!(AUTOMATION_HOLD_TYPES as readonly unknown[]).includes(a['hold_type'])) add(`${at}.hold_type`, `must be ${AUTOMATION_HOLD_TYPES.join(' or ')} (the other holds belong to the checks that place them)`);
        if (type === 'place_hold') {
          const reason = a['reason'];
          if (typeof reason !== 'string' || reason.trim() === '' || reason.length > LIMITS.reasonLength) add(`${at}.reason`, `must be 1 to ${LIMITS.reasonLength} characters`);
        }
        break;
      }
      case 'call_webhook': {
        const id = a['endpoint_id'];
        if (typeof id !== 'string' || !catalog.endpointIds.has(id)) add(`${at}.endpoint_id`, 'must be the id of one of your webhook endpoints (GET /v1/webhook-endpoints)');
        break;
      }
      case 'wait': {
        const hours = a['hours'];
        if (typeof hours !== 'number' || !Number.isInteger(hours) || hours < LIMITS.minWaitHours || hours > LIMITS.maxWaitHours) add(`${at}.hours`, `must be a whole number of hours from ${LIMITS.minWaitHours} to ${LIMITS.maxWaitHours} (30 days)`);
        if (i === actions.length - 1) add(`${at}`, 'a wait must be followed by the actions it waits for');
        break;
      }
    }
  });
  if (body['enabled'] !== undefined && typeof body['enabled'] !== 'boolean') add('enabled', 'must be true or false');
  return problems;
}

/**
 * The rule's condition compiled (null: no condition, always true). The text was validated when
 * saved; one that no longer parses (a fact it reads is gone) is refused naming `condition`: its run
 * ends failed with the reason, a dry run answers 422.
 */
export function compileCondition(text: string | null): Condition | null {
  if (text === null || text.trim() === '') return null;
  const parsed = parseExpression(text, FACTS);
  if (!parsed.ok) throw new DomainError('AUTOMATION_RULE_CONDITION_INVALID', `The rule's condition no longer parses: ${parsed.error.message}.`, [{ field: 'condition', message: `${parsed.error.message}; ${parsed.error.fix}` }]);
  return compile(parsed.value);
}
