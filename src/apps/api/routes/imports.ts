import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Readable } from 'node:stream';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest, PageQuery } from '../../../platform/http/pagination.js';
import { listOf, nullable, Timestamp } from '../../../platform/http/schemas.js';
import { findChannel, findImportJob, importFormats, listImportJobs, type ImportJobRow } from '../../../modules/channels/index.js';
import { importOrders } from '../../../flows/capture/import-orders.js';

/**
 * An import's body is streamed, never held whole, so it may be far larger than the API's
 * OMS_BODY_LIMIT_BYTES: 512 MiB (a 1,000,000-row CSV is ~200 MB). Larger files: `oms import`.
 */
export const IMPORT_BODY_LIMIT_BYTES = 512 * 1024 * 1024;

const importMediaTypes = ['text/csv', 'application/json', 'application/x-ndjson', 'application/edi-x12', 'text/plain'];

const ChannelId = Type.Object({ id: Type.String({ pattern: '^chn_[0-9a-z]{26}$' }) });
const ImportId = Type.Object({ id: Type.String({ pattern: '^imp_[0-9a-z]{26}$' }) });

const ImportJobView = Type.Object({
  id: Type.String(),
  channel_id: Type.String(),
  format: Type.String(),
  status: Type.String({ description: 'running, completed (also when some records were rejected), failed (see error), or interrupted (its process stopped: import the file again; captured orders count as duplicates)' }),
  counts: Type.Object({
    total: Type.Integer({ description: 'Orders read from the file (CSV: row groups)' }),
    imported: Type.Integer(),
    duplicates: Type.Integer({ description: 'Already captured from this channel (same external id): left unchanged' }),
    rejected: Type.Integer(),
  }),
  rejected: Type.Array(
    Type.Object({
      row: nullable(Type.Integer({ description: 'CSV row (the header is row 1), NDJSON line, or JSON array element number' })),
      column: nullable(Type.String({ description: 'The CSV header or payload field at fault' })),
      external_id: nullable(Type.String()),
      reason: Type.String(),
    }),
    { description: `The first ${100} reasons; \`oms import\` writes all of them to a file` },
  ),
  error: nullable(Type.String()),
  created_at: Timestamp,
  finished_at: nullable(Timestamp),
});

function view(job: ImportJobRow) {
  return {
    id: job.id,
    channel_id: job.channelId,
    format: job.format,
    status: job.status,
    counts: { total: job.total, imported: job.imported, duplicates: job.duplicates, rejected: job.rejected },
    rejected: job.rejections,
    error: job.error,
    created_at: job.createdAt.toISOString(),
    finished_at: job.finishedAt?.toISOString() ?? null,
  };
}

/** The body, counted as it streams: more than the import limit stops the import with 413. */
async function* limited(body: Readable): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buffer.length;
    if (bytes > IMPORT_BODY_LIMIT_BYTES) throw new DomainError('REQUEST_TOO_LARGE', `An import body is at most ${IMPORT_BODY_LIMIT_BYTES} bytes; use \`oms import\` for larger files.`);
    yield buffer;
  }
}

/** Bulk imports of a channel's orders (a flow: orders are captured through place-order). */
export function importRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    await app.register(async (scope) => {
      // The file arrives as the raw body and is read as a stream, whatever its declared type.
      scope.removeAllContentTypeParsers();
      for (const type of importMediaTypes) scope.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
      scope.withTypeProvider<TypeBoxTypeProvider>().post('/v1/channels/:id/imports', {
        config: { action: 'channels:import', longRequest: true },
        bodyLimit: IMPORT_BODY_LIMIT_BYTES,
        schema: {
          tags: ['channels'],
          summary: 'Import a file of orders into a channel',
          description:
            `The body is the file (${importMediaTypes.join(', ')}), streamed, up to ${IMPORT_BODY_LIMIT_BYTES / 1024 / 1024} MiB. ` +
            'csv: one order per run of consecutive rows with the same external id, columns by `mapping` (JSON: field → header), else the channel’s settings.csv_mapping, else Shopify’s orders export headers. ' +
            'shopify, woocommerce, ebay (on a channel of that type): the platform’s orders as a JSON array, NDJSON, or the list envelope {orders: [...]}; amazon: one {order, items} (getOrder payload and getOrderItems OrderItems) per NDJSON line or array element. ' +
            'x12 (on an x12 channel): any number of interchanges, each received as by POST /v1/channels/{id}/x12 (997 and 855 stored as documents), counted per 850. ' +
            'Every order is captured like POST /v1/orders; one already captured from this channel is a duplicate; the answer counts them and lists the first rejections with row and reason. ' +
            'Refused with nothing imported: unknown channel 404, deactivated 409 CHANNEL_INACTIVE, format of another channel type 422 CHANNEL_TYPE_MISMATCH, format not built yet 422 IMPORT_FORMAT_UNSUPPORTED, mapping or header unusable 422 IMPORT_MAPPING_INVALID.',
          params: ChannelId,
          querystring: Type.Object(
            {
              format: Type.Union(importFormats.map((f) => Type.Literal(f))),
              mapping: Type.Optional(Type.String({ maxLength: 10_000, description: 'CSV only: a JSON object from fields (external_id, sku, quantity, unit_price, currency, placed_at, email, customer_name, ship_*, shipping_price, service_level, notes, tags) to header names' })),
            },
            { additionalProperties: false },
          ),
          response: { 201: ImportJobView },
        },
      }, async (request, reply) => {
        const { format, mapping: mappingText } = request.query;
        let mapping: unknown;
        if (mappingText !== undefined) {
          try {
            mapping = JSON.parse(mappingText);
          } catch {
            throw new DomainError('IMPORT_MAPPING_INVALID', 'The mapping is not JSON.', [{ field: 'query.mapping', message: 'must be a JSON object from field names to header names' }]);
          }
        }
        const body = request.body as Readable | undefined;
        if (!body) throw new DomainError('REQUEST_INVALID', 'The body is the file to import.', [{ field: 'body', message: 'is empty' }]);
        const job = await importOrders(db, { format, channelId: request.params.id, tenantId: request.principal.tenantId, mapping, actorId: request.principal.keyId }, limited(body), { clock: deps.clock });
        return reply.code(201).send(view(job));
      });
    });

    app.get('/v1/imports/:id', {
      config: { action: 'read' },
      schema: { tags: ['channels'], summary: 'One import: its status, counts and first rejections', params: ImportId, response: { 200: ImportJobView } },
    }, async (request) => {
      const job = await findImportJob(db, request.principal.tenantId, request.params.id);
      if (!job) throw new DomainError('IMPORT_NOT_FOUND', `No import ${request.params.id}.`);
      return view(job);
    });

    app.get('/v1/channels/:id/imports', {
      config: { action: 'read' },
      schema: { tags: ['channels'], summary: 'A channel’s imports, newest first', params: ChannelId, querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: listOf(ImportJobView) } },
    }, async (request) => {
      if (!(await findChannel(db, request.principal.tenantId, request.params.id))) throw new DomainError('CHANNEL_NOT_FOUND', `No channel ${request.params.id}.`);
      const pageOf = pageRequest(request.query, /^imp_[0-9a-z]{26}$/);
      const rows = await listImportJobs(db, request.principal.tenantId, request.params.id, pageOf);
      return page(rows.map(view), pageOf, (j) => [j.id]);
    });
  };
}
