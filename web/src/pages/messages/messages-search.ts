import { TEMPLATE_NAMES, type TemplateName } from '../../../../src/modules/notifications/domain/catalog';

export type { TemplateName };

/** The message list's filters and the open message, kept in the URL (?status=failed&template=…&message=ntf_…). */
export interface MessagesSearch {
  status?: MessageStatus | undefined;
  template?: TemplateName | undefined;
  channel?: 'email' | 'sms' | undefined;
  order?: string | undefined;
  recipient?: string | undefined;
  message?: string | undefined;
}

export const messageStatuses = ['queued', 'sent', 'failed', 'skipped', 'suppressed'] as const;
export type MessageStatus = (typeof messageStatuses)[number];
export const templateNames: readonly TemplateName[] = TEMPLATE_NAMES;

const oneOf = <T extends string>(v: unknown, values: readonly T[]): T | undefined => ((values as readonly unknown[]).includes(v) ? (v as T) : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= 300 ? v : undefined);
const id = (v: unknown, prefix: string): string | undefined => (typeof v === 'string' && new RegExp(`^${prefix}_[0-9a-z]{26}$`).test(v) ? v : undefined);

/** Every key returned (undefined when absent or invalid): TanStack Router keeps raw keys a validator leaves out. */
export function parseMessagesSearch(raw: Record<string, unknown>): MessagesSearch {
  return {
    status: oneOf(raw.status, messageStatuses),
    template: oneOf(raw.template, templateNames),
    channel: oneOf(raw.channel, ['email', 'sms'] as const),
    // Typed by hand: kept as typed, so the API's answer to a wrong one shows next to the field.
    order: text(raw.order),
    recipient: text(raw.recipient),
    message: id(raw.message, 'ntf'),
  };
}

/** `order_confirmation` → "Order confirmation". */
export const templateLabel = (key: string): string => {
  const words = key.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The API names a template request's fields `body.subject`, `body.html`, `body.to`…: the forms' fields are the same without `body.`. */
export const bodyField = (field: string): string => field.replace(/^body\./, '');
