import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest, PageQuery } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { Code, listOf } from '../../../platform/http/schemas.js';
import { componentsOfKits, findProduct, listProducts, ProductBody, ProductView, productView, putProduct } from '../../../modules/catalog/index.js';

/** /v1/products: the catalog. */
export function productRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.put('/v1/products/:sku', {
      config: { action: 'catalog:write' },
      schema: {
        tags: ['catalog'],
        summary: 'Create or replace a product (idempotent)',
        params: Type.Object({ sku: Code }),
        body: ProductBody,
        response: { 200: ProductView, 201: ProductView },
      },
    }, async (request, reply) => {
      const { product, components, created } = await putProduct(db, actorOf(request.principal), request.params.sku, request.body, deps.clock());
      return reply.code(created ? 201 : 200).send(productView(product, components));
    });

    app.get('/v1/products', {
      config: { action: 'read' },
      schema: { tags: ['catalog'], summary: 'List products by SKU', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: listOf(ProductView) } },
    }, async (request) => {
      const pageOf = pageRequest(request.query, /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/);
      const rows = await listProducts(db, request.principal.tenantId, pageOf);
      const kits = await componentsOfKits(db, request.principal.tenantId, rows.map((r) => r.sku));
      return page(rows.map((r) => productView(r, kits.get(r.sku) ?? [])), pageOf, (p) => [p.sku]);
    });

    app.get('/v1/products/:sku', {
      config: { action: 'read' },
      schema: { tags: ['catalog'], summary: 'Get a product', params: Type.Object({ sku: Code }), response: { 200: ProductView } },
    }, async (request) => {
      const product = await findProduct(db, request.principal.tenantId, request.params.sku);
      if (!product) throw new DomainError('PRODUCT_NOT_FOUND', `No product with SKU ${request.params.sku}.`);
      return productView(product, (await componentsOfKits(db, request.principal.tenantId, [product.sku])).get(product.sku) ?? []);
    });
  };
}
