import { Type } from '@fastify/type-provider-typebox';
import { Code, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import type { ApiKeyRow } from '../db/tenancy.queries.js';
import { roles, type Role } from '../domain/roles.js';
import { fulfillmentReleasePolicies, type FulfillmentRelease } from '../domain/settings.js';

/** Request and response schemas of /v1/tenants, /v1/api-keys and /v1/settings, and their views. */

const RoleSchema = Type.Unsafe<Role>(Type.String({ enum: [...roles] }));

export const TenantBody = Type.Object({ name: text(200) }, { additionalProperties: false });
const IssuedKey = Type.Object({ id: Type.String(), name: Type.String(), role: RoleSchema, key: Type.String(), key_prefix: Type.String(), created_at: Timestamp });
export const TenantView = Type.Object({ id: Type.String(), name: Type.String(), api_key: IssuedKey });

export const ApiKeyBody = Type.Object(
  { name: text(200), role: RoleSchema, location: Type.Optional(Code), channel: Type.Optional(Type.String({ pattern: '^chn_[0-9a-z]{26}$', description: 'The channel id a channel key captures for' })) },
  { additionalProperties: false },
);
export const IssuedApiKeyView = Type.Object({ id: Type.String(), name: Type.String(), role: RoleSchema, key: Type.String(), key_prefix: Type.String(), created_at: Timestamp, location: nullable(Type.String()), channel_id: nullable(Type.String()) });

export const ApiKeyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  key_prefix: Type.String(),
  created_at: Timestamp,
  revoked_at: Type.Union([Timestamp, Type.Null()]),
  location_id: Type.Union([Type.String(), Type.Null()], { description: 'The one location a channel key answers for; null: not scoped' }),
  channel_id: Type.Union([Type.String(), Type.Null()], { description: 'The one sales channel a channel key captures for and reads; null: not bound' }),
});

/** An API key as the API shows it: never the secret or its hash. */
export function apiKeyView(k: ApiKeyRow) {
  return { id: k.id, name: k.name, role: k.role, key_prefix: k.keyPrefix, created_at: k.createdAt.toISOString(), revoked_at: k.revokedAt?.toISOString() ?? null, location_id: k.locationId, channel_id: k.channelId };
}

const Account = Type.Object({ code: Type.String({ minLength: 1, maxLength: 30 }), name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export const SettingsSchema = Type.Object({
  accept_unfillable_orders_on_hold: Type.Boolean(),
  fulfillment_release: Type.Unsafe<FulfillmentRelease>(Type.String({ enum: [...fulfillmentReleasePolicies], description: 'immediate: fulfillment orders go to their location at once; waves: at the next of release_waves; review: after POST /v1/fulfillment-orders/{id}/release' })),
  release_waves: Type.Array(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }), { maxItems: 48, uniqueItems: true, description: 'Wave times of day, HH:MM UTC' }),
  accounting_accounts: Type.Object(
    { receivable: Type.Optional(Account), sales: Type.Optional(Account), shipping: Type.Optional(Account), tax: Type.Optional(Account) },
    { additionalProperties: false, description: 'Your chart of accounts for GET /v1/exports/accounting: receivable (default 1200 Accounts Receivable), sales (4000 Sales), shipping (4100 Shipping Income), tax (2200 Sales Tax Payable)' },
  ),
  location_keys_may_buy_labels: Type.Boolean({ description: 'Whether a location-scoped key (3PL, drop-ship vendor, store) may buy labels through your carriers; if false (the default) it ships by reporting its own carrier and tracking numbers' }),
  price_signal_percent: Type.Integer({ minimum: 1, maximum: 1000, description: 'How far, in percent either way, a line’s price may be from the catalogue price before capture records a price signal on the order (default 50); never a refusal' }),
  fraud_screening: Type.Boolean({ description: 'Whether capture screens every order for fraud with the active rule set (GET /v1/risk/rule-sets/active) and holds those the rules send to review or verification (default true; ADR 0030)' }),
  notification_locale: Type.String({ pattern: '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2}|-[0-9]{3})?$', description: 'The language of customer messages when the customer chose none (a BCP 47 tag such as en, de, fr-CA; default en). A locale without templates falls back to its language, then en (ADR 0034)' }),
  notification_test_recipients: Type.Array(Type.String({ format: 'email', maxLength: 254, pattern: '^[^\\s<>,;]+$' }), { maxItems: 20, uniqueItems: true, description: 'Addresses a template test send (POST /v1/notification-templates/{key}/{locale}/test-send) may go to, besides your users’ e-mails' }),
  portal_slug: nullable(Type.String({ pattern: '^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$', description: 'The customer portal’s address, /portal/{portal_slug}: lower-case letters, digits and hyphens, unique in the installation; null (the default): no portal (ADR 0036)' })),
  portal_logo_url: nullable(Type.String({ maxLength: 2000, pattern: '^https://[^\\s"<>]+$', description: 'The logo the portal shows (https); null: the tenant’s name alone' })),
  portal_brand_colour: Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: 'The portal’s brand colour, #rrggbb (default #1f6feb); text on it is black or white, whichever contrasts more' }),
});
