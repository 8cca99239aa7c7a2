import { inheritStatementCache, type Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import type { Actor } from '../../../platform/outbox/events.js';
import type { OutboxSubscriber, RelayedEvent } from '../../../platform/outbox/subscribers.js';
import {
  chainDepthOf,
  compileCondition,
  firesSince,
  insertRun,
  loopGuardReason,
  rulesFor,
  updateRun,
  type ActionOutcome,
  type AutomationRunRow,
  type Facts,
  type Rule,
} from '../../../modules/automations/index.js';
import { TEMPLATE_CATALOG } from '../../../modules/notifications/index.js';
import { runAction } from './actions.js';
import { TRIGGERS } from './catalog.js';
import { loadFacts, orderIdOf } from './facts.js';

const HOUR_MS = 3_600_000;
const TRIGGER_SET = new Set(TRIGGERS);

/** Compiled conditions by their text: the relay evaluates the same few rules for every event. */
const compiled = new Map<string, ReturnType<typeof compileCondition>>();

/** The condition's truth over the facts: true when there is none; unknown (null) does not fire. */
export function conditionHolds(rule: Pick<Rule, 'condition'>, facts: Facts, exponent: number): boolean | null {
  if (rule.condition === null) return true;
  let condition = compiled.get(rule.condition);
  if (condition === undefined) {
    if (compiled.size >= 1000) compiled.clear();
    condition = compileCondition(rule.condition);
    compiled.set(rule.condition, condition);
  }
  return condition ? condition(facts, exponent) : true;
}

/**
 * The outbox subscriber of automation rules (ADR 0038). It replaced the notifications subscriber:
 * the default rules are what queue the customer messages now (src/apps/worker/subscribers.ts).
 */
export const automationSubscriber: OutboxSubscriber = {
  name: 'automations',
  types: TRIGGERS,
  handle: (tx, event, now) => runAutomations(tx, event, now),
};

/**
 * The outbox subscriber's work for one event (ADR 0038), in the relay's savepoint: every enabled
 * rule whose trigger is the event's type — the defaults (one per message template) and the
 * tenant's own — is evaluated once and logged as a run (unique per rule × event: a replayed event
 * adds nothing). The facts are read once for all of them, from the order as it is now.
 */
export async function runAutomations(tx: Db, event: RelayedEvent, now: Date): Promise<void> {
  if (!TRIGGER_SET.has(event.type)) return;
  const orderId = orderIdOf(event);
  if (!orderId) return;
  const rules = (await rulesFor(tx, event.tenantId, event.type, TEMPLATE_CATALOG)).filter((r) => r.enabled);
  if (rules.length === 0) return;
  const depth = chainDepthOf(event.actor, event.data);
  const { facts, exponent } = await loadFacts(tx, event.tenantId, event, orderId, depth);
  const fires = await firesSince(tx, event.tenantId, orderId, rules.map((r) => r.id), new Date(now.getTime() - HOUR_MS));
  for (const rule of rules) {
    const base: AutomationRunRow = {
      tenantId: event.tenantId,
      id: newId('aur'),
      ruleId: rule.id,
      ruleVersion: rule.version,
      eventId: event.id,
      eventType: event.type,
      orderId,
      depth,
      facts,
      conditionResult: null,
      outcomes: [],
      status: 'matched',
      reason: null,
      nextAction: 0,
      resumeAt: null,
      dryRun: false,
      createdAt: now,
      updatedAt: now,
    };
    const guarded = loopGuardReason(depth, fires.get(rule.id) ?? 0, rule);
    if (guarded) {
      await insertRun(tx, { ...base, status: 'loop_guarded', reason: guarded });
      continue;
    }
    let truth: boolean | null;
    try {
      truth = conditionHolds(rule, facts, exponent);
    } catch (error) {
      // A saved condition that no longer parses fails the rule's run; it must not hold the event up.
      if (!(error instanceof DomainError)) throw error;
      await insertRun(tx, { ...base, status: 'failed', reason: error.message });
      continue;
    }
    if (truth !== true) {
      await insertRun(tx, { ...base, conditionResult: truth, status: 'not_matched', reason: truth === null ? 'the condition is unknown: a fact it reads is unknown for this event' : null });
      continue;
    }
    const run = await insertRun(tx, { ...base, conditionResult: true });
    if (run) await continueRun(tx, run, rule, event, facts, now);
  }
}

/**
 * The actor of a rule's changes: `automation:<rule id>`, carrying the rule's name (as it is now: the
 * timeline says which rule in words, even after a rename or a delete), the run and the chain depth
 * into every event it appends.
 */
export function automationActor(tenantId: string, run: Pick<AutomationRunRow, 'id' | 'ruleId' | 'depth'>, ruleName: string): Actor {
  return { tenantId, actorId: `automation:${run.ruleId}`, automation: { rule_id: run.ruleId, rule_name: ruleName, run_id: run.id, depth: run.depth + 1 } };
}

/**
 * Runs a matched run's actions from `run.nextAction` in order, each in a savepoint: a `wait` stores
 * the run as waiting until `resume_at` (the automation-waits job goes on from there); an action the
 * modules refuse (DomainError) or that fails ends the run as failed, the actions after it not run.
 */
export async function continueRun(tx: Db, run: AutomationRunRow, rule: Rule, event: RelayedEvent, facts: Facts, now: Date): Promise<AutomationRunRow['status']> {
  const actor = automationActor(event.tenantId, run, rule.name);
  const outcomes: ActionOutcome[] = [...run.outcomes];
  const ctx = { event, orderId: run.orderId ?? '', ruleId: rule.id, ruleName: rule.name, runId: run.id, facts };
  const save = async (status: AutomationRunRow['status'], changes: Partial<AutomationRunRow> = {}) => {
    await updateRun(tx, run.tenantId, run.id, { facts, outcomes, status, updatedAt: now, ...changes });
    return status;
  };
  for (let i = run.nextAction; i < rule.actions.length; i++) {
    const action = rule.actions[i] as Rule['actions'][number];
    if (action.type === 'wait') {
      const resumeAt = new Date(now.getTime() + action.hours * 3_600_000);
      outcomes.push({ action: i, type: 'wait', result: 'waiting', detail: `until ${resumeAt.toISOString()}, then the condition is checked again` });
      return save('waiting', { nextAction: i + 1, resumeAt });
    }
    let outcome: Omit<ActionOutcome, 'action' | 'type'>;
    try {
      outcome = await tx.transaction(async (sp) => {
        inheritStatementCache(tx, sp as unknown as Db);
        return runAction(sp as unknown as Db, actor, ctx, action, now);
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcome = { result: 'failed', detail: `${error.code}: ${error.message}` };
    }
    outcomes.push({ action: i, type: action.type, ...outcome });
    if (outcome.result === 'failed') return save('failed', { nextAction: i + 1, resumeAt: null, reason: `action ${i} (${action.type}) failed: ${outcome.detail}` });
  }
  return save('completed', { nextAction: rule.actions.length, resumeAt: null });
}
