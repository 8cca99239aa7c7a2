/**
 * Order edits after capture (issue 15 §5, ADR 0032), pure: an edit is a list of staged changes;
 * `applyEdit` plays them in order over the order as it is and answers the order as it would be —
 * lines, units to cancel and to plan, address, shipping, notes, tags, totals and the money delta —
 * or the field errors that refuse it. Preview and commit both call it, so what was previewed is
 * what is written. Only unshipped units change. A kit line is edited as a whole: its component
 * lines scale with it (edit-kits.ts) and are never edited alone.
 */

import type { FieldError } from '../../../platform/errors.js';
import { isCountryCode } from '../../../platform/kernel/country.js';
import { parseMoney } from '../../../platform/kernel/money.js';
import { allocateProportionally, orderTotals, type OrderCharges, type OrderTotals } from './money.js';
import { amountForLiveUnits, liveShare, percentOf, perUnits, taxAt } from './edit-money.js';
import { kitsStarted, shareKitPrices, startedMessage, unitsPerKit } from './edit-kits.js';
import type { OrderStatus } from './lifecycle.js';

/** A line's units are a PostgreSQL integer: a kit's components must stay within it (a 422, not the database's error). */
const MAX_LINE_UNITS = 2_147_483_647;

export type EditAddress = Record<string, unknown> & { country: string };

export type EditChange =
  | { type: 'change_shipping_address'; address: EditAddress }
  | { type: 'change_shipping_method'; service_level: string; price?: string | undefined }
  | { type: 'add_line'; sku: string; quantity: number; unit_price?: string | undefined }
  | { type: 'remove_line'; line_id: string }
  | { type: 'change_quantity'; line_id: string; quantity: number }
  | { type: 'change_variant'; line_id: string; sku: string; unit_price?: string | undefined }
  | { type: 'add_discount'; amount?: string | undefined; percent?: string | undefined; line_id?: string | undefined; code?: string | undefined; title?: string | undefined }
  | { type: 'change_notes'; notes: string | null }
  | { type: 'change_tags'; tags: string[] };

export type EditChangeType = EditChange['type'];
export const editChangeTypes = ['change_shipping_address', 'change_shipping_method', 'add_line', 'remove_line', 'change_quantity', 'change_variant', 'add_discount', 'change_notes', 'change_tags'] as const satisfies readonly EditChangeType[];

/** A line as an edit sees it. New lines of the edit have ids `new:1`, `new:2` … until stored. */
export interface EditLine {
  id: string;
  lineNo: number;
  sku: string;
  quantity: number;
  cancelled: number;
  shipped: number;
  unitPriceMinor: number;
  discountMinor: number;
  taxMinor: number;
  parentLineId: string | null;
  /** A component line's share of its kit line's total (null or absent: not a component). */
  priceShareMinor?: number | null;
}

/** One component of a kit as the catalogue defines it. */
export interface EditKitComponent {
  sku: string;
  /** Units of the component in one kit. */
  quantity: number;
}

export interface EditBase {
  status: OrderStatus;
  currency: string;
  exponent: number;
  taxesIncluded: boolean;
  shippingAddress: Record<string, unknown> | null;
  shippingServiceLevel: string | null;
  notes: string | null;
  tags: string[];
  lines: EditLine[];
  charges: OrderCharges;
}

export interface EditContext {
  /** The catalogue's products for the SKUs the changes name (absent: no such SKU). */
  catalogue: Map<string, { priceMinor: number; currency: string; kit: boolean; components?: readonly EditKitComponent[] }>;
  /**
   * How capture splits a kit line's total over its components (catalog's `allocateKitPrice`:
   * in proportion to list price × units per kit, shares adding up exactly).
   */
  splitKitPrice: (totalMinor: number, components: { listPriceMinor: number; quantity: number }[]) => number[];
  /** A label was bought for a shipment still open (not in transit, not voided): the address is printed on it. */
  labelBought: boolean;
  /** The order's one line tax rate ("0.0825"), when its line taxes name exactly one: added lines and discounts are taxed at it. */
  taxRate: string | null;
  serviceLevels: readonly string[];
  maxTags: number;
  /** The most lines an order may have, kits' component lines counted (capture's limit). */
  maxLines: number;
}

/** A discount the edit adds, as the adjustment row that records it (one per line it lands on). */
export interface EditDiscount {
  lineId: string;
  amountMinor: number;
  orderLevel: boolean;
  code: string | null;
  title: string | null;
}

/** One change as it landed: what it touched, before and after (the `order.edited` event's record). */
export interface EditRecord {
  type: EditChangeType;
  line_id?: string;
  sku?: string;
  before: unknown;
  after: unknown;
}

export interface EditOutcome {
  lines: EditLine[];
  /** Units to plan and reserve, per line (existing lines that grew and new lines; for kits, their component lines), with the change that asked. */
  added: { lineId: string; sku: string; quantity: number; change: number }[];
  /** Units to cancel per existing line (released through the cancel path; a kit line's units carry down to its components there). */
  cancelled: Map<string, number>;
  shippingAddress: Record<string, unknown> | null;
  shippingServiceLevel: string | null;
  /** The new shipping price (null: unchanged). */
  shippingPriceMinor: number | null;
  charges: OrderCharges;
  notes: string | null;
  tags: string[];
  discounts: EditDiscount[];
  records: EditRecord[];
  before: OrderTotals;
  after: OrderTotals;
  /** after.total − before.total, minor units of the order's currency (positive: the customer owes more). */
  delta: number;
}

const NOT_EDITABLE: readonly OrderStatus[] = ['cancelled', 'closed'];

/** Cancelled and closed orders are not edited (409 ORDER_NOT_EDITABLE). */
export function isEditable(status: OrderStatus): boolean {
  return !NOT_EDITABLE.includes(status);
}

const PERCENT = /^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$/;
const live = (l: EditLine) => l.quantity - l.cancelled;
const moneyOf = (l: EditLine) => l.parentLineId === null;

/** Plays the changes over the order. Errors name `changes[i].<field>`; with any error nothing else matters. */
export function applyEdit(base: EditBase, changes: readonly EditChange[], ctx: EditContext): { ok: true; outcome: EditOutcome } | { ok: false; errors: FieldError[] } {
  const lines = base.lines.map((l) => ({ ...l }));
  const kitIds = new Set(lines.flatMap((l) => (l.parentLineId ? [l.parentLineId] : [])));
  const componentsOf = (kitId: string) => lines.filter((l) => l.parentLineId === kitId);
  /** Units per kit of each component line (captured lines: their ratio; new kits: the catalogue's). */
  const perKit = new Map<string, number>();
  for (const id of kitIds) {
    const kit = lines.find((l) => l.id === id);
    const per = kit ? unitsPerKit(kit, componentsOf(id)) : undefined;
    for (const [c, units] of per ?? []) perKit.set(c, units);
  }
  const errors: FieldError[] = [];
  const cancelled = new Map<string, number>();
  /** Units added to each line by this edit, not yet stored: a later decrease takes them back first. */
  const addedTo = new Map<string, { quantity: number; change: number }>();
  const discounts: EditDiscount[] = [];
  const records: EditRecord[] = [];
  const state = {
    shippingAddress: base.shippingAddress,
    shippingServiceLevel: base.shippingServiceLevel,
    shippingPriceMinor: null as number | null,
    charges: { ...base.charges, shipping: base.charges.shipping.map((s) => ({ ...s })) },
    notes: base.notes,
    tags: [...base.tags],
  };
  let newLines = 0;

  const money = (text: string, field: string): number | undefined => {
    const parsed = parseMoney(text, base.exponent);
    if (parsed.ok) return parsed.minor;
    errors.push({ field, message: parsed.error === 'too_many_decimals' ? `has more than ${base.exponent} decimal places, the most ${base.currency} allows` : 'must be a non-negative decimal string such as "19.99"' });
    return undefined;
  };
  /**
   * An existing line the change may touch, or an error naming the field. A component line is
   * never edited alone; a kit line only where `kits` says (its quantity, removal, a discount).
   */
  const editableLine = (id: string, field: string, kits: 'kits' | 'no kits'): EditLine | undefined => {
    const line = lines.find((l) => l.id === id && !l.id.startsWith('new:'));
    if (!line) errors.push({ field, message: `${id} is not a line of this order` });
    else if (line.parentLineId) errors.push({ field, message: `${id} is a component of kit line ${line.parentLineId}: change the kit line's quantity or remove the kit line; its components follow` });
    else if (kitIds.has(line.id) && kits === 'no kits') errors.push({ field, message: `${id} is a kit line: its variant is not swapped; remove the kit line and add the other SKU` });
    else if (kitIds.has(line.id) && componentsOf(line.id).some((c) => !perKit.has(c.id))) errors.push({ field, message: `the component quantities of kit line ${id} are not whole multiples of its quantity: it cannot be scaled, cancel it instead` });
    else if (live(line) === 0) errors.push({ field, message: 'every unit of this line is cancelled' });
    else return line;
    return undefined;
  };
  /** Live units of a kit line and its components, for the record. */
  const kitState = (line: EditLine) => ({ quantity: live(line), ...(kitIds.has(line.id) ? { components: componentsOf(line.id).map((c) => ({ line_id: c.id, sku: c.sku, quantity: live(c) })) } : {}) });
  /** An existing line as it was before this edit first grew it: taking units back starts again from there. */
  const grownFrom = new Map<string, Pick<EditLine, 'quantity' | 'discountMinor' | 'taxMinor'>>();
  const take = (line: EditLine, units: number) => {
    // Units this edit added go first (never stored), then live units are cancelled (highest indexes).
    const pending = addedTo.get(line.id);
    const back = Math.min(units, pending?.quantity ?? 0);
    if (pending && back > 0) {
      if (line.id.startsWith('new:')) {
        pending.quantity -= back;
        line.quantity -= back;
        line.taxMinor = taxAt(line.unitPriceMinor * line.quantity, ctx.taxRate, base.taxesIncluded);
        return;
      }
      // The line's amounts as if only the units still added had been added.
      const from = grownFrom.get(line.id);
      if (from) Object.assign(line, from);
      addedTo.delete(line.id);
      grownFrom.delete(line.id);
      if (pending.quantity - back > 0) grow(line, pending.quantity - back, pending.change);
    }
    if (units - back > 0) {
      line.cancelled += units - back;
      // A component's units are cancelled through its kit line's (the cancel path carries them down).
      if (line.parentLineId === null) cancelled.set(line.id, (cancelled.get(line.id) ?? 0) + units - back);
    }
  };
  /** Takes units off a line, and off a kit line's components in step (units × units per kit). */
  const takeUnits = (line: EditLine, units: number) => {
    take(line, units);
    for (const c of componentsOf(line.id)) take(c, units * (perKit.get(c.id) ?? 0));
  };
  const growUnits = (line: EditLine, units: number, change: number) => {
    grow(line, units, change);
    for (const c of componentsOf(line.id)) grow(c, units * (perKit.get(c.id) ?? 0), change);
  };
  const grow = (line: EditLine, units: number, change: number) => {
    if (!grownFrom.has(line.id)) grownFrom.set(line.id, { quantity: line.quantity, discountMinor: line.discountMinor, taxMinor: line.taxMinor });
    const was = live(line);
    const target = (amount: number) => liveShare(amount, line.quantity, was) + (was > 0 ? perUnits(liveShare(amount, line.quantity, was), units, was) : perUnits(amount, units, line.quantity));
    const discount = target(line.discountMinor);
    const tax = target(line.taxMinor);
    const cancelledShare = (amount: number) => amount - liveShare(amount, line.quantity, was);
    const discountBefore = line.discountMinor;
    const taxBefore = line.taxMinor;
    line.quantity += units;
    line.discountMinor = amountForLiveUnits(line.quantity, live(line), discount, discount + cancelledShare(discountBefore));
    line.taxMinor = amountForLiveUnits(line.quantity, live(line), tax, tax + cancelledShare(taxBefore));
    const pending = addedTo.get(line.id);
    addedTo.set(line.id, { quantity: (pending?.quantity ?? 0) + units, change: pending?.change ?? change });
  };
  const priceFor = (sku: string, unitPrice: string | undefined, field: string): number | undefined => {
    if (unitPrice !== undefined) return money(unitPrice, `${field}.unit_price`);
    const product = ctx.catalogue.get(sku);
    if (product && product.currency !== base.currency) {
      errors.push({ field: `${field}.unit_price`, message: `the catalogue price of ${sku} is in ${product.currency}, the order in ${base.currency}: send unit_price` });
      return undefined;
    }
    return product?.priceMinor;
  };
  /** A new line; a kit SKU (where `kits` allows) comes with its component lines, as capture explodes it. */
  const newLine = (sku: string, quantity: number, unitPrice: string | undefined, field: string, change: number, kits: 'kits' | 'no kits'): EditLine | undefined => {
    const product = ctx.catalogue.get(sku);
    if (!product) {
      errors.push({ field: `${field}.sku`, message: `no product with SKU ${sku}` });
      return undefined;
    }
    const components = product.kit ? (product.components ?? []) : [];
    if (product.kit && (kits === 'no kits' || components.length === 0)) {
      errors.push({ field: `${field}.sku`, message: components.length === 0 ? `${sku} is a kit without components: define its components first` : `${sku} is a kit: a variant is swapped for a plain SKU; remove the line and add the kit instead` });
      return undefined;
    }
    const tooMany = components.find((c) => quantity * c.quantity > MAX_LINE_UNITS);
    if (tooMany) {
      errors.push({ field: `${field}.quantity`, message: `${quantity} kit(s) of ${sku} hold ${quantity * tooMany.quantity} × ${tooMany.sku}, more than a line holds (${MAX_LINE_UNITS})` });
      return undefined;
    }
    const price = priceFor(sku, unitPrice, field);
    if (price === undefined) return undefined;
    newLines += 1;
    const line: EditLine = {
      id: `new:${newLines}`,
      lineNo: Math.max(0, ...lines.map((l) => l.lineNo)) + 1,
      sku,
      quantity,
      cancelled: 0,
      shipped: 0,
      unitPriceMinor: price,
      discountMinor: 0,
      taxMinor: taxAt(price * quantity, ctx.taxRate, base.taxesIncluded),
      parentLineId: null,
    };
    lines.push(line);
    addedTo.set(line.id, { quantity, change });
    for (const c of components) {
      newLines += 1;
      const lineNo = Math.max(...lines.map((l) => l.lineNo)) + 1;
      // As capture writes a component line: no price or money of its own, a share of the kit's total.
      const part: EditLine = { id: `new:${newLines}`, lineNo, sku: c.sku, quantity: quantity * c.quantity, cancelled: 0, shipped: 0, unitPriceMinor: 0, discountMinor: 0, taxMinor: 0, parentLineId: line.id, priceShareMinor: 0 };
      lines.push(part);
      kitIds.add(line.id);
      perKit.set(part.id, c.quantity);
      addedTo.set(part.id, { quantity: part.quantity, change });
    }
    return line;
  };
  const discountLine = (line: EditLine, part: number, d: Extract<EditChange, { type: 'add_discount' }>, orderLevel: boolean) => {
    const units = live(line);
    const liveDiscount = liveShare(line.discountMinor, line.quantity, units);
    const liveTax = liveShare(line.taxMinor, line.quantity, units);
    line.discountMinor = amountForLiveUnits(line.quantity, units, liveDiscount + part, line.discountMinor + part);
    // With one known rate the tax follows the discount; without, the channel's tax stays as it was.
    const lessTax = Math.min(liveTax, taxAt(part, ctx.taxRate, base.taxesIncluded));
    if (lessTax > 0) line.taxMinor = amountForLiveUnits(line.quantity, units, liveTax - lessTax, line.taxMinor - lessTax);
    discounts.push({ lineId: line.id, amountMinor: part, orderLevel, code: d.code ?? null, title: d.title ?? null });
  };
  /** What a line's live units are worth after their discounts: what a discount may take off. */
  const worth = (l: EditLine) => l.unitPriceMinor * live(l) - liveShare(l.discountMinor, l.quantity, live(l));

  changes.forEach((change, i) => {
    const f = `changes[${i}]`;
    const errorsBefore = errors.length;
    switch (change.type) {
      case 'change_shipping_address': {
        if (ctx.labelBought) errors.push({ field: `${f}.address`, message: 'a label is bought for an open shipment of this order: void the label first, then change the address' });
        else if (!isCountryCode(change.address.country)) errors.push({ field: `${f}.address.country`, message: 'must be an ISO 3166-1 alpha-2 code such as US' });
        if (errors.length > errorsBefore) return;
        records.push({ type: change.type, before: state.shippingAddress, after: change.address });
        state.shippingAddress = change.address;
        return;
      }
      case 'change_shipping_method': {
        if (!ctx.serviceLevels.includes(change.service_level)) errors.push({ field: `${f}.service_level`, message: `must be one of ${ctx.serviceLevels.join(', ')}` });
        const price = change.price === undefined ? undefined : money(change.price, `${f}.price`);
        const charges = state.charges.shipping;
        if (price !== undefined && charges.length > 1) errors.push({ field: `${f}.price`, message: `the order has ${charges.length} shipping lines: its price cannot be replaced by one` });
        else if (price !== undefined && charges[0] && charges[0].discountMinor > price) errors.push({ field: `${f}.price`, message: 'is less than the discount on the order’s shipping' });
        if (errors.length > errorsBefore) return;
        const before = { service_level: state.shippingServiceLevel, price: charges.reduce((s, c) => s + c.priceMinor, 0) };
        state.shippingServiceLevel = change.service_level;
        if (price !== undefined) {
          if (charges[0]) charges[0].priceMinor = price;
          else charges.push({ priceMinor: price, discountMinor: 0, taxMinor: 0 });
          state.shippingPriceMinor = price;
        }
        records.push({ type: change.type, before, after: { service_level: state.shippingServiceLevel, price: charges.reduce((s, c) => s + c.priceMinor, 0) } });
        return;
      }
      case 'add_line': {
        const line = newLine(change.sku, change.quantity, change.unit_price, f, i, 'kits');
        if (line) records.push({ type: change.type, line_id: line.id, sku: line.sku, before: null, after: { ...kitState(line), unit_price: line.unitPriceMinor, tax: line.taxMinor } });
        return;
      }
      case 'remove_line': {
        const line = editableLine(change.line_id, `${f}.line_id`, 'kits');
        if (!line) return;
        const started = kitIds.has(line.id) ? kitsStarted(line, componentsOf(line.id), perKit) : undefined;
        if (started && started.kits > 0) {
          errors.push({ field: `${f}.line_id`, message: startedMessage(started, 'removed') });
          return;
        }
        if (line.shipped > 0) {
          errors.push({ field: `${f}.line_id`, message: `${line.shipped} unit(s) of this line have shipped: a shipped line cannot be removed (change its quantity down to ${line.shipped})` });
          return;
        }
        const before = kitState(line);
        takeUnits(line, live(line));
        records.push({ type: change.type, line_id: line.id, sku: line.sku, before, after: kitState(line) });
        return;
      }
      case 'change_quantity': {
        const line = editableLine(change.line_id, `${f}.line_id`, 'kits');
        if (!line) return;
        const started = kitIds.has(line.id) ? kitsStarted(line, componentsOf(line.id), perKit) : undefined;
        if (started && change.quantity < started.kits) {
          errors.push({ field: `${f}.quantity`, message: startedMessage(started, 'reduced') });
          return;
        }
        if (change.quantity < line.shipped) {
          errors.push({ field: `${f}.quantity`, message: `${line.shipped} unit(s) of this line have shipped: the quantity cannot go below that` });
          return;
        }
        const was = live(line);
        const before = kitState(line);
        if (change.quantity < was) takeUnits(line, was - change.quantity);
        else if (change.quantity > was) growUnits(line, change.quantity - was, i);
        const overfull = componentsOf(line.id).find((c) => c.quantity > MAX_LINE_UNITS);
        if (overfull) {
          errors.push({ field: `${f}.quantity`, message: `${change.quantity} kit(s) would take ${overfull.sku} to ${overfull.quantity} units, more than a line holds (${MAX_LINE_UNITS})` });
          return;
        }
        records.push({ type: change.type, line_id: line.id, sku: line.sku, before, after: kitState(line) });
        return;
      }
      case 'change_variant': {
        const line = editableLine(change.line_id, `${f}.line_id`, 'no kits');
        if (!line) return;
        const units = live(line) - line.shipped;
        if (units <= 0) errors.push({ field: `${f}.line_id`, message: 'every live unit of this line has shipped: nothing is left to swap' });
        else if (change.sku === line.sku) errors.push({ field: `${f}.sku`, message: `the line is already ${line.sku}` });
        if (errors.length > errorsBefore) return;
        const added = newLine(change.sku, units, change.unit_price, f, i, 'no kits');
        if (!added) return;
        take(line, units);
        records.push({ type: change.type, line_id: line.id, sku: line.sku, before: { sku: line.sku, quantity: units }, after: { sku: added.sku, quantity: units, line_id: added.id, unit_price: added.unitPriceMinor } });
        return;
      }
      case 'add_discount': {
        if ((change.amount === undefined) === (change.percent === undefined)) {
          errors.push({ field: `${f}.amount`, message: 'send amount or percent, one of them' });
          return;
        }
        if (change.percent !== undefined && (!PERCENT.test(change.percent) || Number(change.percent) === 0)) {
          errors.push({ field: `${f}.percent`, message: 'must be a percentage above 0 and at most 100, such as "10" or "12.5"' });
          return;
        }
        const targets = change.line_id === undefined ? lines.filter((l) => moneyOf(l) && live(l) > 0) : [editableLine(change.line_id, `${f}.line_id`, 'kits')].filter((l): l is EditLine => l !== undefined);
        if (errors.length > errorsBefore) return;
        const worths = targets.map(worth);
        const total = worths.reduce((a, b) => a + b, 0);
        const amount = change.amount !== undefined ? money(change.amount, `${f}.amount`) : percentOf(total, change.percent as string);
        if (amount === undefined) return;
        const field = change.amount !== undefined ? `${f}.amount` : `${f}.percent`;
        if (amount <= 0) errors.push({ field, message: 'comes to nothing: a discount takes off at least one minor unit' });
        else if (amount > total) errors.push({ field, message: `is more than what it discounts is worth after its discounts (${total} minor units)` });
        if (errors.length > errorsBefore) return;
        const parts = allocateProportionally(amount, worths) ?? [];
        const before = targets.reduce((s, l) => s + liveShare(l.discountMinor, l.quantity, live(l)), 0);
        targets.forEach((l, k) => {
          if ((parts[k] ?? 0) > 0) discountLine(l, parts[k] as number, change, change.line_id === undefined);
        });
        records.push({ type: change.type, ...(change.line_id ? { line_id: change.line_id } : {}), before: { discount: before }, after: { discount: before + amount, amount, percent: change.percent ?? null, code: change.code ?? null, title: change.title ?? null } });
        return;
      }
      case 'change_notes': {
        records.push({ type: change.type, before: state.notes, after: change.notes });
        state.notes = change.notes;
        return;
      }
      case 'change_tags': {
        const tags = [...new Set(change.tags)];
        if (tags.length > ctx.maxTags) {
          errors.push({ field: `${f}.tags`, message: `at most ${ctx.maxTags} tags` });
          return;
        }
        records.push({ type: change.type, before: state.tags, after: tags });
        state.tags = tags;
        return;
      }
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  const stored = lines.filter((l) => !l.id.startsWith('new:') || l.quantity > 0).length;
  if (stored > ctx.maxLines && stored > base.lines.length) return { ok: false, errors: [{ field: 'changes', message: `with its kits' components the order would have ${stored} lines, at most ${ctx.maxLines}` }] };
  if (changes.length > 0 && lines.every((l) => live(l) === 0)) return { ok: false, errors: [{ field: 'changes', message: 'the edit leaves the order without units: cancel the order instead' }] };

  const customer = (ls: EditLine[]) => ls.filter(moneyOf);
  const before = orderTotals(customer(base.lines), base.charges);
  const after = orderTotals(customer(lines), state.charges);
  if (!Number.isSafeInteger(after.total)) return { ok: false, errors: [{ field: 'changes', message: 'the order’s total would be too large' }] };
  // A kit line carries no stock: its components' units are what is planned.
  const added = [...addedTo].flatMap(([lineId, a]) => {
    const line = lines.find((l) => l.id === lineId);
    return line && a.quantity > 0 && !kitIds.has(lineId) ? [{ lineId, sku: line.sku, quantity: a.quantity, change: a.change }] : [];
  });
  shareKitPrices(base.lines, lines, kitIds, (sku) => ctx.catalogue.get(sku)?.priceMinor ?? 0, ctx.splitKitPrice);
  // A new line whose units were all taken back again is no line at all.
  const kept = lines.filter((l) => !l.id.startsWith('new:') || l.quantity > 0);
  return {
    ok: true,
    outcome: { lines: kept, added, cancelled, ...state, discounts, records, before, after, delta: after.total - before.total },
  };
}

