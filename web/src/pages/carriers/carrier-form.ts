import { randomId } from '@mantine/hooks';
import type { Carrier, CarrierBody } from '../setup/types';

type RateCard = NonNullable<CarrierBody['rate_card']>;
type Tracking = NonNullable<CarrierBody['tracking']>;
export type ServiceLevel = RateCard['services'][number]['service_level'];

/**
 * The carrier form's values, shaped as PUT /v1/carriers/{code}'s body so a problem such as
 * `rate_card.rates_csv` or `tracking.range_end` lands next to its input. Secrets are write-only:
 * blank means "keep the sealed one", and the API never sends them back.
 */
export interface CarrierValues {
  code: string;
  name: string;
  kind: CarrierBody['kind'];
  active: boolean;
  /** On a replace: send a new card / a new range; otherwise the stored ones stay. */
  replace_card: boolean;
  replace_tracking: boolean;
  rate_card: {
    currency: string;
    weight_unit: RateCard['weight_unit'];
    dim_divisor: number | string;
    dim_min_volume: number | string;
    fuel_surcharge_percent: string;
    residential_surcharge: string;
    services: { key: string; code: string; name: string; service_level: ServiceLevel; tracking_code: string }[];
    rates_csv: string;
    zones_csv: string;
    transit_csv: string;
    country_zones_csv: string;
    postal: 'default' | 'postal' | 'courier';
  };
  tracking: { format: Tracking['format']; shipper_number: string; mailer_id: string; range_start: number | string; range_end: number | string };
  easypost: { base_url: string; api_key: string; api_key_env: string; webhook_secret: string; webhook_secret_env: string };
}

export const newService = (s?: Carrier['services'][number]) => ({ key: randomId(), code: s?.code ?? '', name: s?.name ?? '', service_level: (s?.service_level ?? 'standard') as ServiceLevel, tracking_code: '' });

export function carrierValues(c?: Carrier): CarrierValues {
  const format = (c?.tracking?.format ?? 'ups') as Tracking['format'];
  return {
    code: c?.code ?? '',
    name: c?.name ?? '',
    kind: (c?.kind ?? 'rate_card') as CarrierBody['kind'],
    active: c?.active ?? true,
    replace_card: c?.kind !== 'rate_card',
    replace_tracking: !c?.tracking,
    rate_card: {
      currency: 'USD',
      weight_unit: 'lb',
      dim_divisor: 139,
      dim_min_volume: '',
      fuel_surcharge_percent: '0',
      residential_surcharge: '0.00',
      services: c?.services.length ? c.services.map(newService) : [newService()],
      rates_csv: '',
      zones_csv: '',
      transit_csv: '',
      country_zones_csv: '',
      postal: 'default',
    },
    // The range continues where it is: the next unused number starts it.
    tracking: { format, shipper_number: '', mailer_id: '', range_start: c?.tracking?.next_serial ?? 1, range_end: c?.tracking?.range_end ?? 9_999_999 },
    easypost: { base_url: c?.easypost?.base_url ?? '', api_key: '', api_key_env: c?.easypost?.api_key_env ?? '', webhook_secret: '', webhook_secret_env: c?.easypost?.webhook_secret_env ?? '' },
  };
}

const num = (v: number | string) => (v === '' ? Number.NaN : Number(v));
const opt = <K extends string, V>(key: K, value: V | undefined | '' | null) => (value === undefined || value === '' || value === null ? {} : ({ [key]: value } as Record<K, V>));

function rateCardOf(r: CarrierValues['rate_card']): RateCard {
  return {
    currency: r.currency.trim().toUpperCase(),
    weight_unit: r.weight_unit,
    dim_divisor: num(r.dim_divisor),
    ...(r.dim_min_volume === '' ? {} : { dim_min_volume: num(r.dim_min_volume) }),
    fuel_surcharge_percent: r.fuel_surcharge_percent.trim(),
    residential_surcharge: r.residential_surcharge.trim(),
    services: r.services.map((s) => ({ code: s.code.trim(), name: s.name.trim(), service_level: s.service_level })),
    rates_csv: r.rates_csv,
    zones_csv: r.zones_csv,
    transit_csv: r.transit_csv,
    ...opt('country_zones_csv', r.country_zones_csv),
    ...(r.postal === 'default' ? {} : { postal: r.postal === 'postal' }),
  };
}

function trackingOf(v: CarrierValues): Tracking {
  const t = v.tracking;
  const codes = Object.fromEntries(v.rate_card.services.filter((s) => s.tracking_code.trim()).map((s) => [s.code.trim(), s.tracking_code.trim()]));
  return {
    format: t.format,
    ...opt('shipper_number', t.shipper_number.trim()),
    ...opt('mailer_id', t.mailer_id.trim()),
    ...(Object.keys(codes).length ? { service_codes: codes } : {}),
    range_start: num(t.range_start),
    range_end: num(t.range_end),
  };
}

/**
 * The body of PUT /v1/carriers/{code}. A stored card or range is kept unless the operator chose to
 * replace it; an aggregator's secrets go only when typed (blank keeps the sealed ones).
 */
export function carrierBody(v: CarrierValues): CarrierBody {
  const base = { name: v.name.trim(), kind: v.kind, active: v.active };
  if (v.kind === 'easypost') {
    const e = v.easypost;
    return { ...base, easypost: { ...opt('base_url', e.base_url.trim()), ...opt('api_key', e.api_key), ...opt('api_key_env', e.api_key_env.trim()), ...opt('webhook_secret', e.webhook_secret), ...opt('webhook_secret_env', e.webhook_secret_env.trim()) } };
  }
  return { ...base, ...(v.replace_card ? { rate_card: rateCardOf(v.rate_card) } : {}), ...(v.replace_tracking ? { tracking: trackingOf(v) } : {}) };
}
