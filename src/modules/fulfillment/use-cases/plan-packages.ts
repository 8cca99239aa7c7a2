/**
 * Which packages a fulfillment order (or a storefront's cart) goes out in. Pure: it runs on the
 * CPU pool (`planPackagesOffLoop`), so it imports only the domain and the error catalogue.
 */
import { DomainError, type FieldError } from '../../../platform/errors.js';
import { cartonize, cartonizeLimits, OverBudget, packOneBox, volumeOf, workBudget, type BoxType, type CartonItem, type Dims } from '../domain/cartonize.js';

export interface PackageInput {
  box: string;
  lines: { sku: string; quantity: number }[];
}

/** One unit's size and weight; undefined fields when the catalogue does not know them. */
export interface Physical {
  dims?: Dims | undefined;
  weightGrams?: number | undefined;
  uprightOnly?: boolean | undefined;
}

export interface PlannedPackage {
  box: BoxType;
  weightGrams: number;
  lines: { sku: string; quantity: number }[];
}

/** Where a refusal to plan points: `items` of a rate request, `packages` of a pack request. */
export interface PlanOptions {
  field: string;
}

function totals(lines: readonly { sku: string; quantity: number }[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const l of lines) sums.set(l.sku, (sums.get(l.sku) ?? 0) + l.quantity);
  return sums;
}

function itemsOf(lines: { sku: string; quantity: number }[], physical: Map<string, Physical>): { items: CartonItem[]; unknown: string[] } {
  const items: CartonItem[] = [];
  const unknown: string[] = [];
  for (const [sku, quantity] of totals(lines)) {
    const p = physical.get(sku);
    if (!p?.dims || p.weightGrams === undefined) unknown.push(sku);
    else items.push({ sku, quantity, dims: p.dims, weightGrams: p.weightGrams, uprightOnly: p.uprightOnly ?? false });
  }
  return { items, unknown: unknown.sort() };
}

const tooLarge = (field: string, detail: string, message: string, extra: Record<string, unknown>) => new DomainError('FULFILLMENT_PLAN_TOO_LARGE', detail, [{ field, message }], extra);

/**
 * Refuses, before any work, a request holding more units than one plan may pack (the cheap check
 * callers make first; `planPackages` makes it again).
 */
export function assertPlannableUnits(lines: readonly { quantity: number }[], options: PlanOptions): void {
  const units = lines.reduce((s, l) => s + l.quantity, 0);
  const max = cartonizeLimits.units;
  if (units > max) throw tooLarge(options.field, `${units} units are more than the ${max} one request may pack automatically.`, `at most ${max} units in total to pack automatically (${units} sent)`, { limit: 'units', max, units });
}

/**
 * The packages for a fulfillment order. Without `explicit`, cartonization chooses them from the
 * products' dimensions and weights (a product lacking either is refused: guessing a size could
 * break a box's limits). With `explicit`, they must hold exactly the order's units, name boxes of
 * the catalogue and fit them; a package holding a product of unknown size is taken on the packer's
 * word for its geometry, and its weight counts only what is known. So is a package met after the
 * plan's work budget ran out (thousands of units): its volume and weight are still checked.
 */
export function planPackages(fo: { lines: { sku: string; quantity: number }[] }, boxes: BoxType[], physical: Map<string, Physical>, explicit?: PackageInput[], options: PlanOptions = { field: 'packages' }): PlannedPackage[] {
  if (!explicit) {
    const { items, unknown } = itemsOf(fo.lines, physical);
    if (unknown.length > 0) {
      throw new DomainError('FULFILLMENT_PRODUCT_DIMENSIONS_MISSING', `No dimensions or weight for ${unknown.join(', ')}.`, undefined, { skus: unknown });
    }
    assertPlannableUnits(items, options);
    const result = cartonize(items, boxes);
    if (result.ok) return result.packages.map((p) => ({ box: p.box, weightGrams: p.weightGrams, lines: p.lines }));
    if (result.code === 'FULFILLMENT_NO_BOXES') throw new DomainError('FULFILLMENT_NO_BOXES');
    if (result.code === 'FULFILLMENT_ITEM_TOO_LARGE') throw new DomainError('FULFILLMENT_ITEM_TOO_LARGE', `No box can hold one unit of ${result.skus.join(', ')}.`, undefined, { skus: result.skus });
    if (result.limit === 'packages') throw tooLarge(options.field, `These units need more than ${result.max} packages.`, `needs more than ${result.max} packages to pack automatically`, { limit: 'packages', max: result.max });
    throw tooLarge(options.field, 'These units are too many, or too small for the boxes, to arrange automatically within the work one request may do.', 'too many units to arrange automatically', { limit: result.limit, max: result.max });
  }
  const byCode = new Map(boxes.map((b) => [b.code, b]));
  const errors: FieldError[] = [];
  explicit.forEach((p, i) => {
    if (!byCode.has(p.box)) errors.push({ field: `packages[${i}].box`, message: `no box ${p.box} in the catalogue` });
  });
  if (errors.length > 0) throw new DomainError('FULFILLMENT_BOX_UNKNOWN', 'Some packages name unknown boxes.', errors);
  const ordered = totals(fo.lines);
  const packed = totals(explicit.flatMap((p) => p.lines));
  for (const sku of [...new Set([...ordered.keys(), ...packed.keys()])].sort()) {
    const want = ordered.get(sku) ?? 0;
    const got = packed.get(sku) ?? 0;
    if (want !== got) errors.push({ field: 'packages', message: want === 0 ? `${sku} is not on the fulfillment order` : `${sku}: the fulfillment order holds ${want}, the packages ${got}` });
  }
  if (errors.length > 0) throw new DomainError('FULFILLMENT_PACKAGES_MISMATCH', 'The packages do not hold exactly the fulfillment order’s units.', errors);
  const budget = workBudget();
  return explicit.map((p, i) => {
    const box = byCode.get(p.box) as BoxType;
    const { items, unknown } = itemsOf(p.lines, physical);
    const lines = [...totals(p.lines)].sort(([a], [b]) => (a < b ? -1 : 1)).map(([sku, quantity]) => ({ sku, quantity }));
    const doesNotFit = (message: string) => new DomainError('FULFILLMENT_PACKAGE_DOES_NOT_FIT', `The contents of package ${i + 1} do not fit ${box.code} (size or weight).`, [{ field: `packages[${i}]`, message }]);
    if (unknown.length === 0 && budget.steps > 0) {
      try {
        const fit = packOneBox(items, box, budget);
        if (!fit) throw doesNotFit(`does not fit ${box.code}`);
        return { box, weightGrams: fit.weightGrams, lines };
      } catch (e) {
        if (!(e instanceof OverBudget)) throw e;
      }
    }
    const weightGrams = box.tareGrams + items.reduce((s, it) => s + it.weightGrams * it.quantity, 0);
    if (weightGrams > box.maxWeightGrams) {
      throw new DomainError('FULFILLMENT_PACKAGE_DOES_NOT_FIT', `Package ${i + 1} is heavier than ${box.code} may carry.`, [{ field: `packages[${i}]`, message: `weighs more than ${box.maxWeightGrams} g with tare` }]);
    }
    if (items.reduce((s, it) => s + volumeOf(it.dims) * it.quantity, 0) > volumeOf(box.inner)) throw doesNotFit(`holds more volume than ${box.code}`);
    return { box, weightGrams, lines };
  });
}
