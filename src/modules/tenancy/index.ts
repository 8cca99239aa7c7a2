/** tenancy: tenants, API keys, roles and settings. See README.md. */
export { ApiKeyBody, ApiKeyView, apiKeyView, IssuedApiKeyView, SettingsSchema, TenantBody, TenantView } from './http/schemas.js';
export { listApiKeys } from './db/tenancy.queries.js';
export { createTenant } from './use-cases/create-tenant.js';
export { revokeKey } from './use-cases/revoke-api-key.js';
export { authenticate } from './use-cases/authenticate.js';
export { bootstrapFirstTenant } from './use-cases/bootstrap.js';
export { changeSettings, getSettings } from './use-cases/settings.js';
export { issueApiKey, type IssuedApiKey } from './use-cases/create-api-key.js';
export { isAllowed, isAction, isScopedKind, keyKindOf, scopedKinds, type Role } from './domain/roles.js';
export type { TenantSettings } from './domain/settings.js';
