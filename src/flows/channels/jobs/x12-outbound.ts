import type { Db } from '../../../platform/db/database.js';
import type { Address } from '../../../platform/http/address.js';
import { newId } from '../../../platform/kernel/ids.js';
import { currencyExponent } from '../../../platform/kernel/money.js';
import type { OutboxSubscriber, RelayedEvent } from '../../../platform/outbox/subscribers.js';
import {
  buildInvoice810,
  buildShipNotice856,
  documentsOfShipment,
  findChannel,
  insertX12Document,
  nextControlNumber,
  purchaseOrderOfOrder,
  sscc18,
  tradingPartnerOf,
  type InvoiceLine,
  type OutboundEnvelope,
  type Party,
  type ShipNoticeItem,
  type ShipNoticePack,
  type StoredPoLine,
  type X12Party,
  type ChannelRow,
  type TradingPartner,
} from '../../../modules/channels/index.js';
import { findFulfillmentOrder, packagesOf } from '../../../modules/fulfillment/index.js';
import { findOrder, linesOfOrders, type OrderLineRow } from '../../../modules/orders/index.js';
import { findShipment } from '../../../modules/shipping/index.js';

export interface ShipmentDocuments {
  shipNoticeId: string;
  invoiceId: string | null;
}

function partyFromAddress(entity: string, address: Address | Record<string, unknown>): X12Party {
  const a = address as Partial<Address>;
  return {
    entity,
    name: a.name ?? a.company ?? 'UNKNOWN',
    addressLines: [a.line1 ?? '', a.line2 ?? ''].filter((l) => l !== ''),
    city: a.city ?? null,
    state: a.region ?? null,
    postalCode: a.postal_code ?? null,
    country: a.country ?? null,
  };
}

function partyFrom850(party: Party): X12Party {
  return { entity: 'ST', name: party.name, idQualifier: party.idQualifier, id: party.id, addressLines: party.addressLines, city: party.city, state: party.state, postalCode: party.postalCode, country: party.country };
}

/**
 * Shipped units per PO line: each fulfillment-order line is an order line, and the order line's
 * number is its PO1's position in the 850. A kit's component lines stand for their kit line.
 */
function poLineOf(line: OrderLineRow, byId: Map<string, OrderLineRow>, poLines: StoredPoLine[]): { po: StoredPoLine; units: (n: number) => number } | null {
  if (line.parentLineId === null) {
    const po = poLines[line.lineNo - 1];
    return po ? { po, units: (n) => n } : null;
  }
  const kit = byId.get(line.parentLineId);
  const po = kit ? poLines[kit.lineNo - 1] : undefined;
  if (!kit || !po) return null;
  const perKit = Math.max(1, Math.round(line.quantity / kit.quantity));
  return { po, units: (n) => Math.floor(n / perKit) };
}

type Found<F extends (...args: never[]) => Promise<unknown>> = NonNullable<Awaited<ReturnType<F>>>;

/** What the documents of one shipment are made from. */
interface Source {
  tx: Db;
  tenantId: string;
  now: Date;
  shipment: Found<typeof findShipment>;
  po: Found<typeof purchaseOrderOfOrder>;
  channel: ChannelRow;
  partner: TradingPartner;
  order: Found<typeof findOrder>;
  orderLines: OrderLineRow[];
  fo: Found<typeof findFulfillmentOrder>;
  packages: Found<typeof packagesOf>;
}

/** The shipment's records, or null when it needs no documents: not from an active X12 channel's 850, or its 856 is out already. */
async function sourceOf(tx: Db, tenantId: string, shipmentId: string, now: Date): Promise<Source | null> {
  const shipment = await findShipment(tx, tenantId, shipmentId);
  if (!shipment) return null;
  const po = await purchaseOrderOfOrder(tx, tenantId, shipment.orderId);
  if (!po) return null;
  const channel = await findChannel(tx, tenantId, po.channelId);
  if (!channel || channel.type !== 'x12' || !channel.active) return null;
  if ((await documentsOfShipment(tx, tenantId, shipment.id)).some((d) => d.type === '856')) return null;
  const partner = tradingPartnerOf(channel.settings);

  const [order, orderLines, fo, packages] = await Promise.all([
    findOrder(tx, tenantId, shipment.orderId),
    linesOfOrders(tx, tenantId, [shipment.orderId]),
    findFulfillmentOrder(tx, tenantId, shipment.fulfillmentOrderId),
    packagesOf(tx, tenantId, shipment.fulfillmentOrderId),
  ]);
  if (!order || !fo) return null;
  return { tx, tenantId, now, shipment, po, channel, partner, order, orderLines, fo, packages };
}

/**
 * Turns parcel contents (SKU and units) into PO lines, taking the units from what is left of the
 * fulfillment order's lines in their order, so no unit is counted twice.
 */
function poLineItems(src: Source): (contents: { sku: string; quantity: number }[]) => ShipNoticeItem[] {
  const byId = new Map(src.orderLines.map((l) => [l.id, l]));
  const remaining = src.fo.lines.map((l) => ({ ...l, left: l.quantity }));
  return (contents) => {
    const units = new Map<string, { po: StoredPoLine; quantity: number }>();
    for (const c of contents) {
      let want = c.quantity;
      for (const r of remaining) {
        if (want === 0) break;
        if (r.sku !== c.sku || r.left === 0) continue;
        const take = Math.min(want, r.left);
        r.left -= take;
        want -= take;
        const line = byId.get(r.orderLineId);
        const mapped = line ? poLineOf(line, byId, src.po.lines) : null;
        if (!mapped) continue;
        const entry = units.get(mapped.po.line_id);
        const n = mapped.units(take);
        if (entry) entry.quantity = Math.max(entry.quantity, n);
        else units.set(mapped.po.line_id, { po: mapped.po, quantity: n });
      }
    }
    return [...units.values()].filter((u) => u.quantity > 0).map((u) => ({ lineId: u.po.line_id, productIds: u.po.product_ids, quantity: u.quantity, unit: u.po.unit || 'EA' }));
  };
}

/**
 * The parcels with their contents, each with an SSCC when the partner has a GS1 prefix. When the
 * packages do not say what they hold, a single parcel holds everything; otherwise the units go loose.
 */
async function packsOf(src: Source): Promise<{ packs: ShipNoticePack[]; looseItems: ShipNoticeItem[] }> {
  const { shipment, partner } = src;
  const itemsFor = poLineItems(src);
  const contentsOf = (packageId: string | null) => src.packages.find((p) => p.id === packageId)?.lines ?? null;
  const known = shipment.packages.every((p) => contentsOf(p.packageId) !== null);
  const everything = src.fo.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
  const packs: ShipNoticePack[] = [];
  for (const p of shipment.packages) {
    const sscc = partner.gs1CompanyPrefix ? sscc18(0, partner.gs1CompanyPrefix, await nextControlNumber(src.tx, src.tenantId, src.channel.id, 'sscc')) : null;
    let contents: { sku: string; quantity: number }[] = [];
    if (known) contents = contentsOf(p.packageId) ?? [];
    else if (shipment.packages.length === 1) contents = everything;
    packs.push({ trackingNumber: p.trackingNumber, sscc, weightGrams: p.weightGrams, items: itemsFor(contents) });
  }
  const looseItems = known || shipment.packages.length === 1 ? [] : itemsFor(everything);
  return { packs, looseItems };
}

/** A new envelope in the 850's separators and versions; each takes the next interchange and group control numbers. */
async function nextEnvelope(src: Source): Promise<OutboundEnvelope> {
  const { tx, tenantId, channel, partner, now } = src;
  const env = src.po.envelope;
  return {
    separators: { element: env.element, subElement: env.sub_element, segment: env.segment, repetition: env.repetition },
    sender: { qualifier: partner.us.qualifier, id: partner.us.id, applicationCode: partner.us.gsId },
    receiver: { qualifier: partner.partner.qualifier, id: partner.partner.id, applicationCode: partner.partner.gsId },
    interchangeControlNumber: await nextControlNumber(tx, tenantId, channel.id, 'interchange'),
    groupControlNumber: await nextControlNumber(tx, tenantId, channel.id, 'group'),
    setControlNumber: 1,
    isaVersion: env.isa_version,
    gsVersion: env.gs_version,
    at: now,
    usage: env.usage,
  };
}

/** The fields every outbound document row of this shipment shares. */
function documentRow(src: Source) {
  return { tenantId: src.tenantId, channelId: src.channel.id, partnerId: src.partner.partner.id, replyToId: null, orderId: src.order.id, shipmentId: src.shipment.id, poNumber: src.po.poNumber, acknowledgedAt: null, createdAt: src.now };
}

interface Parties {
  shipTo: X12Party;
  shipFrom: X12Party;
}

/** Stores the 856; null when another run stored it first. */
async function storeShipNotice(src: Source, parties: Parties, packs: ShipNoticePack[], looseItems: ShipNoticeItem[]): Promise<string | null> {
  const { shipment, po } = src;
  const envelope = await nextEnvelope(src);
  const notice = buildShipNotice856({
    ...envelope,
    shipmentId: shipment.id,
    shipDate: shipment.shipDate,
    carrier: shipment.carrier,
    service: shipment.service,
    poNumber: po.poNumber,
    poDate: po.poDate,
    ...parties,
    packs,
    looseItems,
  });
  const shipNoticeId = newId('xdc');
  const stored = await insertX12Document(src.tx, {
    ...documentRow(src),
    id: shipNoticeId,
    direction: 'outbound',
    type: '856',
    controlNumber: String(envelope.interchangeControlNumber).padStart(9, '0'),
    body: notice,
    summary: { parcels: packs.length, units: [...packs.flatMap((p) => p.items), ...looseItems].reduce((n, i) => n + i.quantity, 0) },
  });
  return stored ? shipNoticeId : null;
}

/** Shipped units per PO line, at the order lines' unit prices. */
function invoiceLines(src: Source, items: ShipNoticeItem[]): InvoiceLine[] {
  const shipped = new Map<string, InvoiceLine>();
  for (const item of items) {
    const line = src.orderLines.find((l) => l.parentLineId === null && src.po.lines[l.lineNo - 1]?.line_id === item.lineId);
    const entry = shipped.get(item.lineId);
    if (entry) entry.quantity += item.quantity;
    else shipped.set(item.lineId, { lineId: item.lineId, quantity: item.quantity, unit: item.unit, unitPriceMinor: line?.unitPriceMinor ?? 0, productIds: item.productIds });
  }
  return [...shipped.values()];
}

async function storeInvoice(src: Source, parties: Parties, items: ShipNoticeItem[]): Promise<string> {
  const { shipment, po, order, now } = src;
  const lines = invoiceLines(src, items);
  const envelope = await nextEnvelope(src);
  const invoiceNumber = `INV${String(envelope.interchangeControlNumber).padStart(9, '0')}`;
  const invoiceId = newId('xdc');
  await insertX12Document(src.tx, {
    ...documentRow(src),
    id: invoiceId,
    direction: 'outbound',
    type: '810',
    controlNumber: String(envelope.interchangeControlNumber).padStart(9, '0'),
    body: buildInvoice810({
      ...envelope,
      invoiceNumber,
      invoiceDate: now.toISOString().slice(0, 10),
      poNumber: po.poNumber,
      poDate: po.poDate,
      currency: order.currency,
      exponent: currencyExponent(order.currency) ?? 2,
      shipmentId: shipment.id,
      trackingNumber: shipment.trackingNumber,
      shipDate: shipment.shipDate,
      carrier: shipment.carrier,
      service: shipment.service,
      shipTo: parties.shipTo,
      remitTo: { ...parties.shipFrom, entity: 'RI' },
      lines,
    }),
    summary: { invoice_number: invoiceNumber, lines: lines.length },
  });
  return invoiceId;
}

/**
 * On `shipment.created` of an order that came in as an X12 850: the 856 ship notice (and, when the
 * partner wants it, the 810 invoice) for that shipment, stored as outbound documents for the VAN
 * to pick up. Nothing for other orders; nothing again for a shipment that has its 856 already.
 * Runs inside the relay's transaction, so the control numbers it takes commit with the documents.
 */
export async function sendShipmentDocuments(tx: Db, tenantId: string, shipmentId: string, now: Date): Promise<ShipmentDocuments | null> {
  const src = await sourceOf(tx, tenantId, shipmentId, now);
  if (!src) return null;
  const { packs, looseItems } = await packsOf(src);
  const parties: Parties = {
    shipTo: src.po.shipTo ? partyFrom850(src.po.shipTo as unknown as Party) : partyFromAddress('ST', src.shipment.shipTo),
    shipFrom: partyFromAddress('SF', src.shipment.shipFrom),
  };
  const shipNoticeId = await storeShipNotice(src, parties, packs, looseItems);
  if (!shipNoticeId) return null;
  const invoiceId = src.partner.invoiceOnShipment ? await storeInvoice(src, parties, [...packs.flatMap((p) => p.items), ...looseItems]) : null;
  return { shipNoticeId, invoiceId };
}

/** The outbox relay hands each `shipment.created` here, inside its transaction. */
export const x12OutboundSubscriber: OutboxSubscriber = {
  name: 'x12-outbound',
  types: ['shipment.created'],
  async handle(tx: Db, event: RelayedEvent, now: Date): Promise<void> {
    await sendShipmentDocuments(tx, event.tenantId, event.aggregateId, now);
  },
};
