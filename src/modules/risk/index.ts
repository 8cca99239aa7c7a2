/** risk: fraud screening — signals, the rule language, score, decision, backtest; rule sets, decisions and velocity keys stored. See README.md. */
export type { CustomerHistory, ScreeningAddress, ScreeningInput, ScreeningLine, Velocity, VelocityCounts, VelocityKey, VelocityWindow } from './domain/input.js';
export { FIELDS, VELOCITY_FIELDS, type FieldSpec, type FieldType, type SignalSource } from './domain/schema.js';
export { DEFAULT_SETTINGS, avsResult, cvvResult, type ScreeningSettings, type Signal, type SignalValue } from './domain/signals.js';
export { LIMITS, parseCondition, type RuleError, type RuleErrorCode } from './domain/expression.js';
export { ACTIONS, MAX_RULES, compileRuleSet, parseRule, type Action, type CompiledRuleSet, type RuleData, type RuleSet, type RuleSetProblem } from './domain/rules.js';
export { MAX_LIST_ENTRIES, validateLists, type ListEntries, type RiskLists } from './domain/tenant-lists.js';
export { SCORE_TABLE } from './domain/score.js';
export { DEFAULT_RULE_SET } from './domain/default-rules.js';
export { PRECEDENCE, prepareScreening, screen, type Decision, type MatchedRule, type Screening } from './domain/decide.js';
export { backtest, type BacktestCase, type BacktestOutcome, type BacktestReport } from './domain/backtest.js';
export { cidrCountryReader, type IpCountryReader } from './domain/ip-country.js';
export { addressKey, velocityValues, type VelocityValues } from './domain/velocity-keys.js';
// Storage (migration 0048, ADR 0030).
export { velocityRead, deleteVelocityKeys, ordersSharingKeys } from './db/velocity.queries.js';
export { decisionWrite, decisionsOfOrders, eraseDecisionInputs, riskSummariesOfOrders, type RiskDecisionRow, type RiskSummaryRow } from './db/decisions.queries.js';
export { findActiveRuleSet, findRuleSet, listRuleSets, type RuleSetRow } from './db/rule-sets.queries.js';
export { ACTIVE_VERSION_TTL_MS, activateVersion, activeScreening, compileDraft, createRuleSet, defaultRiskScreening, screeningOf, versionLabel, type RuleSetDraft } from './use-cases/rule-sets.js';
export { BACKTEST_MAX_DAYS, BACKTEST_MAX_ORDERS, backtestStored } from './use-cases/backtest-stored.js';
export { ipCountryReaderFor, mmdbCountryReader, noIpCountry } from './use-cases/mmdb-reader.js';
export * from './http/schemas.js';
