/** Per-tenant behaviour switches. Stored as JSON; a missing key takes its default. */
export interface TenantSettings {
  /** When an order has lines that can be neither allocated nor backordered: false → 409, true → accept on hold. */
  accept_unfillable_orders_on_hold: boolean;
}

export const defaultSettings: TenantSettings = {
  accept_unfillable_orders_on_hold: false,
};

export function withDefaults(stored: Partial<TenantSettings> | null | undefined): TenantSettings {
  return { ...defaultSettings, ...(stored ?? {}) };
}
