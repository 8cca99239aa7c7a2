import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import { componentsOfKits, kitsUsing, lockProducts, replaceComponents } from '../db/components.queries.js';
import { kitDefinitionErrors, type KitComponent } from '../domain/kits.js';

/**
 * Checks a product's components (none: a plain product) before anything is written: 422
 * PRODUCT_KIT_INVALID naming each bad field. The kit and its components are locked first, so
 * two definitions that would nest kits run one after the other and the second is refused.
 */
export async function checkKitDefinition(tx: Db, tenantId: string, sku: string, components: KitComponent[]): Promise<void> {
  if (components.length === 0) return;
  const existing = new Set(await lockProducts(tx, tenantId, [sku, ...components.map((c) => c.sku)]));
  const [kits, usedBy] = await Promise.all([componentsOfKits(tx, tenantId, components.map((c) => c.sku)), kitsUsing(tx, tenantId, sku)]);
  const known = new Map([...existing].map((s) => [s, { sku: s, isKit: kits.has(s) }]));
  const errors = kitDefinitionErrors(sku, components, known, usedBy);
  if (errors.length > 0) throw new DomainError('PRODUCT_KIT_INVALID', `The components of ${sku} are not acceptable.`, errors);
}

export async function componentsOf(tx: Db, tenantId: string, sku: string): Promise<KitComponent[]> {
  return (await componentsOfKits(tx, tenantId, [sku])).get(sku) ?? [];
}

export function sameComponents(a: KitComponent[], b: KitComponent[]): boolean {
  return a.length === b.length && a.every((c, i) => c.sku === b[i]?.sku && c.quantity === b[i]?.quantity);
}

export { replaceComponents };
