import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { appendEvents } from '../../../platform/outbox/events.js';
import { normalEmail } from '../domain/passwords.js';
import { PASSWORD_RESET_TTL_MS } from '../domain/sessions.js';
import { hashToken, randomToken } from '../domain/staff-secrets.js';
import { insertPasswordReset, lockPasswordResetByHash, revokeSessionsOf, usePasswordReset, voidPasswordResetsOf } from '../db/sessions.queries.js';
import { findUser, findUserByEmail, lockUser, updateUser } from '../db/users.queries.js';
import { hashPassword } from './password-hashing.js';
import { checkPassword } from './users.js';

export interface IssuedReset {
  userId: string;
  tenantId: string;
  /** In clear only here: the link carries it, the database keeps its hash. */
  token: string;
  expiresAt: Date;
}

/**
 * A reset link for the active user with this e-mail (undefined when there is none: the caller
 * answers the same either way). Each new link voids the user's earlier ones; it is good for an hour, once.
 */
export async function issuePasswordReset(db: Db, email: string, actorId: string | undefined, now: Date): Promise<IssuedReset | undefined> {
  const user = await findUserByEmail(db, normalEmail(email));
  if (!user || user.disabledAt) return undefined;
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS);
  const id = newId('pwr');
  await inTransaction(db, async (tx) => {
    await voidPasswordResetsOf(tx, user.tenantId, user.id, now);
    await insertPasswordReset(tx, { tenantId: user.tenantId, id, userId: user.id, tokenHash: hashToken(token), createdAt: now, expiresAt, usedAt: null });
    await appendEvents(tx, { tenantId: user.tenantId, actorId: actorId ?? user.id }, now, [{ type: 'user.password_reset_issued', aggregateType: 'user', aggregateId: user.id, data: { reset_id: id, expires_at: expiresAt.toISOString() } }]);
  });
  return { userId: user.id, tenantId: user.tenantId, token, expiresAt };
}

/**
 * A reset link an admin asks for on behalf of a user of their tenant (POST /v1/users/{id}/reset-link),
 * to hand over until the installation sends e-mail: the same link as `oms users reset-link`.
 */
export async function issuePasswordResetFor(db: Db, actor: { tenantId: string; actorId: string }, userId: string, now: Date): Promise<IssuedReset> {
  const user = await findUser(db, actor.tenantId, userId);
  if (!user) throw new DomainError('USER_NOT_FOUND', `No user ${userId} in your tenant.`);
  const disabled = () => new DomainError('USER_DISABLED', `User ${userId} is disabled: enable it (PATCH {"disabled": false}) before issuing a reset link.`);
  if (user.disabledAt) throw disabled();
  const issued = await issuePasswordReset(db, user.email, actor.actorId, now);
  // Disabled between the read and the issue: nothing issued, the same refusal.
  if (!issued) throw disabled();
  return issued;
}

/** Sets the password a reset link was issued for, uses the link up and ends every session of the user. */
export async function confirmPasswordReset(db: Db, token: string, password: string, now: Date): Promise<void> {
  const invalid = () => new DomainError('PASSWORD_RESET_INVALID', undefined, [{ field: 'token', message: 'is used, expired or unknown' }]);
  // Hashed before the transaction (argon2 takes tens of milliseconds); checked against the e-mail inside.
  checkPassword(password, '');
  const passwordHash = await hashPassword(password);
  await inTransaction(db, async (tx) => {
    const reset = await lockPasswordResetByHash(tx, hashToken(token));
    if (!reset || reset.usedAt || reset.expiresAt <= now) throw invalid();
    const user = await lockUser(tx, reset.tenantId, reset.userId);
    if (!user || user.disabledAt) throw invalid();
    checkPassword(password, user.email);
    await usePasswordReset(tx, reset.tenantId, reset.id, now);
    await updateUser(tx, user.tenantId, user.id, { passwordHash, updatedAt: now });
    const revoked = await revokeSessionsOf(tx, user.tenantId, user.id, now);
    await appendEvents(tx, { tenantId: user.tenantId, actorId: user.id }, now, [{ type: 'user.password_changed', aggregateType: 'user', aggregateId: user.id, data: { reset_id: reset.id, sessions_revoked: revoked } }]);
  });
}
