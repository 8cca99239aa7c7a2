/** tenancy: tenants, API keys, staff accounts, roles and settings. See README.md. */
export { ApiKeyBody, ApiKeyView, apiKeyView, IssuedApiKeyView, SettingsSchema, TenantBody, TenantView } from './http/schemas.js';
export { PasswordResetBody, PasswordResetConfirmBody, SessionView, SignInBody, UserBody, UserId, UserPatchBody, UserView, sessionUserView, userView } from './http/users.schemas.js';
export { findRootTenantId, listApiKeys, tenantExists } from './db/tenancy.queries.js';
export { countUsers, listUsers, type UserRow } from './db/users.queries.js';
export { createTenant } from './use-cases/create-tenant.js';
export { revokeKey } from './use-cases/revoke-api-key.js';
export { authenticate } from './use-cases/authenticate.js';
export { bootstrapFirstTenant } from './use-cases/bootstrap.js';
export { changeSettings, getSettings } from './use-cases/settings.js';
export { issueApiKey, type IssuedApiKey } from './use-cases/create-api-key.js';
export { resumeSession, signIn, signOut, type StaffSession } from './use-cases/sessions.js';
export { changeUser, createUser, type NewUser, type UserPatch } from './use-cases/users.js';
export { confirmPasswordReset, issuePasswordReset, type IssuedReset } from './use-cases/password-resets.js';
export { actorLabels, getUser } from './use-cases/read-users.js';
export { isAllowed, isAction, isScopedKind, keyKindOf, scopedKinds, userRoles, type Role, type UserRole } from './domain/roles.js';
export { normalEmail } from './domain/passwords.js';
export { SESSION_ABSOLUTE_MS } from './domain/sessions.js';
export type { TenantSettings } from './domain/settings.js';
