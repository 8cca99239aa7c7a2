/** Per-tenant behaviour switches. Stored as JSON; a missing key takes its default. */
export interface TenantSettings {
  /** When an order has lines that can be neither allocated nor backordered: false → 409, true → accept on hold. */
  accept_unfillable_orders_on_hold: boolean;
  /** When a new fulfillment order goes to its location: at once, at the next wave time, or after review (POST …/release). */
  fulfillment_release: FulfillmentRelease;
  /** Wave times of day, `HH:MM` in UTC (used when fulfillment_release is `waves`). */
  release_waves: string[];
  /** The tenant's chart of accounts for the accounting export; an account not given keeps the export's default. */
  accounting_accounts: Partial<Record<AccountingAccount, { code: string; name: string }>>;
  /** Whether a location-scoped key (3PL, drop-ship vendor, store) may buy labels through the tenant's carriers; if not, it reports its own tracking numbers. */
  location_keys_may_buy_labels: boolean;
  /** How far (in percent, either way) a line's price may be from the catalogue price before capture records a price signal (ADR 0027). */
  price_signal_percent: number;
  /** Whether capture screens orders for fraud (ADR 0030). Off: no decision, no velocity keys, no fraud holds. */
  fraud_screening: boolean;
  /** The locale of customer messages when the customer chose none (ADR 0034); templates fall back to en. */
  notification_locale: string;
  /** Addresses a test send of a template may go to, besides the tenant's users' e-mails (ADR 0034). */
  notification_test_recipients: string[];
  /** The customer portal's path segment, `/portal/{portal_slug}` (ADR 0036); null: the tenant has no portal. Unique per installation. */
  portal_slug: string | null;
  /** The logo the portal shows (https); null: the tenant's name alone. */
  portal_logo_url: string | null;
  /** The portal's brand colour, `#rrggbb` (text on it is black or white, whichever contrasts more). */
  portal_brand_colour: string;
}

export const accountingAccounts = ['receivable', 'sales', 'shipping', 'tax'] as const;
export type AccountingAccount = (typeof accountingAccounts)[number];

export const fulfillmentReleasePolicies = ['immediate', 'waves', 'review'] as const;
export type FulfillmentRelease = (typeof fulfillmentReleasePolicies)[number];

const defaultSettings: TenantSettings = {
  accept_unfillable_orders_on_hold: false,
  fulfillment_release: 'immediate',
  release_waves: [],
  accounting_accounts: {},
  location_keys_may_buy_labels: false,
  price_signal_percent: 50,
  fraud_screening: true,
  notification_locale: 'en',
  notification_test_recipients: [],
  portal_slug: null,
  portal_logo_url: null,
  portal_brand_colour: '#1f6feb',
};

export function withDefaults(stored: Partial<TenantSettings> | null | undefined): TenantSettings {
  return { ...defaultSettings, ...(stored ?? {}) };
}
