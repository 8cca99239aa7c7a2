import type { RuleAction } from './rules.js';

/**
 * The default rules (ADR 0038): one per customer message template and event that sends it, derived
 * from the notification catalog the flow passes in, so a template added later gets its rule. They
 * are code, like the shipped templates: a tenant stores only its override (turned off, or edited).
 */
export interface DefaultRule {
  id: string;
  name: string;
  trigger: string;
  condition: null;
  actions: RuleAction[];
  enabled: true;
  template: string;
}

export const DEFAULT_PREFIX = 'default.';

export function defaultRuleId(template: string, event: string): string {
  return `${DEFAULT_PREFIX}${template}.${event}`;
}

export function isDefaultRuleId(id: string): boolean {
  return id.startsWith(DEFAULT_PREFIX);
}

export function defaultRules(templates: Readonly<Record<string, { events: readonly string[] }>>): DefaultRule[] {
  return Object.entries(templates).flatMap(([template, spec]) => {
    const words = template.replaceAll('_', ' ');
    const name = `Send ${words}`;
    return spec.events.map((event) => ({
      id: defaultRuleId(template, event),
      name: spec.events.length > 1 ? `${name} (${event})` : name,
      trigger: event,
      condition: null,
      actions: [{ type: 'send_template' as const, template }],
      enabled: true as const,
      template,
    }));
  });
}
