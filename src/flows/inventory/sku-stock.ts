import type { Db } from '../../platform/db/database.js';
import { componentsOfKits, kitAvailability, type KitComponent } from '../../modules/catalog/index.js';
import { stockOfSku } from '../../modules/inventory/index.js';

export interface SkuStockView {
  sku: string;
  available_to_promise: number;
  kit: boolean;
  components?: { sku: string; quantity: number; available_to_promise: number }[];
  locations: { location: string; on_hand: number; reserved: number; available: number; bin?: string }[];
}

type StockRow = Awaited<ReturnType<typeof stockOfSku>>[number];
const sellable = (r: StockRow) => r.active && r.shipsToCustomers;

/**
 * One SKU's stock at every location and its total available to promise (active locations that
 * ship to customers). A kit holds no stock: per location it is the complete kits that location can
 * assemble from its own components, floor(min over components of available / quantity), and its
 * available to promise is the sum of that over the sellable locations — components at two
 * locations do not make a kit, which ships complete from one location.
 */
export async function skuStock(db: Db, tenantId: string, sku: string): Promise<SkuStockView> {
  const components = (await componentsOfKits(db, tenantId, [sku])).get(sku);
  if (!components) {
    const rows = await stockOfSku(db, tenantId, sku);
    return {
      sku,
      available_to_promise: rows.filter(sellable).reduce((sum, r) => sum + r.onHand - r.reserved, 0),
      kit: false,
      locations: rows.map((r) => ({ location: r.locationCode, on_hand: r.onHand, reserved: r.reserved, available: r.onHand - r.reserved, ...(r.bin ? { bin: r.bin } : {}), ...(r.quarantined > 0 ? { quarantined: r.quarantined } : {}) })),
    };
  }
  return kitStock(sku, components, await Promise.all(components.map(async (c) => ({ sku: c.sku, rows: await stockOfSku(db, tenantId, c.sku) }))));
}

function kitStock(sku: string, components: KitComponent[], stock: { sku: string; rows: StockRow[] }[]): SkuStockView {
  const at = (keep: (r: StockRow) => boolean) => stock.flatMap((s) => s.rows.filter(keep).map((r) => ({ location: r.locationCode, sku: s.sku, available: r.onHand - r.reserved })));
  const everywhere = kitAvailability(components, at(() => true));
  return {
    sku,
    available_to_promise: kitAvailability(components, at(sellable)).total,
    kit: true,
    components: components.map((c) => ({
      sku: c.sku,
      quantity: c.quantity,
      available_to_promise: (stock.find((s) => s.sku === c.sku)?.rows ?? []).filter(sellable).reduce((n, r) => n + r.onHand - r.reserved, 0),
    })),
    // A kit has no on-hand or reserved units of its own: its components do.
    locations: everywhere.locations.map((l) => ({ location: l.location, on_hand: 0, reserved: 0, available: l.available })),
  };
}
