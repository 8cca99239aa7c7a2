import type { LineQuantities } from './lifecycle.js';

interface Line extends LineQuantities {
  id: string;
  parentLineId: string | null;
}

/**
 * A kit line's quantities, derived from its component lines (a kit line is never allocated
 * itself): complete kits allocated = min over components of floor(allocated / units per kit);
 * kits not yet planned (an order on hold) = max over components of ceil(unplanned / units per
 * kit); the rest of the live kits wait on a backorder; shipped = complete kits whose every
 * component unit has left. Answered for kit lines only.
 */
export function kitLineQuantities(lines: Line[]): Map<string, { allocated: number; backordered: number; shipped: number }> {
  const out = new Map<string, { allocated: number; backordered: number; shipped: number }>();
  const byId = new Map(lines.map((l) => [l.id, l]));
  const children = new Map<string, Line[]>();
  for (const l of lines) if (l.parentLineId) children.set(l.parentLineId, [...(children.get(l.parentLineId) ?? []), l]);
  for (const [kitId, components] of children) {
    const kit = byId.get(kitId);
    if (!kit) continue;
    const live = kit.quantity - kit.cancelled;
    const per = (c: Line) => c.quantity / kit.quantity;
    const allocated = Math.min(live, ...components.map((c) => Math.floor(c.allocated / per(c))));
    const unplanned = Math.max(0, ...components.map((c) => Math.ceil((c.quantity - c.cancelled - c.allocated - c.backordered) / per(c))));
    // Complete kits that have left: every component's shipped units, per kit.
    const shipped = Math.min(allocated, ...components.map((c) => Math.floor((c.shipped ?? 0) / per(c))));
    out.set(kitId, { allocated, backordered: Math.max(0, live - allocated - unplanned), shipped });
  }
  return out;
}

/**
 * Units to cancel per line with kits carried down: cancelling u units of a kit line cancels
 * u × (units per kit) of each of its component lines. Component lines named directly are the
 * caller's to refuse (see `componentLinesNamed`).
 */
export function withComponentUnits(requested: Map<string, number>, lines: Line[]): Map<string, number> {
  const out = new Map(requested);
  const byId = new Map(lines.map((l) => [l.id, l]));
  for (const l of lines) {
    const kit = l.parentLineId ? byId.get(l.parentLineId) : undefined;
    const units = kit ? requested.get(kit.id) : undefined;
    if (kit && units) out.set(l.id, (units * l.quantity) / kit.quantity);
  }
  return out;
}
