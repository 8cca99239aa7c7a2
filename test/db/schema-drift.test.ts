import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { queryRows } from '../../src/platform/db/database.js';
import { events } from '../../src/platform/outbox/schema.js';
import { idempotencyKeys } from '../../src/platform/idempotency/schema.js';
import { apiKeys, tenants } from '../../src/modules/tenancy/db/schema.js';
import { passwordResets, sessions, users } from '../../src/modules/tenancy/db/staff.schema.js';
import { productComponents, products } from '../../src/modules/catalog/db/schema.js';
import { inventoryMovements, locations, reservations, stockLevels, inboundLines, inboundShipments, checkoutReservations } from '../../src/modules/inventory/db/schema.js';
import { orderAdjustments, orderEdits, orderHolds, orderLines, orders } from '../../src/modules/orders/db/schema.js';
import { orderChecks } from '../../src/modules/orders/db/checks.schema.js';
import { riskActiveRuleSets, riskDecisions, riskRuleSets, riskVelocityKeys } from '../../src/modules/risk/db/schema.js';
import { orderTransactions } from '../../src/modules/payments/db/schema.js';
import { returnDispositions, returnExchanges, returnLines, returnRefunds, returns, returnSettings } from '../../src/modules/returns/db/schema.js';
import { storeCreditAccounts, storeCreditEntries } from '../../src/modules/store-credit/db/schema.js';
import { waitingStatuses } from '../../src/modules/orders/index.js';
import { fulfillmentOrderLines, fulfillmentOrders } from '../../src/modules/fulfillment/db/schema.js';
import { boxes } from '../../src/modules/fulfillment/db/boxes.schema.js';
import { pickListOrders, pickLists, pickListStops } from '../../src/modules/fulfillment/db/pick-lists.schema.js';
import { packageLines, packages } from '../../src/modules/fulfillment/db/packages.schema.js';
import { carriers, deliveryPromises, shipmentDocuments, shipmentEvents, shipmentPackages, shipments, shippingRules } from '../../src/modules/shipping/db/schema.js';
import { channels } from '../../src/modules/channels/db/schema.js';
import { importJobs } from '../../src/modules/channels/db/imports.schema.js';
import { channelPushes } from '../../src/modules/channels/db/pushes.schema.js';
import { channelPolls } from '../../src/modules/channels/db/polls.schema.js';
import { brokerOutbox, outbox, webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../src/modules/integrations/db/schema.js';
import { x12ControlNumbers, x12Documents, x12PurchaseOrders } from '../../src/modules/channels/db/x12.schema.js';
import { customers } from '../../src/modules/customers/db/schema.js';
import { reviewCases, reviewVerifications } from '../../src/modules/reviews/db/schema.js';
import { notifications, notificationSuppressions } from '../../src/modules/notifications/db/schema.js';
import { surveyResponses } from '../../src/modules/surveys/db/schema.js';
import { notificationPreferences, notificationTemplates, notificationTemplateVersions } from '../../src/modules/notifications/db/templates.schema.js';
import { automationRules, automationRuns } from '../../src/modules/automations/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** The Drizzle table declarations and the SQL migrations describe the same columns. */
const tables: PgTable[] = [events, idempotencyKeys, tenants, apiKeys, users, sessions, passwordResets, products, productComponents, locations, stockLevels, inventoryMovements, reservations, orders, orderLines, orderAdjustments, orderChecks, riskRuleSets, riskActiveRuleSets, riskDecisions, riskVelocityKeys, orderTransactions, returnSettings, returns, returnLines, returnDispositions, returnRefunds, returnExchanges, storeCreditAccounts, storeCreditEntries, fulfillmentOrders, fulfillmentOrderLines, checkoutReservations, inboundShipments, inboundLines, boxes, pickLists, pickListOrders, pickListStops, packages, packageLines, carriers, shippingRules, deliveryPromises, shipments, shipmentPackages, shipmentEvents, shipmentDocuments, channels, outbox, brokerOutbox, webhookEndpoints, webhookDeliveries, webhookAttempts, importJobs, x12ControlNumbers, x12Documents, x12PurchaseOrders, channelPushes, channelPolls, customers, orderHolds, reviewCases, reviewVerifications, notifications, notificationSuppressions, orderEdits, notificationTemplates, notificationTemplateVersions, notificationPreferences, surveyResponses, automationRules, automationRuns];

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.dispose());

test('every declared table and column exists with the same nullability in the migrated database', async () => {
  // Generated columns (the orders' search keys, migration 0037) are the database's own: code never writes them.
  const columns = await queryRows<{ table_name: string; column_name: string; is_nullable: string }>(
    database.db,
    sql`select table_name, column_name, is_nullable from information_schema.columns where table_schema = 'public' and is_generated = 'NEVER'`,
  );
  const actual = new Map(columns.map((c) => [`${c.table_name}.${c.column_name}`, c.is_nullable === 'YES']));
  for (const table of tables) {
    const config = getTableConfig(table);
    const declared = config.columns.map((c) => `${config.name}.${c.name}`).sort();
    const migrated = [...actual.keys()].filter((k) => k.startsWith(`${config.name}.`)).sort();
    assert.deepEqual(declared, migrated, `columns of ${config.name}`);
    for (const column of config.columns) {
      assert.equal(actual.get(`${config.name}.${column.name}`), !column.notNull, `nullability of ${config.name}.${column.name}`);
    }
  }
});

test('the partial indexes of waiting orders cover exactly the statuses the code calls waiting', async () => {
  const rows = await queryRows<{ indexname: string; indexdef: string }>(
    database.db,
    sql`select indexname, indexdef from pg_indexes where tablename = 'orders' and indexname in ('orders_waiting', 'orders_waiting_ship_by') order by indexname`,
  );
  assert.deepEqual(rows.map((r) => r.indexname), ['orders_waiting', 'orders_waiting_ship_by']);
  for (const row of rows) {
    const statuses = [...row.indexdef.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]).sort();
    assert.deepEqual(statuses, [...waitingStatuses].sort(), row.indexname);
  }
});
