import { Type } from '@fastify/type-provider-typebox';
import { Code, nullable, text, Timestamp } from '../../../platform/http/schemas.js';
import { currencyExponent, formatMoney } from '../../../platform/kernel/money.js';
import type { ProductRow } from '../db/products.queries.js';
import type { KitComponent } from '../domain/kits.js';

/** Request and response schemas of /v1/products, and the product view. */

const Dimensions = Type.Object(
  { length: Type.Integer({ minimum: 1, maximum: 100000 }), width: Type.Integer({ minimum: 1, maximum: 100000 }), height: Type.Integer({ minimum: 1, maximum: 100000 }) },
  { additionalProperties: false, description: 'Millimetres' },
);

const Component = Type.Object({ sku: Code, quantity: Type.Integer({ minimum: 1, maximum: 100000, description: 'Units in one kit' }) }, { additionalProperties: false });

export const ProductBody = Type.Object(
  {
    name: text(500),
    price: Type.String({ maxLength: 32, description: 'Decimal string in the currency, e.g. "19.99"' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' }),
    weight_grams: Type.Optional(nullable(Type.Integer({ minimum: 0, maximum: 10_000_000 }))),
    dimensions_mm: Type.Optional(nullable(Dimensions)),
    backorderable: Type.Optional(Type.Boolean({ default: false })),
    low_stock_threshold: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
    gtin: Type.Optional(nullable(Type.String({ pattern: '^([0-9]{8}|[0-9]{12,14})$', description: 'GTIN-8, UPC-A, EAN-13 or GTIN-14 (check digit verified); X12 lines with UP/EN qualifiers match it' }))),
    hs_code: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: 20, description: 'Harmonized System code, 6 to 10 digits (dots and spaces are dropped: "6109.10.0012" is stored as 6109100012). Needed to ship it abroad.' }))),
    country_of_origin: Type.Optional(nullable(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country where the product was made. Needed to ship it abroad.' }))),
    customs_description: Type.Optional(nullable(text(255, { description: 'What customs officers read on the declaration, e.g. "Men’s cotton T-shirt" (default: the name)' }))),
    components: Type.Optional(nullable(Type.Array(Component, { maxItems: 100, description: 'Non-empty: the product is a kit of these products (one level; a kit holds no stock of its own). Empty, null or omitted: a plain product.' }))),
  },
  { additionalProperties: false },
);

export const ProductView = Type.Object({
  sku: Type.String(),
  name: Type.String(),
  price: Type.String(),
  currency: Type.String(),
  weight_grams: nullable(Type.Integer()),
  dimensions_mm: nullable(Dimensions),
  backorderable: Type.Boolean(),
  low_stock_threshold: Type.Integer(),
  gtin: nullable(Type.String()),
  hs_code: nullable(Type.String()),
  country_of_origin: nullable(Type.String()),
  customs_description: nullable(Type.String()),
  kit: Type.Boolean({ description: 'The product is a kit of `components`' }),
  components: Type.Array(Component),
  created_at: Timestamp,
  updated_at: Timestamp,
});

/** A product as the API shows it: money as a decimal string, dimensions together. */
export function productView(p: ProductRow, components: KitComponent[]) {
  return {
    sku: p.sku,
    name: p.name,
    price: formatMoney(p.priceMinor, currencyExponent(p.currency) ?? 2),
    currency: p.currency,
    weight_grams: p.weightGrams,
    dimensions_mm: p.lengthMm && p.widthMm && p.heightMm ? { length: p.lengthMm, width: p.widthMm, height: p.heightMm } : null,
    backorderable: p.backorderable,
    low_stock_threshold: p.lowStockThreshold,
    gtin: p.gtin,
    hs_code: p.hsCode,
    country_of_origin: p.countryOfOrigin,
    customs_description: p.customsDescription,
    kit: components.length > 0,
    components,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}
