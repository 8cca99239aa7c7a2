import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { DomainError } from '../../platform/errors.js';
import type { Address } from '../../platform/http/address.js';
import { claimIdempotencyKey, completeIdempotencyKey, storedAnswer, type Idempotency } from '../../platform/idempotency/idempotency.js';
import { newId } from '../../platform/kernel/ids.js';
import { appendEvents, type Actor, type NewEvent } from '../../platform/outbox/events.js';
import { findFulfillmentOrder, lockFulfillmentOrder, packagesOf, transitionFulfillmentOrder, type FulfillmentOrder } from '../../modules/fulfillment/index.js';
import { consumeForShipment, findLocationsByCodeOrId, type LocationRow } from '../../modules/inventory/index.js';
import { addShippedUnits, allocationStatus, findOrder, linesOfOrders, lockOrder, transitionOrder, unfilledUnits, type OrderRow } from '../../modules/orders/index.js';
import {
  CarrierError,
  checkTrackingNumberOf,
  customsDocumentKindFor,
  customsPaperOf,
  identifyTrackingNumber,
  renderCustomsPdfOffLoop,
  shipByDate,
  promiseOf,
  quoteShipment,
  recordShipment,
  serviceLevels,
  shipmentView,
  type CarrierAdapter,
  type CustomsDeclaration,
  type CustomsDocumentKind,
  type CustomsOverride,
  type PurchasedLabel,
  type Quote,
  type SecretSource,
  type ServiceLevel,
  type ShopCandidate,
  type ShopResult,
  type DeliveryPromiseRow,
  type NewShipment,
} from '../../modules/shipping/index.js';
import { getSettings } from '../../modules/tenancy/index.js';
import { customsDeclarationFor } from './steps/customs-declaration.js';
import { clockOf, shipFromOf, shippingAddress } from './steps/shipping-context.js';

export interface ShipInput {
  /** Buy this carrier's (and service's) label instead of letting the rules choose. */
  carrier?: string | undefined;
  service?: string | undefined;
  service_level?: ServiceLevel | undefined;
  deliver_by?: string | undefined;
  /** A label bought elsewhere: one tracking number per package, checked and its carrier detected. */
  tracking_numbers?: string[] | undefined;
  /** Parcels abroad: what to change in the customs declaration built from the lines and products. */
  customs?: CustomsOverride | undefined;
}

export interface ShipOptions {
  secrets: SecretSource;
  /** A location-scoped key ships only its location's fulfillment orders, and buys labels only if the tenant lets it. */
  scopeLocationId?: string | undefined;
  idempotency?: Idempotency | undefined;
}

type ShipmentBody = ReturnType<typeof shipmentView>;

/** An adapter's failure as the API reports it; our own refusals pass through. */
export function carrierProblem(error: unknown, carrier: string): unknown {
  if (!(error instanceof CarrierError)) return error;
  return error.retryable
    ? new DomainError('CARRIER_UNAVAILABLE', `Carrier ${carrier} could not be reached: ${error.message}`)
    : new DomainError('CARRIER_REFUSED', `Carrier ${carrier} refused: ${error.message}`, undefined, { carrier_code: error.code });
}

function refuseUnlessPacked(fo: FulfillmentOrder): void {
  if (fo.status === 'packed') return;
  if (fo.status === 'shipped' || fo.status === 'cancelled' || fo.status === 'rejected') {
    throw new DomainError('FULFILLMENT_ILLEGAL_TRANSITION', `A fulfillment order that is ${fo.status} cannot be shipped.`, undefined, { current_status: fo.status, requested_status: 'shipped' });
  }
  throw new DomainError('SHIPMENT_NOT_PACKED', `The fulfillment order is ${fo.status}; pack it before shipping.`, undefined, { current_status: fo.status });
}

/**
 * Rate-shops among the services that keep the order's promise (its stored deliver-by date and
 * service level), falling back to the service level alone when the date can no longer be met
 * (the parcel is late; it still has to go, by the fastest means the rules allow).
 */
async function chooseService(db: Db, actor: Actor, request: Parameters<typeof quoteShipment>[2], promised: string | undefined, explicitDate: boolean, now: Date, secrets: SecretSource): Promise<{ quote: Quote; chosen: ShopCandidate }> {
  let quote = await quoteShipment(db, actor.tenantId, request, now, secrets);
  if (quote.result.candidates.length === 0 && quote.unavailable.length > 0) {
    throw new DomainError('CARRIER_UNAVAILABLE', `No carrier could quote: ${quote.unavailable.map((u) => `${u.carrier}: ${u.reason}`).join('; ')}.`);
  }
  if (!quote.result.chosen && promised && !explicitDate && quote.result.candidates.some((c) => c.meetsPromise === false && !c.excluded)) {
    quote = await quoteShipment(db, actor.tenantId, { ...request, deliverBy: undefined }, now, secrets);
    if (quote.result.chosen) quote.result.chosen.reason = `no service can still deliver by the promised ${promised}; ${quote.result.chosen.reason}`;
  }
  const picked = quote.result.chosen;
  const chosen = picked && quote.result.candidates.find((c) => c.carrier === picked.carrier && c.service === picked.service);
  if (!chosen) {
    throw new DomainError('SHIPPING_NO_SERVICE', quote.unavailable.length > 0 ? `No service qualifies (unavailable: ${quote.unavailable.map((u) => `${u.carrier}: ${u.reason}`).join('; ')}).` : undefined, undefined, {
      rates: quote.result.candidates.map((c) => ({ carrier: c.carrier, service: c.service, note: c.note })),
    });
  }
  return { quote, chosen };
}

/**
 * POST /v1/fulfillment-orders/{id}/ship: rate-shop, buy the label, and confirm the shipment.
 * The label is bought before the transaction (a carrier call must not hold row locks); the
 * transaction then checks the fulfillment order is still packed, records the shipment (one live
 * shipment per fulfillment order, enforced by the database), consumes the reservations, lowers
 * on hand and moves the order. If it fails, or a racing retry with the same Idempotency-Key won,
 * the label just bought is voided so nothing is paid twice.
 */
export async function shipFulfillmentOrder(db: Db, actor: Actor, id: string, input: ShipInput, now: Date, options: ShipOptions): Promise<{ statusCode: 200 | 201; body: ShipmentBody }> {
  const replay = await storedAnswer(db, actor.tenantId, options.idempotency);
  if (replay) return { statusCode: replay.statusCode as 201, body: replay.body as ShipmentBody };
  try {
    return await shipUnlessAnswered(db, actor, id, input, now, options);
  } catch (error) {
    // A retry racing the first request can find the fulfillment order already shipped before the
    // first one's answer was readable: if that answer is there now, it is this request's answer too.
    const late = error instanceof DomainError ? await storedAnswer(db, actor.tenantId, options.idempotency) : undefined;
    if (late) return { statusCode: late.statusCode as 201, body: late.body as ShipmentBody };
    throw error;
  }
}

async function shipUnlessAnswered(db: Db, actor: Actor, id: string, input: ShipInput, now: Date, options: ShipOptions): Promise<{ statusCode: 200 | 201; body: ShipmentBody }> {
  const fo = await findFulfillmentOrder(db, actor.tenantId, id);
  if (!fo || (options.scopeLocationId !== undefined && fo.locationId !== options.scopeLocationId)) throw new DomainError('FULFILLMENT_ORDER_NOT_FOUND', `No fulfillment order ${id}.`);
  if (options.scopeLocationId !== undefined && !input.tracking_numbers && !(await getSettings(db, actor.tenantId)).location_keys_may_buy_labels) {
    throw new DomainError('SHIPPING_LABEL_PURCHASE_FORBIDDEN', 'This key stands for a location that ships on its own labels: send `carrier` and `tracking_numbers` (one per package).');
  }
  refuseUnlessPacked(fo);
  const [packages, order, [location]] = await Promise.all([packagesOf(db, actor.tenantId, id), findOrder(db, actor.tenantId, fo.orderId), findLocationsByCodeOrId(db, actor.tenantId, [fo.locationId])]);
  if (packages.length === 0) throw new DomainError('SHIPMENT_NOT_PACKED', 'The fulfillment order has no packages; pack it first.');
  if (!order || !location) throw new Error(`fulfillment order ${id} refers to a missing order or location`);
  if (!order.shippingAddress) throw new DomainError('REQUEST_INVALID', 'The order has no shipping address.', [{ field: 'order.shipping_address', message: 'is required to ship' }]);
  const from = shipFromOf(location, 'location');
  const shipTo = order.shippingAddress as Address;
  const promise = await promiseOf(db, actor.tenantId, order.id, location.id);
  const orderLevel = serviceLevels.find((l) => l === order.shippingServiceLevel);
  const parcels = packages.map((p) => ({ packageId: p.id, weightGrams: p.weightGrams, lengthMm: p.lengthMm, widthMm: p.widthMm, heightMm: p.heightMm }));
  if (input.tracking_numbers) {
    const manual = manualLabel(input, parcels.length, order.currency, orderLevel);
    return confirmShipment(db, actor, { id, order, location, from, shipTo, promise, parcels, reference: order.externalId ?? order.id }, manual.quote, manual.chosen, manual.label, quoteShipDate(location, now), now, options, undefined);
  }
  // Before anything is quoted or bought: an incomplete declaration is refused, a complete one is rated with.
  const customs = await customsDeclarationFor(db, actor.tenantId, { fulfillmentOrder: fo, order, from, to: shipTo, parcels }, input.customs);
  const { quote, chosen } = await chooseService(
    db,
    actor,
    {
      from: shippingAddress(from),
      clock: clockOf(location),
      to: shippingAddress(shipTo),
      parcels,
      serviceLevel: input.service_level ?? orderLevel,
      deliverBy: input.deliver_by ?? promise?.deliverBy,
      channel: order.channel,
      only: input.carrier ? { carrier: input.carrier, service: input.service } : undefined,
      customs,
    },
    promise?.deliverBy,
    input.deliver_by !== undefined,
    now,
    options.secrets,
  );
  const adapter = quote.adapters.get(chosen.carrier) as CarrierAdapter;
  const reference = order.externalId ?? order.id;
  let label: PurchasedLabel;
  try {
    label = await adapter.createLabel({ from: shippingAddress(from), to: shippingAddress(shipTo), parcels, shipDate: quote.shipDate, reference, rate: chosen, customs });
  } catch (error) {
    throw carrierProblem(error, chosen.carrier);
  }
  const carrier = quote.carriers.get(chosen.carrier);
  const declared = customs && { declaration: customs, document: customsDocumentKindFor(carrier, customs), carrierName: carrier?.name ?? chosen.carrier.toUpperCase() };
  return confirmShipment(db, actor, { id, order, location, from, shipTo, promise, parcels, reference, customs: declared }, quote.result, chosen, label, quote.shipDate, now, options, adapter);
}

interface ShippingContext {
  id: string;
  order: OrderRow;
  location: LocationRow;
  from: Address;
  shipTo: Address;
  promise: DeliveryPromiseRow | undefined;
  parcels: NewShipment['parcels'];
  reference: string;
  /** Parcels abroad: the declaration, the paper a rate-card carrier wants with it, and that carrier's name. */
  customs?: { declaration: CustomsDeclaration; document: CustomsDocumentKind | null; carrierName: string } | undefined;
}

/**
 * The one transaction that makes a bought (or typed-in) label a shipment: the fulfillment order is
 * checked still packed under lock, the shipment recorded, stock consumed, the order moved. If it
 * fails, or a racing retry with the same key won, a label we bought is voided at the carrier.
 */
async function confirmShipment(
  db: Db,
  actor: Actor,
  c: ShippingContext,
  shop: ShopResult,
  chosen: ShopCandidate,
  label: PurchasedLabel,
  shipDate: string,
  now: Date,
  options: ShipOptions,
  adapter: CarrierAdapter | undefined,
): Promise<{ statusCode: 200 | 201; body: ShipmentBody }> {
  const shipmentId = newId('shp');
  try {
    const customs = await customsPaperwork(c, chosen, label, shipDate);
    return await inTransaction(db, async (tx) => {
      if (options.idempotency) {
        const claim = await claimIdempotencyKey(tx, actor.tenantId, options.idempotency.key, options.idempotency.fingerprint, now);
        if (claim.kind === 'replay') throw new Replayed(claim.statusCode, claim.response as ShipmentBody);
      }
      const lockedOrder = await lockOrder(tx, actor.tenantId, c.order.id);
      const locked = await lockFulfillmentOrder(tx, actor.tenantId, c.id);
      if (!lockedOrder || !locked) throw new DomainError('FULFILLMENT_ORDER_NOT_FOUND', `No fulfillment order ${c.id}.`);
      refuseUnlessPacked(locked);
      const events: NewEvent[] = [];
      const { shipment, event } = await recordShipment(
        tx,
        actor,
        { id: shipmentId, orderId: c.order.id, fulfillmentOrderId: c.id, locationId: c.location.id, reference: c.reference, from: c.from, to: c.shipTo, shipDate, promisedDeliveryDate: c.promise?.deliverBy ?? null, quote: shop, label, parcels: c.parcels, manual: adapter === undefined, customs },
        chosen,
        now,
      );
      events.push(event);
      const units = locked.lines.filter((l) => l.quantity > 0).map((l) => ({ orderLineId: l.orderLineId, sku: l.sku, quantity: l.quantity }));
      await consumeForShipment(tx, actor, c.order.id, c.location.id, units, shipmentId, now);
      await addShippedUnits(tx, actor.tenantId, units.map((u) => ({ id: u.orderLineId, delta: u.quantity })));
      await transitionFulfillmentOrder(tx, actor, locked, 'shipped', `shipped with ${chosen.serviceName}, tracking ${shipment.trackingNumber}`, now, { shipment_id: shipmentId });
      const lines = await linesOfOrders(tx, actor.tenantId, [c.order.id]);
      const unfilled = lockedOrder.status === 'on_hold' && unfilledUnits(lines) > 0;
      const moved = await transitionOrder(tx, actor, lockedOrder, allocationStatus(lines, unfilled), `shipment ${shipmentId} created`, now, { shipment_id: shipmentId });
      if (moved) events.push(moved);
      await appendEvents(tx, actor, now, events);
      const body = shipmentView(shipment);
      if (options.idempotency) await completeIdempotencyKey(tx, actor.tenantId, options.idempotency.key, 201, body);
      return { statusCode: 201 as const, body };
    });
  } catch (error) {
    // The label was bought but not recorded: give it back to the carrier.
    await adapter?.void({ carrierShipmentId: label.carrierShipmentId, trackingNumbers: label.trackingNumbers }).catch(() => undefined);
    if (error instanceof Replayed) return { statusCode: error.statusCode as 201, body: error.body };
    throw error;
  }
}

/**
 * The declaration as it is recorded, with its paper printed once the tracking numbers are known (a
 * CN 22 / CN 23 or commercial invoice for a rate-card carrier). Printed before the transaction, so
 * a failure here voids the label like any other.
 */
async function customsPaperwork(c: ShippingContext, chosen: ShopCandidate, label: PurchasedLabel, shipDate: string): Promise<NewShipment['customs']> {
  if (!c.customs) return undefined;
  const { declaration, document, carrierName } = c.customs;
  if (!document) return { declaration, document };
  const paper = customsPaperOf({
    kind: document,
    declaration,
    from: c.from,
    to: c.shipTo,
    carrierName,
    serviceName: chosen.serviceName,
    trackingNumbers: label.trackingNumbers,
    reference: c.reference,
    shipDate,
    parcels: c.parcels,
    postage: { amountMinor: label.amountMinor, currency: label.currency },
  });
  return { declaration, document, pdf: await renderCustomsPdfOffLoop(paper) };
}

/** The ship day for a label bought elsewhere: today at the location, by its clock. */
function quoteShipDate(location: LocationRow, now: Date): string {
  return shipByDate(now, clockOf(location));
}

/**
 * What is wrong with a typed-in tracking number, if anything. With a carrier whose layouts we know,
 * the number must be one of that carrier's; with a carrier we cannot check, letters and digits; with
 * no carrier, a valid number of some carrier we know (which names the carrier).
 */
function trackingNumberProblem(carrier: string | undefined, n: string): string | undefined {
  if (carrier === undefined) return identifyTrackingNumber(n).valid ? undefined : `${n} is not a valid tracking number of any carrier we know; name the carrier with \`carrier\``;
  const check = checkTrackingNumberOf(carrier, n);
  if (check === 'invalid') return `${n} is not a valid ${carrier} tracking number`;
  if (check === 'unknown_carrier' && !/^[A-Z0-9][A-Z0-9-]{3,63}$/.test(n)) return `${n} is not a tracking number (4 to 64 letters, digits and dashes)`;
  return undefined;
}

/** A typed-in label: every number must be a valid tracking number, one per package. */
function manualLabel(input: ShipInput, parcels: number, currency: string, orderLevel: ServiceLevel | undefined): { quote: ShopResult; chosen: ShopCandidate; label: PurchasedLabel } {
  const numbers = (input.tracking_numbers ?? []).map((n) => n.replace(/\s+/g, '').toUpperCase());
  const errors = numbers.flatMap((n, i) => {
    const problem = trackingNumberProblem(input.carrier, n);
    return problem ? [{ field: `tracking_numbers[${i}]`, message: problem }] : [];
  });
  if (errors.length > 0) throw new DomainError('SHIPMENT_TRACKING_NUMBER_INVALID', undefined, errors);
  if (numbers.length !== parcels) {
    throw new DomainError('REQUEST_INVALID', `The fulfillment order was packed in ${parcels} package(s): give one tracking number each.`, [{ field: 'tracking_numbers', message: `must have ${parcels} number(s)` }]);
  }
  const carrier = input.carrier ?? identifyTrackingNumber(numbers[0] as string).carrier ?? 'other';
  const service = input.service ?? 'unspecified';
  const level = input.service_level ?? orderLevel ?? 'standard';
  const chosen: ShopCandidate = {
    carrier,
    service,
    serviceName: `${carrier.toUpperCase()} ${service === 'unspecified' ? '' : service}`.trim(),
    serviceLevel: level,
    amountMinor: 0,
    currency,
    billableWeightGrams: 0,
    transitDays: 0,
    breakdown: {},
    estimatedDeliveryDate: '',
    meetsPromise: true,
    note: 'tracking number entered by the operator',
  };
  return { quote: { candidates: [], chosen: { carrier, service, reason: 'tracking number entered by the operator' } }, chosen, label: { trackingNumbers: numbers, amountMinor: 0, currency } };
}

/** A racing retry with the same Idempotency-Key finished first: answer with its result. */
class Replayed extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: ShipmentBody,
  ) {
    super('replayed');
  }
}
