import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import { withDefaults, type TenantSettings } from '../domain/settings.js';
import { DomainError } from '../../../platform/errors.js';
import { findTenantByPortalSlug, findTenantSettings, updateTenantSettings } from '../db/tenancy.queries.js';

export async function getSettings(db: Db, tenantId: string): Promise<TenantSettings> {
  return withDefaults(await findTenantSettings(db, tenantId));
}

export async function changeSettings(db: Db, actor: Actor, patch: Partial<TenantSettings>, now: Date): Promise<TenantSettings> {
  return inTransaction(db, async (tx) => {
    const current = await getSettings(tx, actor.tenantId);
    if (patch.portal_slug) {
      // The unique index tenants_portal_slug refuses it too; this says which field and why.
      const holder = await findTenantByPortalSlug(tx, patch.portal_slug);
      if (holder && holder.id !== actor.tenantId) throw new DomainError('SETTINGS_PORTAL_SLUG_TAKEN', `The portal address /portal/${patch.portal_slug} is taken.`, [{ field: 'portal_slug', message: 'is used by another tenant: choose another' }]);
    }
    const next = { ...current, ...patch };
    await updateTenantSettings(tx, actor.tenantId, next);
    await appendEvents(tx, actor, now, [{ type: 'settings.updated', aggregateType: 'tenant', aggregateId: actor.tenantId, data: { changes: patch } }]);
    return next;
  });
}
