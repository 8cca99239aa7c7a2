import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import type { AppDeps } from '../../../platform/http/deps.js';
import { page, pageRequest } from '../../../platform/http/pagination.js';
import { actorOf } from '../../../platform/http/principal.js';
import { IdempotencyHeader, listOf } from '../../../platform/http/schemas.js';
import { idempotencyOf } from '../../../platform/idempotency/idempotency.js';
import {
  Binary,
  carrierSecretsOf,
  eventsOfShipments,
  findShipment,
  listShipments,
  trackingNumberSpellings,
  ParcelQuery,
  shipmentCustomsPdf,
  ShipmentBody,
  ShipmentId,
  ShipmentQuery,
  shipmentView,
  ShipmentView,
  TrackingEventBody,
  TrackingEventResult,
  VoidBody,
} from '../../../modules/shipping/index.js';
import { shipFulfillmentOrder } from '../../../flows/shipping/ship-fulfillment-order.js';
import { shipmentLabel } from '../../../flows/shipping/shipping-documents.js';
import { recordManualTracking } from '../../../flows/shipping/track-shipment.js';
import { voidShipment } from '../../../flows/shipping/void-shipment.js';
import { seesLocation } from '../scope.js';

/*
 * /v1/shipments: flows over shipping with fulfillment, inventory and orders. Two plugins because the
 * OpenAPI document lists POST /v1/pick-lists/{id}/ship between them; app.ts registers each at its place.
 */

/** Creating and listing shipments. */
export function shipmentRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;
    const secrets = carrierSecretsOf(deps.config);

    app.post('/v1/shipments', {
      config: { action: 'shipping:ship', scope: 'location' },
      schema: {
        tags: ['shipping'],
        summary: 'Create the shipment for a packed fulfillment order (same as POST /v1/fulfillment-orders/{id}/ship)',
        headers: IdempotencyHeader,
        body: ShipmentBody,
        response: { 200: ShipmentView, 201: ShipmentView },
      },
    }, async (request, reply) => {
      const { fulfillment_order_id: id, ...choice } = request.body;
      const idempotency = idempotencyOf(request.headers['idempotency-key'], 'POST', '/v1/shipments', request.body);
      const result = await shipFulfillmentOrder(db, actorOf(request.principal), id, choice, deps.clock(), { secrets, scopeLocationId: request.principal.locationId, idempotency });
      return reply.code(result.statusCode).send(result.body);
    });

    app.get('/v1/shipments', {
      config: { action: 'shipments:read', scope: 'location' },
      schema: { tags: ['shipping'], summary: 'List shipments (oldest first)', querystring: ShipmentQuery, response: { 200: listOf(ShipmentView) } },
    }, async (request) => {
      const { order_id: orderId, fulfillment_order_id: fulfillmentOrderId, status, tracking_number: tracking } = request.query;
      const pageOf = pageRequest(request.query, /^shp_[0-9a-z]{26}$/);
      const trackingNumber = tracking === undefined ? undefined : trackingNumberSpellings(tracking);
      const rows = await listShipments(db, request.principal.tenantId, { orderId, fulfillmentOrderId, status, trackingNumber, locationId: request.principal.locationId }, pageOf);
      return page(rows.map((r) => shipmentView(r)), pageOf, (s) => [s.id]);
    });
  };
}

/** One shipment: reading it, its labels and customs paper, tracking scans by hand, voiding. */
export function shipmentItemRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const { db } = deps.database;
    const secrets = carrierSecretsOf(deps.config);

    app.get('/v1/shipments/:id', {
      config: { action: 'shipments:read', scope: 'location' },
      schema: { tags: ['shipping'], summary: 'A shipment with its tracking events', params: ShipmentId, response: { 200: ShipmentView } },
    }, async (request) => {
      const shipment = await findShipment(db, request.principal.tenantId, request.params.id);
      if (!shipment || !seesLocation(request.principal, shipment.locationId)) throw new DomainError('SHIPMENT_NOT_FOUND', `No shipment ${request.params.id}.`);
      return shipmentView(shipment, await eventsOfShipments(db, request.principal.tenantId, [shipment.id]));
    });

    app.get('/v1/shipments/:id/label.pdf', {
      config: { action: 'shipments:read', scope: 'location' },
      schema: { tags: ['shipping'], summary: 'The 4×6 in labels as PDF, one page per parcel', params: ShipmentId, querystring: ParcelQuery, produces: ['application/pdf'], response: { 200: Binary('application/pdf') } },
    }, async (request, reply) => {
      const pdf = await shipmentLabel(db, request.principal.tenantId, request.params.id, 'pdf', request.query.parcel, request.principal.locationId);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${request.params.id}.pdf"`).send(pdf);
    });

    app.get('/v1/shipments/:id/label.zpl', {
      config: { action: 'shipments:read', scope: 'location' },
      schema: { tags: ['shipping'], summary: 'The labels as ZPL II for a 203 dpi thermal printer, one ^XA…^XZ per parcel', params: ShipmentId, querystring: ParcelQuery, produces: ['application/zpl'], response: { 200: Type.String() } },
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
        body: TrackingEventBody,
        response: { 200: TrackingEventResult },
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
        body: VoidBody,
        response: { 200: ShipmentView },
      },
    }, async (request) => voidShipment(db, actorOf(request.principal), request.params.id, request.body?.reason ?? 'voided by operator', deps.clock(), secrets));
  };
}
