import type { Config } from '../../../platform/config.js';
import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { outboundFetch, type OutboundFetch } from '../../../platform/http/outbound.js';
import { openSecret } from '../../../platform/kernel/secret-box.js';
import type { CarrierAdapter } from '../carriers/adapter.js';
import { easyPostCarrier } from '../carriers/easypost.js';
import { compiledCard, rateCardCarrier, type TrackingSettings } from '../carriers/rate-card-carrier.js';
import { takeSerials, type CarrierRow } from '../db/carriers.queries.js';
import type { RateCard } from '../domain/rate-card.js';

/** What a carrier row's `settings` hold, per kind. */
export interface RateCardSettings {
  card: RateCard;
}
export interface EasyPostSettings {
  base_url?: string | undefined;
  /**
   * An installation-level variable holding the API key, one of OMS_CARRIER_SECRET_NAMES. Without
   * it the key is the tenant's own, sealed in the row (`api_key_sealed`).
   */
  api_key_env?: string | undefined;
  webhook_secret_env?: string | undefined;
}

/**
 * What carriers get from the installation: the variables a carrier may name (only those of
 * OMS_CARRIER_SECRET_NAMES, never the rest of the environment), the key that opens the secrets
 * tenants gave, and the guarded outbound client.
 */
export interface SecretSource {
  named: Readonly<Record<string, string | undefined>>;
  secretKey: Buffer | undefined;
  /** Aggregator base URLs may be plain http or private (OMS_OUTBOUND_ALLOW_PRIVATE: development). */
  allowPrivate: boolean;
  fetch: OutboundFetch;
}

export function carrierSecretsOf(config: Pick<Config, 'secrets' | 'secretKey' | 'outboundAllowPrivate'>): SecretSource {
  return { named: config.secrets, secretKey: config.secretKey, allowPrivate: config.outboundAllowPrivate, fetch: outboundFetch({ allowPrivate: config.outboundAllowPrivate }) };
}

/** Is `name` a variable this installation lets carriers name? */
export function isCarrierSecretName(secrets: SecretSource, name: string): boolean {
  return Object.hasOwn(secrets.named, name);
}

/**
 * A carrier's secret: the tenant's own (sealed), or an allowed installation variable. A variable
 * not on the list resolves to nothing, whatever the environment holds: rows saved before the list
 * existed may name any variable.
 */
function secretOf(row: CarrierRow, secrets: SecretSource, sealed: Buffer | null, envName: string | undefined, field: string): { value: string } | { problem: string } {
  if (sealed) {
    if (!secrets.secretKey) return { problem: `its ${field} cannot be opened: the installation has no OMS_SECRET_KEY` };
    return { value: openSecret(sealed, secrets.secretKey) };
  }
  if (!envName) return { problem: `it has no ${field}; give it one with PUT /v1/carriers/${row.code}` };
  if (!isCarrierSecretName(secrets, envName)) {
    return { problem: `it names ${envName} for its ${field}, a variable this installation does not let carriers use (OMS_CARRIER_SECRET_NAMES); give the carrier its own ${field} with PUT /v1/carriers/${row.code}` };
  }
  const value = secrets.named[envName];
  return value ? { value } : { problem: `the environment variable ${envName} holding its ${field} is not set` };
}

/**
 * An aggregator answers for several carriers through one connection: its rates are named
 * `<connection>` / `<carrier>:<service>` here, so a shipment always names the connection that
 * bought it (manifests, voids and webhooks go through that connection).
 */
function throughConnection(code: string, inner: CarrierAdapter): CarrierAdapter {
  return {
    async rate(request) {
      const rates = await inner.rate(request);
      return rates.map((r) => ({ ...r, carrier: code, service: `${r.carrier}:${r.service}`, serviceName: r.serviceName }));
    },
    createLabel(request) {
      const [carrier, ...service] = request.rate.service.split(':');
      return inner.createLabel({ ...request, rate: { ...request.rate, carrier: carrier ?? '', service: service.join(':') } });
    },
    void: (request) => inner.void(request),
    track: (number) => inner.track(number),
    ...(inner.dropOffQrCode ? { dropOffQrCode: inner.dropOffQrCode.bind(inner) } : {}),
  };
}

export function adapterFor(db: Db, row: CarrierRow, secrets: SecretSource): CarrierAdapter {
  switch (row.kind) {
    case 'rate_card': {
      const settings = row.settings as unknown as RateCardSettings;
      const card = compiledCard(`${row.tenantId}\u0000${row.code}\u0000${row.version}`, settings.card);
      return rateCardCarrier(card, (row.tracking ?? undefined) as TrackingSettings | undefined, async (count) => {
        const first = await takeSerials(db, row.tenantId, row.code, count);
        if (first === undefined) throw new DomainError('CARRIER_TRACKING_RANGE_EXHAUSTED', `Carrier ${row.code} has no tracking numbers left in its range.`);
        return first;
      });
    }
    case 'easypost': {
      const settings = row.settings as unknown as EasyPostSettings;
      const apiKey = secretOf(row, secrets, row.apiKeySealed, settings.api_key_env, 'api_key');
      if ('problem' in apiKey) throw new DomainError('CARRIER_UNAVAILABLE', `Carrier ${row.code} cannot be used: ${apiKey.problem}.`);
      // The base URL was checked when it was saved; the client checks where it connects, every time.
      return throughConnection(row.code, easyPostCarrier({ apiKey: apiKey.value, carrierCode: row.code, fetch: secrets.fetch, ...(settings.base_url ? { baseUrl: settings.base_url } : {}) }));
    }
  }
}

/** The secret the aggregator signs its webhooks with; none (so every webhook is refused) when it cannot be had. */
export function webhookSecretOf(row: CarrierRow, secrets: SecretSource): string | undefined {
  if (row.kind !== 'easypost') return undefined;
  const secret = secretOf(row, secrets, row.webhookSecretSealed, (row.settings as unknown as EasyPostSettings).webhook_secret_env, 'webhook_secret');
  return 'value' in secret ? secret.value : undefined;
}
