import { Type } from '@fastify/type-provider-typebox';
import { Code, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import type { UserRow } from '../db/users.queries.js';
import { PASSWORD_MAX_LENGTH } from '../domain/passwords.js';
import { userRoles, type UserRole } from '../domain/roles.js';

/** Request and response schemas of /v1/session, /v1/users and /v1/password-resets, and their views. */

const UserRoleSchema = Type.Unsafe<UserRole>(Type.String({ enum: [...userRoles], description: 'admin, operator, viewer: the permissions of an API key of that role; location: of a location key, bound to `location`' }));
const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });
const NewPassword = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH, description: 'At least 12 characters, not the e-mail address; no other rules' });

export const UserId = Type.Object({ id: Type.String({ pattern: '^usr_[0-9a-z]{26}$' }) });

export const SignInBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }), password: Password }, { additionalProperties: false });

const SessionUser = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: UserRoleSchema,
  tenant_id: Type.String(),
  location_id: nullable(Type.String()),
});
export const SessionView = Type.Object({
  user: SessionUser,
  csrf_token: Type.String({ description: 'Send as the X-CSRF-Token header on every request that is not GET/HEAD/OPTIONS' }),
  expires_at: Timestamp,
});

export const UserView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: UserRoleSchema,
  tenant_id: Type.String(),
  location_id: nullable(Type.String()),
  has_password: Type.Boolean({ description: 'false: the user sets a password through a reset link before signing in' }),
  disabled_at: nullable(Timestamp),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const UserBody = Type.Object(
  { email: Email, name: text(200), role: UserRoleSchema, password: Type.Optional(NewPassword), location: Type.Optional(Code) },
  { additionalProperties: false },
);
export const UserPatchBody = Type.Object(
  { name: Type.Optional(text(200)), role: Type.Optional(UserRoleSchema), location: Type.Optional(Code), disabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);

export const PasswordResetBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }) }, { additionalProperties: false });
export const PasswordResetConfirmBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }), password: NewPassword }, { additionalProperties: false });

export const ResetLinkView = Type.Object({
  url: Type.String({ description: 'The reset link (OMS_PUBLIC_URL/reset-password?token=…): hand it to the user; it is shown only in this answer' }),
  expires_at: Timestamp,
});

export function sessionUserView(u: UserRow) {
  return { id: u.id, email: u.email, name: u.name, role: u.role, tenant_id: u.tenantId, location_id: u.locationId };
}

/** A user as the API shows them: never the password hash. */
export function userView(u: UserRow) {
  return { ...sessionUserView(u), has_password: u.passwordHash !== null, disabled_at: u.disabledAt?.toISOString() ?? null, created_at: u.createdAt.toISOString(), updated_at: u.updatedAt.toISOString() };
}

export const FirstAdminBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200, description: 'The setup token the server printed at start (in the link `oms serve` prints, or `oms setup-link`)' }),
    email: Email,
    name: text(200),
    password: NewPassword,
  },
  { additionalProperties: false },
);
export const SetupState = Type.Object({ needs_first_admin: Type.Boolean({ description: 'true until the installation has its first staff account: the console then offers the setup form' }) });
