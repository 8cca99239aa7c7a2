/** catalog: products (SKUs), their prices, dimensions and stock policy. See README.md. */
export { catalogRoutes } from './http/routes.js';
export { findStockPolicies, findPhysical, findCustomsData, type StockPolicy, type PhysicalProduct } from './db/products.queries.js';
export { componentsOfKits } from './db/components.queries.js';
export { findProductsByGtin } from './db/gtin.queries.js';
export { kitAvailability, allocateKitPrice, type KitComponent } from './domain/kits.js';
