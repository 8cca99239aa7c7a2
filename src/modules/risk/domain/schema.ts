import { VELOCITY_KEYS, VELOCITY_WINDOWS, type VelocityKey, type VelocityWindow } from './input.js';

/**
 * The signal schema: every field a rule may name, its type and where it comes from. The parser
 * checks field names and types against this table, so a rule set that parses can never ask for a
 * field screening does not compute.
 *
 * `money` fields are integer minor units of the order's currency; a rule writes amounts in major
 * units, with a currency (`order.total > 200 USD`: only USD orders compare) or in the rule set's
 * currency, else in each order's own (`200` is 200.00 USD and 200 JPY alike; ADR 0030).
 */
export type FieldType = 'boolean' | 'number' | 'money' | 'string';

export type SignalSource = 'order' | 'channel' | 'payment' | 'customer_history' | 'email_lists' | 'address' | 'ip_geolocation' | 'velocity' | 'tenant_lists' | 'score';

export interface FieldSpec {
  type: FieldType;
  source: SignalSource;
  /** What the field means, for the README and the rule editor. */
  label: string;
}

const base = {
  'order.total': { type: 'money', source: 'order', label: 'the order total' },
  'order.currency': { type: 'string', source: 'order', label: 'the order currency' },
  'order.lines': { type: 'number', source: 'order', label: 'the number of order lines' },
  'order.units': { type: 'number', source: 'order', label: 'the number of units ordered' },
  'order.channel': { type: 'string', source: 'order', label: 'the sales channel' },
  'order.high_value': { type: 'boolean', source: 'order', label: "the total is at or above the tenant's high-value amount" },
  'email.domain': { type: 'string', source: 'order', label: 'the e-mail domain' },
  'email.disposable': { type: 'boolean', source: 'email_lists', label: 'the e-mail domain gives out throwaway mailboxes' },
  'email.free': { type: 'boolean', source: 'email_lists', label: 'the e-mail domain is a free mailbox provider' },
  'customer.known': { type: 'boolean', source: 'customer_history', label: 'the customer has ordered before' },
  'customer.first_order': { type: 'boolean', source: 'customer_history', label: 'this is the customer’s first order' },
  'customer.orders': { type: 'number', source: 'customer_history', label: 'orders the customer placed before' },
  'customer.average_order': { type: 'money', source: 'customer_history', label: 'the customer’s average order' },
  'customer.max_order': { type: 'money', source: 'customer_history', label: 'the customer’s largest order' },
  'customer.age_days': { type: 'number', source: 'customer_history', label: 'days since the customer’s first order' },
  'customer.value_ratio': { type: 'number', source: 'customer_history', label: 'this total divided by the customer’s largest order' },
  'address.shipping_country': { type: 'string', source: 'address', label: 'the shipping country' },
  'address.billing_country': { type: 'string', source: 'address', label: 'the billing country' },
  'address.country_mismatch': { type: 'boolean', source: 'address', label: 'billing and shipping countries differ' },
  'address.distance_km': { type: 'number', source: 'address', label: 'kilometres between billing and shipping address' },
  'address.forwarder': { type: 'boolean', source: 'address', label: 'the shipping address is a package forwarder' },
  'address.po_box': { type: 'boolean', source: 'address', label: 'the shipping address is a PO box' },
  'shipping.service_level': { type: 'string', source: 'order', label: 'the shipping service level' },
  'shipping.expedited': { type: 'boolean', source: 'order', label: 'shipping is faster than standard' },
  'shipping.expedited_first_high_value': { type: 'boolean', source: 'order', label: 'a first order, high value, shipped expedited' },
  'ip.address': { type: 'string', source: 'order', label: 'the buyer’s IP address' },
  'ip.country': { type: 'string', source: 'ip_geolocation', label: 'the country of the buyer’s IP address' },
  'ip.country_mismatch': { type: 'boolean', source: 'ip_geolocation', label: 'the IP country is neither the billing nor the shipping country' },
  'payment.gateway': { type: 'string', source: 'payment', label: 'the payment gateway' },
  'payment.avs': { type: 'string', source: 'payment', label: 'the AVS result code' },
  'payment.avs_result': { type: 'string', source: 'payment', label: 'the AVS result: match, partial, no_match or unavailable' },
  'payment.cvv': { type: 'string', source: 'payment', label: 'the CVV result code' },
  'payment.cvv_result': { type: 'string', source: 'payment', label: 'the CVV result: match, no_match or unavailable' },
  'payment.card': { type: 'string', source: 'payment', label: 'the card fingerprint' },
  'channel.risk_level': { type: 'string', source: 'channel', label: 'the channel’s risk level: low, medium or high' },
  'channel.recommendation': { type: 'string', source: 'channel', label: 'the channel’s recommendation: accept, investigate or cancel' },
  'lists.allowed': { type: 'boolean', source: 'tenant_lists', label: 'an allow-list entry matches' },
  'lists.blocked': { type: 'boolean', source: 'tenant_lists', label: 'a block-list entry matches' },
  score: { type: 'number', source: 'score', label: 'the risk score, 0–100' },
} as const satisfies Record<string, FieldSpec>;

/** `velocity.orders_per_email_1h`, `velocity.cards_per_ip_24h`, `velocity.addresses_per_card_7d` … */
export type VelocityMetric = 'orders' | 'cards' | 'addresses';
export function velocityField(metric: VelocityMetric, key: VelocityKey, window: VelocityWindow): string {
  return `velocity.${metric}_per_${key}_${window}`;
}

/** Every velocity field: orders per each key, distinct cards per non-card key, distinct addresses per non-address key. */
export const VELOCITY_FIELDS: readonly { field: string; metric: VelocityMetric; key: VelocityKey; window: VelocityWindow }[] = VELOCITY_KEYS.flatMap((key) =>
  VELOCITY_WINDOWS.flatMap((window) =>
    (['orders', 'cards', 'addresses'] as const)
      .filter((metric) => !(metric === 'cards' && key === 'card') && !(metric === 'addresses' && key === 'address'))
      .map((metric) => ({ field: velocityField(metric, key, window), metric, key, window })),
  ),
);

const velocityLabels: Record<VelocityMetric, string> = { orders: 'orders', cards: 'distinct cards', addresses: 'distinct shipping addresses' };
const windowLabels: Record<VelocityWindow, string> = { '1h': 'the last hour', '24h': 'the last 24 hours', '7d': 'the last 7 days' };

export const FIELDS: Readonly<Record<string, FieldSpec>> = {
  ...base,
  ...Object.fromEntries(
    VELOCITY_FIELDS.map(({ field, metric, key, window }) => [
      field,
      { type: 'number', source: 'velocity', label: `${velocityLabels[metric]} with this ${key === 'ip' ? 'IP address' : key === 'card' ? 'card' : key} in ${windowLabels[window]}` },
    ]),
  ),
};

export type FieldName = keyof typeof base | `velocity.${string}`;
