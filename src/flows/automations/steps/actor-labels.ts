import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import type { StoredEvent } from '../../../platform/outbox/events.js';
import { getRule } from '../../../modules/automations/index.js';
import { TEMPLATE_CATALOG } from '../../../modules/notifications/index.js';

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
      now.set(id, (await getRule(db, tenantId, id, TEMPLATE_CATALOG)).name);
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
