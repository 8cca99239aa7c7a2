import type { Static } from '@fastify/type-provider-typebox';
import type { Db } from '../../platform/db/database.js';
import { postgresErrorCode } from '../../platform/db/sql-state.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import { appendEvents, type Actor, type NewEvent } from '../../platform/outbox/events.js';
import { RISK_RULE_SET_ACTIVATED, RISK_RULE_SET_CREATED } from '../../platform/outbox/event-types.js';
import { orderName, ordersByIds } from '../../modules/orders/index.js';
import {
  activateVersion,
  backtestStored,
  backtestView,
  compileDraft,
  createRuleSet,
  DEFAULT_RULE_SET,
  DEFAULT_SETTINGS,
  findActiveRuleSet,
  findRuleSet,
  listRuleSets,
  ruleSetView,
  screeningOf,
  settingsOf,
  settingsView,
  versionLabel,
  type BacktestBody,
  type CreateRuleSetBody,
  type RuleSetDraftBody,
  type RuleSetViewSchema,
  type RuleSetRow,
} from '../../modules/risk/index.js';
import { actorLabels } from '../../modules/tenancy/index.js';

type RuleSetView = Static<typeof RuleSetViewSchema>;

/** Rule set views with who wrote each (a person's e-mail, a key's name). */
async function viewsOf(db: Db, tenantId: string, rows: RuleSetRow[], activeVersion: number | null): Promise<RuleSetView[]> {
  const labels = await actorLabels(db, tenantId, rows.map((r) => r.createdBy));
  return rows.map((r) => ruleSetView(r, activeVersion, labels));
}
const viewOf = async (db: Db, tenantId: string, row: RuleSetRow, activeVersion: number | null): Promise<RuleSetView> => (await viewsOf(db, tenantId, [row], activeVersion))[0] as RuleSetView;

/** GET /v1/risk/rule-sets: the tenant's versions, newest first (at most `limit`). */
export async function listRuleSetViews(db: Db, tenantId: string, limit: number): Promise<RuleSetView[]> {
  const [rows, active] = await Promise.all([listRuleSets(db, tenantId, limit), findActiveRuleSet(db, tenantId)]);
  return viewsOf(db, tenantId, rows, active?.active.version ?? null);
}

const draftOf = (body: RuleSetDraftBody) => ({ rules: body.rules, lists: body.lists, settings: settingsOf(body.settings), note: body.note ?? null });

const activatedEvent = (version: number, previous: number | null, reason: string): NewEvent => ({
  type: RISK_RULE_SET_ACTIVATED,
  aggregateType: 'risk_rule_set',
  aggregateId: versionLabel(version),
  data: { version, previous, reason },
});

/**
 * POST /v1/risk/rule-sets: a new immutable version, checked whole first (422 naming every rule,
 * list entry and setting at fault, nothing written); `activate` makes it the one capture uses in
 * the same transaction. Events: risk.rule_set_created (+ risk.rule_set_activated).
 */
export async function writeRuleSet(db: Db, actor: Actor, body: Static<typeof CreateRuleSetBody>, now: Date): Promise<RuleSetView> {
  const draft = draftOf(body);
  compileDraft(draft, 'draft'); // before the transaction: a bad set costs no connection
  try {
    return await inTransaction(db, async (tx) => {
      const row = await createRuleSet(tx, actor, draft, now);
      const events: NewEvent[] = [{ type: RISK_RULE_SET_CREATED, aggregateType: 'risk_rule_set', aggregateId: versionLabel(row.version), data: { version: row.version, rules: row.rules.length, note: row.note } }];
      let active = (await findActiveRuleSet(tx, actor.tenantId))?.active.version ?? null;
      if (body.activate) {
        const { previous } = await activateVersion(tx, actor, row.version, now);
        events.push(activatedEvent(row.version, previous, 'activated when written'));
        active = row.version;
      }
      await appendEvents(tx, actor, now, events);
      return viewOf(tx, actor.tenantId, row, active);
    });
  } catch (error) {
    if (postgresErrorCode(error) === '23505') throw new DomainError('RISK_RULE_SET_CONFLICT');
    throw error;
  }
}

/** POST /v1/risk/rule-sets/{version}/activate. */
export async function activateRuleSetVersion(db: Db, actor: Actor, version: number, reason: string | undefined, now: Date): Promise<RuleSetView> {
  return inTransaction(db, async (tx) => {
    const { ruleSet, previous } = await activateVersion(tx, actor, version, now);
    await appendEvents(tx, actor, now, [activatedEvent(version, previous, reason ?? 'activated')]);
    return viewOf(tx, actor.tenantId, ruleSet, version);
  });
}

/** GET /v1/risk/rule-sets/active: the tenant's active version, or the built-in default set. */
export async function activeRuleSetView(db: Db, tenantId: string): Promise<RuleSetView> {
  const active = await findActiveRuleSet(db, tenantId);
  if (active) return viewOf(db, tenantId, active.ruleSet, active.active.version);
  return {
    version: null,
    label: DEFAULT_RULE_SET.version,
    active: true,
    rules: DEFAULT_RULE_SET.rules,
    lists: (DEFAULT_RULE_SET.lists ?? {}) as Record<string, unknown>,
    settings: settingsView(DEFAULT_SETTINGS),
    note: 'The built-in rule set (ADR 0029): used until a version is activated',
    created_by: null,
    created_by_label: null,
    created_at: null,
  };
}

/** POST /v1/risk/backtest: a proposed set (or a stored version) over the orders of the last N days. */
export async function backtestRuleSet(db: Db, tenantId: string, body: Static<typeof BacktestBody>, now: Date) {
  if ((body.rule_set === undefined) === (body.version === undefined)) {
    throw new DomainError('REQUEST_INVALID', 'Send either rule_set (a proposed rule set) or version (a stored one).', [{ field: 'rule_set', message: 'give exactly one of rule_set and version' }]);
  }
  let screening;
  if (body.version !== undefined) {
    const row = await findRuleSet(db, tenantId, body.version);
    if (!row) throw new DomainError('RISK_RULE_SET_NOT_FOUND', `The tenant has no rule set version ${body.version}.`);
    screening = screeningOf(row);
  } else {
    try {
      screening = compileDraft(draftOf(body.rule_set as RuleSetDraftBody), 'proposed');
    } catch (error) {
      // The fields are the body's: rules[3].rule is rule_set.rules[3].rule here.
      if (error instanceof DomainError && error.errors) throw new DomainError(error.code, error.detail, error.errors.map((e) => ({ ...e, field: `rule_set.${e.field}` })));
      throw error;
    }
  }
  const report = await backtestStored(db, tenantId, screening, body.days ?? 30, body.limit ?? 1000, now);
  const ids = [...report.orders.allow, ...report.orders.reject, ...report.orders.review, ...report.orders.verify].map((o) => o.orderId);
  const names = new Map((await ordersByIds(db, tenantId, ids)).map((o) => [o.id, orderName(o)]));
  return backtestView(report, names);
}
