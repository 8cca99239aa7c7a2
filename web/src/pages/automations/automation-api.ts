import { queryOptions } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';
import { formatDateTime, formatMinorMoney } from '../../ui/format';

/** Names for the automation shapes (ADR 0038), all derived from the generated schema. */
type Json<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;
type Body<P extends keyof paths, M extends 'post' | 'patch'> = paths[P][M] extends { requestBody: { content: { 'application/json': infer T } } } ? T : never;

export type AutomationRule = Json<'/v1/automations/{id}', 'get'>;
export type AutomationAction = AutomationRule['actions'][number];
export type ActionType = AutomationAction['type'];
export type AutomationCatalog = Json<'/v1/automation-catalog', 'get'>;
export type AutomationRun = Json<'/v1/automation-runs', 'get'>['data'][number];
export type ActionOutcome = AutomationRun['outcomes'][number];
export type DryRunResult = Json<'/v1/automations/dry-run', 'post'>;
export type RuleBody = Body<'/v1/automations', 'post'>;

export const automationsKey = ['automations'] as const;

/** The reads of the automation screens; everything under ['automations'] is invalidated after a change. */
export const automationQueries = {
  catalog: () => queryOptions({ queryKey: ['automations', 'catalog'], queryFn: () => call(api.GET('/v1/automation-catalog')), staleTime: 5 * 60_000 }),
  // Defaults (one per template and event) and the tenant's own: one page of 500 holds them all.
  rules: () => queryOptions({ queryKey: ['automations', 'rules'], queryFn: () => call(api.GET('/v1/automations', { params: { query: { limit: 500 } } })) }),
  rule: (id: string) => queryOptions({ queryKey: ['automations', 'rule', id], queryFn: () => call(api.GET('/v1/automations/{id}', { params: { path: { id } } })) }),
};

export const runsPage = (ruleId: string | null, orderId: string | undefined, cursor: string | undefined) =>
  ruleId === null
    ? call(api.GET('/v1/automation-runs', { params: { query: { limit: 50, ...(orderId ? { order_id: orderId } : {}), ...(cursor ? { cursor } : {}) } } }))
    : call(api.GET('/v1/automations/{id}/runs', { params: { path: { id: ruleId }, query: { limit: 50, ...(cursor ? { cursor } : {}) } } }));

export const actionTypeLabel: Record<ActionType, string> = {
  send_template: 'Send a message',
  add_tag: 'Add a tag',
  remove_tag: 'Remove a tag',
  place_hold: 'Place a hold',
  release_hold: 'Release a hold',
  call_webhook: 'Call a webhook',
  wait: 'Wait',
};

/** One action in a few words: `Send shipping confirmation`, `Add tag “vip”`, `Wait 24 h`. */
export function actionSummary(a: AutomationAction, endpointName: (id: string) => string = (id) => id): string {
  switch (a.type) {
    case 'send_template':
      return `Send ${a.template.replaceAll('_', ' ')}`;
    case 'add_tag':
      return `Add tag “${a.tag}”`;
    case 'remove_tag':
      return `Remove tag “${a.tag}”`;
    case 'place_hold':
      return `Hold (${a.hold_type}): ${a.reason}`;
    case 'release_hold':
      return `Release the ${a.hold_type} hold`;
    case 'call_webhook':
      return `Call webhook ${endpointName(a.endpoint_id)}`;
    case 'wait':
      return `Wait ${a.hours} h, check again`;
  }
}

export type RunStatus = AutomationRun['status'];

const runStatusLabels: Record<RunStatus, string> = {
  matched: 'matched',
  not_matched: 'not matched',
  completed: 'completed',
  failed: 'failed',
  waiting: 'waiting',
  loop_guarded: 'loop guarded',
};

/** A run's status as people read it; a waiting run says until when. */
export function runStatusLabel(run: Pick<AutomationRun, 'status' | 'resume_at'>): string {
  if (run.status === 'waiting' && run.resume_at) return `waiting until ${formatDateTime(run.resume_at)}`;
  return runStatusLabels[run.status];
}

export const outcomeLabel: Record<ActionOutcome['result'], string> = {
  done: 'done',
  nothing_to_do: 'nothing to do',
  not_applicable: 'not applicable',
  failed: 'failed',
  waiting: 'waiting',
  would_run: 'would run',
};

/** A fact's value as text: money facts (minor units) in the order's currency, unknown as such. */
export function factValue(value: unknown, type: string | undefined, currency: unknown): string {
  if (value === null || value === undefined) return 'unknown';
  if (value === true) return 'yes';
  if (value === false) return 'no';
  if (type === 'money' && typeof value === 'number' && typeof currency === 'string') return formatMinorMoney(value, currency);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(String).join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The column a condition error names (`column 12: …`), 1-based; null when it names none. */
export function errorColumn(message: string): number | null {
  const match = /^column (\d+):/.exec(message);
  return match ? Number(match[1]) : null;
}
