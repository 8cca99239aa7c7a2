import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/kernel/ids.js';
import { appendEvents } from '../../../platform/outbox/events.js';
import { normalEmail } from '../domain/passwords.js';
import { findRootTenantId } from '../db/tenancy.queries.js';
import { countUsers, insertUser, type UserRow } from '../db/users.queries.js';
import { hashPassword } from './password-hashing.js';
import { checkPassword } from './users.js';

/** Whether the installation still waits for its first staff account (then the console offers setup). */
export async function needsFirstAdmin(db: Db): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

/**
 * Makes the installation's first staff account: an admin of the root tenant. The caller has checked
 * the setup token; this refuses once any user exists, under a transaction lock so two browsers
 * submitting together make one admin, not two.
 */
export async function createFirstAdmin(db: Db, input: { email: string; name: string; password: string }, now: Date): Promise<UserRow> {
  const email = normalEmail(input.email);
  checkPassword(input.password, email);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7423013)`);
    const tenantId = await findRootTenantId(tx);
    if (!tenantId || (await countUsers(tx)) > 0) throw new DomainError('SETUP_DONE');
    const row: UserRow = { tenantId, id: newId('usr'), email, name: input.name, role: 'admin', locationId: null, passwordHash, disabledAt: null, createdAt: now, updatedAt: now };
    await insertUser(tx, row);
    await appendEvents(tx, { tenantId, actorId: 'system:first-admin-setup' }, now, [
      { type: 'user.created', aggregateType: 'user', aggregateId: row.id, data: { email, role: 'admin', first_admin: true } },
    ]);
    return row;
  });
}
