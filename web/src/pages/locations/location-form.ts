import type { Address, Location, LocationCreate, LocationPatch } from '../setup/types';

/**
 * The location form's values mirror the API's fields (so a problem's `address.city` lands next to
 * its input); blank inputs become null or are left out when the body is built.
 */
export interface LocationValues {
  code: string;
  name: string;
  type: Location['type'];
  active: boolean;
  ships_to_customers: boolean;
  priority: number | string;
  address: Record<keyof Address, string>;
  groups: string[];
  serves_countries: string[];
  channels: string[];
  daily_capacity: number | string;
  safety_stock: number | string;
  latitude: number | string;
  longitude: number | string;
  time_zone: string | null;
  cutoff_time: string;
  processing_days: number | string;
}

const addressKeys = ['name', 'company', 'line1', 'line2', 'city', 'region', 'postal_code', 'country', 'phone'] as const satisfies readonly (keyof Address)[];

export function locationValues(l?: Location): LocationValues {
  const address = Object.fromEntries(addressKeys.map((k) => [k, l?.address?.[k] ?? ''])) as Record<keyof Address, string>;
  return {
    code: l?.code ?? '',
    name: l?.name ?? '',
    type: l?.type ?? 'warehouse',
    active: l?.active ?? true,
    ships_to_customers: l?.ships_to_customers ?? true,
    priority: l?.priority ?? 100,
    address,
    groups: l?.groups ?? [],
    serves_countries: l?.serves_countries ?? [],
    channels: l?.channels ?? [],
    daily_capacity: l?.daily_capacity ?? '',
    safety_stock: l?.safety_stock ?? 0,
    latitude: l?.latitude ?? '',
    longitude: l?.longitude ?? '',
    time_zone: l?.time_zone ?? null,
    cutoff_time: l?.cutoff_time ?? '14:00',
    processing_days: l?.processing_days ?? 0,
  };
}

/** A number input's value: '' (blank) → null; anything else as typed, for the server to judge. */
const numberOrNull = (v: number | string): number | null => (v === '' ? null : Number(v));

function addressOf(a: LocationValues['address']): Address | null {
  const trimmed = Object.fromEntries(addressKeys.map((k) => [k, a[k].trim()])) as Record<keyof Address, string>;
  if (addressKeys.every((k) => trimmed[k] === '')) return null;
  return {
    name: trimmed.name || null,
    company: trimmed.company || null,
    line1: trimmed.line1,
    line2: trimmed.line2 || null,
    city: trimmed.city,
    region: trimmed.region || null,
    postal_code: trimmed.postal_code || null,
    country: trimmed.country.toUpperCase(),
    phone: trimmed.phone || null,
  };
}

export function locationPatch(v: LocationValues): LocationPatch {
  return {
    name: v.name.trim(),
    type: v.type,
    active: v.active,
    ships_to_customers: v.ships_to_customers,
    priority: Number(v.priority),
    address: addressOf(v.address),
    groups: v.groups,
    serves_countries: v.serves_countries.map((c) => c.toUpperCase()),
    channels: v.channels,
    daily_capacity: numberOrNull(v.daily_capacity),
    safety_stock: Number(v.safety_stock),
    latitude: numberOrNull(v.latitude),
    longitude: numberOrNull(v.longitude),
    time_zone: v.time_zone || null,
    cutoff_time: v.cutoff_time,
    processing_days: Number(v.processing_days),
  };
}

export const locationCreate = (v: LocationValues): LocationCreate => ({ code: v.code.trim(), ...(locationPatch(v) as Omit<LocationCreate, 'code'>) });

/** The browser's list of IANA zones (every current browser has it). */
export const timeZones: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
