import { Type, type Static } from '@fastify/type-provider-typebox';
import { Timestamp, nullable } from '../../../platform/http/schemas.js';
import { ACTIONS, MAX_RULES, type Action } from '../domain/rules.js';
import { MAX_LIST_ENTRIES } from '../domain/tenant-lists.js';
import { decisionSignals } from '../domain/decide.js';
import type { RuleSetRow } from '../db/rule-sets.queries.js';
import type { RiskDecisionRow } from '../db/decisions.queries.js';
import type { ScreeningSettings } from '../domain/signals.js';
import type { BacktestOutcome, BacktestReport } from '../domain/backtest.js';
import { BACKTEST_MAX_DAYS, BACKTEST_MAX_ORDERS } from '../domain/backtest.js';

const ActionSchema = Type.Unsafe<Action>(Type.String({ enum: [...ACTIONS] }));
const Json = Type.Object({}, { additionalProperties: true });

export const RiskSummarySchema = Type.Object(
  {
    action: ActionSchema,
    score: Type.Integer({ description: '0–100' }),
    rule_set_version: Type.String({ description: 'v3 for the tenant’s version 3; default-1 for the built-in rules' }),
    decided_by: Type.Array(Type.String(), { description: 'The rules (or score thresholds score-review / score-reject) that decided' }),
    explanation: Type.Array(Type.String(), { description: 'The decision in sentences a support agent reads, most important first' }),
  },
  { description: 'What fraud screening decided at capture (ADR 0030); null for orders captured without screening. The full decision: GET /v1/orders/{id}/risk' },
);

// Text fields are bounded generously here: the rule language's own limits (2,000 characters a
// rule…) are checked by compileRuleSet, which names every problem in one 422.
const ListEntriesSchema = Type.Object(
  Object.fromEntries(['emails', 'domains', 'ips', 'addresses', 'cards'].map((k) => [k, Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: MAX_LIST_ENTRIES }))])),
  { additionalProperties: false },
);
const ListsSchema = Type.Object({ allow: Type.Optional(ListEntriesSchema), block: Type.Optional(ListEntriesSchema) }, { additionalProperties: false, description: 'Allow and block lists: e-mails, domains (suffix match), IPs or CIDRs, address fragments, card fingerprints' });
const RuleSchema = Type.Object(
  {
    id: Type.String({ maxLength: 200, description: 'lower-case letters, digits, _ . - (at most 64)' }),
    rule: Type.String({ maxLength: 20_000, description: '`<action> if <condition>`, e.g. `review if email.disposable and order.total > 200`' }),
    description: Type.Optional(Type.String({ maxLength: 500, description: 'Words for the decision’s explanation' })),
  },
  { additionalProperties: false },
);
const SettingsSchema = Type.Object(
  {
    thresholds: Type.Optional(
      Type.Object({ review: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })), reject: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })) }, { additionalProperties: false, description: 'Score thresholds (default review 65, reject 75)' }),
    ),
    high_value: Type.Optional(Type.String({ maxLength: 32, description: 'The amount (major units) at or above which an order is high value (default "500"): in `currency` when set, else in each order’s own currency' })),
    currency: Type.Optional(
      nullable(
        Type.String({
          maxLength: 3,
          description:
            'ISO 4217 code of the amounts written without one (`order.total > 200` is then `> 200 USD`, and `high_value` is in it); orders in other currencies meet only amounts that name theirs (`> 30000 JPY`). Null or absent: each order’s own currency, which a shop selling in several currencies cannot save while its rules have such amounts (422, ADR 0030)',
        }),
      ),
    ),
    email_domain_allow: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 253 }), { maxItems: 1000, description: 'Domains never flagged as disposable or free' })),
    forwarder_fragments: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 200, description: 'Extra package-forwarder names or address fragments' })),
  },
  { additionalProperties: false },
);

export const RuleSetDraftSchema = Type.Object(
  {
    rules: Type.Array(RuleSchema, { maxItems: MAX_RULES }),
    lists: Type.Optional(ListsSchema),
    settings: Type.Optional(SettingsSchema),
    note: Type.Optional(nullable(Type.String({ maxLength: 1000, description: 'Why this version (shown in the list of versions)' }))),
  },
  { additionalProperties: false },
);
export type RuleSetDraftBody = Static<typeof RuleSetDraftSchema>;

export const CreateRuleSetBody = Type.Object({ ...RuleSetDraftSchema.properties, activate: Type.Optional(Type.Boolean({ description: 'Make it the active version at once (default false)' })) }, { additionalProperties: false });

export const BacktestBody = Type.Object(
  {
    rule_set: Type.Optional(RuleSetDraftSchema),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'A stored version instead of rule_set' })),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: BACKTEST_MAX_DAYS, description: `Orders placed in the last N days (default 30, at most ${BACKTEST_MAX_DAYS})` })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: BACKTEST_MAX_ORDERS, description: `At most this many orders, newest first (default 1000)` })),
  },
  { additionalProperties: false },
);

const SettingsView = Type.Object({
  thresholds: Type.Object({ review: Type.Integer(), reject: Type.Integer() }),
  high_value: Type.String(),
  currency: nullable(Type.String({ description: 'The currency of amounts written without one; null: each order’s own' })),
  email_domain_allow: Type.Array(Type.String()),
  forwarder_fragments: Type.Array(Type.String()),
});

export const RuleSetViewSchema = Type.Object({
  version: nullable(Type.Integer({ description: 'null: the built-in default rule set' })),
  label: Type.String({ description: 'What decisions record: v3, or default-1' }),
  active: Type.Boolean(),
  rules: Type.Array(Type.Object({ id: Type.String(), rule: Type.String(), description: Type.Optional(Type.String()) })),
  lists: Json,
  settings: SettingsView,
  note: nullable(Type.String()),
  created_by: nullable(Type.String()),
  created_by_label: nullable(Type.String({ description: 'A person’s e-mail, an API key’s name, or the actor itself' })),
  created_at: nullable(Timestamp),
});

export function settingsView(s: ScreeningSettings): Static<typeof SettingsView> {
  return { thresholds: s.thresholds, high_value: s.highValue, currency: s.currency ?? null, email_domain_allow: s.emailDomainAllow, forwarder_fragments: s.forwarderFragments };
}

/** The API's snake_case settings as the domain's. */
export function settingsOf(body: Static<typeof SettingsSchema> | undefined): Partial<ScreeningSettings> | undefined {
  if (!body) return undefined;
  return {
    ...(body.thresholds ? { thresholds: { review: body.thresholds.review ?? 65, reject: body.thresholds.reject ?? 75 } } : {}),
    ...(body.high_value !== undefined ? { highValue: body.high_value } : {}),
    ...(body.currency !== undefined ? { currency: body.currency } : {}),
    ...(body.email_domain_allow ? { emailDomainAllow: body.email_domain_allow } : {}),
    ...(body.forwarder_fragments ? { forwarderFragments: body.forwarder_fragments } : {}),
  };
}

/** `labels`: actor → a person's e-mail or a key's name (tenancy's `actorLabels`); the actor itself where absent. */
export function ruleSetView(row: RuleSetRow, activeVersion: number | null, labels: ReadonlyMap<string, string> = new Map()): Static<typeof RuleSetViewSchema> {
  return {
    version: row.version,
    label: `v${row.version}`,
    active: row.version === activeVersion,
    rules: row.rules,
    lists: row.lists as Record<string, unknown>,
    settings: settingsView(row.settings),
    note: row.note,
    created_by: row.createdBy,
    created_by_label: labels.get(row.createdBy) ?? row.createdBy,
    created_at: row.createdAt.toISOString(),
  };
}

const Matched = Type.Object({ id: Type.String(), action: ActionSchema, rule: Type.String() });
export const DecisionViewSchema = Type.Object({
  order_id: Type.String(),
  action: ActionSchema,
  score: Type.Integer(),
  rule_set_version: Type.String(),
  thresholds: Type.Object({ review: Type.Integer(), reject: Type.Integer() }),
  decided_by: Type.Array(Matched),
  matched: Type.Array(Matched, { description: 'Every rule that matched, in rule-set order, score thresholds last' }),
  score_parts: Type.Array(Type.Object({ signal: Type.String(), points: Type.Integer(), reason: Type.String() })),
  signals: Type.Array(Type.Object({ name: Type.String(), value: Type.Union([Type.Boolean(), Type.Number(), Type.String(), Type.Null()]), source: Type.String(), sentence: Type.String() })),
  explanation: Type.Array(Type.String()),
  input: Json,
  created_at: Timestamp,
});

export function decisionView(row: RiskDecisionRow): Static<typeof DecisionViewSchema> {
  const d = row.decision;
  return {
    order_id: row.orderId,
    action: row.action,
    score: row.score,
    rule_set_version: row.ruleSetVersion,
    thresholds: d.thresholds,
    decided_by: d.decidedBy,
    matched: d.matched,
    score_parts: d.scoreParts,
    signals: decisionSignals(d),
    explanation: d.explanation,
    input: row.input as unknown as Record<string, unknown>,
    created_at: row.createdAt.toISOString(),
  };
}

const Outcome = Type.Object({ order_id: Type.String(), order_name: nullable(Type.String({ description: 'The name people know the order by (#1042)' })), action: ActionSchema, previous: nullable(ActionSchema), score: Type.Integer(), decided_by: Type.Array(Type.String()) });
export const BacktestViewSchema = Type.Object({
  rule_set_version: Type.String(),
  from: Timestamp,
  to: Timestamp,
  total: Type.Integer(),
  counts: Type.Object({ allowed: Type.Integer(), reviewed: Type.Integer(), rejected: Type.Integer(), verified: Type.Integer() }),
  changed: Type.Array(Outcome, { description: 'Orders whose decision differs from the one stored at capture' }),
  orders: Type.Array(Outcome, { description: 'Every order screened again, newest first' }),
  rule_hits: Type.Record(Type.String(), Type.Integer(), { description: 'How many orders each rule matched' }),
});

const outcomeView = (names: ReadonlyMap<string, string>) => (o: BacktestOutcome) => ({ order_id: o.orderId, order_name: names.get(o.orderId) ?? null, action: o.action, previous: o.previous, score: o.score, decided_by: o.decidedBy });

/** `names`: the orders' names (`#1042`) by id, for people reading the outcomes. */
export function backtestView(r: BacktestReport & { from: Date; to: Date }, names: ReadonlyMap<string, string>): Static<typeof BacktestViewSchema> {
  const all = [...r.orders.allow, ...r.orders.reject, ...r.orders.review, ...r.orders.verify];
  return {
    rule_set_version: r.ruleSetVersion,
    from: r.from.toISOString(),
    to: r.to.toISOString(),
    total: r.total,
    counts: { allowed: r.counts.allow, reviewed: r.counts.review, rejected: r.counts.reject, verified: r.counts.verify },
    changed: r.changed.map(outcomeView(names)),
    // Order ids sort by capture time: newest first, as the orders were read.
    orders: all.sort((a, b) => (a.orderId < b.orderId ? 1 : a.orderId > b.orderId ? -1 : 0)).map(outcomeView(names)),
    rule_hits: r.ruleHits,
  };
}
