/** catalog: products (SKUs), their prices, dimensions and stock policy. See README.md. */
export { catalogRoutes } from './http/routes.js';
export { findStockPolicies, type StockPolicy } from './db/products.queries.js';
