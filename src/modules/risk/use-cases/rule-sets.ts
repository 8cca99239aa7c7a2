import type { Db } from '../../../platform/db/database.js';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { currencyExponent, parseMoney } from '../../../platform/kernel/money.js';
import type { Actor } from '../../../platform/outbox/events.js';
import { DEFAULT_RULE_SET } from '../domain/default-rules.js';
import { prepareScreening, type Screening } from '../domain/decide.js';
import { compileRuleSet, type RuleData } from '../domain/rules.js';
import { DEFAULT_SETTINGS, type ScreeningSettings } from '../domain/signals.js';
import type { RiskLists } from '../domain/tenant-lists.js';
import { activateRuleSet, findActiveVersion, findRuleSet, insertRuleSet, type RuleSetRow } from '../db/rule-sets.queries.js';
import { recentOrderCurrencies } from '../db/decisions.queries.js';

/** A rule set as a client proposes it (POST /v1/risk/rule-sets, a backtest's `rule_set`). */
export interface RuleSetDraft {
  rules: RuleData[];
  lists?: RiskLists | undefined;
  settings?: Partial<ScreeningSettings> | undefined;
  note?: string | null | undefined;
}

/** The version label decisions store: `v3` for a tenant's version 3; `default-1` for the built-in set. */
export const versionLabel = (version: number): string => `v${version}`;

/** A draft's settings over the defaults (the thresholds merged one by one): what is compiled and what is stored. */
const draftSettings = (draft: RuleSetDraft): ScreeningSettings => ({ ...DEFAULT_SETTINGS, ...draft.settings, thresholds: { ...DEFAULT_SETTINGS.thresholds, ...draft.settings?.thresholds } });

/**
 * Checks a draft whole and compiles it: every rule, list entry and setting problem is named
 * (`rules[3].rule`, `lists.block.ips[0]`, `settings.thresholds.review`) in one 422, nothing written.
 */
export function compileDraft(draft: RuleSetDraft, label: string): Screening {
  const settings = draftSettings(draft);
  const errors: FieldError[] = [];
  const compiled = compileRuleSet({ version: label, rules: draft.rules, lists: draft.lists ?? {}, currency: settings.currency });
  if (!compiled.ok) for (const p of compiled.problems) errors.push({ field: p.field === 'currency' ? 'settings.currency' : p.field, message: `${p.code}: ${p.message}${columnNote(p.message, p.position)}; fix: ${p.fix}` });
  if (settings.thresholds.review > settings.thresholds.reject) errors.push({ field: 'settings.thresholds.review', message: `must be at most the reject threshold ${settings.thresholds.reject}` });
  const currencyExp = settings.currency ? currencyExponent(settings.currency) : undefined;
  if (currencyExp !== undefined && settings.currency) {
    if (!parseMoney(settings.highValue, currencyExp).ok) errors.push({ field: 'settings.high_value', message: `must be a decimal amount in ${settings.currency} with at most ${currencyExp} decimal places, e.g. "500"` });
  } else if (!parseMoney(settings.highValue, 3).ok) errors.push({ field: 'settings.high_value', message: 'must be a decimal amount in major units, e.g. "500" or "499.99"' });
  if (errors.length > 0 || !compiled.ok) throw new DomainError('RISK_RULE_SET_INVALID', `The rule set has ${errors.length} problem${errors.length === 1 ? '' : 's'}.`, errors);
  return prepareScreening(compiled.value, settings);
}

/** ` (column 7)`, unless the parser's message already says where (`column 7: …`). */
const columnNote = (message: string, position: number | undefined): string => (position === undefined || message.startsWith(`column ${position + 1}`) ? '' : ` (column ${position + 1})`);

const cache = new Map<string, Screening>();
const cacheKey = (tenantId: string, version: number): string => `${tenantId}:${version}`;
const CACHE_LIMIT = 1000;
let defaultScreening: Screening | undefined;

/** The built-in rule set, compiled once per process. */
export function defaultRiskScreening(): Screening {
  defaultScreening ??= compileDraft({ rules: DEFAULT_RULE_SET.rules, lists: DEFAULT_RULE_SET.lists }, DEFAULT_RULE_SET.version);
  return defaultScreening;
}

/** A stored version compiled; versions never change, so the compiled set is cached by tenant and version. */
export function screeningOf(row: RuleSetRow): Screening {
  const key = cacheKey(row.tenantId, row.version);
  let screening = cache.get(key);
  if (!screening) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    screening = compileDraft({ rules: row.rules, lists: row.lists, settings: row.settings }, versionLabel(row.version));
    cache.set(key, screening);
  }
  return screening;
}

/**
 * How long this process trusts the active version number it last read for a tenant. A version
 * activated in another process is used here within this time (the decision stores the version it
 * used); one activated in this process at once. Saves a statement per capture (ADR 0030).
 */
export const ACTIVE_VERSION_TTL_MS = 1000;
const activeVersions = new Map<string, { version: number | undefined; readAt: number }>();

/**
 * What capture screens with: the tenant's active version, else the default set. The version
 * number is read at most once a second per tenant; the rule set itself only when this process has
 * not compiled that version yet (versions never change).
 */
export async function activeScreening(db: Db, tenantId: string, nowMs: number = Date.now()): Promise<Screening> {
  let known = activeVersions.get(tenantId);
  if (!known || nowMs - known.readAt >= ACTIVE_VERSION_TTL_MS || nowMs < known.readAt) {
    known = { version: await findActiveVersion(db, tenantId), readAt: nowMs };
    if (activeVersions.size >= CACHE_LIMIT) activeVersions.clear();
    activeVersions.set(tenantId, known);
  }
  const version = known.version;
  if (version === undefined) return defaultRiskScreening();
  const cached = cache.get(cacheKey(tenantId, version));
  if (cached) return cached;
  const row = await findRuleSet(db, tenantId, version);
  // Activation is a foreign key to the version: a missing row means it was activated and read in
  // between, which cannot remove it; fall back to the default set rather than fail a capture.
  return row ? screeningOf(row) : defaultRiskScreening();
}

/** How many of the tenant's latest screened orders the save-time currency check looks at. */
export const CURRENCY_CHECK_ORDERS = 1000;

/**
 * Amounts written without a currency in a set without `settings.currency` are in each order's own
 * currency: right for a shop that sells in one, wrong for one that sells in several (200 would be
 * 200.00 USD and 200 JPY). Refused (422, each amount named) when the tenant's latest screened
 * orders come in more than one currency; a backtest still runs such a set, to show the difference.
 */
async function refuseAmbiguousAmounts(tx: Db, tenantId: string, screening: Screening): Promise<void> {
  if (screening.rules.currency !== null) return;
  const bare = screening.rules.rules.flatMap((rule, i) => rule.amounts.filter((a) => a.currency === null).map((a) => ({ rule, i, a })));
  if (bare.length === 0) return;
  const currencies = await recentOrderCurrencies(tx, tenantId, CURRENCY_CHECK_ORDERS);
  if (currencies.length < 2) return;
  const listed = currencies.join(', ');
  const errors: FieldError[] = bare.map(({ i, a }) => ({
    field: `rules[${i}].rule`,
    message: `RULE_CURRENCY_AMBIGUOUS: column ${a.pos + 1}: ${a.text} names no currency, and this shop's recent orders are in ${listed}, so it would mean ${a.text} in each (${currencies.map((c) => `${a.text} ${c}`).join(', ')}); fix: write ${a.text} ${currencies[0]} (or the currency you mean), one comparison per currency joined with or, or set settings.currency to the currency amounts without a code are in`,
  }));
  throw new DomainError('RISK_RULE_SET_INVALID', `The rule set has ${errors.length} amount${errors.length === 1 ? '' : 's'} without a currency, and the shop sells in ${listed}.`, errors);
}

/** Writes a new version after checking it whole (422 otherwise, nothing written). The caller's transaction. */
export async function createRuleSet(tx: Db, actor: Actor, draft: RuleSetDraft, now: Date): Promise<RuleSetRow> {
  await refuseAmbiguousAmounts(tx, actor.tenantId, compileDraft(draft, 'draft'));
  const settings = draftSettings(draft);
  return insertRuleSet(tx, { tenantId: actor.tenantId, rules: draft.rules, lists: draft.lists ?? { allow: {}, block: {} }, settings, note: draft.note ?? null, createdBy: actor.actorId, createdAt: now });
}

/** Makes a stored version the one capture uses; answers the version it replaced (null: the default set). */
export async function activateVersion(tx: Db, actor: Actor, version: number, now: Date): Promise<{ ruleSet: RuleSetRow; previous: number | null }> {
  const ruleSet = await findRuleSet(tx, actor.tenantId, version);
  if (!ruleSet) throw new DomainError('RISK_RULE_SET_NOT_FOUND', `The tenant has no rule set version ${version}.`);
  const previous = await activateRuleSet(tx, { tenantId: actor.tenantId, version, activatedBy: actor.actorId, activatedAt: now });
  // This process's next capture reads the new number (others within ACTIVE_VERSION_TTL_MS).
  activeVersions.delete(actor.tenantId);
  return { ruleSet, previous };
}
