/** tenancy: tenants, API keys, roles and settings. See README.md. */
export { tenancyRoutes } from './http/routes.js';
export { authenticate } from './use-cases/authenticate.js';
export { bootstrapFirstTenant, type BootstrapResult } from './use-cases/bootstrap.js';
export { getSettings } from './use-cases/settings.js';
export { issueApiKey, type IssuedApiKey } from './use-cases/create-api-key.js';
export { roles } from './domain/roles.js';
export { isAllowed, isAction, isScopedKind, keyKindOf, keyKinds, narrowing, scopedKinds, actions, type Action, type KeyKind, type Role, type ScopedKind } from './domain/roles.js';
export type { TenantSettings, FulfillmentRelease } from './domain/settings.js';
