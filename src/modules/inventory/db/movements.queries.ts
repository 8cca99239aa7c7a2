import type { Db } from '../../../platform/db/database.js';
import { inventoryMovements } from './schema.js';

export type MovementRow = typeof inventoryMovements.$inferSelect;

export async function insertMovements(db: Db, rows: MovementRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(inventoryMovements).values(rows);
}
