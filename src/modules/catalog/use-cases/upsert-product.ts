import type { Db } from '../../../platform/db/database.js';
import { inTransaction } from '../../../platform/db/transaction.js';
import { DomainError } from '../../../platform/errors.js';
import { moneyFromWire, requireCurrency } from '../../../platform/kernel/money.js';
import { isValidGtin } from '../domain/gtin.js';
import { customsProblems } from '../domain/customs.js';
import { normalizeHsCode } from '../../../platform/kernel/hs-code.js';
import { appendEvents, type Actor } from '../../../platform/outbox/events.js';
import { findProduct, upsertProduct, type ProductRow } from '../db/products.queries.js';
import type { KitComponent } from '../domain/kits.js';
import { checkKitDefinition, componentsOf, replaceComponents, sameComponents } from './define-kit.js';

export interface ProductInput {
  name: string;
  price: string;
  currency: string;
  weight_grams?: number | null;
  dimensions_mm?: { length: number; width: number; height: number } | null;
  backorderable?: boolean;
  low_stock_threshold?: number;
  gtin?: string | null;
  /** Customs: HS code (6–10 digits, dots allowed), ISO alpha-2 country of origin, declared description. */
  hs_code?: string | null;
  country_of_origin?: string | null;
  customs_description?: string | null;
  /** A non-empty list makes the product a kit; empty, null or omitted makes it a plain product. */
  components?: KitComponent[] | null;
}

/** PUT semantics: the body is the whole product; repeating it changes nothing. */
export async function putProduct(db: Db, actor: Actor, sku: string, input: ProductInput, now: Date): Promise<{ product: ProductRow; components: KitComponent[]; created: boolean }> {
  return inTransaction(db, async (tx) => {
    if (input.gtin != null && !isValidGtin(input.gtin)) {
      throw new DomainError('PRODUCT_GTIN_INVALID', `${input.gtin} is not a valid GTIN.`, [{ field: 'gtin', message: 'must be a GTIN-8, UPC-A (12), EAN-13 or GTIN-14 with a valid check digit' }]);
    }
    const customs = customsProblems(input);
    if (customs.length > 0) throw new DomainError('PRODUCT_CUSTOMS_INVALID', `The product's customs data is not acceptable (${customs.map((p) => p.field).join(', ')}).`, customs);
    const exponent = requireCurrency(input.currency, 'currency');
    const priceMinor = moneyFromWire(input.price, input.currency, exponent, 'price');
    const components = (input.components ?? []).map((c) => ({ sku: c.sku, quantity: c.quantity }));
    await checkKitDefinition(tx, actor.tenantId, sku, components);
    const before = await findProduct(tx, actor.tenantId, sku);
    const componentsBefore = before ? await componentsOf(tx, actor.tenantId, sku) : [];
    const componentsChanged = !sameComponents(componentsBefore, components);
    const next = {
      tenantId: actor.tenantId,
      sku,
      name: input.name,
      priceMinor,
      currency: input.currency,
      weightGrams: input.weight_grams ?? null,
      lengthMm: input.dimensions_mm?.length ?? null,
      widthMm: input.dimensions_mm?.width ?? null,
      heightMm: input.dimensions_mm?.height ?? null,
      backorderable: input.backorderable ?? false,
      lowStockThreshold: input.low_stock_threshold ?? 0,
      gtin: input.gtin ?? null,
      hsCode: input.hs_code == null ? null : (normalizeHsCode(input.hs_code) ?? null),
      countryOfOrigin: input.country_of_origin ?? null,
      customsDescription: input.customs_description ?? null,
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
    };
    // Repeating the same PUT changes nothing: no write, no event, updated_at kept.
    if (before && sameContent(before, next) && !componentsChanged) return { product: before, components, created: false };
    await upsertProduct(tx, next);
    if (componentsChanged) await replaceComponents(tx, actor.tenantId, sku, components);
    const product = (await findProduct(tx, actor.tenantId, sku)) as ProductRow;
    await appendEvents(tx, actor, now, [
      { type: before ? 'product.updated' : 'product.created', aggregateType: 'product', aggregateId: sku, data: { sku, price: input.price, currency: input.currency, components, hs_code: next.hsCode, country_of_origin: next.countryOfOrigin } },
    ]);
    return { product, components, created: before === undefined };
  });
}

const contentFields = ['name', 'priceMinor', 'currency', 'weightGrams', 'lengthMm', 'widthMm', 'heightMm', 'backorderable', 'lowStockThreshold', 'gtin', 'hsCode', 'countryOfOrigin', 'customsDescription'] as const;

function sameContent(a: ProductRow, b: ProductRow): boolean {
  return contentFields.every((f) => a[f] === b[f]);
}
