import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import { countOwnRules, deleteRule, endWaitingRuns, findRule, insertRule, insertRuleIfAbsent, lockRulesOf, storedRules, storedRulesFor, updateRule } from '../db/automations.queries.js';
import type { AutomationRuleRow } from '../db/schema.js';
import { defaultRules, isDefaultRuleId, type DefaultRule } from '../domain/defaults.js';
import { LIMITS, validateRule, type AutomationCatalog, type RuleAction, type RuleInput } from '../domain/rules.js';

/**
 * A rule as the tenant has it: its own (stored), or a default one (code) with the tenant's
 * override when there is one. `version` 0: a default never changed by the tenant.
 */
export interface Rule {
  id: string;
  isDefault: boolean;
  name: string;
  trigger: string;
  condition: string | null;
  actions: RuleAction[];
  enabled: boolean;
  version: number;
  createdBy: string | null;
  createdAt: Date | null;
  updatedBy: string | null;
  updatedAt: Date | null;
}

function ofDefault(d: DefaultRule, own: AutomationRuleRow | undefined): Rule {
  if (own) return ofRow(own);
  return { id: d.id, isDefault: true, name: d.name, trigger: d.trigger, condition: null, actions: d.actions, enabled: true, version: 0, createdBy: null, createdAt: null, updatedBy: null, updatedAt: null };
}

function ofRow(r: AutomationRuleRow): Rule {
  return { id: r.id, isDefault: r.isDefault, name: r.name, trigger: r.trigger, condition: r.condition, actions: r.actions, enabled: r.enabled, version: r.version, createdBy: r.createdBy, createdAt: r.createdAt, updatedBy: r.updatedBy, updatedAt: r.updatedAt };
}

type Templates = AutomationCatalog['templates'];

/** Every rule of the tenant, defaults first, by id. */
export async function listRules(db: Db, tenantId: string, templates: Templates): Promise<Rule[]> {
  const stored = await storedRules(db, tenantId);
  const byId = new Map(stored.map((r) => [r.id, r]));
  const defaults = defaultRules(templates).map((d) => ofDefault(d, byId.get(d.id)));
  // An override of a default the catalog no longer has is left out with it.
  return [...defaults, ...stored.filter((r) => !r.isDefault).map(ofRow)].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The rules one event type fires, enabled or not (the flow logs only the enabled ones). */
export async function rulesFor(db: Db, tenantId: string, trigger: string, templates: Templates): Promise<Rule[]> {
  const stored = await storedRulesFor(db, tenantId, trigger);
  const byId = new Map(stored.map((r) => [r.id, r]));
  const defaults = defaultRules(templates).filter((d) => d.trigger === trigger).map((d) => ofDefault(d, byId.get(d.id)));
  return [...defaults, ...stored.filter((r) => !r.isDefault).map(ofRow)];
}

export async function getRule(db: Db, tenantId: string, id: string, templates: Templates): Promise<Rule> {
  if (isDefaultRuleId(id)) {
    const d = defaultRules(templates).find((r) => r.id === id);
    if (d) return ofDefault(d, await findRule(db, tenantId, id));
  } else {
    const row = await findRule(db, tenantId, id);
    if (row) return ofRow(row);
  }
  throw new DomainError('AUTOMATION_RULE_NOT_FOUND', `No automation rule ${id}.`);
}

function refuse(problems: { field: string; message: string }[]): never {
  throw new DomainError('AUTOMATION_RULE_INVALID', `The rule cannot be saved: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`, problems.map((p) => ({ field: `body.${p.field}`, message: p.message })));
}

export interface RuleFields {
  name?: unknown;
  trigger?: unknown;
  condition?: unknown;
  actions?: unknown;
  enabled?: unknown;
}

function normalised(body: RuleFields) {
  const condition = typeof body.condition === 'string' && body.condition.trim() === '' ? null : (body.condition ?? null);
  return { ...body, condition };
}

/** A new rule's body checked (422 AUTOMATION_RULE_INVALID naming each field), as a rule to save or try. */
export function checkRule(body: RuleFields, catalog: AutomationCatalog): RuleInput {
  const input = normalised({ enabled: true, ...body });
  const problems = validateRule(input, catalog);
  if (problems.length > 0) refuse(problems);
  return { name: (input.name as string).trim(), trigger: input.trigger as string, condition: input.condition as string | null, actions: input.actions as RuleAction[], enabled: input.enabled as boolean };
}

/**
 * The tenant's limits (ADR 0038): at most LIMITS.maxRules rules of its own, and at most
 * LIMITS.maxEnabledPerTrigger enabled rules (defaults included) per trigger, each of which the relay
 * evaluates for every event of it. Checked under the tenant's rules lock, so that two writes at
 * once cannot both take the last place. 422 AUTOMATION_RULE_LIMIT_REACHED naming the field.
 */
async function checkLimits(tx: Db, tenantId: string, rule: { id: string; trigger: string; enabled: boolean }, isNew: boolean, templates: Templates): Promise<void> {
  await lockRulesOf(tx, tenantId);
  if (isNew && (await countOwnRules(tx, tenantId)) >= LIMITS.maxRules) {
    throw new DomainError('AUTOMATION_RULE_LIMIT_REACHED', `You have ${LIMITS.maxRules} automation rules, the most a tenant may keep.`, [{ field: 'body', message: `would be rule ${LIMITS.maxRules + 1}: delete rules you no longer use (DELETE /v1/automations/{id}) first` }]);
  }
  if (!rule.enabled) return;
  const enabled = (await rulesFor(tx, tenantId, rule.trigger, templates)).filter((r) => r.enabled && r.id !== rule.id).length;
  if (enabled >= LIMITS.maxEnabledPerTrigger) {
    throw new DomainError('AUTOMATION_RULE_LIMIT_REACHED', `${rule.trigger} already fires ${enabled} enabled rules, the most one trigger may.`, [
      { field: 'body.trigger', message: `already has ${enabled} enabled rules: turn one off (PATCH {"enabled": false}) or delete it, or save this rule with "enabled": false` },
    ]);
  }
}

export async function createRule(db: Db, actor: Actor, body: RuleFields, catalog: AutomationCatalog, now: Date): Promise<Rule> {
  const input = checkRule(body, catalog);
  const row: AutomationRuleRow = {
    tenantId: actor.tenantId,
    id: newId('aut'),
    isDefault: false,
    ...input,
    version: 1,
    createdBy: actor.actorId,
    createdAt: now,
    updatedBy: actor.actorId,
    updatedAt: now,
  };
  return inTransaction(db, async (tx) => {
    await checkLimits(tx, actor.tenantId, row, true, catalog.templates);
    await insertRule(tx, row);
    await appendEvents(tx, actor, now, [{ type: 'automation.created', aggregateType: 'automation', aggregateId: row.id, data: { name: row.name, trigger: row.trigger, condition: row.condition, actions: row.actions, enabled: row.enabled } }]);
    return ofRow(row);
  });
}

/**
 * Changes a rule: the fields given replace the stored ones; `expected` (If-Match or the body's
 * version) must be the current version, else 409 AUTOMATION_RULE_CONFLICT. A default rule's first
 * change stores the tenant's override (from version 0); its trigger stays the one it sends for.
 */
export async function changeRule(db: Db, actor: Actor, id: string, body: RuleFields, expected: number | undefined, catalog: AutomationCatalog, now: Date): Promise<Rule> {
  return inTransaction(db, async (tx) => {
    const current = await getRule(tx, actor.tenantId, id, catalog.templates);
    if (expected !== undefined && expected !== current.version) {
      throw new DomainError('AUTOMATION_RULE_CONFLICT', `Rule ${id} is at version ${current.version}, not ${expected}.`, [{ field: 'version', message: `is ${current.version} now` }], { current_version: current.version });
    }
    const merged = normalised({ name: current.name, trigger: current.trigger, condition: current.condition, actions: current.actions, enabled: current.enabled, ...body });
    // Only what the body gives is checked against today's catalog: a stored field that would not
    // pass now (the endpoint of a call_webhook since deleted) must not stop turning the rule off. The
    // actions given are checked whole; a new trigger with the stored actions' templates too.
    const given = new Set(Object.entries(body).flatMap(([field, value]) => (value === undefined ? [] : [field])));
    const problems = validateRule(merged, catalog).filter((p) => given.has(p.field.split(/[.[]/)[0] ?? '') || (given.has('trigger') && /^actions\[\d+\]\.template$/.test(p.field)));
    if (current.isDefault && merged.trigger !== current.trigger) problems.push({ field: 'trigger', message: `a default rule keeps its trigger (${current.trigger}); write your own rule for another` });
    if (problems.length > 0) refuse(problems);
    const changes = { name: (merged.name as string).trim(), trigger: merged.trigger as string, condition: merged.condition as string | null, actions: merged.actions as RuleAction[], enabled: merged.enabled as boolean, updatedBy: actor.actorId, updatedAt: now };
    if (changes.enabled && (!current.enabled || changes.trigger !== current.trigger)) await checkLimits(tx, actor.tenantId, { id, ...changes }, false, catalog.templates);
    let saved: AutomationRuleRow | undefined;
    if (current.version === 0) {
      // Two first changes at once: the second inserts nothing and answers 409 below.
      saved = await insertRuleIfAbsent(tx, { tenantId: actor.tenantId, id, isDefault: true, ...changes, version: 1, createdBy: actor.actorId, createdAt: now });
    } else saved = await updateRule(tx, actor.tenantId, id, current.version, changes);
    if (!saved) throw new DomainError('AUTOMATION_RULE_CONFLICT', `Rule ${id} was changed at the same moment.`, [{ field: 'version', message: 'read the rule again' }]);
    await appendEvents(tx, actor, now, [{ type: 'automation.updated', aggregateType: 'automation', aggregateId: id, data: { version: saved.version, name: saved.name, trigger: saved.trigger, condition: saved.condition, actions: saved.actions, enabled: saved.enabled } }]);
    return ofRow(saved);
  });
}

/**
 * Deletes an own rule, or a default rule's override (the default comes back as shipped). Its runs
 * stay; those waiting end as failed now: an override written again later starts at version 1 too,
 * and a run must not resume with actions other than those of the version that began it.
 */
export async function removeRule(db: Db, actor: Actor, id: string, expected: number | undefined, templates: Templates, now: Date): Promise<void> {
  await inTransaction(db, async (tx) => {
    const current = await getRule(tx, actor.tenantId, id, templates);
    if (current.isDefault && current.version === 0) throw new DomainError('AUTOMATION_RULE_NOT_OVERRIDDEN', `Rule ${id} is the default as shipped: turn it off with PATCH {"enabled": false}.`);
    if (expected !== undefined && expected !== current.version) {
      throw new DomainError('AUTOMATION_RULE_CONFLICT', `Rule ${id} is at version ${current.version}, not ${expected}.`, [{ field: 'version', message: `is ${current.version} now` }], { current_version: current.version });
    }
    if (!(await deleteRule(tx, actor.tenantId, id, current.version))) throw new DomainError('AUTOMATION_RULE_CONFLICT', `Rule ${id} was changed at the same moment.`);
    await endWaitingRuns(tx, actor.tenantId, id, 'the rule was deleted while the run waited', now);
    await appendEvents(tx, actor, now, [{ type: 'automation.deleted', aggregateType: 'automation', aggregateId: id, data: { default: current.isDefault, version: current.version } }]);
  });
}
