import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import type { Actor, NewEvent } from '../../../platform/outbox/events.js';
import { defaultPolicy, type ReturnPolicy } from '../domain/policy.js';
import { defaultReasons, refuseReasons, type ReturnReason } from '../domain/reasons.js';
import { findSettings, upsertSettings } from '../db/returns.queries.js';

export interface ReturnSettings {
  reasons: ReturnReason[];
  policy: ReturnPolicy;
}

/** The tenant's reasons and policy, the defaults where it has set none. */
export async function returnSettingsOf(db: Db, tenantId: string): Promise<ReturnSettings> {
  const row = await findSettings(db, tenantId);
  return { reasons: row?.reasons ?? [...defaultReasons], policy: { ...defaultPolicy, ...(row?.policy ?? {}) } };
}

/** Replaces the reasons (validated: codes unique, `other` with a required note); the event records before and after. */
export async function replaceReturnReasons(tx: Db, actor: Actor, reasons: ReturnReason[], now: Date): Promise<{ reasons: ReturnReason[]; event: NewEvent }> {
  const errors = refuseReasons(reasons);
  if (errors.length > 0) throw new DomainError('REQUEST_INVALID', 'The return reasons are not acceptable.', errors);
  const before = await returnSettingsOf(tx, actor.tenantId);
  await upsertSettings(tx, { tenantId: actor.tenantId, reasons, policy: null, updatedAt: now, updatedBy: actor.actorId }, 'reasons');
  return { reasons, event: { type: 'return_settings.reasons_changed', aggregateType: 'tenant', aggregateId: actor.tenantId, data: { before: before.reasons, after: reasons } } };
}

export async function replaceReturnPolicy(tx: Db, actor: Actor, policy: ReturnPolicy, now: Date): Promise<{ policy: ReturnPolicy; event: NewEvent }> {
  const before = await returnSettingsOf(tx, actor.tenantId);
  await upsertSettings(tx, { tenantId: actor.tenantId, reasons: null, policy, updatedAt: now, updatedBy: actor.actorId }, 'policy');
  return { policy, event: { type: 'return_settings.policy_changed', aggregateType: 'tenant', aggregateId: actor.tenantId, data: { before: before.policy, after: policy } } };
}
