import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { orderStatuses } from '../../src/modules/orders/index.js';
import { returnStatuses } from '../../src/modules/returns/index.js';
import { shipmentStatuses } from '../../src/modules/shipping/index.js';

/**
 * Whether the code appends an event type: a literal in src (or a constant of
 * platform/outbox/event-types.ts), or `<aggregate>.<status>` of a lifecycle that appends one per move
 * (orders, shipments, returns). The source of src is read once, leaving out files under `excluding`
 * (the feature that names the events, so it does not count itself).
 */
export async function appendedByCode(excluding: string): Promise<(event: string) => boolean> {
  const dir = join(import.meta.dirname, '../../src');
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !join(e.parentPath, e.name).slice(dir.length).includes(excluding));
  const src = (await Promise.all(files.map((f) => readFile(join(f.parentPath, f.name), 'utf8')))).join('\n');
  const lifecycles: Record<string, readonly string[]> = { order: orderStatuses, shipment: shipmentStatuses, return: returnStatuses };
  return (event) => {
    const [aggregate = '', status = ''] = event.split('.');
    return src.includes(`'${event}'`) || (lifecycles[aggregate]?.includes(status) ?? false);
  };
}
