import { parseArgs } from 'node:util';
import { bootstrapFirstTenant, findRootTenantId, tenantExists } from '../modules/tenancy/index.js';
import type { Database } from '../platform/db/database.js';
import { DomainError } from '../platform/errors.js';
import { loadDemo, type DemoOptions } from './demo/load-demo.js';

export const demoUsage = `Usage: oms demo [--tenant ID]
  Loads the demo data set (3 locations, ~20 products and 2 kits, stock, boxes, the sample carriers,
  a Shopify-like and a web channel, an inbound shipment, ~40 orders of the last 7 days in every
  state) into the tenant, by default the installation's first tenant. Only into a tenant without
  orders: a second run changes nothing. Exit code: 0 loaded or already there, 1 it could not run.`;

/** `oms demo`: the same loader as POST /v1/demo, for a terminal. */
export async function demoCommand(flags: string[], open: () => Promise<Database>, options: DemoOptions & { adminKey: string | undefined; consoleUrl: string }): Promise<number> {
  let tenant: string | undefined;
  try {
    tenant = parseArgs({ args: flags, options: { tenant: { type: 'string' } }, strict: true }).values.tenant;
  } catch (error) {
    console.error(`oms demo: ${(error as Error).message}\n${demoUsage}`);
    return 1;
  }
  const database = await open();
  try {
    const now = new Date();
    // A fresh installation gets its first tenant and admin key here, as on the first `oms serve`.
    const boot = tenant === undefined ? await bootstrapFirstTenant(database.db, now, options.adminKey) : undefined;
    if (boot?.generatedKey) process.stdout.write(`\n  Created tenant ${boot.tenantId} and an admin API key (shown only now):\n\n    ${boot.generatedKey}\n\n`);
    const tenantId = tenant === undefined ? await findRootTenantId(database.db) : (await tenantExists(database.db, tenant)) ? tenant : undefined;
    if (!tenantId) {
      console.error(`oms demo: no tenant ${tenant ?? ''} in this database.`);
      return 1;
    }
    process.stdout.write(`Loading the demo data set into tenant ${tenantId}…\n`);
    try {
      const summary = await loadDemo(database.db, tenantId, now, options);
      const states = Object.entries(summary.by_target).map(([state, n]) => `${n} ${state.replace('_', ' ')}`).join(', ');
      process.stdout.write(
        `Loaded in ${(summary.took_ms / 1000).toFixed(1)} s: ${summary.locations} locations, ${summary.products} products, ${summary.orders} orders (${states}).\n` +
          `Start the server (npx oms serve) and open ${options.consoleUrl} to look around.\n`,
      );
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'DEMO_TENANT_NOT_EMPTY')) throw error;
      process.stdout.write(`Tenant ${tenantId} already has orders, so the demo was not loaded again: nothing changed.\n(To see it beside your own data, create a tenant with POST /v1/tenants and run oms demo --tenant <its id>.)\n`);
    }
    return 0;
  } finally {
    await database.close();
  }
}
