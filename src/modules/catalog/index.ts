/** catalog: products (SKUs), their prices, dimensions and stock policy. See README.md. */
export { ProductBody, ProductView, productView } from './http/schemas.js';
export { putProduct } from './use-cases/upsert-product.js';
export { findProduct, listProducts } from './db/products.queries.js';
export { findStockPolicies, findPhysical, findCustomsData, productNamesOf, type StockPolicy, type PhysicalProduct } from './db/products.queries.js';
export { componentsOfKits } from './db/components.queries.js';
export { findProductsByGtin } from './db/gtin.queries.js';
export { kitAvailability, allocateKitPrice, type KitComponent } from './domain/kits.js';
export { hasShippableProduct, lowStockThresholds } from './db/dashboard.queries.js';
