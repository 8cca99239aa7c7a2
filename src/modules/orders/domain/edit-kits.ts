/**
 * Kits in an order edit (ADR 0032 §7), pure. A kit line (the customer's line for a bundle) carries
 * the money; its component lines (`parentLineId`) carry the stock, each `units per kit` × the kit's
 * quantity. An edit changes the kit line and scales its components with it, never one alone.
 */

export interface KitPart {
  id: string;
  sku: string;
  quantity: number;
  shipped: number;
  parentLineId: string | null;
}

/**
 * Units of each component in one kit, from the lines as captured (component quantity ÷ kit
 * quantity; cancels and edits keep the ratio): what the kit was sold as, even if the catalogue's
 * definition changed since. Undefined when a component's quantity is not a whole multiple of the
 * kit's — then the kit cannot be scaled without guessing.
 */
export function unitsPerKit(kit: KitPart, components: readonly KitPart[]): Map<string, number> | undefined {
  const per = new Map<string, number>();
  for (const c of components) {
    const units = kit.quantity > 0 ? c.quantity / kit.quantity : 0;
    if (!Number.isInteger(units) || units < 1) return undefined;
    per.set(c.id, units);
  }
  return per;
}

/**
 * Kits of which at least one unit has left, in whole or in part: for each component, its shipped
 * units rounded up to kits; the most over the components (and the kit line's own count). Below it,
 * a kit's quantity would cancel a unit that has shipped. `parts` names the components that shipped
 * part of a kit (shipped not a whole number of kits), for the refusal to say.
 */
export function kitsStarted(kit: KitPart, components: readonly KitPart[], per: Map<string, number>): { kits: number; parts: string[] } {
  let kits = kit.shipped;
  const parts: string[] = [];
  for (const c of components) {
    const units = per.get(c.id) ?? 1;
    kits = Math.max(kits, Math.ceil(c.shipped / units));
    if (c.shipped % units !== 0) parts.push(`${c.sku} ${c.shipped} unit(s), ${units} per kit`);
  }
  return { kits, parts };
}

/** Why a kit cannot go below `started` kits, in words a merchant reads. */
export function startedMessage(started: { kits: number; parts: string[] }, verb: 'removed' | 'reduced'): string {
  const partly = started.parts.length > 0 ? ` (partly shipped: ${started.parts.join('; ')} — a kit counts as shipped once any of its units has)` : '';
  const what = `${started.kits} kit(s) of this line have shipped in whole or in part${partly}`;
  return verb === 'removed' ? `${what}: a shipped kit cannot be removed (change its quantity down to ${started.kits})` : `${what}: the quantity cannot go below ${started.kits}`;
}

interface PricedLine {
  id: string;
  sku: string;
  quantity: number;
  unitPriceMinor: number;
  parentLineId: string | null;
  priceShareMinor?: number | null | undefined;
}

/**
 * Component lines' shares of their kit line's total (quantity × unit price), for the kits whose
 * quantity the edit changed or added: a new kit is split as capture splits it (`split`: list price
 * × units per kit), a grown one in proportion to the shares it was captured with. Cancelled units
 * keep the quantity, so their shares do not move; components without a share stay without one.
 */
export function shareKitPrices(
  was: readonly PricedLine[],
  lines: PricedLine[],
  kitIds: ReadonlySet<string>,
  listPrice: (sku: string) => number,
  split: (totalMinor: number, components: { listPriceMinor: number; quantity: number }[]) => number[],
): void {
  for (const kitId of kitIds) {
    const kit = lines.find((l) => l.id === kitId);
    const before = was.find((l) => l.id === kitId);
    const components = lines.filter((l) => l.parentLineId === kitId);
    if (!kit || kit.quantity === 0 || components.length === 0 || (before && before.quantity === kit.quantity)) continue;
    if (components.some((c) => c.priceShareMinor === null || c.priceShareMinor === undefined)) continue;
    const weights = before
      ? components.map((c) => ({ listPriceMinor: c.priceShareMinor as number, quantity: 1 }))
      : components.map((c) => ({ listPriceMinor: listPrice(c.sku), quantity: c.quantity / kit.quantity }));
    const shares = split(kit.quantity * kit.unitPriceMinor, weights);
    components.forEach((c, i) => {
      c.priceShareMinor = shares[i] ?? 0;
    });
  }
}
