/**
 * What screening sees of one order: plain data the caller gathers (the order, the channel's and the
 * gateway's verdicts, the customer's history, velocity counts it queried) — nothing here is read by
 * the domain itself. Money is in integer minor units of `order.currency`; the customer's history is
 * given in the same currency (the caller converts or leaves it out).
 */

export interface ScreeningAddress {
  line1: string;
  line2?: string | null;
  company?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface ScreeningLine {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
}

/** The windows velocity is counted over. */
export const VELOCITY_WINDOWS = ['1h', '24h', '7d'] as const;
export type VelocityWindow = (typeof VELOCITY_WINDOWS)[number];

/** What a velocity count is keyed by: orders sharing this e-mail, IP, phone, address or card. */
export const VELOCITY_KEYS = ['email', 'ip', 'phone', 'address', 'card'] as const;
export type VelocityKey = (typeof VELOCITY_KEYS)[number];

/**
 * Counts over one window for one key, **including the order being screened** (a first order has
 * `orders: 1`, `cards: 1`, `addresses: 1`). Absent counts are unknown, not zero.
 */
export interface VelocityCounts {
  orders?: number;
  /** Distinct card fingerprints. */
  cards?: number;
  /** Distinct shipping addresses. */
  addresses?: number;
}

export type Velocity = Partial<Record<VelocityKey, Partial<Record<VelocityWindow, VelocityCounts>>>>;

/** The customer's orders before this one; null when none are known (a first order). */
export interface CustomerHistory {
  ordersCount: number;
  averageOrderMinor: number;
  maxOrderMinor: number;
  /** ISO 8601. */
  firstOrderAt: string;
}

export interface ScreeningInput {
  order: {
    /** ISO 8601: when the order was placed (the clock screening reasons with). */
    placedAt: string;
    /** ISO 4217. */
    currency: string;
    totalMinor: number;
    lines: ScreeningLine[];
    channel?: string | null;
    /** The shipping service level as the channel names it (`standard`, `express`, `overnight`…). */
    shippingServiceLevel?: string | null;
  };
  email?: string | null;
  phone?: string | null;
  shippingAddress?: ScreeningAddress | null;
  billingAddress?: ScreeningAddress | null;
  /** What the channel says (Shopify's order risk: level and recommendation). */
  channelRisk?: { level?: 'low' | 'medium' | 'high' | null; recommendation?: 'accept' | 'investigate' | 'cancel' | null } | null;
  payment?: {
    gateway?: string | null;
    /** AVS result code as the gateway gives it (Visa/Shopify letters, or Stripe's pass/fail/unavailable/unchecked). */
    avsResultCode?: string | null;
    /** CVV/CVC result code (letters M/N/P/S/U, or pass/fail/unavailable/unchecked). */
    cvvResultCode?: string | null;
    cardFingerprint?: string | null;
  } | null;
  client?: {
    ip?: string | null;
    /** The IP's country when the caller resolved it (an `IpCountryReader`); ISO alpha-2. */
    ipCountry?: string | null;
  } | null;
  customer?: CustomerHistory | null;
  velocity?: Velocity | null;
}
