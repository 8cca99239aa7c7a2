/**
 * Seeded sample data for cartonization: a plausible e-commerce product set and box catalogue, and
 * random orders drawn from them. Shared by the property test and `npm run bench:cartonize`, so a
 * figure in a report can be reproduced from its seed.
 */
import { between, seededRandom } from '../../../platform/kernel/seeded-random.js';
import type { BoxType, CartonItem, Dims } from './cartonize.js';

export { seededRandom };

export interface SampleProduct {
  sku: string;
  dims: Dims;
  weightGrams: number;
  uprightOnly: boolean;
}

/** Product families: [name, length, width, height ranges in mm, density g/cm³, upright share]. */
const families: [string, [number, number], [number, number], [number, number], number, number][] = [
  ['CARD', [90, 160], [60, 120], [2, 10], 0.6, 0],
  ['BOOK', [150, 240], [110, 170], [15, 50], 0.7, 0],
  ['TEE', [200, 300], [150, 250], [20, 40], 0.25, 0],
  ['MUG', [90, 120], [80, 100], [95, 120], 0.45, 0],
  ['BOTTLE', [70, 90], [70, 90], [180, 280], 0.6, 0.8],
  ['SHOE', [280, 340], [180, 220], [100, 130], 0.15, 0],
  ['GADGET', [60, 180], [40, 120], [20, 80], 0.9, 0],
  ['LAMP', [180, 300], [180, 300], [300, 450], 0.08, 0.5],
];

/** A product set of `count` SKUs across the families above. */
export function sampleProducts(rand: () => number, count = 200): SampleProduct[] {
  const products: SampleProduct[] = [];
  for (let i = 0; i < count; i++) {
    const [name, l, w, h, density, upright] = families[i % families.length] as (typeof families)[number];
    const dims = { length: between(rand, l[0], l[1]), width: between(rand, w[0], w[1]), height: between(rand, h[0], h[1]) };
    const weightGrams = Math.max(1, Math.round(((dims.length * dims.width * dims.height) / 1000) * density));
    products.push({ sku: `${name}-${String(i).padStart(4, '0')}`, dims, weightGrams, uprightOnly: rand() < upright });
  }
  return products;
}

/** A box catalogue like a small warehouse's: mailers to a large carton, priced in cents. */
export function sampleBoxes(): BoxType[] {
  const box = (code: string, length: number, width: number, height: number, maxWeightGrams: number, tareGrams: number, costMinor: number): BoxType => ({
    code,
    inner: { length, width, height },
    maxWeightGrams,
    tareGrams,
    costMinor,
  });
  return [
    box('MAILER-S', 250, 180, 50, 2000, 40, 35),
    box('BOX-XS', 200, 150, 100, 5000, 120, 55),
    box('BOX-S', 300, 200, 150, 10000, 180, 75),
    box('BOX-M', 400, 300, 200, 20000, 300, 110),
    box('BOX-L', 500, 400, 300, 25000, 500, 160),
    box('BOX-XL', 600, 500, 500, 30000, 800, 240),
  ];
}

/** An order: 1–6 lines (most orders small), 1–4 units per line (mostly 1). */
export function sampleOrder(rand: () => number, products: SampleProduct[]): CartonItem[] {
  const lineCount = Math.min(6, 1 + Math.floor(-Math.log(1 - rand()) * 1.5));
  const chosen = new Map<string, CartonItem>();
  while (chosen.size < lineCount) {
    const p = products[Math.floor(rand() * products.length)] as SampleProduct;
    if (chosen.has(p.sku)) continue;
    const quantity = rand() < 0.7 ? 1 : between(rand, 2, 4);
    chosen.set(p.sku, { sku: p.sku, quantity, dims: p.dims, weightGrams: p.weightGrams, uprightOnly: p.uprightOnly });
  }
  return [...chosen.values()];
}
