/** catalog: products (SKUs), their prices, dimensions and stock policy. See README.md. */
export { ProductBody, ProductView, productView } from './http/schemas.js';
export { putProduct } from './use-cases/upsert-product.js';
export { findProduct, listProducts } from './db/products.queries.js';
export { findStockPolicies, type StockPolicy } from './db/products.queries.js';
export { findPhysical, type PhysicalProduct } from './db/products.queries.js';
export { findCustomsData, type CustomsProduct } from './db/products.queries.js';
export { componentsOfKits } from './db/components.queries.js';
export { findProductsByGtin, gtinSpellings } from './db/gtin.queries.js';
export { kitAvailability, kitsAssemblable, allocateKitPrice, type KitComponent, type KitAvailability, type StockAt } from './domain/kits.js';
