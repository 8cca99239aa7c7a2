import { inheritStatementCache, type Db } from '../../../platform/db/database.js';
import { isDatabaseUnreachable } from '../../../platform/db/outage.js';
import { isRetryableError } from '../../../platform/db/sql-state.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import { findEvent } from '../../../platform/outbox/event-queries.js';
import type { RelayedEvent } from '../../../platform/outbox/subscribers.js';
import { claimDueRuns, getRule, updateRun, type AutomationRunRow } from '../../../modules/automations/index.js';
import { TEMPLATE_CATALOG } from '../../../modules/notifications/index.js';
import { loadFacts } from '../steps/facts.js';
import { conditionHolds, continueRun } from '../steps/run-rules.js';

/**
 * The `automation-waits` job (ADR 0038): runs whose `wait` is over are claimed (FOR UPDATE SKIP
 * LOCKED: workers share them; they are rows, so a restart loses none), the condition is checked
 * again against the order as it is now, and the remaining actions run — or the run ends as
 * not_matched. A rule turned off, deleted or changed during the wait ends its waiting runs (failed,
 * with the reason): the actions after a wait are the ones of the version that started it. A
 * deadlock, a serialization failure or the database gone is not the run's: it is thrown, the
 * transaction is run again (inTransaction) or the job backs off, and the runs stay waiting.
 */
export async function resumeWaitingRuns(db: Db, now: Date, batch = 50): Promise<{ handled: number; more: boolean }> {
  return inTransaction(db, async (tx) => {
    const due = await claimDueRuns(tx, now, batch);
    for (const run of due) {
      // One savepoint per run: one that cannot go on is recorded, the others still resume.
      try {
        await tx.transaction(async (sp) => {
          inheritStatementCache(tx, sp as unknown as Db);
          await resume(sp as unknown as Db, run, now);
        });
      } catch (error) {
        if (isRetryableError(error) || isDatabaseUnreachable(error)) throw error;
        await updateRun(tx, run.tenantId, run.id, { status: 'failed', reason: `resuming after the wait failed: ${String(error instanceof Error ? error.message : error)}`.slice(0, 1000), resumeAt: null, updatedAt: now });
      }
    }
    return { handled: due.length, more: due.length === batch };
  });
}

async function resume(tx: Db, run: AutomationRunRow, now: Date): Promise<void> {
  const end = (reason: string) => updateRun(tx, run.tenantId, run.id, { status: 'failed', reason, resumeAt: null, updatedAt: now });
  const rule = await getRule(tx, run.tenantId, run.ruleId, TEMPLATE_CATALOG).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === 'AUTOMATION_RULE_NOT_FOUND') return undefined;
    throw error;
  });
  if (!rule) return end('the rule was deleted during the wait');
  if (!rule.enabled) return end('the rule was turned off during the wait');
  if (rule.version !== run.ruleVersion) return end(`the rule changed during the wait (version ${run.ruleVersion} → ${rule.version})`);
  const stored = await findEvent(tx, run.tenantId, run.eventId);
  if (!stored || !run.orderId) return end('the event that started the run is gone');
  const event: RelayedEvent = { ...stored, tenantId: run.tenantId, seq: 0 };
  const { facts, exponent } = await loadFacts(tx, run.tenantId, event, run.orderId, run.depth);
  const truth = conditionHolds(rule, facts, exponent);
  if (truth !== true) {
    await updateRun(tx, run.tenantId, run.id, { facts, conditionResult: truth, status: 'not_matched', reason: 'after the wait the condition no longer held', resumeAt: null, updatedAt: now });
    return;
  }
  await continueRun(tx, run, rule, event, facts, now);
}
