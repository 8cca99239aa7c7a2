import type { Db } from '../../../platform/db/database.js';
import { listEndpoints } from '../../../modules/integrations/index.js';
import { TEMPLATE_CATALOG } from '../../../modules/notifications/index.js';
import { orderStatuses } from '../../../modules/orders/index.js';
import { returnStatuses } from '../../../modules/returns/index.js';
import { shipmentStatuses } from '../../../modules/shipping/index.js';
import type { AutomationCatalog } from '../../../modules/automations/index.js';
import { NOTIFYING_EVENTS } from '../../notifications/steps/compose.js';

/**
 * The event types a rule may trigger on (ADR 0038): the events about one order — its lifecycle
 * moves, its shipments' and returns', and the other changes on its timeline — every one naming the
 * order (aggregate `order`, or `data.order_id`). Each is appended somewhere in the code (test).
 */
export const TRIGGERS: readonly string[] = [
  ...new Set([
    'order.created',
    ...orderStatuses.filter((s) => s !== 'received').map((s) => `order.${s}`),
    'order.edited',
    'order.lines_cancelled',
    'order.tags_changed',
    'order.note_added',
    'order.held',
    'order.released',
    'order.rerouted',
    'order.backorder_allocated',
    'shipment.created',
    ...shipmentStatuses.filter((s) => s !== 'label_created').map((s) => `shipment.${s}`),
    'return.requested',
    ...returnStatuses.filter((s) => s !== 'requested').map((s) => `return.${s}`),
    'return.label_purchased',
    'refund.created',
    'review.opened',
    'review.closed',
    'verification.requested',
    'verification.confirmed',
    ...NOTIFYING_EVENTS,
  ]),
];

/** What a rule is validated against: triggers, templates (with the events their data needs), the tenant's webhook endpoints. */
export async function automationCatalog(db: Db, tenantId: string): Promise<AutomationCatalog> {
  const endpoints = await listEndpoints(db, tenantId, { size: 10_000 });
  return { triggers: TRIGGERS, templates: TEMPLATE_CATALOG, endpointIds: new Set(endpoints.map((e) => e.id)) };
}
