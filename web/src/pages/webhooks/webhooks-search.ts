/** The delivery log's filters and the open delivery, kept in the URL (?endpoint=whe_…&status=failed&delivery=whd_…). */
export interface WebhooksSearch {
  endpoint?: string | undefined;
  status?: 'pending' | 'succeeded' | 'failed' | undefined;
  delivery?: string | undefined;
}

const statuses = ['pending', 'succeeded', 'failed'] as const;
const id = (v: unknown, prefix: string): string | undefined => (typeof v === 'string' && new RegExp(`^${prefix}_[0-9a-z]{26}$`).test(v) ? v : undefined);

/** Every key returned (undefined when absent or invalid): TanStack Router keeps raw keys a validator leaves out. */
export function parseWebhooksSearch(raw: Record<string, unknown>): WebhooksSearch {
  return {
    endpoint: id(raw.endpoint, 'whe'),
    status: (statuses as readonly unknown[]).includes(raw.status) ? (raw.status as WebhooksSearch['status']) : undefined,
    delivery: id(raw.delivery, 'whd'),
  };
}
