import type { CanonicalOrder } from '../../../platform/contracts/canonical-order.js';
import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import type { Address } from '../../../platform/http/address.js';
import { newId } from '../../../platform/kernel/ids.js';
import { currencyExponent, formatMoney, parseMoney } from '../../../platform/kernel/money.js';
import type { Actor } from '../../../platform/outbox/events.js';
import {
  buildAck855,
  buildAck997,
  findChannel,
  findInboundInterchange,
  insertPurchaseOrder,
  insertX12Document,
  map850,
  nextControlNumber,
  parseInterchangeOffLoop,
  repliesTo,
  setX12DocumentSummary,
  tradingPartnerOf,
  type Ack855Line,
  type Interchange,
  type LineAck,
  type Party,
  type PurchaseOrder850,
  type StoredEnvelope,
  type StoredPoLine,
  type TradingPartner,
  type TransactionSet,
  type X12DocumentRow,
  type X12Problem,
} from '../../../modules/channels/index.js';
import { findProductsByGtin, findStockPolicies } from '../../../modules/catalog/index.js';
import { captureOrder } from '../../capture/steps/capture-order.js';
import type { OrderView } from '../../orders/steps/order-view.js';

/** What became of one transaction set of the interchange. */
export interface X12SetOutcome {
  group: string;
  set: string;
  type: string;
  status: 'accepted' | 'rejected';
  po_number: string | null;
  order_id: string | null;
  /** created, duplicate (this PO was received before) or rejected. */
  outcome: 'created' | 'duplicate' | 'rejected';
  problems: { segment: string | null; element: number | null; message: string }[];
}

export interface X12Receipt {
  /** The 997 interchange answering the received one. */
  ack: string;
  /** The stored received interchange. */
  document_id: string;
  ack_document_id: string;
  /** True when this exact interchange (sender + ISA13) was received before: the first 997 again. */
  duplicate: boolean;
  sets: X12SetOutcome[];
}

const trim = (s: string) => s.trim();

/** Which product each PO1 line names: SK/VP/VN are our SKUs, UP/EN a GTIN stored on a product. */
async function matchLines(db: Db, tenantId: string, po: PurchaseOrder850): Promise<{ skus: (string | null)[]; prices: Map<string, number> }> {
  const skuIds = po.lines.flatMap((l) => l.productIds.filter((p) => ['SK', 'VP', 'VN'].includes(p.qualifier)).map((p) => p.id));
  const gtins = po.lines.flatMap((l) => l.productIds.filter((p) => p.qualifier === 'UP' || p.qualifier === 'EN').map((p) => p.id));
  const [policies, byGtin] = await Promise.all([findStockPolicies(db, tenantId, [...new Set(skuIds)]), findProductsByGtin(db, tenantId, gtins)]);
  const known = new Set(policies.map((p) => p.sku));
  const bare = (code: string) => code.replace(/^0+/, '');
  const skus = po.lines.map((line) => {
    for (const id of line.productIds) {
      if (['SK', 'VP', 'VN'].includes(id.qualifier) && known.has(id.id)) return id.id;
      if ((id.qualifier === 'UP' || id.qualifier === 'EN') && /^\d+$/.test(id.id)) {
        const hit = byGtin.find((g) => bare(g.gtin) === bare(id.id));
        if (hit) return hit.sku;
      }
    }
    return null;
  });
  const matched = [...new Set(skus.filter((s): s is string => s !== null))];
  const prices = new Map((await findStockPolicies(db, tenantId, matched)).map((p) => [p.sku, p.priceMinor]));
  return { skus, prices };
}

function addressOf(party: Party | null): Address | null {
  if (!party) return null;
  const [line1, line2] = party.addressLines;
  if (!line1 || !party.city) return null;
  const country = party.country && /^[A-Z]{2}$/.test(party.country) ? party.country : party.country === 'USA' || party.country === null ? 'US' : null;
  if (!country) return null;
  return { name: party.name || null, company: party.additionalNames[0] ?? null, line1, line2: line2 ?? null, city: party.city, region: party.state, postal_code: party.postalCode, country, phone: null };
}

interface Prepared {
  order: CanonicalOrder | null;
  problems: X12Problem[];
  skus: (string | null)[];
}

/** The canonical order of one mapped 850, or the problems that reject its set (each naming its PO1). */
async function prepareOrder(db: Db, tenantId: string, channelId: string, set: TransactionSet, group: string, po: PurchaseOrder850): Promise<Prepared> {
  const problems: X12Problem[] = [];
  const exponent = currencyExponent(po.currency);
  const { skus, prices } = await matchLines(db, tenantId, po);
  const po1s = set.segments.filter((s) => s.tag === 'PO1');
  const at = (i: number, element: number, message: string, code: X12Problem['code'], ack: string, value?: string) => {
    const segment = po1s[i];
    problems.push({
      code,
      message,
      groupControlNumber: group,
      setControlNumber: set.controlNumber,
      segmentTag: 'PO1',
      ...(segment ? { setPosition: set.segments.indexOf(segment) + 1, position: segment.position } : {}),
      element,
      ...(value === undefined ? {} : { value }),
      ack: { segment: '8', element: ack, set: '5' },
    });
  };
  if (exponent === undefined) {
    problems.push({ code: 'X12_ELEMENT_INVALID_CODE', message: `currency ${po.currency} is not ISO 4217`, groupControlNumber: group, setControlNumber: set.controlNumber, ack: { set: '5' } });
    return { order: null, problems, skus };
  }
  const lines = po.lines.map((line, i) => {
    const sku = skus[i] ?? null;
    if (sku === null) {
      const first = line.productIds[0];
      at(i, 7, `line ${line.lineId}: no product matches ${line.productIds.map((p) => `${p.qualifier} ${p.id}`).join(', ') || '(no product id)'}`, 'X12_ELEMENT_INVALID_CODE', '7', first?.id);
    }
    const quantity = Number(line.quantity);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 1_000_000) at(i, 2, `line ${line.lineId}: quantity ${line.quantity} is not a whole number from 1 to 1000000`, 'X12_ELEMENT_NOT_NUMERIC', '6', line.quantity);
    let unitPrice = line.unitPrice;
    if (unitPrice === null) unitPrice = sku !== null ? formatMoney(prices.get(sku) ?? 0, exponent) : '0';
    else if (!parseMoney(unitPrice, exponent).ok) at(i, 4, `line ${line.lineId}: unit price ${unitPrice} has more than ${exponent} decimals or is negative`, 'X12_ELEMENT_NOT_NUMERIC', '6', unitPrice);
    const bad = [...line.charges.map((c) => c.amount), ...line.taxes.map((t) => t.amount)].find((a) => !parseMoney(a, exponent).ok);
    if (bad !== undefined) at(i, 1, `line ${line.lineId}: amount ${bad} (SAC or TXI) has more than ${exponent} decimals`, 'X12_ELEMENT_NOT_NUMERIC', '6', bad);
    return { sku: sku ?? '', quantity, unit_price: unitPrice, ...x12LineMoney(line) };
  });
  const money = x12OrderMoney(po);
  const badHeader = [...po.charges.map((c) => c.amount), ...po.taxes.map((t) => t.amount)].find((a) => !parseMoney(a, exponent).ok);
  if (badHeader !== undefined) {
    problems.push({ code: 'X12_ELEMENT_NOT_NUMERIC', message: `amount ${badHeader} (SAC or TXI) has more than ${exponent} decimals`, groupControlNumber: group, setControlNumber: set.controlNumber, ack: { set: '5' } });
  }
  if (problems.length > 0) return { order: null, problems, skus };
  const notes = po.notes.join('\n').slice(0, 5000);
  return {
    order: {
      channel: channelId,
      external_id: po.poNumber,
      channel_order_name: po.poNumber, // BEG03, what the trading partner calls the order
      currency: po.currency,
      placed_at: po.poDate ? `${po.poDate}T00:00:00.000Z` : null,
      customer: po.buyer ? { name: po.buyer.name || null } : null,
      shipping_address: addressOf(po.shipTo),
      billing_address: addressOf(po.billTo),
      lines,
      shipping: { service_level: 'standard', price: null },
      ...money,
      notes: notes === '' ? null : notes,
      tags: ['x12', `po:${po.poNumber}`.slice(0, 100)],
    },
    problems,
    skus,
  };
}

/** A PO1 loop's allowances (SAC A) as discounts, its freight (SAC C D240) left to the order's shipping, its TXI as taxes. */
function x12LineMoney(line: PurchaseOrder850['lines'][number]): Pick<CanonicalOrder['lines'][number], 'discounts' | 'taxes'> {
  const discounts = line.charges.filter((c) => c.kind === 'allowance').map((c) => ({ code: c.code, title: c.description, source: 'channel', amount: c.amount }));
  const taxes = line.taxes.map((t) => ({ title: t.type, rate: t.rate, amount: t.amount }));
  return { ...(discounts.length > 0 ? { discounts } : {}), ...(taxes.length > 0 ? { taxes } : {}) };
}

/** Header allowances as order discounts, header TXI as order taxes, every freight charge (header or line) as a shipping line. */
function x12OrderMoney(po: PurchaseOrder850): Pick<CanonicalOrder, 'order_discounts' | 'order_taxes' | 'shipping_lines'> {
  const freight = [...po.charges, ...po.lines.flatMap((l) => l.charges)].filter((c) => c.kind === 'charge');
  const allowances = po.charges.filter((c) => c.kind === 'allowance');
  return {
    ...(allowances.length > 0 ? { order_discounts: allowances.map((c) => ({ code: c.code, title: c.description, source: 'channel', amount: c.amount })) } : {}),
    ...(po.taxes.length > 0 ? { order_taxes: po.taxes.map((t) => ({ title: t.type, rate: t.rate, amount: t.amount })) } : {}),
    ...(freight.length > 0 ? { shipping_lines: freight.map((c) => ({ title: c.description ?? 'freight', service_level: 'standard', price: c.amount })) } : {}),
  };
}

/**
 * ACKs of one 855 line from what capture did: IA for the units allocated, IB for those waiting
 * (backordered, or held unallocated by a routing rule or the on-hold setting), IR for a line of an
 * order that was not captured.
 */
function acksOf(line: OrderView['lines'][number] | undefined): LineAck[] {
  if (!line) return [{ status: 'IR', quantity: '0' }];
  const acks: LineAck[] = [];
  if (line.allocated > 0) acks.push({ status: 'IA', quantity: String(line.allocated) });
  const waiting = line.quantity - line.allocated - line.cancelled;
  if (waiting > 0) acks.push({ status: 'IB', quantity: String(waiting) });
  return acks.length > 0 ? acks : [{ status: 'IR', quantity: '0' }];
}

interface SetWork {
  group: string;
  set: TransactionSet;
  po: PurchaseOrder850 | null;
  problems: X12Problem[];
  skus: (string | null)[];
  order: OrderView | null;
  outcome: X12SetOutcome['outcome'];
}

function envelopeOf(ic: Interchange): StoredEnvelope {
  const s = ic.separators;
  return { element: s.element, sub_element: s.subElement, segment: s.segment, repetition: s.repetition, isa_version: ic.header.version, gs_version: ic.groups[0]?.version ?? '004010', usage: ic.header.usage };
}

/**
 * One interchange from the channel's trading partner (POST /v1/channels/{id}/x12 and x12 file
 * imports). Each 850 is
 * mapped, its lines matched to products, and captured like any order (idempotent per channel and
 * PO number); the answer is the 997 accepting or rejecting each set. The received interchange,
 * the 997 and (when the partner wants them) one 855 per purchase order are stored as documents.
 * The same interchange again (sender + ISA13) is answered with the same 997 and changes nothing.
 */
export async function receiveInterchange(db: Db, actor: Actor, channelId: string, text: string, now: Date): Promise<X12Receipt> {
  const channel = await findChannel(db, actor.tenantId, channelId);
  if (!channel) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${channelId}.`);
  if (channel.type !== 'x12') throw new DomainError('CHANNEL_TYPE_MISMATCH', `Channel ${channel.id} is a ${channel.type} channel; X12 goes to an x12 channel.`);
  if (!channel.active) throw new DomainError('CHANNEL_INACTIVE', `Channel ${channel.id} is deactivated.`);
  const partner = tradingPartnerOf(channel.settings);

  // Parsed on the worker pool: an interchange may be many MB (about 0.1 s of parsing per MB).
  const parsed = await parseInterchangeOffLoop(text);
  const ic = parsed.interchange;
  if (!ic) throw new DomainError('X12_INTERCHANGE_INVALID', parsed.problems[0]?.message, parsed.problems.map((p) => ({ field: 'body', message: p.message })));
  // A NUL in a set rejects that set (AK5*R); in the envelope (ISA, GS, GE, IEA) nothing can be trusted or stored.
  const unreadable = ic.problems.filter((p) => p.code === 'X12_ELEMENT_INVALID_CHARACTER');
  if (unreadable.length > 0) throw new DomainError('X12_INTERCHANGE_INVALID', `${unreadable[0]?.message} (segment ${unreadable[0]?.position}).`, unreadable.map((p) => ({ field: `body (segment ${p.position})`, message: p.message })));
  checkParties(ic, partner);

  const senderId = trim(ic.header.senderId);
  const earlier = await findInboundInterchange(db, actor.tenantId, channel.id, senderId, ic.header.controlNumber);
  if (earlier) return answerEarlier(db, actor.tenantId, earlier);

  const work: SetWork[] = [];
  for (const group of ic.groups) {
    for (const set of group.sets) {
      const item: SetWork = { group: group.controlNumber, set, po: null, problems: [], skus: [], order: null, outcome: 'rejected' };
      work.push(item);
      if (set.problems.length > 0 || group.problems.length > 0) continue; // the envelope's own problems reject it
      const mapped = map850(set, group.controlNumber);
      if (!mapped.po) {
        item.problems = mapped.problems;
        continue;
      }
      item.po = mapped.po;
      const prepared = await prepareOrder(db, actor.tenantId, channel.id, set, group.controlNumber, mapped.po);
      item.skus = prepared.skus;
      if (!prepared.order) {
        item.problems = prepared.problems;
        continue;
      }
      try {
        const placed = await captureOrder(db, { tenantId: actor.tenantId, actorId: `channel:${channel.id}` }, prepared.order, now);
        item.order = placed.body;
        item.outcome = placed.statusCode === 201 ? 'created' : 'duplicate';
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // A business refusal (no stock, bad address…): the set is rejected as a whole (AK5*R*5) and the 855 says why.
        item.problems = [{ code: 'X12_ELEMENT_INVALID_CODE', message: `${error.code}: ${error.message}`, groupControlNumber: group.controlNumber, setControlNumber: set.controlNumber, ack: { set: '5' } }];
      }
    }
  }

  const receipt = await inTransaction(db, (tx) => store(tx, actor.tenantId, channel.id, partner, ic, text, work, now));
  if (receipt) return receipt;
  // The same interchange posted twice at once: the other request stored it first.
  const stored = await findInboundInterchange(db, actor.tenantId, channel.id, senderId, ic.header.controlNumber);
  if (!stored) throw new Error('interchange conflict without a stored interchange');
  return answerEarlier(db, actor.tenantId, stored);
}

function checkParties(ic: Interchange, partner: TradingPartner): void {
  const h = ic.header;
  const errors = [];
  if (trim(h.senderQualifier) !== partner.partner.qualifier || trim(h.senderId) !== partner.partner.id) {
    errors.push({ field: 'ISA06', message: `sender ${trim(h.senderQualifier)}/${trim(h.senderId)} is not this channel’s trading partner ${partner.partner.qualifier}/${partner.partner.id}` });
  }
  if (trim(h.receiverQualifier) !== partner.us.qualifier || trim(h.receiverId) !== partner.us.id) {
    errors.push({ field: 'ISA08', message: `receiver ${trim(h.receiverQualifier)}/${trim(h.receiverId)} is not us (${partner.us.qualifier}/${partner.us.id})` });
  }
  if (errors.length > 0) throw new DomainError('X12_SENDER_MISMATCH', errors.map((e) => e.message).join('; '), errors);
}

async function answerEarlier(db: Db, tenantId: string, earlier: X12DocumentRow): Promise<X12Receipt> {
  const replies = await repliesTo(db, tenantId, earlier.id);
  const ack = replies.find((r) => r.type === '997');
  if (!ack) throw new Error(`interchange ${earlier.id} has no stored 997`);
  const sets = (earlier.summary.sets ?? []) as X12SetOutcome[];
  return { ack: ack.body, document_id: earlier.id, ack_document_id: ack.id, duplicate: true, sets };
}

async function store(tx: Db, tenantId: string, channelId: string, partner: TradingPartner, ic: Interchange, text: string, work: SetWork[], now: Date): Promise<X12Receipt | null> {
  const inboundId = newId('xdc');
  const senderId = trim(ic.header.senderId);
  const base = { tenantId, channelId, replyToId: null, orderId: null, shipmentId: null, poNumber: null, acknowledgedAt: null, createdAt: now };
  const inserted = await insertX12Document(tx, { ...base, id: inboundId, direction: 'inbound', type: 'interchange', partnerId: senderId, controlNumber: ic.header.controlNumber, body: text, summary: {} });
  if (!inserted) return null;

  const envelope = envelopeOf(ic);
  for (const w of work) {
    if (!w.po || !w.order) continue;
    const lines: StoredPoLine[] = w.po.lines.map((l, i) => ({ line_id: l.lineId, quantity: l.quantity, unit: l.unit, unit_price: l.unitPrice, product_ids: l.productIds, sku: w.skus[i] ?? '' }));
    const first = await insertPurchaseOrder(tx, {
      tenantId,
      channelId,
      poNumber: w.po.poNumber,
      orderId: w.order.id,
      documentId: inboundId,
      setControlNumber: w.set.controlNumber,
      poDate: w.po.poDate,
      currency: w.po.currency,
      shipTo: w.po.shipTo as unknown as Record<string, unknown> | null,
      lines,
      envelope,
      createdAt: now,
    });
    // Captured by an attempt that stopped before storing its interchange: this is the PO's first receipt.
    if (first && w.outcome === 'duplicate') w.outcome = 'created';
  }
  const sets: X12SetOutcome[] = work.map((w) => ({
    group: w.group,
    set: w.set.controlNumber,
    type: w.set.id,
    status: w.order ? 'accepted' : 'rejected',
    po_number: w.po?.poNumber ?? null,
    order_id: w.order?.id ?? null,
    outcome: w.order ? w.outcome : 'rejected',
    problems: [...w.set.problems, ...w.problems].map((p) => ({ segment: p.segmentTag ?? null, element: p.element ?? null, message: p.message })),
  }));
  await setX12DocumentSummary(tx, tenantId, inboundId, { sets });

  const us = { qualifier: partner.us.qualifier, id: partner.us.id, applicationCode: partner.us.gsId };
  const them = { qualifier: partner.partner.qualifier, id: partner.partner.id, applicationCode: partner.partner.gsId };
  const isa = await nextControlNumber(tx, tenantId, channelId, 'interchange');
  const gs = await nextControlNumber(tx, tenantId, channelId, 'group');
  const ack = buildAck997({ interchange: ic, contentProblems: work.flatMap((w) => w.problems), interchangeControlNumber: isa, groupControlNumber: gs, firstSetControlNumber: 1, at: now });
  const ackId = newId('xdc');
  await insertX12Document(tx, { ...base, id: ackId, direction: 'outbound', type: '997', partnerId: partner.partner.id, controlNumber: String(isa).padStart(9, '0'), replyToId: inboundId, body: ack.x12, summary: { groups: ack.groups } });

  if (partner.send855) {
    for (const w of work) {
      if (!w.po || w.outcome === 'duplicate') continue;
      const topLines = (w.order?.lines ?? []).filter((l) => l.parent_line_id === null);
      const lines: Ack855Line[] = w.po.lines.map((l, i) => ({
        lineId: l.lineId,
        quantity: l.quantity,
        unit: l.unit,
        unitPrice: l.unitPrice,
        productIds: l.productIds,
        acks: w.order ? acksOf(topLines[i]) : [{ status: 'IR', quantity: '0' }],
      }));
      const isa855 = await nextControlNumber(tx, tenantId, channelId, 'interchange');
      const gs855 = await nextControlNumber(tx, tenantId, channelId, 'group');
      const body = buildAck855({
        separators: ic.separators,
        sender: us,
        receiver: them,
        interchangeControlNumber: isa855,
        groupControlNumber: gs855,
        setControlNumber: 1,
        isaVersion: ic.header.version,
        gsVersion: envelope.gs_version,
        at: now,
        usage: ic.header.usage,
        poNumber: w.po.poNumber,
        poDate: w.po.poDate,
        ...(w.order ? { sellerOrderNumber: w.order.id } : { ackType: 'RD' as const }),
        lines,
      });
      await insertX12Document(tx, {
        ...base,
        id: newId('xdc'),
        direction: 'outbound',
        type: '855',
        partnerId: partner.partner.id,
        controlNumber: String(isa855).padStart(9, '0'),
        replyToId: inboundId,
        orderId: w.order?.id ?? null,
        poNumber: w.po.poNumber,
        body,
        summary: { po_number: w.po.poNumber, accepted: w.order !== null },
      });
    }
  }
  return { ack: ack.x12, document_id: inboundId, ack_document_id: ackId, duplicate: false, sets };
}
