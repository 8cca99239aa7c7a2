import { and, asc, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../platform/db/database.js';
import { carriers, shippingRules } from './schema.js';

export type CarrierRow = typeof carriers.$inferSelect;

/** Creates or replaces a carrier; the version counts replacements (compiled rate cards are cached per version). */
export async function upsertCarrier(db: Db, row: Omit<CarrierRow, 'version'>): Promise<CarrierRow> {
  const [saved] = await db
    .insert(carriers)
    .values({ ...row, version: 1 })
    .onConflictDoUpdate({
      target: [carriers.tenantId, carriers.code],
      set: {
        name: row.name,
        kind: row.kind,
        active: row.active,
        sample: row.sample,
        settings: row.settings,
        apiKeySealed: row.apiKeySealed,
        webhookSecretSealed: row.webhookSecretSealed,
        tracking: row.tracking,
        nextSerial: row.nextSerial,
        serialEnd: row.serialEnd,
        version: sql`${carriers.version} + 1`,
        updatedAt: row.updatedAt,
      },
    })
    .returning();
  return saved as CarrierRow;
}

export async function findCarrier(db: Db, tenantId: string, code: string): Promise<CarrierRow | undefined> {
  const [row] = await db.select().from(carriers).where(and(eq(carriers.tenantId, tenantId), eq(carriers.code, code)));
  return row;
}

/** By the global id a webhook URL names (the tenant follows from it). */
export async function findCarrierById(db: Db, id: string): Promise<CarrierRow | undefined> {
  const [row] = await db.select().from(carriers).where(eq(carriers.id, id));
  return row;
}

export async function listCarriers(db: Db, tenantId: string, activeOnly = false): Promise<CarrierRow[]> {
  return db
    .select()
    .from(carriers)
    .where(and(eq(carriers.tenantId, tenantId), activeOnly ? eq(carriers.active, true) : undefined))
    .orderBy(asc(carriers.code));
}

export async function deleteCarrier(db: Db, tenantId: string, code: string): Promise<boolean> {
  const gone = await db.delete(carriers).where(and(eq(carriers.tenantId, tenantId), eq(carriers.code, code))).returning({ code: carriers.code });
  return gone.length > 0;
}

/**
 * Takes `count` serials from the carrier's tracking range in one conditional UPDATE (the row
 * lock serialises concurrent labels); undefined when the range cannot supply them.
 */
export async function takeSerials(db: Db, tenantId: string, code: string, count: number): Promise<number | undefined> {
  const [row] = await queryRows<{ first: string }>(
    db,
    sql`update carriers set next_serial = next_serial + ${count}
        where tenant_id = ${tenantId} and code = ${code} and next_serial is not null and next_serial + ${count} - 1 <= serial_end
        returning next_serial - ${count} as first`,
  );
  return row ? Number(row.first) : undefined;
}

export async function getShippingRules(db: Db, tenantId: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await db.select().from(shippingRules).where(eq(shippingRules.tenantId, tenantId));
  return row?.rules;
}

export async function putShippingRules(db: Db, tenantId: string, rules: Record<string, unknown>, actorId: string, now: Date): Promise<void> {
  await db
    .insert(shippingRules)
    .values({ tenantId, rules, updatedBy: actorId, updatedAt: now })
    .onConflictDoUpdate({ target: shippingRules.tenantId, set: { rules, updatedBy: actorId, updatedAt: now } });
}
