import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../../platform/http/deps.js';
import { AddressSchema } from '../../../platform/http/address.js';
import { actorOf, type Principal } from '../../../platform/http/principal.js';
import { locationInScope, seesLocation } from '../scope.js';
import { Code, Day, Instant, listOf, nullable, text } from '../../../platform/http/schemas.js';
import { decodeCursor, page, PageQuery } from '../../../platform/http/pagination.js';
import { installRawJsonBodyParser } from '../../../platform/http/json-body.js';
import { idempotencyOf } from '../../../platform/idempotency/idempotency.js';
import {
  carrierSecretsOf,
  contentsTypes,
  eventsOfShipments,
  findShipment,
  listShipments,
  money as moneyOf,
  nonDeliveryOptions,
  RateView,
  restrictionTypes,
  shipmentCustomsPdf,
  shipmentStatuses,
  shipmentView,
  ShipmentView,
} from '../../../modules/shipping/index.js';
import { DomainError } from '../../../platform/errors.js';
import { shipFulfillmentOrder } from '../../../flows/shipping/ship-fulfillment-order.js';
import { voidShipment } from '../../../flows/shipping/void-shipment.js';
import { recordManualTracking, receiveTrackingWebhook } from '../../../flows/shipping/track-shipment.js';
import { quoteRates } from '../../../flows/shipping/quote-rates.js';
import { manifest, manifestFile, shipmentLabel, type ManifestQuery } from '../../../flows/shipping/shipping-documents.js';
import { promiseForSku } from '../../../flows/shipping/delivery-promise.js';
import { shipPickList } from '../../../flows/shipping/ship-pick-list.js';

const ServiceLevel = Type.Union([Type.Literal('standard'), Type.Literal('expedited'), Type.Literal('overnight')]);
const ShipmentId = Type.Object({ id: Type.String({ pattern: '^shp_[0-9a-z]{26}$' }) });
const IdempotencyHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String()) });
const Millimetres = Type.Integer({ minimum: 1, maximum: 10_000 });
const CustomsOverride = Type.Object(
  {
    contents_type: Type.Optional(Type.Union(contentsTypes.map((t) => Type.Literal(t)), { description: 'Default merchandise' })),
    contents_explanation: Type.Optional(text(255, { description: 'Required when contents_type is other' })),
    non_delivery_option: Type.Optional(Type.Union(nonDeliveryOptions.map((t) => Type.Literal(t)), { description: 'Default return' })),
    restriction_type: Type.Optional(Type.Union(restrictionTypes.map((t) => Type.Literal(t)), { description: 'Default none' })),
    restriction_comments: Type.Optional(text(255, { description: 'Required when restriction_type is not none' })),
    signer: Type.Optional(text(100, { description: 'Who certifies the declaration; default the ship-from address’s name or company' })),
    eel_pfc: Type.Optional(text(40, { description: 'US exports: the EEI exemption to state instead of the one derived (NOEEI 30.37(a) up to USD 2,500 per Schedule B line, NOEEI 30.36 to Canada)' })),
    itn: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'US exports filed in AES: the ITN (X + 14 digits); required above USD 2,500 per Schedule B line' })),
    items: Type.Optional(
      Type.Array(
        Type.Object(
          {
            sku: Code,
            description: Type.Optional(text(255)),
            unit_value: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'Declared value of one unit, decimal string in the order’s currency (default: what the customer paid)' })),
            hs_code: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: '6 to 10 digits, dots allowed' })),
            country_of_origin: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 200, description: 'Per SKU of the shipment: replaces what the product says' },
      ),
    ),
  },
  { additionalProperties: false, description: 'Parcels leaving their customs territory: changes to the declaration built from the order lines and the products. Ignored for a shipment that stays inside one.' },
);
const ShipChoice = {
  carrier: Type.Optional(Code),
  service: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'With carrier: buy this service' })),
  service_level: Type.Optional(ServiceLevel),
  deliver_by: Type.Optional(Day),
  tracking_numbers: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 50, description: 'A label bought elsewhere: one tracking number per package (validated, carrier detected); nothing is bought' }),
  ),
  customs: Type.Optional(CustomsOverride),
};
const ShipBody = Type.Object(ShipChoice, { additionalProperties: false });
const TrackingStatus = Type.Union(shipmentStatuses.filter((s) => s !== 'voided').map((s) => Type.Literal(s)));
const ManifestQuery = Type.Object({ carrier: Code, location: Type.String({ minLength: 1, maxLength: 64 }), date: Day }, { additionalProperties: false });
const Binary = (mediaType: string) => Type.Unsafe<Buffer>({ type: 'string', format: 'binary', contentMediaType: mediaType });

const ManifestView = Type.Object({
  carrier: Type.String(),
  location: Type.String(),
  date: Day,
  shipments: Type.Array(
    Type.Object({ shipment_id: Type.String(), reference: Type.String(), tracking_number: Type.String(), service: Type.String(), packages: Type.Integer(), weight_grams: Type.Integer(), amount: Type.String(), currency: Type.String() }),
  ),
  totals: Type.Object({ shipments: Type.Integer(), packages: Type.Integer(), weight_grams: Type.Integer() }),
});

/** Rates, shipments, labels, tracking, manifests and promises: flows over shipping with fulfillment, inventory and orders. */
export function shippingRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;
    const secrets = carrierSecretsOf(deps.config);
    /** A location key's manifest is its own location's: another location answers as an unknown one. */
    const manifestQueryInScope = async (p: Principal, query: ManifestQuery): Promise<ManifestQuery> => (p.locationId === undefined ? query : { ...query, location: (await locationInScope(db, p, query.location, 'query.location')).id });

    app.post('/v1/rates', {
      config: { action: 'read' },
      schema: {
        tags: ['shipping'],
        summary: 'Quote every carrier service for parcels (or a cart’s items) from a location to an address, without buying',
        body: Type.Object(
          {
            from: Type.String({ minLength: 1, maxLength: 64, description: 'Location code or id' }),
            to: AddressSchema,
            packages: Type.Optional(Type.Array(Type.Object({ weight_grams: Type.Integer({ minimum: 1, maximum: 1_000_000 }), dimensions_mm: Type.Object({ length: Millimetres, width: Millimetres, height: Millimetres }, { additionalProperties: false }) }, { additionalProperties: false }), { minItems: 1, maxItems: 50 })),
            items: Type.Optional(Type.Array(Type.Object({ sku: Code, quantity: Type.Integer({ minimum: 1, maximum: 10_000 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 200, description: 'A cart: packed into the tenant’s boxes from the products’ sizes, as the warehouse would' })),
            service_level: Type.Optional(ServiceLevel),
            deliver_by: Type.Optional(Day),
            channel: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            from: Type.String(),
            packages: Type.Array(Type.Object({ weight_grams: Type.Integer(), dimensions_mm: Type.Object({ length: Type.Integer(), width: Type.Integer(), height: Type.Integer() }) }), { description: 'The parcels quoted (the cart as packed, when items were sent)' }),
            ship_date: Day,
            rates: Type.Array(RateView),
            chosen: nullable(Type.Object({ carrier: Type.String(), service: Type.String(), reason: Type.String() })),
            unavailable: Type.Array(Type.Object({ carrier: Type.String(), reason: Type.String() })),
          }),
        },
      },
    }, async (request) => quoteRates(db, actorOf(request.principal), request.body, deps.clock(), secrets));

    app.post('/v1/fulfillment-orders/:id/ship', {
      config: { action: 'shipping:ship', scope: 'location' },
      schema: {
        tags: ['shipping'],
        summary: 'Ship a packed fulfillment order: rate-shop, buy the label, confirm (stock leaves, order moves)',
        description:
          'Retry with the same Idempotency-Key: the label is bought once. 422 SHIPPING_NO_SERVICE when no service keeps the promise. ' +
          'With `tracking_numbers` nothing is bought: the label was bought elsewhere (`carrier` names it; a carrier whose numbers we know how to check must match them). ' +
          'A location-scoped key buys through the tenant’s carriers only when settings.location_keys_may_buy_labels is on (403 SHIPPING_LABEL_PURCHASE_FORBIDDEN otherwise).',
        params: Type.Object({ id: Type.String({ pattern: '^ful_[0-9a-z]{26}$' }) }),
        headers: IdempotencyHeader,
        body: Type.Optional(ShipBody),
        response: { 200: ShipmentView, 201: ShipmentView },
      },
    }, async (request, reply) => {
      const body = request.body ?? {};
      const path = `/v1/fulfillment-orders/${request.params.id}/ship`;
      const result = await shipFulfillmentOrder(db, actorOf(request.principal), request.params.id, body, deps.clock(), {
        secrets,
        scopeLocationId: request.principal.locationId,
        idempotency: idempotencyOf(request.headers['idempotency-key'], 'POST', path, body),
      });
      return reply.code(result.statusCode).send(result.body);
    });

    app.post('/v1/shipments', {
      config: { action: 'shipping:ship', scope: 'location' },
      schema: {
        tags: ['shipping'],
        summary: 'Create the shipment for a packed fulfillment order (same as POST /v1/fulfillment-orders/{id}/ship)',
        headers: IdempotencyHeader,
        body: Type.Object({ fulfillment_order_id: Type.String({ pattern: '^ful_[0-9a-z]{26}$' }), ...ShipChoice }, { additionalProperties: false }),
        response: { 200: ShipmentView, 201: ShipmentView },
      },
    }, async (request, reply) => {
      const { fulfillment_order_id: id, ...choice } = request.body;
      const result = await shipFulfillmentOrder(db, actorOf(request.principal), id, choice, deps.clock(), {
        secrets,
        scopeLocationId: request.principal.locationId,
        idempotency: idempotencyOf(request.headers['idempotency-key'], 'POST', '/v1/shipments', request.body),
      });
      return reply.code(result.statusCode).send(result.body);
    });

    app.post('/v1/pick-lists/:id/ship', {
      config: { action: 'shipping:write' },
      schema: {
        tags: ['shipping'],
        summary: 'Ship every packed fulfillment order of a pick list (a batch of labels)',
        description: 'Each fulfillment order is shipped on its own: one that fails (not packed, no service) is reported and the others still ship. Safe to repeat: shipped ones are skipped.',
        params: Type.Object({ id: Type.String({ pattern: '^pkl_[0-9a-z]{26}$' }) }),
        body: Type.Optional(ShipBody),
        response: {
          200: Type.Object({
            shipped: Type.Array(ShipmentView),
            skipped: Type.Array(Type.Object({ fulfillment_order_id: Type.String(), status: Type.String() })),
            failed: Type.Array(Type.Object({ fulfillment_order_id: Type.String(), code: Type.String(), detail: Type.String() })),
          }),
        },
      },
    }, async (request) => shipPickList(db, actorOf(request.principal), request.params.id, request.body ?? {}, deps.clock(), { secrets, scopeLocationId: request.principal.locationId }));

    app.get('/v1/shipments', {
      config: { action: 'shipments:read', scope: 'location' },
      schema: {
        tags: ['shipping'],
        summary: 'List shipments (oldest first)',
        querystring: Type.Object(
          {
            order_id: Type.Optional(Type.String({ pattern: '^ord_[0-9a-z]{26}$' })),
            fulfillment_order_id: Type.Optional(Type.String({ pattern: '^ful_[0-9a-z]{26}$' })),
            status: Type.Optional(Type.Union(shipmentStatuses.map((s) => Type.Literal(s)))),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: listOf(ShipmentView) },
      },
    }, async (request) => {
      const { limit = 50, cursor, order_id: orderId, fulfillment_order_id: fulfillmentOrderId, status } = request.query;
      const after = decodeCursor(cursor, /^shp_[0-9a-z]{26}$/);
      const rows = await listShipments(db, request.principal.tenantId, { orderId, fulfillmentOrderId, status, locationId: request.principal.locationId }, after, limit + 1);
      return page(rows.map((r) => shipmentView(r)), limit, (s) => s.id);
    });

    app.get('/v1/shipments/:id', {
      config: { action: 'shipments:read', scope: 'location' },
      schema: { tags: ['shipping'], summary: 'A shipment with its tracking events', params: ShipmentId, response: { 200: ShipmentView } },
    }, async (request) => {
      const shipment = await findShipment(db, request.principal.tenantId, request.params.id);
      if (!shipment || !seesLocation(request.principal, shipment.locationId)) throw new DomainError('SHIPMENT_NOT_FOUND', `No shipment ${request.params.id}.`);
      return shipmentView(shipment, await eventsOfShipments(db, request.principal.tenantId, [shipment.id]));
    });

    const Parcel = Type.Object({ parcel: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'One parcel’s label (1-based); default: all' })) }, { additionalProperties: false });

    app.get('/v1/shipments/:id/label.pdf', {
      config: { action: 'shipments:read', scope: 'location' },
      schema: { tags: ['shipping'], summary: 'The 4×6 in labels as PDF, one page per parcel', params: ShipmentId, querystring: Parcel, produces: ['application/pdf'], response: { 200: Binary('application/pdf') } },
    }, async (request, reply) => {
      const pdf = await shipmentLabel(db, request.principal.tenantId, request.params.id, 'pdf', request.query.parcel, request.principal.locationId);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${request.params.id}.pdf"`).send(pdf);
    });

    app.get('/v1/shipments/:id/label.zpl', {
      config: { action: 'shipments:read', scope: 'location' },
      schema: { tags: ['shipping'], summary: 'The labels as ZPL II for a 203 dpi thermal printer, one ^XA…^XZ per parcel', params: ShipmentId, querystring: Parcel, produces: ['application/zpl'], response: { 200: Type.String() } },
    }, async (request, reply) => {
      const zpl = await shipmentLabel(db, request.principal.tenantId, request.params.id, 'zpl', request.query.parcel, request.principal.locationId);
      return reply.type('application/zpl; charset=utf-8').header('content-disposition', `inline; filename="${request.params.id}.zpl"`).send(zpl);
    });

    app.get('/v1/shipments/:id/customs.pdf', {
      config: { action: 'shipments:read', scope: 'location' },
      schema: {
        tags: ['shipping'],
        summary: 'The customs paper of a shipment abroad: CN 22 / CN 23 (postal services) or commercial invoice (couriers), as printed when the label was bought',
        description: '404 SHIPMENT_NO_CUSTOMS_DOCUMENT for a shipment that stays inside its customs territory, or whose aggregator printed the carrier’s own forms.',
        params: ShipmentId,
        produces: ['application/pdf'],
        response: { 200: Binary('application/pdf') },
      },
    }, async (request, reply) => {
      const { kind, pdf } = await shipmentCustomsPdf(db, request.principal.tenantId, request.params.id, request.principal.locationId);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${request.params.id}-${kind}.pdf"`).send(pdf);
    });

    app.post('/v1/shipments/:id/events', {
      config: { action: 'shipping:scan', scope: 'location' },
      schema: {
        tags: ['shipping'],
        summary: 'Record a tracking scan by hand',
        description: 'Kept whatever it says; it moves the shipment only forward (an older or impossible scan is recorded with a note). A delivered last shipment delivers the order.',
        params: ShipmentId,
        body: Type.Object(
          { status: TrackingStatus, occurred_at: Instant, location: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), description: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ applied: Type.Boolean(), note: Type.String(), shipment: ShipmentView }) },
      },
    }, async (request) => {
      const b = request.body;
      return recordManualTracking(db, actorOf(request.principal), request.params.id, { status: b.status, occurredAt: b.occurred_at, location: b.location, description: b.description }, deps.clock(), request.principal.locationId);
    });

    app.post('/v1/shipments/:id/void', {
      config: { action: 'shipping:write' },
      schema: {
        tags: ['shipping'],
        summary: 'Void a label the carrier has not scanned: stock goes back and the fulfillment order is packed again',
        params: ShipmentId,
        body: Type.Optional(Type.Object({ reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) }, { additionalProperties: false })),
        response: { 200: ShipmentView },
      },
    }, async (request) => voidShipment(db, actorOf(request.principal), request.params.id, request.body?.reason ?? 'voided by operator', deps.clock(), secrets));

    app.get('/v1/manifests', {
      config: { action: 'shipments:read', scope: 'location' },
      schema: { tags: ['shipping'], summary: 'End-of-day manifest: a carrier’s shipments from a location on a pickup day', querystring: ManifestQuery, response: { 200: ManifestView } },
    }, async (request) => {
      const m = await manifest(db, request.principal.tenantId, await manifestQueryInScope(request.principal, request.query), deps.clock());
      return {
        carrier: m.carrierCode,
        location: m.locationCode,
        date: m.date,
        shipments: m.rows.map((r) => ({ shipment_id: r.shipmentId, reference: r.orderReference, tracking_number: r.trackingNumber, service: r.service, packages: r.packages, weight_grams: r.weightGrams, amount: moneyOf(r.amountMinor, r.currency), currency: r.currency })),
        totals: { shipments: m.rows.length, packages: m.rows.reduce((n, r) => n + r.packages, 0), weight_grams: m.rows.reduce((n, r) => n + r.weightGrams, 0) },
      };
    });

    app.get('/v1/manifests.pdf', {
      config: { action: 'shipments:read', scope: 'location' },
      schema: { tags: ['shipping'], summary: 'The manifest as PDF, for the driver to sign', querystring: ManifestQuery, produces: ['application/pdf'], response: { 200: Binary('application/pdf') } },
    }, async (request, reply) => reply.type('application/pdf').send(await manifestFile(db, request.principal.tenantId, await manifestQueryInScope(request.principal, request.query), 'pdf', deps.clock())));

    app.get('/v1/manifests.csv', {
      config: { action: 'shipments:read', scope: 'location' },
      schema: { tags: ['shipping'], summary: 'The manifest as CSV', querystring: ManifestQuery, produces: ['text/csv'], response: { 200: Type.String() } },
    }, async (request, reply) => reply.type('text/csv; charset=utf-8').send(await manifestFile(db, request.principal.tenantId, await manifestQueryInScope(request.principal, request.query), 'csv', deps.clock())));

    app.get('/v1/promise', {
      config: { action: 'read' },
      schema: {
        tags: ['shipping'],
        summary: 'A storefront’s “arrives by”: ship-by and deliver-by dates for a SKU to a postal code',
        querystring: Type.Object(
          {
            sku: Code,
            postal_code: Type.String({ minLength: 1, maxLength: 20 }),
            country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'Default US' })),
            quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
            channel: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Default web' })),
            service_level: Type.Optional(ServiceLevel),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ sku: Type.String(), location: Type.String(), ship_by: Day, deliver_by: Day, carrier: Type.String(), service: Type.String(), service_name: Type.String(), service_level: Type.String(), transit_days: Type.Integer() }),
        },
      },
    }, async (request) => promiseForSku(db, actorOf(request.principal), request.query, deps.clock(), secrets));

    // The carrier's webhook: authenticated by its HMAC signature over the raw body, not an API key.
    await app.register(async (hook) => {
      installRawJsonBodyParser(hook);
      hook.withTypeProvider<TypeBoxTypeProvider>().post('/v1/carriers/:id/webhooks/tracking', {
        config: { action: 'public' },
        schema: {
          tags: ['shipping'],
          summary: 'Tracking events from an EasyPost-format aggregator (X-Hmac-Signature checked)',
          description: 'The carrier connection’s webhook_url (GET /v1/carriers/{code}). 401 CARRIER_SIGNATURE_INVALID when the signature is missing or wrong; scans of parcels we did not ship are acknowledged and ignored.',
          params: Type.Object({ id: Type.String({ pattern: '^car_[0-9a-z]{26}$' }) }),
          response: { 200: Type.Object({ received: Type.Integer(), applied: Type.Integer(), unknown_tracking_numbers: Type.Integer() }) },
        },
      }, async (request) => receiveTrackingWebhook(db, request.params.id, request.body as Buffer, headerOf(request.headers['x-hmac-signature']), deps.clock(), secrets));
    });
  };
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
