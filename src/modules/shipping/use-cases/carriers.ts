import type { Db } from '../../../platform/db/database.js';
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { outboundUrlProblem } from '../../../platform/http/outbound-url.js';
import { newId } from '../../../platform/kernel/ids.js';
import { sealSecret } from '../../../platform/kernel/secret-box.js';
import { parseMoney, currencyExponent } from '../../../platform/kernel/money.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import type { TrackingSettings } from '../carriers/rate-card-carrier.js';
import { findCarrier, upsertCarrier, type CarrierRow } from '../db/carriers.queries.js';
import { csvFieldFor, parseCountryZoneCsv, parseRateCsv, parseTransitCsv, parseZoneCsv, type CsvResult } from '../domain/rate-card-csv.js';
import { validateRateCard, type RateCard } from '../domain/rate-card.js';
import type { ServiceLevel } from '../domain/types.js';
import { generateTrackingNumber, type TrackingFormat } from '../domain/tracking-numbers.js';
import { isCarrierSecretName, type EasyPostSettings, type RateCardSettings, type SecretSource } from './carrier-registry.js';

export interface RateCardInput {
  currency: string;
  weight_unit: 'lb' | 'oz' | 'kg';
  dim_divisor: number;
  dim_min_volume?: number | undefined;
  fuel_surcharge_percent: string;
  residential_surcharge: string;
  services: { code: string; name: string; service_level: ServiceLevel }[];
  rates_csv: string;
  zones_csv: string;
  transit_csv: string;
  /** `country,zone`: destinations abroad (optional; without it the card is domestic only). */
  country_zones_csv?: string | undefined;
  /** A postal operator (CN 22/CN 23) or a courier (commercial invoice); default: postal for USPS tracking numbers. */
  postal?: boolean | undefined;
}

export interface TrackingInput {
  format: TrackingFormat;
  shipper_number?: string | undefined;
  mailer_id?: string | undefined;
  service_codes?: Record<string, string> | undefined;
  range_start: number;
  range_end: number;
}

/** An aggregator connection as PUT sends it: each secret given (sealed, never shown) or named (an allowed variable). */
export interface EasyPostInput extends EasyPostSettings {
  api_key?: string | undefined;
  /** null removes a sealed webhook secret. */
  webhook_secret?: string | null | undefined;
}

export interface CarrierInput {
  name: string;
  kind: 'rate_card' | 'easypost';
  active?: boolean | undefined;
  rate_card?: RateCardInput | undefined;
  tracking?: TrackingInput | undefined;
  easypost?: EasyPostInput | undefined;
}

function rowsOr<Row>(result: CsvResult<Row>, errors: FieldError[], lines: number[]): Row[] {
  if ('rows' in result) {
    lines.push(...result.lines);
    return result.rows;
  }
  errors.push(...result.problems.map((p) => ({ field: `rate_card.${p.field}`, message: p.message })));
  return [];
}

/** "15.5" percent → 1550 basis points, exactly (two decimals at most). */
function basisPoints(text: string, errors: FieldError[]): number {
  const parsed = parseMoney(text, 2);
  if (!parsed.ok) errors.push({ field: 'rate_card.fuel_surcharge_percent', message: 'must be a percentage with at most two decimals, such as 15.5' });
  return parsed.ok ? parsed.minor : 0;
}

/** The card as the pricing code reads it, or every problem with the upload at once (422). */
export function rateCardFrom(code: string, name: string, input: RateCardInput, sample = false): RateCard {
  const errors: FieldError[] = [];
  const lines = { rates: [] as number[], zones: [] as number[], transit: [] as number[], countryZones: [] as number[] };
  const exponent = currencyExponent(input.currency);
  if (exponent === undefined) errors.push({ field: 'rate_card.currency', message: 'must be an ISO 4217 code such as USD' });
  const residential = parseMoney(input.residential_surcharge, exponent ?? 2);
  if (!residential.ok) errors.push({ field: 'rate_card.residential_surcharge', message: `must be a non-negative amount in ${input.currency}, such as 5.45` });
  const card: RateCard = {
    carrier: code,
    carrierName: name,
    currency: input.currency,
    weightUnit: input.weight_unit,
    dimDivisor: input.dim_divisor,
    ...(input.dim_min_volume !== undefined ? { dimMinVolume: input.dim_min_volume } : {}),
    fuelSurchargeBasisPoints: basisPoints(input.fuel_surcharge_percent, errors),
    residentialSurchargeMinor: residential.ok ? residential.minor : 0,
    services: input.services.map((s) => ({ code: s.code, name: s.name, level: s.service_level })),
    rates: exponent === undefined ? [] : rowsOr(parseRateCsv(input.rates_csv, input.currency), errors, lines.rates),
    zones: rowsOr(parseZoneCsv(input.zones_csv), errors, lines.zones),
    transit: rowsOr(parseTransitCsv(input.transit_csv), errors, lines.transit),
    ...(input.country_zones_csv !== undefined ? { countryZones: rowsOr(parseCountryZoneCsv(input.country_zones_csv), errors, lines.countryZones) } : {}),
    ...(input.postal !== undefined ? { postal: input.postal } : {}),
    sample,
  };
  if (errors.length === 0) errors.push(...validateRateCard(card).map((p) => ({ field: `rate_card.${csvFieldFor(p.field, lines)}`, message: p.message })));
  if (errors.length > 0) throw new DomainError('CARRIER_RATE_CARD_INVALID', `The rate card has ${errors.length} problem(s).`, errors.slice(0, 100));
  return card;
}

function trackingFrom(input: TrackingInput, services: string[]): TrackingSettings {
  const errors: FieldError[] = [];
  if (input.range_end < input.range_start) errors.push({ field: 'tracking.range_end', message: 'must not be below range_start' });
  for (const service of Object.keys(input.service_codes ?? {})) {
    if (!services.includes(service)) errors.push({ field: `tracking.service_codes.${service}`, message: 'is not a service of this carrier' });
  }
  const settings: TrackingSettings = {
    format: input.format,
    ...(input.shipper_number ? { shipperNumber: input.shipper_number } : {}),
    ...(input.mailer_id ? { mailerId: input.mailer_id } : {}),
    ...(input.service_codes ? { serviceCodes: input.service_codes } : {}),
  };
  // Build the last number of the range with every service code: a range or account number the
  // carrier's layout cannot hold is refused now, not when the first label is bought.
  for (const service of [undefined, ...services]) {
    try {
      const code = service ? settings.serviceCodes?.[service] : undefined;
      generateTrackingNumber(settings.format, input.range_end, {
        ...(settings.shipperNumber ? { shipperNumber: settings.shipperNumber } : {}),
        ...(settings.mailerId ? { mailerId: settings.mailerId } : {}),
        ...(code && settings.format === 'ups' ? { serviceCode: code } : {}),
        ...(code && settings.format === 'usps' ? { serviceTypeCode: code } : {}),
      });
    } catch (error) {
      errors.push({ field: 'tracking', message: error instanceof Error ? error.message : String(error) });
      break;
    }
  }
  if (errors.length > 0) throw new DomainError('REQUEST_INVALID', 'The tracking number settings cannot make valid numbers.', errors);
  return settings;
}

interface AggregatorSettings {
  settings: EasyPostSettings;
  apiKeySealed: Buffer | null;
  webhookSecretSealed: Buffer | null;
}

/**
 * One secret of an aggregator: the value given is sealed; a variable named must be on the
 * installation's list; neither keeps what the row had sealed (so a replaced connection need not
 * send its key again); `null` removes it.
 */
function secretSetting(given: string | null | undefined, envName: string | undefined, kept: Buffer | null, field: string, secrets: SecretSource, errors: FieldError[]): Buffer | null {
  if (given !== undefined && given !== null && envName !== undefined) {
    errors.push({ field: `easypost.${field}_env`, message: `give either ${field} or ${field}_env, not both` });
    return null;
  }
  if (envName !== undefined) {
    if (!isCarrierSecretName(secrets, envName)) {
      const allowed = Object.keys(secrets.named);
      errors.push({
        field: `easypost.${field}_env`,
        message: `${envName} is not a variable this installation lets carriers use (${allowed.length ? `allowed: ${allowed.join(', ')}` : 'it allows none'}; the operator lists them in OMS_CARRIER_SECRET_NAMES); send the carrier's own ${field} instead`,
      });
    }
    return null;
  }
  if (given === null) return null;
  if (given === undefined) return kept;
  if (!secrets.secretKey) throw new Error('no OMS_SECRET_KEY: carrier secrets cannot be sealed');
  return sealSecret(given, secrets.secretKey);
}

function aggregatorFrom(input: EasyPostInput, existing: CarrierRow | undefined, secrets: SecretSource): AggregatorSettings {
  const errors: FieldError[] = [];
  const kept = existing?.kind === 'easypost' ? existing : undefined;
  if (input.base_url !== undefined) {
    const problem = outboundUrlProblem(input.base_url, secrets.allowPrivate);
    if (problem) errors.push({ field: 'easypost.base_url', message: problem });
  }
  const apiKeySealed = secretSetting(input.api_key, input.api_key_env, kept?.apiKeySealed ?? null, 'api_key', secrets, errors);
  const webhookSecretSealed = secretSetting(input.webhook_secret, input.webhook_secret_env, kept?.webhookSecretSealed ?? null, 'webhook_secret', secrets, errors);
  if (!apiKeySealed && input.api_key_env === undefined && !errors.some((e) => e.field === 'easypost.api_key_env')) {
    errors.push({ field: 'easypost.api_key', message: 'is required: the aggregator API key (sealed, never shown again), or api_key_env naming a variable the installation allows' });
  }
  if (errors.length > 0) throw new DomainError('CARRIER_SETTINGS_INVALID', `The aggregator connection has ${errors.length} problem(s).`, errors);
  const settings: EasyPostSettings = {
    ...(input.base_url !== undefined ? { base_url: input.base_url } : {}),
    ...(input.api_key_env !== undefined ? { api_key_env: input.api_key_env } : {}),
    ...(input.webhook_secret_env !== undefined ? { webhook_secret_env: input.webhook_secret_env } : {}),
  };
  return { settings, apiKeySealed, webhookSecretSealed };
}

/**
 * PUT /v1/carriers/{code}: creates or replaces a carrier connection. A replaced rate card takes
 * effect for the next quote; the tracking range continues where it was unless a new range is given.
 */
export async function putCarrier(tx: Db, actor: Actor, code: string, input: CarrierInput, now: Date, options: { sample?: boolean; card?: RateCard; secrets?: SecretSource } = {}): Promise<CarrierRow> {
  const existing = await findCarrier(tx, actor.tenantId, code);
  let settings: Record<string, unknown>;
  let tracking: TrackingSettings | null = null;
  let nextSerial: number | null = null;
  let serialEnd: number | null = null;
  let sealed: Pick<AggregatorSettings, 'apiKeySealed' | 'webhookSecretSealed'> = { apiKeySealed: null, webhookSecretSealed: null };
  if (input.kind === 'rate_card') {
    // A replace may leave out the card or the range: the stored ones stay (a rename, a pause).
    const kept = existing?.kind === 'rate_card' ? existing : undefined;
    if (!input.rate_card && !options.card && !kept) throw new DomainError('REQUEST_INVALID', 'A rate-card carrier needs its rate card.', [{ field: 'rate_card', message: 'is required when kind is rate_card' }]);
    if (!input.tracking && !kept?.tracking) throw new DomainError('REQUEST_INVALID', 'A rate-card carrier needs a tracking number range.', [{ field: 'tracking', message: 'is required when kind is rate_card' }]);
    const card = options.card ?? (input.rate_card ? rateCardFrom(code, input.name, input.rate_card) : { ...(kept?.settings as unknown as RateCardSettings).card, carrierName: input.name });
    settings = { card };
    if (input.tracking) {
      tracking = trackingFrom(input.tracking, card.services.map((s) => s.code));
      const sameRange = existing?.serialEnd === input.tracking.range_end && existing.nextSerial !== null && existing.nextSerial >= input.tracking.range_start;
      nextSerial = sameRange ? existing.nextSerial : input.tracking.range_start;
      serialEnd = input.tracking.range_end;
    } else {
      tracking = kept?.tracking as unknown as TrackingSettings;
      nextSerial = kept?.nextSerial ?? null;
      serialEnd = kept?.serialEnd ?? null;
    }
  } else {
    if (!input.easypost) throw new DomainError('REQUEST_INVALID', 'An aggregator carrier needs its connection settings.', [{ field: 'easypost', message: 'is required when kind is easypost' }]);
    if (!options.secrets) throw new Error('putCarrier: an aggregator needs the installation’s carrier secrets');
    const aggregator = aggregatorFrom(input.easypost, existing, options.secrets);
    settings = { ...aggregator.settings };
    sealed = aggregator;
  }
  const row = await upsertCarrier(tx, {
    tenantId: actor.tenantId,
    code,
    id: existing?.id ?? newId('car'),
    name: input.name,
    kind: input.kind,
    active: input.active ?? true,
    sample: options.sample ?? false,
    settings,
    apiKeySealed: sealed.apiKeySealed,
    webhookSecretSealed: sealed.webhookSecretSealed,
    tracking: tracking as Record<string, unknown> | null,
    nextSerial,
    serialEnd,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  });
  await appendEvents(tx, actor, now, [{ type: existing ? 'carrier.updated' : 'carrier.created', aggregateType: 'carrier', aggregateId: row.id, data: { code, kind: row.kind, version: row.version } }]);
  return row;
}
