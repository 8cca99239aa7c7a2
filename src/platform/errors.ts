/**
 * The one catalogue of error codes. Domain code refuses with a code; the HTTP layer maps the code
 * to an RFC 9457 problem. `docs/errors.md` is generated from this table (npm run docs).
 */
export const errorCatalogue = {
  REQUEST_INVALID: { status: 400, title: 'The request is invalid', fix: 'Correct the fields listed in `errors` and send the request again.' },
  REQUEST_MALFORMED_JSON: { status: 400, title: 'The body is not valid JSON', fix: 'Send a well-formed JSON document encoded as UTF-8.' },
  REQUEST_INVALID_ENCODING: { status: 400, title: 'The body is not valid UTF-8', fix: 'Encode the body as UTF-8.' },
  REQUEST_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported content type', fix: 'Send the body as `application/json`.' },
  REQUEST_TOO_LARGE: { status: 413, title: 'The body is too large', fix: 'Split the request; the limit is set by OMS_BODY_LIMIT_BYTES.' },
  REQUEST_IDEMPOTENCY_KEY_INVALID: { status: 400, title: 'The Idempotency-Key header is invalid', fix: 'Use 1 to 255 printable ASCII characters, e.g. a UUID.' },
  REQUEST_IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'The Idempotency-Key was used for a different request', fix: 'Use a new key for a new request; repeat a request only with its exact body.' },
  SERVICE_NOT_READY: { status: 503, title: 'The database is not reachable', fix: 'Retry shortly; check DATABASE_URL or the data directory if it persists.' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route', fix: 'Check the method and path against /openapi.json.' },
  AUTH_MISSING: { status: 401, title: 'Authentication required', fix: 'Send `Authorization: Bearer <api key>`.' },
  AUTH_INVALID: { status: 401, title: 'The API key is not valid', fix: 'Use an active API key of your tenant.' },
  AUTH_FORBIDDEN: { status: 403, title: 'The API key may not do this', fix: 'Use a key whose role allows this action.' },
  TENANT_ROOT_ONLY: { status: 403, title: 'Only the operator of this installation may manage tenants', fix: 'Use an admin key of the first tenant.' },
  API_KEY_NOT_FOUND: { status: 404, title: 'No such API key', fix: 'List keys with GET /v1/api-keys.' },
  API_KEY_LAST_ADMIN: { status: 409, title: 'The last admin key cannot be revoked', fix: 'Create another admin key first.' },
  LOCATION_NOT_FOUND: { status: 404, title: 'No such location', fix: 'List locations with GET /v1/locations.' },
  LOCATION_UNKNOWN: { status: 422, title: 'Unknown location', fix: 'Use the code or id of an existing location.' },
  LOCATION_CODE_TAKEN: { status: 409, title: 'A location with this code exists', fix: 'Choose another code or update the existing location.' },
  PRODUCT_NOT_FOUND: { status: 404, title: 'No such product', fix: 'Create it with PUT /v1/products/{sku}.' },
  PRODUCT_UNKNOWN_SKU: { status: 422, title: 'Unknown SKU', fix: 'Create the products first with PUT /v1/products/{sku}.' },
  PRODUCT_GTIN_INVALID: { status: 422, title: 'Not a valid GTIN', fix: 'Send the barcode number as printed: 8, 12, 13 or 14 digits whose last digit is the GS1 check digit.' },
  PRODUCT_KIT_INVALID: { status: 422, title: 'The kit’s components are not acceptable', fix: 'Name existing products that are not kits themselves (kits nest one level only), each once, never the kit itself, with a quantity of at least 1.' },
  PRODUCT_IS_KIT: { status: 422, title: 'A kit holds no stock of its own', fix: 'Adjust, receive or hold stock of the kit’s components (GET /v1/products/{sku} lists them); the kit’s availability is derived from theirs.' },
  ORDER_LINE_IS_KIT_COMPONENT: { status: 422, title: 'A kit’s component line cannot be cancelled on its own', fix: 'Cancel units of the kit line (its parent_line_id); its components are cancelled with it.' },
  MONEY_INVALID: { status: 422, title: 'Invalid amount of money', fix: 'Send a non-negative decimal string with at most the currency’s number of decimals.' },
  CURRENCY_UNKNOWN: { status: 422, title: 'Unknown currency', fix: 'Use an ISO 4217 code such as USD, EUR or JPY.' },
  COUNTRY_UNKNOWN: { status: 422, title: 'Unknown country', fix: 'Use an ISO 3166-1 alpha-2 code such as US or DE.' },
  INVENTORY_INSUFFICIENT: { status: 409, title: 'Not enough stock', fix: 'Reduce the quantities, or make the SKUs backorderable, or enable accepting such orders on hold.' },
  INVENTORY_BELOW_RESERVED: { status: 409, title: 'On hand cannot fall below what is reserved', fix: 'Cancel or move the reservations first, or adjust by a smaller amount.' },
  RESERVATION_NOT_FOUND: { status: 404, title: 'No such reservation hold', fix: 'Use the id returned by POST /v1/reservations.' },
  RESERVATION_UNKNOWN: { status: 422, title: 'The order names an unknown reservation hold', fix: 'Send the id returned by POST /v1/reservations, or leave reservation_id out.' },
  RESERVATION_EXPIRED: { status: 409, title: 'The reservation hold has expired', fix: 'Create a new hold, or capture the order without reservation_id.' },
  RESERVATION_RELEASED: { status: 409, title: 'The reservation hold was released', fix: 'Create a new hold, or capture the order without reservation_id.' },
  RESERVATION_CONSUMED: { status: 409, title: 'The reservation hold was already used by an order', fix: 'A hold is consumed once; create a new hold for another order.' },
  RESERVATION_SKU_MISMATCH: { status: 422, title: 'The order has no line for the held SKU', fix: 'Capture the order with a line for the SKU the hold was made for.' },
  INBOUND_NOT_FOUND: { status: 404, title: 'No such inbound shipment', fix: 'List inbound shipments with GET /v1/inbound.' },
  INBOUND_NOT_OPEN: { status: 409, title: 'The inbound shipment is no longer open', fix: 'Read its status: a received or cancelled shipment takes no receipts.' },
  INBOUND_LINE_UNKNOWN: { status: 422, title: 'The inbound shipment has no line for this SKU', fix: 'Receive only SKUs listed on the shipment (GET /v1/inbound/{id}).' },
  INBOUND_OVER_RECEIPT: { status: 422, title: 'More received than the shipment still expects', fix: 'Receive at most the outstanding quantity; book the surplus with POST /v1/inventory/adjustments.' },
  ORDER_NOT_FOUND: { status: 404, title: 'No such order', fix: 'List orders with GET /v1/orders.' },
  ORDER_ILLEGAL_TRANSITION: { status: 409, title: 'The order cannot make this transition', fix: 'Read the order’s status; see docs/order-lifecycle.md for the legal transitions.' },
  ORDER_LINE_UNKNOWN: { status: 422, title: 'The order has no such line, or not that many units left', fix: 'Use line ids and quantities from GET /v1/orders/{id}.' },
  ORDER_CONCURRENT_UPDATE: { status: 409, title: 'The order was changed by another request', fix: 'Read the order again and retry.' },
  FULFILLMENT_ORDER_NOT_FOUND: { status: 404, title: 'No such fulfillment order', fix: 'List fulfillment orders with GET /v1/fulfillment-orders.' },
  FULFILLMENT_ILLEGAL_TRANSITION: { status: 409, title: 'The fulfillment order cannot make this transition', fix: 'Read the fulfillment order’s status; see docs/fulfillment-lifecycle.md for the legal transitions.' },
  FULFILLMENT_CONCURRENT_UPDATE: { status: 409, title: 'The fulfillment order was changed by another request', fix: 'Read the fulfillment order again and retry.' },
  FULFILLMENT_LINE_UNKNOWN: { status: 422, title: 'The fulfillment order has no such SKU, or not that many units', fix: 'Use SKUs and quantities from GET /v1/fulfillment-orders/{id}.' },
  API_KEY_LOCATION_NOT_CHANNEL: { status: 422, title: 'Only a channel key may be scoped to a location', fix: 'Create the key with role `channel`, or leave `location` out.' },
  ROUTING_POLICY_NOT_FOUND: { status: 404, title: 'No such routing policy', fix: 'List policies with GET /v1/routing/policies.' },
  FULFILLMENT_BOX_NOT_FOUND: { status: 404, title: 'No such box', fix: 'List the box catalogue with GET /v1/boxes; create boxes with PUT /v1/boxes/{code}.' },
  FULFILLMENT_BOX_UNKNOWN: { status: 422, title: 'A package names a box that is not in the catalogue', fix: 'Use a code from GET /v1/boxes.' },
  FULFILLMENT_NO_BOXES: { status: 409, title: 'The tenant has no boxes to pack into', fix: 'Create the box catalogue with PUT /v1/boxes/{code}.' },
  FULFILLMENT_ITEM_TOO_LARGE: { status: 409, title: 'No box can hold a unit of these SKUs', fix: 'Add a larger or stronger box with PUT /v1/boxes/{code}, or check the products’ dimensions and weights.' },
  FULFILLMENT_PRODUCT_DIMENSIONS_MISSING: { status: 409, title: 'Products lack dimensions or weight, so they cannot be cartonized', fix: 'Set dimensions_mm and weight_grams with PUT /v1/products/{sku}, or send the packages explicitly.' },
  FULFILLMENT_PACKAGES_MISMATCH: { status: 422, title: 'The packages do not hold exactly the fulfillment order’s units', fix: 'List every SKU and quantity of the fulfillment order once across the packages (GET /v1/fulfillment-orders/{id}).' },
  FULFILLMENT_PACKAGE_DOES_NOT_FIT: { status: 422, title: 'A package’s contents do not fit its box', fix: 'Use a larger box, split the contents, or leave packages out to cartonize automatically.' },
  PACK_VERIFICATION_FAILED: { status: 409, title: 'The scanned items do not match the fulfillment order', fix: 'Put back the extra items and scan the missing ones (see missing and extra), then pack again.' },
  FULFILLMENT_NOTHING_TO_PICK: { status: 409, title: 'No fulfillment order at this location is ready to pick', fix: 'Release or accept fulfillment orders first; orders already on a pick list are not batched again.' },
  FULFILLMENT_PICK_LIST_NOT_FOUND: { status: 404, title: 'No such pick list', fix: 'Use the id returned by POST /v1/pick-lists.' },
  FULFILLMENT_PICK_LINE_UNKNOWN: { status: 422, title: 'The pick list has no such open stop, or fewer units', fix: 'Confirm SKUs (and bins) of open stops from GET /v1/pick-lists/{id}, with picked at most the stop’s quantity.' },
  CARRIER_NOT_FOUND: { status: 404, title: 'No such carrier', fix: 'List carriers with GET /v1/carriers, or create one with PUT /v1/carriers/{code}.' },
  CARRIER_RATE_CARD_INVALID: { status: 422, title: 'The rate card is not usable', fix: 'Correct the rows and columns listed in `errors` (rates_csv, zones_csv, transit_csv) and upload the card again.' },
  CARRIER_SETTINGS_INVALID: { status: 422, title: 'The aggregator connection cannot be used', fix: 'Correct the fields listed in `errors`: send the carrier’s own `api_key` (sealed, never shown again) or name in `api_key_env` a variable the installation lists in OMS_CARRIER_SECRET_NAMES; `base_url` must be a public https address.' },
  CARRIER_REFUSED: { status: 422, title: 'The carrier refused the request', fix: 'Read `detail` for the carrier’s reason (an address, weight or service it does not accept), correct it and retry.' },
  CARRIER_UNAVAILABLE: { status: 502, title: 'The carrier could not be reached', fix: 'Retry shortly with the same Idempotency-Key; nothing was bought.' },
  CARRIER_SIGNATURE_INVALID: { status: 401, title: 'The webhook signature is missing or wrong', fix: 'Send the raw body with the carrier’s signature header computed with the webhook secret configured for this carrier.' },
  CARRIER_TRACKING_RANGE_EXHAUSTED: { status: 409, title: 'The carrier’s tracking number range is used up', fix: 'Give the carrier a new range with PUT /v1/carriers/{code} (tracking.range_start, tracking.range_end).' },
  SHIPPING_NO_CARRIERS: { status: 409, title: 'No active carrier is configured', fix: 'Create a carrier with PUT /v1/carriers/{code} (POST /v1/carriers/samples loads sample rate cards).' },
  SHIPPING_NO_SERVICE: { status: 422, title: 'No carrier service can ship this as asked', fix: 'Read `rates` for why each service was left out: relax the service level or deliver-by date, or add a carrier that serves the destination and weight.' },
  SHIPPING_RULES_INVALID: { status: 422, title: 'The shipping rules are not acceptable', fix: 'Correct the fields listed in `errors`.' },
  SHIPMENT_NOT_FOUND: { status: 404, title: 'No such shipment', fix: 'List shipments with GET /v1/shipments?order_id=….' },
  SHIPMENT_NOT_VOIDABLE: { status: 409, title: 'The shipment can no longer be voided', fix: 'Only a label the carrier has not scanned (status label_created) can be voided; open a return instead.' },
  SHIPMENT_VOIDED: { status: 409, title: 'The shipment was voided', fix: 'A voided label takes no tracking events; track the fulfillment order’s new shipment (GET /v1/shipments?fulfillment_order_id=…).' },
  SHIPMENT_TRACKING_NUMBER_INVALID: { status: 422, title: 'Not a valid tracking number', fix: 'Check the number against the carrier’s label (GET /v1/tracking-numbers/{number} says which carrier’s format it fails).' },
  SHIPMENT_TRACKING_NUMBER_TAKEN: { status: 409, title: 'The tracking number is already used', fix: 'Each parcel has its own number; look up the shipment that has it (GET /v1/shipments?order_id=…).' },
  SHIPMENT_NO_LABEL: { status: 409, title: 'This shipment has no label here', fix: 'Its label was bought outside the OMS (tracking number entered by hand); print it where it was bought.' },
  SHIPMENT_NOT_PACKED: { status: 409, title: 'The fulfillment order has nothing packed to ship', fix: 'Pack it first with POST /v1/fulfillment-orders/{id}/pack.' },
  WEBHOOK_ENDPOINT_NOT_FOUND: { status: 404, title: 'No such webhook endpoint', fix: 'List endpoints with GET /v1/webhook-endpoints.' },
  WEBHOOK_ENDPOINT_INVALID: { status: 422, title: 'The webhook endpoint cannot be used', fix: 'Correct the fields listed in `errors`: a public https URL, event types such as `order.created`, `order.*` or `*`, and a `whsec_` secret if you bring one.' },
  WEBHOOK_ENDPOINT_DISABLED: { status: 409, title: 'The webhook endpoint is disabled', fix: 'Enable it with PATCH /v1/webhook-endpoints/{id} {"enabled": true}; its waiting deliveries are then sent in order.' },
  WEBHOOK_DELIVERY_NOT_FOUND: { status: 404, title: 'No such webhook delivery', fix: 'List deliveries with GET /v1/webhook-deliveries.' },
  WEBHOOK_DELIVERY_IN_FLIGHT: { status: 409, title: 'The delivery is being sent right now', fix: 'Wait for this attempt to finish (see GET /v1/webhook-deliveries/{id}) and retry then if it failed.' },
  CHANNEL_NOT_FOUND: { status: 404, title: 'No such channel', fix: 'List channels with GET /v1/channels.' },
  CHANNEL_NAME_TAKEN: { status: 409, title: 'A channel with this name exists', fix: 'Choose another name.' },
  CHANNEL_SIGNATURE_INVALID: { status: 401, title: 'The webhook signature is missing or wrong', fix: 'Send the raw body with the platform’s signature header, computed with the secret given when the channel was created.' },
  CHANNEL_TYPE_MISMATCH: { status: 422, title: 'This channel does not take that kind of message', fix: 'Send Shopify webhooks to a shopify channel, WooCommerce webhooks to a woocommerce channel.' },
  CHANNEL_PAYLOAD_INVALID: { status: 422, title: 'The platform’s order could not be read', fix: 'Read `errors` for the fields that could not be mapped; the payload must be the platform’s documented order shape.' },
  CHANNEL_INACTIVE: { status: 409, title: 'The channel is deactivated', fix: 'Use an active channel (GET /v1/channels), or connect the channel again.' },
  CHANNEL_SETTINGS_INVALID: { status: 422, title: 'The channel’s settings cannot be used', fix: 'Correct the settings named in `errors` (a shopify channel’s settings.shop_domain is its acme.myshopify.com domain).' },
  CHANNEL_LOCATION_NOT_LINKED: { status: 422, title: 'The location does not sell through this channel', fix: 'Record the sale at one of the channel’s locations (GET /v1/channels/{id}: location_ids), or at the location the API key stands for.' },
  X12_INTERCHANGE_INVALID: { status: 422, title: 'The body is not an X12 interchange', fix: 'Send one interchange from ISA to IEA; the ISA must be 106 characters with its separators (see `errors`).' },
  X12_SENDER_MISMATCH: { status: 403, title: 'The interchange is not from this channel’s trading partner', fix: 'ISA05/ISA06 must equal the channel’s settings.partner_isa_qualifier/partner_isa_id and ISA07/ISA08 our settings.our_isa_qualifier/our_isa_id.' },
  X12_PARTNER_SETTINGS_INVALID: { status: 422, title: 'The x12 channel’s trading partner settings are incomplete', fix: 'Set settings.partner_isa_qualifier, partner_isa_id, our_isa_qualifier and our_isa_id (see `errors`).' },
  X12_DOCUMENT_NOT_FOUND: { status: 404, title: 'No such X12 document', fix: 'List a channel’s documents with GET /v1/channels/{id}/x12/documents.' },
  IMPORT_FORMAT_UNSUPPORTED: { status: 422, title: 'This channel cannot import that format', fix: 'Use `csv` with any channel, or the format of the channel’s own type (shopify, woocommerce, amazon, ebay, x12); see `detail` for formats not built yet.' },
  IMPORT_MAPPING_INVALID: { status: 422, title: 'The CSV column mapping does not fit the file', fix: 'Map external_id, sku, quantity, unit_price and currency to header names the file has (see `errors`), in the import’s `mapping` or the channel’s settings.csv_mapping.' },
  IMPORT_NOT_FOUND: { status: 404, title: 'No such import', fix: 'List a channel’s imports with GET /v1/channels/{id}/imports.' },
  CURSOR_INVALID: { status: 400, title: 'The cursor is invalid', fix: 'Use the next_cursor value from the previous page unchanged.' },
} as const satisfies Record<string, { status: number; title: string; fix: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface FieldError {
  field: string;
  message: string;
}

/** A refusal the caller can act on. Anything else thrown is a bug and is answered 500. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail ?? errorCatalogue[code].title);
    this.name = 'DomainError';
  }

  get status(): number {
    return errorCatalogue[this.code].status;
  }
}
