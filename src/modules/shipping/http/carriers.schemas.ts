import { Type, type Static } from '@fastify/type-provider-typebox';
import { Code, nullable, Timestamp } from '../../../platform/http/schemas.js';
import type { CarrierRow } from '../db/carriers.queries.js';
import type { ShippingRules } from '../domain/rate-shop.js';
import type { EasyPostSettings, RateCardSettings } from '../use-cases/carrier-registry.js';

/** Request and response schemas of /v1/carriers, /v1/shipping/rules and /v1/tracking-numbers, and their views. */

export const ServiceLevel = Type.Union([Type.Literal('standard'), Type.Literal('expedited'), Type.Literal('overnight')]);
const Csv = (description: string) => Type.String({ minLength: 1, maxLength: 5_000_000, description });
const EnvName = (what: string) => Type.String({ pattern: '^[A-Z_][A-Z0-9_]{0,127}$', description: `Instead of ${what}: the name of an environment variable of the OMS holding it, one the installation lists in OMS_CARRIER_SECRET_NAMES` });
const Secret = (description: string) => Type.String({ minLength: 1, maxLength: 1000, description: `${description}; sealed, never shown again. Omitted on a replace: the sealed one is kept` });

export const CarrierBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.Union([Type.Literal('rate_card'), Type.Literal('easypost')], { description: 'rate_card: priced from an uploaded card, no network; easypost: an EasyPost-format aggregator' }),
    active: Type.Optional(Type.Boolean()),
    rate_card: Type.Optional(
      Type.Object(
        {
          currency: Type.String({ pattern: '^[A-Z]{3}$' }),
          weight_unit: Type.Union([Type.Literal('lb'), Type.Literal('oz'), Type.Literal('kg')], { description: 'Unit of max_weight in rates_csv' }),
          dim_divisor: Type.Number({ exclusiveMinimum: 0, maximum: 100_000, description: 'in³ per lb (139 UPS/FedEx, 166 USPS) or cm³ per kg (5000)' }),
          dim_min_volume: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000, description: 'Dimensional weight only above this volume (USPS: 1728 in³)' })),
          fuel_surcharge_percent: Type.String({ pattern: '^[0-9]{1,3}(\\.[0-9]{1,2})?$', description: 'e.g. "15.5"' }),
          residential_surcharge: Type.String({ description: 'Per parcel, decimal string in the currency' }),
          services: Type.Array(Type.Object({ code: Code, name: Type.String({ minLength: 1, maxLength: 100 }), service_level: ServiceLevel }, { additionalProperties: false }), { minItems: 1, maxItems: 50 }),
          rates_csv: Csv('service,zone,max_weight,price'),
          zones_csv: Csv('origin_zip3_from,origin_zip3_to,dest_zip3_from,dest_zip3_to,zone'),
          transit_csv: Csv('service,zone,days'),
          country_zones_csv: Type.Optional(Csv('country,zone: the zone of each destination country abroad (ISO alpha-2), for parcels from the chart’s origins')),
          postal: Type.Optional(Type.Boolean({ description: 'A postal operator: parcels abroad get a CN 22 / CN 23 customs declaration; false: a courier, a commercial invoice. Default: true when tracking.format is usps.' })),
        },
        { additionalProperties: false },
      ),
    ),
    tracking: Type.Optional(
      Type.Object(
        {
          format: Type.Union([Type.Literal('ups'), Type.Literal('fedex'), Type.Literal('usps')], { description: 'The carrier’s tracking number layout' }),
          shipper_number: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9]{6}$', description: 'UPS account (shipper) number' })),
          mailer_id: Type.Optional(Type.String({ pattern: '^([0-9]{6}|[0-9]{9})$', description: 'USPS Mailer ID' })),
          service_codes: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]*$' }), Type.String({ pattern: '^[A-Za-z0-9]{2,3}$' }), { description: 'UPS service code (e.g. 03) or USPS service type code (e.g. 001) per service' })),
          range_start: Type.Integer({ minimum: 0, maximum: 9_999_999_999 }),
          range_end: Type.Integer({ minimum: 0, maximum: 9_999_999_999 }),
        },
        { additionalProperties: false },
      ),
    ),
    easypost: Type.Optional(
      Type.Object(
        {
          base_url: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500, description: 'Default https://api.easypost.com/v2; a public https address' })),
          api_key: Type.Optional(Secret('The aggregator API key')),
          api_key_env: Type.Optional(EnvName('api_key')),
          webhook_secret: Type.Optional(Type.Union([Secret('The secret the aggregator signs its webhooks with'), Type.Null()], { description: 'null removes it' })),
          webhook_secret_env: Type.Optional(EnvName('webhook_secret')),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const CarrierView = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  active: Type.Boolean(),
  sample: Type.Boolean({ description: 'Seeded demo card: illustrative prices, not a carrier tariff' }),
  services: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), service_level: Type.String() })),
  tracking: nullable(Type.Object({ format: Type.String(), next_serial: nullable(Type.Integer()), range_end: nullable(Type.Integer()), remaining: nullable(Type.Integer()) })),
  webhook_url: nullable(Type.String({ description: 'Where the aggregator should send tracking webhooks' })),
  easypost: nullable(
    Type.Object({
      base_url: nullable(Type.String()),
      has_api_key: Type.Boolean({ description: 'The tenant gave its own API key (sealed; never shown)' }),
      api_key_env: nullable(Type.String()),
      has_webhook_secret: Type.Boolean(),
      webhook_secret_env: nullable(Type.String()),
    }),
  ),
  version: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

/** Which secrets an aggregator has, never their values. */
function aggregatorView(c: CarrierRow) {
  const settings = c.settings as unknown as EasyPostSettings;
  return {
    base_url: settings.base_url ?? null,
    has_api_key: c.apiKeySealed !== null,
    api_key_env: settings.api_key_env ?? null,
    has_webhook_secret: c.webhookSecretSealed !== null,
    webhook_secret_env: settings.webhook_secret_env ?? null,
  };
}

/** A carrier connection as the API shows it: its services and tracking range, never its secrets. */
export function carrierView(c: CarrierRow) {
  const card = c.kind === 'rate_card' ? (c.settings as unknown as RateCardSettings).card : undefined;
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    kind: c.kind,
    active: c.active,
    sample: c.sample,
    services: (card?.services ?? []).map((s) => ({ code: s.code, name: s.name, service_level: s.level })),
    tracking: c.tracking
      ? { format: String(c.tracking.format), next_serial: c.nextSerial, range_end: c.serialEnd, remaining: c.nextSerial !== null && c.serialEnd !== null ? Math.max(0, c.serialEnd - c.nextSerial + 1) : null }
      : null,
    webhook_url: c.kind === 'easypost' ? `/v1/carriers/${c.id}/webhooks/tracking` : null,
    easypost: c.kind === 'easypost' ? aggregatorView(c) : null,
    version: c.version,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

export const RulesBody = Type.Object(
  {
    strategy: Type.Union([Type.Literal('cheapest'), Type.Literal('fastest'), Type.Literal('best_value')]),
    best_value_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, description: 'best_value: the cheapest service arriving within this many business days' })),
    preferred: Type.Optional(
      Type.Array(
        Type.Object(
          {
            carrier: Code,
            service: Type.Optional(Code),
            channels: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100 })),
            countries: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), { minItems: 1, maxItems: 250 })),
            min_weight_grams: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
            max_weight_grams: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50, description: 'First match wins among the services that meet the promise' },
      ),
    ),
    excluded: Type.Optional(Type.Array(Type.Object({ carrier: Code, service: Type.Optional(Code) }, { additionalProperties: false }), { maxItems: 100 })),
  },
  { additionalProperties: false },
);
type RulesWire = Static<typeof RulesBody>;

export function rulesFromWire(w: RulesWire): ShippingRules {
  return {
    strategy: w.strategy,
    ...(w.best_value_days !== undefined ? { bestValueDays: w.best_value_days } : {}),
    ...(w.preferred
      ? {
          preferred: w.preferred.map((p) => ({
            carrier: p.carrier,
            ...(p.service ? { service: p.service } : {}),
            ...(p.channels ? { channels: p.channels } : {}),
            ...(p.countries ? { countries: p.countries } : {}),
            ...(p.min_weight_grams !== undefined ? { minWeightGrams: p.min_weight_grams } : {}),
            ...(p.max_weight_grams !== undefined ? { maxWeightGrams: p.max_weight_grams } : {}),
          })),
        }
      : {}),
    ...(w.excluded ? { excluded: w.excluded.map((e) => ({ carrier: e.carrier, ...(e.service ? { service: e.service } : {}) })) } : {}),
  };
}

export function rulesToWire(r: ShippingRules): RulesWire {
  return {
    strategy: r.strategy,
    ...(r.bestValueDays !== undefined ? { best_value_days: r.bestValueDays } : {}),
    ...(r.preferred
      ? {
          preferred: r.preferred.map((p) => ({
            carrier: p.carrier,
            ...(p.service ? { service: p.service } : {}),
            ...(p.channels ? { channels: p.channels } : {}),
            ...(p.countries ? { countries: p.countries } : {}),
            ...(p.minWeightGrams !== undefined ? { min_weight_grams: p.minWeightGrams } : {}),
            ...(p.maxWeightGrams !== undefined ? { max_weight_grams: p.maxWeightGrams } : {}),
          })),
        }
      : {}),
    ...(r.excluded ? { excluded: r.excluded.map((e) => ({ carrier: e.carrier, ...(e.service ? { service: e.service } : {}) })) } : {}),
  };
}

export const TrackingNumberView = Type.Object({ number: Type.String(), valid: Type.Boolean(), carrier: nullable(Type.String()), format: nullable(Type.String()) });
