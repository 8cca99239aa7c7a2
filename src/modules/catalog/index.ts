/** catalog: products (SKUs), their prices, dimensions and stock policy. See README.md. */
export { catalogRoutes } from './http/routes.js';
export { findProducts, type ProductRow } from './db/products.queries.js';
