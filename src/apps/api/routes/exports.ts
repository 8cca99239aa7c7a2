import { Type, type Static, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { Day } from '../../../platform/http/schemas.js';
import { accountingExport, accountingFormats } from '../../../flows/channels/accounting-export.js';

const AccountingQuery = Type.Object(
  {
    date: { ...Day, description: 'The UTC day to export, YYYY-MM-DD' },
    format: Type.Union(accountingFormats.map((f) => Type.Literal(f)), { description: 'quickbooks: QBO Invoice / CreditMemo entities; xero: the Invoices / CreditNotes request bodies; csv: the double-entry journal' }),
  },
  { additionalProperties: false },
);

// Provider entities pass through as built (the domain checks them); the schema names the fields a
// client relies on and lets the rest of the provider's shape through.
const open = (properties: Parameters<typeof Type.Object>[0], description: string) => Type.Object(properties, { additionalProperties: true, description });
const QboEntity = open({ DocNumber: Type.String({ maxLength: 21 }), TxnDate: Day, CurrencyRef: Type.Object({ value: Type.String() }), Line: Type.Array(Type.Object({}, { additionalProperties: true })) }, 'A QuickBooks Online Invoice or CreditMemo: the body of POST /v3/company/{realm}/invoice (or /creditmemo)');
const XeroDocument = Type.Object({}, { additionalProperties: true });
const Skipped = Type.Object({ source: Type.String(), id: Type.String(), reason: Type.String() }, { description: 'A source record that could not become a document (e.g. a malformed refund.created event)' });

const AccountingJson = Type.Object({
  date: Day,
  format: Type.String(),
  invoices: Type.Union([Type.Array(QboEntity), open({ Invoices: Type.Array(XeroDocument) }, 'Xero: the body of PUT /api.xro/2.0/Invoices')]),
  credit_notes: Type.Union([Type.Array(QboEntity), open({ CreditNotes: Type.Array(XeroDocument) }, 'Xero: the body of PUT /api.xro/2.0/CreditNotes')]),
  skipped: Type.Array(Skipped),
});

/** Exports for other systems: the accounting journal of a day (a flow over orders, shipping, fulfillment and the outbox). */
export function exportRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;

    app.get('/v1/exports/accounting', {
      config: { action: 'read' },
      schema: {
        tags: ['exports'],
        summary: 'A day’s invoices (one per shipment) and credit notes (refunds, late label voids) for QuickBooks Online, Xero, or as a CSV journal',
        querystring: AccountingQuery,
        produces: ['application/json', 'text/csv'],
        response: {
          200: {
            description: 'JSON for quickbooks and xero; text/csv (an attachment) for csv',
            content: { 'application/json': { schema: AccountingJson }, 'text/csv': { schema: Type.String() } },
          },
        },
      },
    }, async (request, reply) => {
      const result = await accountingExport(db, request.principal.tenantId, request.query.date, request.query.format);
      // The provider shapes are typed in the domain; the schema only lets them through.
      if (result.format !== 'csv') return reply.send(result.body as unknown as Static<typeof AccountingJson>);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${result.filename}"`)
        .header('x-accounting-skipped', String(result.skipped.length))
        .send(result.csv);
    });
  };
}
