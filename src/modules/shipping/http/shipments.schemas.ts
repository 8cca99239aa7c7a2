import { Type } from '@fastify/type-provider-typebox';
import { AddressSchema } from '../../../platform/http/address.js';
import { PageQuery } from '../../../platform/http/pagination.js';
import { Code, Day, Instant, nullable, text } from '../../../platform/http/schemas.js';
import { contentsTypes, nonDeliveryOptions, restrictionTypes } from '../domain/customs.js';
import { shipmentStatuses } from '../domain/types.js';
import { ServiceLevel } from './carriers.schemas.js';
import { RateView, ShipmentView } from './shipment-view.js';

/** Request and response schemas of /v1/rates, /v1/shipments, /v1/manifests and /v1/promise, and the ship bodies. */

export const ShipmentId = Type.Object({ id: Type.String({ pattern: '^shp_[0-9a-z]{26}$' }) });
const Millimetres = Type.Integer({ minimum: 1, maximum: 10_000 });
export const CustomsOverride = Type.Object(
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
export const ShipChoice = {
  carrier: Type.Optional(Code),
  service: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'With carrier: buy this service' })),
  service_level: Type.Optional(ServiceLevel),
  deliver_by: Type.Optional(Day),
  tracking_numbers: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 50, description: 'A label bought elsewhere: one tracking number per package (validated, carrier detected); nothing is bought' }),
  ),
  customs: Type.Optional(CustomsOverride),
};
export const ShipBody = Type.Object(ShipChoice, { additionalProperties: false });
export const TrackingStatus = Type.Union(shipmentStatuses.filter((s) => s !== 'voided').map((s) => Type.Literal(s)));
export const ManifestQuerySchema = Type.Object({ carrier: Code, location: Type.String({ minLength: 1, maxLength: 64 }), date: Day }, { additionalProperties: false });
export const Binary = (mediaType: string) => Type.Unsafe<Buffer>({ type: 'string', format: 'binary', contentMediaType: mediaType });

export const ManifestView = Type.Object({
  carrier: Type.String(),
  location: Type.String(),
  date: Day,
  shipments: Type.Array(
    Type.Object({ shipment_id: Type.String(), reference: Type.String(), tracking_number: Type.String(), service: Type.String(), packages: Type.Integer(), weight_grams: Type.Integer(), amount: Type.String(), currency: Type.String() }),
  ),
  totals: Type.Object({ shipments: Type.Integer(), packages: Type.Integer(), weight_grams: Type.Integer() }),
});

export const RatesBody = Type.Object(
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
);
export const RatesView = Type.Object({
  from: Type.String(),
  packages: Type.Array(Type.Object({ weight_grams: Type.Integer(), dimensions_mm: Type.Object({ length: Type.Integer(), width: Type.Integer(), height: Type.Integer() }) }), { description: 'The parcels quoted (the cart as packed, when items were sent)' }),
  ship_date: Day,
  rates: Type.Array(RateView),
  chosen: nullable(Type.Object({ carrier: Type.String(), service: Type.String(), reason: Type.String() })),
  unavailable: Type.Array(Type.Object({ carrier: Type.String(), reason: Type.String() })),
});

export const ShipmentBody = Type.Object({ fulfillment_order_id: Type.String({ pattern: '^ful_[0-9a-z]{26}$' }), ...ShipChoice }, { additionalProperties: false });
export const PickListShipView = Type.Object({
  shipped: Type.Array(ShipmentView),
  skipped: Type.Array(Type.Object({ fulfillment_order_id: Type.String(), status: Type.String() })),
  failed: Type.Array(Type.Object({ fulfillment_order_id: Type.String(), code: Type.String(), detail: Type.String() })),
});
export const ShipmentQuery = Type.Object(
  {
    order_id: Type.Optional(Type.String({ pattern: '^ord_[0-9a-z]{26}$' })),
    tracking_number: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Exact, any parcel of the shipment; spaces and case do not matter' })),
    fulfillment_order_id: Type.Optional(Type.String({ pattern: '^ful_[0-9a-z]{26}$' })),
    status: Type.Optional(Type.Union(shipmentStatuses.map((s) => Type.Literal(s)))),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export const ParcelQuery = Type.Object({ parcel: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'One parcel’s label (1-based); default: all' })) }, { additionalProperties: false });
export const TrackingEventBody = Type.Object(
  { status: TrackingStatus, occurred_at: Instant, location: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), description: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
  { additionalProperties: false },
);
export const TrackingEventResult = Type.Object({ applied: Type.Boolean(), note: Type.String(), shipment: ShipmentView });
export const VoidBody = Type.Optional(Type.Object({ reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) }, { additionalProperties: false }));

export const PromiseQuery = Type.Object(
  {
    sku: Code,
    postal_code: Type.String({ minLength: 1, maxLength: 20 }),
    country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'Default US' })),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    channel: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Default web' })),
    service_level: Type.Optional(ServiceLevel),
  },
  { additionalProperties: false },
);
export const PromiseView = Type.Object({ sku: Type.String(), location: Type.String(), ship_by: Day, deliver_by: Day, carrier: Type.String(), service: Type.String(), service_name: Type.String(), service_level: Type.String(), transit_days: Type.Integer() });
export const TrackingWebhookResult = Type.Object({ received: Type.Integer(), applied: Type.Integer(), unknown_tracking_numbers: Type.Integer() });
