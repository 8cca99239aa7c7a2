import { hasShippableProduct, lowStockThresholds } from '../../modules/catalog/index.js';
import { listChannels } from '../../modules/channels/index.js';
import { listBoxes } from '../../modules/fulfillment/index.js';
import { countLowStockSkus, inventorySetup } from '../../modules/inventory/index.js';
import { backorderedUnits, countLateOrders, countOrdersAwaitingFulfillment, countOrdersCreated, ordersPerHour } from '../../modules/orders/index.js';
import { countOrdersShipped, getShippingRules, listCarriers } from '../../modules/shipping/index.js';
import { listApiKeys, listUsers } from '../../modules/tenancy/index.js';
import type { Db } from '../../platform/db/database.js';
import { CHART_HOURS, dashboardWindow } from './steps/time-window.js';

export interface ChecklistItem {
  id: string;
  done: boolean;
  title: string;
  hint: string;
  /** Where in the console it is done. */
  link: string;
}

export interface Dashboard {
  today: { orders_in: number; awaiting_fulfillment: number; shipped: number; late: number; backordered_units: number; low_stock_skus: number };
  orders_per_hour: { hour: string; count: number }[];
  checklist: ChecklistItem[];
}

/**
 * GET /v1/dashboard: today's numbers in the viewer's time zone, orders per hour over the last 7
 * days, and what a first shipment still needs. Read-only; every query reads a bounded range of a
 * tenant-first index (see each module's db/dashboard.queries.ts).
 */
export async function dashboard(db: Db, tenantId: string, now: Date, zone: string): Promise<Dashboard> {
  const w = dashboardWindow(now, zone);
  const [ordersIn, awaiting, shipped, late, backordered, lowStock, perHour, checklist] = await Promise.all([
    countOrdersCreated(db, tenantId, w.dayStart, w.dayEnd),
    countOrdersAwaitingFulfillment(db, tenantId),
    countOrdersShipped(db, tenantId, w.dayStart, w.dayEnd),
    countLateOrders(db, tenantId, w.today),
    backorderedUnits(db, tenantId),
    lowStockThresholds(db, tenantId).then((thresholds) => countLowStockSkus(db, tenantId, thresholds)),
    ordersPerHour(db, tenantId, w.chartStart, CHART_HOURS),
    firstShipmentChecklist(db, tenantId),
  ]);
  return {
    today: { orders_in: ordersIn, awaiting_fulfillment: awaiting, shipped, late, backordered_units: backordered, low_stock_skus: lowStock },
    orders_per_hour: Array.from({ length: CHART_HOURS }, (_, i) => ({ hour: new Date(w.chartStart.getTime() + i * 3_600_000).toISOString(), count: perHour.get(i) ?? 0 })),
    checklist,
  };
}

/** What a first shipment needs, in the order it is set up; each item says where it is done. */
async function firstShipmentChecklist(db: Db, tenantId: string): Promise<ChecklistItem[]> {
  const [inventory, shippable, boxes, carriers, rules, channels, keys, users] = await Promise.all([
    inventorySetup(db, tenantId),
    hasShippableProduct(db, tenantId),
    listBoxes(db, tenantId, { size: 1 }),
    listCarriers(db, tenantId, true),
    getShippingRules(db, tenantId),
    listChannels(db, tenantId, { size: 1 }),
    listApiKeys(db, tenantId, { size: 20 }),
    listUsers(db, tenantId, { size: 20 }),
  ]);
  const activeKeys = keys.filter((k) => k.revokedAt === null).length;
  const activeUsers = users.filter((u) => u.disabledAt === null).length;
  return [
    {
      id: 'location_address',
      done: inventory.locationWithAddress,
      title: 'Add a location with its address',
      hint: 'Orders are routed to locations that ship to customers; the address is the label’s ship-from and dates the delivery promise.',
      link: '/locations',
    },
    {
      id: 'product_dimensions',
      done: shippable,
      title: 'Add a product with weight and dimensions',
      hint: 'Packing picks a box by the products’ dimensions and weight, and the carriers price the parcel by them.',
      link: '/products',
    },
    { id: 'stock', done: inventory.stocked, title: 'Put stock on hand', hint: 'Adjust inventory or receive an inbound shipment at a location, so orders can be allocated.', link: '/inventory' },
    { id: 'box', done: boxes.length > 0, title: 'Define a box', hint: 'Without boxes nothing can be packed (FULFILLMENT_NO_BOXES): give their inner dimensions, weight limit and tare.', link: '/boxes' },
    {
      id: 'carrier',
      done: carriers.length > 0,
      title: 'Connect a carrier',
      hint: 'Load the sample UPS, FedEx and USPS rate cards (POST /v1/carriers/samples) to try labels, or connect an EasyPost account.',
      link: '/carriers',
    },
    {
      id: 'shipping_rules',
      done: rules !== undefined || carriers.some((c) => c.kind === 'rate_card'),
      title: 'Rates to choose from: a rate card or shipping rules',
      hint: 'With a rate card the cheapest service that keeps the promise wins; shipping rules choose another strategy or preferred carriers.',
      link: '/shipping/rules',
    },
    {
      id: 'channel',
      done: channels.length > 0 || activeKeys > 1,
      title: 'Connect a sales channel or issue an API key',
      hint: 'Orders come in from a shop (Shopify, WooCommerce, Amazon, eBay…), a file import, or your own system with an API key.',
      link: '/channels',
    },
    {
      id: 'staff_user',
      done: activeUsers > 1,
      title: 'Give your team their own sign-in',
      hint: 'Add a user for each person (admin, operator, viewer, or staff of one location): every action they take shows on the timeline under their name.',
      link: '/users',
    },
  ];
}
