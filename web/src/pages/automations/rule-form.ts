import type { ActionType, AutomationAction, AutomationRule, RuleBody } from './automation-api';

/**
 * The rule editor's values: every action row holds every field (only its type's are sent), so a
 * 422 naming `actions[2].hours` finds its input at `actions.2.hours`, and a row keeps what was typed
 * when its type is switched back.
 */
export interface ActionValues {
  key: string;
  type: ActionType;
  template: string;
  tag: string;
  reason: string;
  endpoint_id: string;
  hours: number | string;
}

export interface RuleValues {
  name: string;
  trigger: string;
  condition: string;
  enabled: boolean;
  actions: ActionValues[];
}

let rowSeq = 0;

export function actionValues(a: Partial<AutomationAction> & { type: ActionType }): ActionValues {
  rowSeq += 1;
  return {
    key: `action-${rowSeq}`,
    type: a.type,
    template: 'template' in a ? (a.template ?? '') : '',
    tag: 'tag' in a ? (a.tag ?? '') : '',
    reason: 'reason' in a ? (a.reason ?? '') : '',
    endpoint_id: 'endpoint_id' in a ? (a.endpoint_id ?? '') : '',
    hours: 'hours' in a ? (a.hours ?? 24) : 24,
  };
}

export function ruleValues(rule: AutomationRule | null, trigger = ''): RuleValues {
  if (!rule) return { name: '', trigger, condition: '', enabled: true, actions: [actionValues({ type: 'add_tag' })] };
  return { name: rule.name, trigger: rule.trigger, condition: rule.condition ?? '', enabled: rule.enabled, actions: rule.actions.map((a) => actionValues(a)) };
}

/** One row as the API takes it: its type's fields only (a hold is always the manual one). */
function actionBody(a: ActionValues): Record<string, unknown> & { type: string } {
  switch (a.type) {
    case 'send_template':
      return { type: a.type, template: a.template };
    case 'add_tag':
    case 'remove_tag':
      return { type: a.type, tag: a.tag.trim() };
    case 'place_hold':
      return { type: a.type, hold_type: 'manual', reason: a.reason.trim() };
    case 'release_hold':
      return { type: a.type, hold_type: 'manual' };
    case 'call_webhook':
      return { type: a.type, endpoint_id: a.endpoint_id };
    case 'wait':
      return { type: a.type, hours: typeof a.hours === 'number' ? a.hours : Number(a.hours) };
  }
}

export function ruleBody(v: RuleValues): RuleBody {
  return { name: v.name.trim(), trigger: v.trigger, condition: v.condition.trim() === '' ? null : v.condition, actions: v.actions.map(actionBody), enabled: v.enabled };
}
