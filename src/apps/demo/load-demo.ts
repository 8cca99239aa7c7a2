import { DateTime } from 'luxon';
import { listChannels } from '../../modules/channels/index.js';
import { putProduct } from '../../modules/catalog/index.js';
import { listFulfillmentOrders, moveFulfillmentOrder, putBox } from '../../modules/fulfillment/index.js';
import { createLocation, findLocationsByCodeOrId, inventorySetup } from '../../modules/inventory/index.js';
import { hasOrders } from '../../modules/orders/index.js';
import { changeShippingRules, listCarriers, loadSampleCarriers, rulesFromWire, type SecretSource } from '../../modules/shipping/index.js';
import { placeOrder } from '../../flows/capture/place-order.js';
import { connectChannel } from '../../flows/channels/channel-settings.js';
import { packFulfillmentOrder } from '../../flows/fulfillment/pack-fulfillment-order.js';
import { createPickListFlow } from '../../flows/fulfillment/pick-lists.js';
import { adjustInventory } from '../../flows/inventory/adjust-inventory.js';
import { createInboundShipment } from '../../flows/inventory/inbound.js';
import { cancelOrder } from '../../flows/orders/cancel-order.js';
import { promiseOrder } from '../../flows/shipping/delivery-promise.js';
import { shipFulfillmentOrder } from '../../flows/shipping/ship-fulfillment-order.js';
import { recordManualTracking } from '../../flows/shipping/track-shipment.js';
import type { CanonicalOrder } from '../../platform/contracts/canonical-order.js';
import type { Db } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import type { Actor } from '../../platform/outbox/events.js';
import { DEMO_BOXES, DEMO_INBOUND, DEMO_KITS, DEMO_LOCATIONS, DEMO_PRODUCTS, SHOPIFY_CHANNEL, WEB_CHANNEL } from './catalog.js';
import { demoOrders, type DemoOrder, type DemoTarget } from './orders.js';

export interface DemoOptions {
  /** Seals the channels' secrets (the installation's OMS_SECRET_KEY). */
  secretKey: Buffer;
  /** The carriers' secrets (none for the sample rate cards). */
  secrets: SecretSource;
}

export interface DemoSummary {
  tenant_id: string;
  locations: number;
  products: number;
  orders: number;
  /** How many orders were taken to each state. */
  by_target: Record<string, number>;
  took_ms: number;
}

const HOUR = 3_600_000;

/**
 * Loads the demo data set into a tenant that has taken no order yet, through the same use-cases
 * and flows the API calls (so the events, reservations, ledger and timelines are real): set-up a
 * week before `now`, then each order at its hour, moved on to its state at later hours. The
 * set-up steps skip what exists, so a load interrupted before its orders can be run again; once
 * the tenant has orders, 409 DEMO_TENANT_NOT_EMPTY.
 */
export async function loadDemo(db: Db, tenantId: string, now: Date, options: DemoOptions): Promise<DemoSummary> {
  const started = Date.now();
  if (await hasOrders(db, tenantId)) throw new DomainError('DEMO_TENANT_NOT_EMPTY', 'The tenant already has orders; the demo loads only into a tenant without any (create a new tenant for it).');
  const staff: Actor = { tenantId, actorId: 'system:demo' };
  const setupAt = new Date(now.getTime() - 8 * 24 * HOUR);
  await setUp(db, staff, setupAt, now);
  const channels = await demoChannels(db, staff, setupAt, options.secretKey);
  const orders = demoOrders();
  const byTarget: Record<string, number> = {};
  for (const order of orders) {
    await runOrder(db, staff, channels, order, now, options.secrets);
    byTarget[order.target] = (byTarget[order.target] ?? 0) + 1;
  }
  return { tenant_id: tenantId, locations: DEMO_LOCATIONS.length, products: DEMO_PRODUCTS.length + DEMO_KITS.length, orders: orders.length, by_target: byTarget, took_ms: Date.now() - started };
}

async function setUp(db: Db, actor: Actor, at: Date, now: Date): Promise<void> {
  const existing = await findLocationsByCodeOrId(db, actor.tenantId, DEMO_LOCATIONS.map((l) => l.code));
  for (const location of DEMO_LOCATIONS) {
    if (!existing.some((e) => e.code === location.code)) await createLocation(db, actor, location, at);
  }
  for (const p of DEMO_PRODUCTS) {
    const [length, width, height] = p.dims;
    await putProduct(
      db,
      actor,
      p.sku,
      { name: p.name, price: p.price, currency: 'USD', weight_grams: p.weight, dimensions_mm: { length, width, height }, low_stock_threshold: p.threshold ?? 0, backorderable: p.backorderable ?? false, country_of_origin: 'US' },
      at,
    );
  }
  for (const kit of DEMO_KITS) await putProduct(db, actor, kit.sku, { name: kit.name, price: kit.price, currency: 'USD', components: kit.components }, at);
  if (!(await inventorySetup(db, actor.tenantId)).stocked) {
    const adjustments = DEMO_PRODUCTS.flatMap((p) =>
      Object.entries(p.stock).map(([location, delta]) => ({ sku: p.sku, location, delta, reason: 'received', reference: 'opening stock', bin: location === 'DC-EAST' ? (p.bin ?? null) : null })),
    );
    await adjustInventory(db, actor, adjustments, at);
  }
  for (const { code, ...box } of DEMO_BOXES) await putBox(db, actor, code, box, at);
  if ((await listCarriers(db, actor.tenantId)).length === 0) await loadSampleCarriers(db, actor, at);
  // Light parcels go USPS when it keeps the promise; otherwise the cheapest service that does.
  await changeShippingRules(db, actor, rulesFromWire({ strategy: 'cheapest', preferred: [{ carrier: 'usps', max_weight_grams: 450 }] }), at);
  const expected = DateTime.fromJSDate(now, { zone: 'America/New_York' }).plus({ days: DEMO_INBOUND.inDays }).toISODate() as string;
  await createInboundShipment(db, actor, { reference: DEMO_INBOUND.reference, location: DEMO_INBOUND.location, expectedDate: expected, lines: DEMO_INBOUND.lines }, at, (i, name) => `lines[${i}].${name}`);
}

/** The Shopify-like store (no access token: nothing is pushed back to a real shop) and the web shop's API channel. */
async function demoChannels(db: Db, actor: Actor, at: Date, secretKey: Buffer): Promise<Record<DemoOrder['channel'], string>> {
  const existing = await listChannels(db, actor.tenantId, { size: 100 });
  const idOf = async (name: string, make: () => Promise<{ id: string }>) => existing.find((c) => c.name === name)?.id ?? (await make()).id;
  const shopify = await idOf(SHOPIFY_CHANNEL, () =>
    connectChannel(db, actor, { type: 'shopify', name: SHOPIFY_CHANNEL, secret: 'demo-shopify-webhook-secret', settings: {}, locations: DEMO_LOCATIONS.map((l) => l.code) }, secretKey, at),
  );
  const web = await idOf(WEB_CHANNEL, () => connectChannel(db, actor, { type: 'api', name: WEB_CHANNEL, settings: {}, locations: ['DC-EAST', 'DC-WEST'] }, secretKey, at));
  return { shopify, web };
}

/** The canonical order of a demo order, as its channel would hand it over. */
function canonical(order: DemoOrder, channelId: string, placedAt: Date): CanonicalOrder {
  const c = order.customer;
  const address = { name: c.name, line1: c.line1, line2: null, city: c.city, region: c.region, postal_code: c.postal_code, country: 'US' };
  const price = (sku: string) => [...DEMO_PRODUCTS, ...DEMO_KITS].find((p) => p.sku === sku)?.price ?? '10.00';
  return {
    channel: channelId,
    ...channelOrderFields(order),
    currency: 'USD',
    placed_at: placedAt.toISOString(),
    customer: { email: c.email, name: c.name, phone: c.phone },
    shipping_address: address,
    billing_address: address,
    lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unit_price: price(l.sku) })),
    shipping: { service_level: order.serviceLevel, price: order.serviceLevel === 'standard' ? '5.95' : '14.95' },
    notes: null,
    tags: order.channel === 'shopify' ? ['demo', 'shopify'] : ['demo', 'web'],
  };
}

/** Where the channel's order name goes in the canonical order. */
function channelOrderFields(order: DemoOrder): Pick<CanonicalOrder, 'external_id'> {
  return { external_id: order.name };
}

async function runOrder(db: Db, staff: Actor, channels: Record<DemoOrder['channel'], string>, order: DemoOrder, now: Date, secrets: SecretSource): Promise<void> {
  const placedAt = new Date(now.getTime() - order.ageHours * HOUR);
  // Each later step an hour or more after the one before, never after the load itself.
  const at = (hours: number) => new Date(Math.min(placedAt.getTime() + hours * HOUR, now.getTime() - 60_000));
  const channelId = channels[order.channel];
  const captured = await placeOrder(db, { tenantId: staff.tenantId, actorId: `channel:${channelId}` }, canonical(order, channelId, placedAt), placedAt);
  const orderId = captured.body.id;
  await promiseOrder(db, staff, orderId, placedAt, secrets);
  const target: DemoTarget = order.target === 'partly_cancelled' ? afterPartialCancel(order.ageHours) : order.target;
  if (order.target === 'cancelled') {
    await cancelOrder(db, staff, orderId, { reason: 'Customer asked to cancel before shipping' }, at(0.5));
    return;
  }
  if (order.target === 'partly_cancelled') {
    const line = captured.body.lines.find((l) => l.quantity > 1) ?? captured.body.lines[0];
    if (line) await cancelOrder(db, staff, orderId, { reason: 'Customer removed one unit', lines: [{ line_id: line.id, quantity: 1 }] }, at(0.3));
  }
  if (target === 'new' || target === 'backordered') return;
  const fos = await listFulfillmentOrders(db, staff.tenantId, { orderId }, { size: 10 });
  for (const fo of fos) {
    await moveFulfillmentOrder(db, staff, fo.id, 'accepted', 'accepted by the warehouse', at(0.6));
    if (target === 'accepted' || target === 'late') continue;
    await createPickListFlow(db, staff, { location: fo.locationId, mode: 'single' }, at(1));
    if (target === 'picking') continue;
    await packFulfillmentOrder(db, staff, fo.id, {}, at(1.5));
    if (target === 'packed') continue;
    const shipped = await shipFulfillmentOrder(db, staff, fo.id, {}, at(2), { secrets });
    for (const [status, hours, place] of scans(target)) {
      await recordManualTracking(db, staff, shipped.body.id, { status, occurredAt: at(hours).toISOString(), location: place, description: describe(status) }, at(hours));
    }
  }
}

/** A partly cancelled order still ships what is left: the older it is, the further it got. */
function afterPartialCancel(ageHours: number): DemoTarget {
  return ageHours > 100 ? 'delivered' : ageHours > 60 ? 'in_transit' : 'label_created';
}

type ScanStatus = 'in_transit' | 'out_for_delivery' | 'delivered';

/** The carrier scans a shipment gets on its way to the target state: [status, hours after capture, where]. */
function scans(target: DemoTarget): [ScanStatus, number, string][] {
  const inTransit: [ScanStatus, number, string] = ['in_transit', 9, 'Departed origin facility'];
  if (target === 'in_transit') return [inTransit];
  if (target === 'delivered') return [inTransit, ['out_for_delivery', 50, 'Local delivery facility'], ['delivered', 56, 'Front door']];
  return [];
}

function describe(status: ScanStatus): string {
  return { in_transit: 'In transit to the destination', out_for_delivery: 'Out for delivery', delivered: 'Delivered, left at front door' }[status];
}
