import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import type { Principal } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/kernel/ids.js';
import { appendEvents } from '../../../platform/outbox/events.js';
import { keyRoleOfUser } from '../domain/roles.js';
import { isSessionLive, SESSION_ABSOLUTE_MS, sessionEndsAt, shouldTouch } from '../domain/sessions.js';
import { hashToken, randomToken } from '../domain/staff-secrets.js';
import { insertSession, findSessionByHash, revokeSession, touchSession } from '../db/sessions.queries.js';
import { findUserByEmail, type UserRow } from '../db/users.queries.js';
import { verifyPassword } from './password-hashing.js';

export interface StaffSession {
  /** The cookie's value, in clear only in the answer to a sign-in. */
  token?: string;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserRow;
  principal: Principal;
}

function principalOf(user: UserRow, isRoot: boolean): Principal {
  return { tenantId: user.tenantId, keyId: user.id, userId: user.id, role: keyRoleOfUser(user.role), isRootTenant: isRoot, ...(user.locationId ? { locationId: user.locationId } : {}) };
}

/**
 * Signs a person in. Every refusal (unknown e-mail, no password set, wrong password, disabled) is
 * the same `undefined` after the same argon2 work, so the answer tells nothing about accounts.
 */
export async function signIn(db: Db, email: string, password: string, now: Date): Promise<StaffSession | undefined> {
  const user = await findUserByEmail(db, email.trim());
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok || user.disabledAt) return undefined;
  const token = randomToken();
  const session = { tenantId: user.tenantId, id: newId('ses'), userId: user.id, tokenHash: hashToken(token), csrfToken: randomToken(), createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS), revokedAt: null };
  await inTransaction(db, async (tx) => {
    await insertSession(tx, session);
    await appendEvents(tx, { tenantId: user.tenantId, actorId: user.id }, now, [{ type: 'user.signed_in', aggregateType: 'user', aggregateId: user.id, data: { session_id: session.id } }]);
  });
  return { token, sessionId: session.id, csrfToken: session.csrfToken, expiresAt: sessionEndsAt(session), user, principal: principalOf(user, user.isRoot) };
}

/** The live session a cookie names, or undefined (unknown, revoked, expired, or its user disabled). */
export async function resumeSession(db: Db, token: string, now: Date): Promise<StaffSession | undefined> {
  const found = await findSessionByHash(db, hashToken(token));
  if (!found || found.user.disabledAt || !isSessionLive(found.session, now)) return undefined;
  const { session, user } = found;
  let lastSeenAt = session.lastSeenAt;
  if (shouldTouch(session, now)) {
    await touchSession(db, session.tenantId, session.id, now);
    lastSeenAt = now;
  }
  return { sessionId: session.id, csrfToken: session.csrfToken, expiresAt: sessionEndsAt({ ...session, lastSeenAt }), user, principal: principalOf(user, found.isRoot) };
}

export async function signOut(db: Db, session: { tenantId: string; sessionId: string; userId: string }, now: Date): Promise<void> {
  await inTransaction(db, async (tx) => {
    await revokeSession(tx, session.tenantId, session.sessionId, now);
    await appendEvents(tx, { tenantId: session.tenantId, actorId: session.userId }, now, [{ type: 'user.signed_out', aggregateType: 'user', aggregateId: session.userId, data: { session_id: session.sessionId } }]);
  });
}
