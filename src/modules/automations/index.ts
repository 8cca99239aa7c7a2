/** automations: rules as data — trigger, condition, actions in order — their runs, waits and loop guard. See README.md. */
export { ACTION_TYPES, AUTOMATION_HOLD_TYPES, compileCondition, LIMITS as AUTOMATION_LIMITS, validateRule, type ActionOutcome, type ActionType, type AutomationCatalog, type RuleAction, type RuleInput, type RuleProblem, type RunStatus } from './domain/rules.js';
export { actorKind, FACT_FIELDS, FACTS, factsOf, type FactName, type Facts, type FactSources } from './domain/facts.js';
export { chainDepthOf, hourlyFireLimit, LOOP_GUARD, loopGuardReason } from './domain/loop-guard.js';
export { defaultRuleId, defaultRules, isDefaultRuleId, type DefaultRule } from './domain/defaults.js';
export { pruneRuns } from './use-cases/retention.js';
export { changeRule, checkRule, createRule, getRule, listRules, removeRule, rulesFor, type Rule, type RuleFields } from './use-cases/rules.js';
export { firesSince, insertRun, listRuns, claimDueRuns, updateRun, type RunFilter } from './db/automations.queries.js';
export type { AutomationRuleRow, AutomationRunRow } from './db/schema.js';
export * from './http/schemas.js';
