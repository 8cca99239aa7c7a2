import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
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
  /** Names of environment variables: secrets are never stored in the database. */
  api_key_env: string;
  webhook_secret_env?: string | undefined;
}

/** Where environment secrets come from (process.env in the apps; a map in tests). */
export type SecretSource = Record<string, string | undefined>;

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
      const apiKey = secrets[settings.api_key_env];
      if (!apiKey) throw new DomainError('CARRIER_UNAVAILABLE', `Carrier ${row.code}: the environment variable ${settings.api_key_env} holding its API key is not set.`);
      return throughConnection(row.code, easyPostCarrier({ apiKey, carrierCode: row.code, ...(settings.base_url ? { baseUrl: settings.base_url } : {}) }));
    }
  }
}

export function webhookSecretOf(row: CarrierRow, secrets: SecretSource): string | undefined {
  if (row.kind !== 'easypost') return undefined;
  const name = (row.settings as unknown as EasyPostSettings).webhook_secret_env;
  return name ? secrets[name] : undefined;
}
