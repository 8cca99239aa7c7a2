/**
 * The parcel a return label is bought for, when the request does not give one (ADR 0023): the
 * returned units' catalog weights plus packaging, in a box as long and wide as the largest unit and
 * as high as the units stacked. Pure. A SKU without a weight cannot be guessed: the caller asks for
 * `parcel.weight_grams` instead.
 */
export interface UnitPhysical {
  weightGrams?: number | undefined;
  dims?: { length: number; width: number; height: number } | undefined;
}

export interface ReturnParcel {
  weightGrams: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
}

/** A mailer bag's or box's weight, and the box used when no unit has dimensions (a 10 × 8 × 4 in carton). */
export const PACKAGING_GRAMS = 150;
const DEFAULT_BOX = { length: 254, width: 203, height: 102 };

export function returnParcel(units: readonly { sku: string; quantity: number }[], physical: ReadonlyMap<string, UnitPhysical>): { parcel: ReturnParcel } | { missingWeight: string[] } {
  const missing = [...new Set(units.filter((u) => !(physical.get(u.sku)?.weightGrams ?? 0)).map((u) => u.sku))];
  if (missing.length > 0) return { missingWeight: missing };
  const weight = units.reduce((n, u) => n + (physical.get(u.sku)?.weightGrams ?? 0) * u.quantity, PACKAGING_GRAMS);
  const sized = units.filter((u) => physical.get(u.sku)?.dims);
  if (sized.length === 0) return { parcel: { weightGrams: weight, lengthMm: DEFAULT_BOX.length, widthMm: DEFAULT_BOX.width, heightMm: DEFAULT_BOX.height } };
  const dims = sized.map((u) => ({ ...(physical.get(u.sku)?.dims as { length: number; width: number; height: number }), quantity: u.quantity }));
  // Each unit lies flat: its longest side along the box, its shortest stacked.
  const flat = dims.map((d) => {
    const [a, b, c] = [d.length, d.width, d.height].sort((x, y) => y - x) as [number, number, number];
    return { length: a, width: b, height: c * d.quantity };
  });
  return {
    parcel: {
      weightGrams: weight,
      lengthMm: Math.max(...flat.map((d) => d.length)),
      widthMm: Math.max(...flat.map((d) => d.width)),
      heightMm: flat.reduce((n, d) => n + d.height, 0),
    },
  };
}
