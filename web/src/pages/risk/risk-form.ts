import type { FieldError } from '../../api/client';
import type { RiskRuleSet, RiskRuleSetDraft } from '../../api/types';
import { formPath } from '../../ui/problem-form';
import { splitRule, type RiskAction } from './risk-labels';

export const listKinds = ['emails', 'domains', 'ips', 'addresses', 'cards'] as const;
export type ListKind = (typeof listKinds)[number];
export const listKindLabel: Record<ListKind, string> = { emails: 'E-mails', domains: 'Domains', ips: 'IPs and CIDRs', addresses: 'Address fragments', cards: 'Card fingerprints' };
type ListValues = Record<ListKind, string>;

export interface RuleValues {
  /** React's key: stays with the row while rows above it are removed. */
  key: string;
  id: string;
  action: RiskAction;
  condition: string;
  description: string;
}

/** The editor: rules as rows, lists and settings as text (one entry a line), note, activate. */
export interface RuleSetValues {
  rules: RuleValues[];
  lists: { allow: ListValues; block: ListValues };
  settings: { thresholds: { review: number | string; reject: number | string }; high_value: string; currency: string; email_domain_allow: string; forwarder_fragments: string };
  note: string;
  activate: boolean;
}

let nextKey = 0;
export const ruleValues = (r: Partial<Omit<RuleValues, 'key'>> = {}): RuleValues => ({ key: `r${nextKey++}`, id: '', action: 'review', condition: '', description: '', ...r });

const lines = (entries: unknown): string => (Array.isArray(entries) ? entries.filter((e): e is string => typeof e === 'string').join('\n') : '');
const entries = (text: string): string[] => text.split('\n').map((l) => l.trim()).filter(Boolean);

function listValues(lists: unknown, side: 'allow' | 'block'): ListValues {
  const stored = (lists as Record<string, Record<string, unknown> | undefined> | null)?.[side] ?? {};
  return Object.fromEntries(listKinds.map((k) => [k, lines(stored[k])])) as ListValues;
}

/** A new version starts as a copy of `from` (the active one). */
export function ruleSetValues(from: RiskRuleSet): RuleSetValues {
  return {
    rules: from.rules.map((r) => {
      const split = splitRule(r.rule);
      return ruleValues({ id: r.id, action: split?.action ?? 'review', condition: split?.condition ?? r.rule, description: r.description ?? '' });
    }),
    lists: { allow: listValues(from.lists, 'allow'), block: listValues(from.lists, 'block') },
    settings: {
      thresholds: { ...from.settings.thresholds },
      high_value: from.settings.high_value,
      currency: from.settings.currency ?? '',
      email_domain_allow: from.settings.email_domain_allow.join('\n'),
      forwarder_fragments: from.settings.forwarder_fragments.join('\n'),
    },
    note: '',
    activate: true,
  };
}

const prefix = (r: Pick<RuleValues, 'action'>): string => `${r.action} if `;
const ruleText = (r: RuleValues): string => `${prefix(r)}${r.condition.trim()}`;
const threshold = (v: number | string): number => (typeof v === 'number' ? v : Number.parseInt(v, 10));

/** The body of POST /v1/risk/rule-sets (and a backtest's `rule_set`). */
export function ruleSetDraft(v: RuleSetValues): RiskRuleSetDraft {
  const list = (side: ListValues) => Object.fromEntries(listKinds.map((k) => [k, entries(side[k])]));
  return {
    rules: v.rules.map((r) => ({ id: r.id.trim(), rule: ruleText(r), ...(r.description.trim() ? { description: r.description.trim() } : {}) })),
    lists: { allow: list(v.lists.allow), block: list(v.lists.block) },
    settings: {
      thresholds: { review: threshold(v.settings.thresholds.review), reject: threshold(v.settings.thresholds.reject) },
      high_value: v.settings.high_value.trim(),
      currency: v.settings.currency.trim().toUpperCase() || null,
      email_domain_allow: entries(v.settings.email_domain_allow),
      forwarder_fragments: entries(v.settings.forwarder_fragments),
    },
    note: v.note.trim() || null,
  };
}

/**
 * Where the form shows an API field error: `rules[3].rule` at the row's condition (its column counted
 * from the condition, as typed), `lists.block.ips[0]` at the textarea as "line 1", settings lists
 * alike; a backtest's `rule_set.` prefix dropped. Null: the form has no place for it.
 */
export function placeRuleSetError(v: RuleSetValues, e: FieldError): { path: string; message: string } | null {
  const field = e.field.replace(/^rule_set\./, '').replace(/^body\./, '');
  const rule = /^rules\[(\d+)\]\.rule$/.exec(field);
  if (rule) {
    const row = v.rules[Number(rule[1])];
    if (!row) return null;
    const shift = prefix(row).length;
    const message = e.message.replace(/\bcolumn (\d+)/g, (_, c: string) => `column ${Math.max(1, Number(c) - shift)}`);
    return { path: `rules.${rule[1]}.condition`, message };
  }
  const entry = /^(lists\.(?:allow|block)\.\w+|settings\.(?:email_domain_allow|forwarder_fragments))\[(\d+)\]$/.exec(field);
  if (entry) return { path: entry[1] ?? '', message: `line ${Number(entry[2]) + 1}: ${e.message}` };
  const path = formPath(field);
  if (/^rules\.\d+\.(id|description)$/.test(path) || /^settings\.(thresholds\.(review|reject)|high_value|currency)$/.test(path) || path === 'note') return { path, message: e.message };
  return null;
}
