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
  MONEY_INVALID: { status: 422, title: 'Invalid amount of money', fix: 'Send a non-negative decimal string with at most the currency’s number of decimals.' },
  CURRENCY_UNKNOWN: { status: 422, title: 'Unknown currency', fix: 'Use an ISO 4217 code such as USD, EUR or JPY.' },
  COUNTRY_UNKNOWN: { status: 422, title: 'Unknown country', fix: 'Use an ISO 3166-1 alpha-2 code such as US or DE.' },
  INVENTORY_INSUFFICIENT: { status: 409, title: 'Not enough stock', fix: 'Reduce the quantities, or make the SKUs backorderable, or enable accepting such orders on hold.' },
  INVENTORY_BELOW_RESERVED: { status: 409, title: 'On hand cannot fall below what is reserved', fix: 'Cancel or move the reservations first, or adjust by a smaller amount.' },
  ORDER_NOT_FOUND: { status: 404, title: 'No such order', fix: 'List orders with GET /v1/orders.' },
  ORDER_ILLEGAL_TRANSITION: { status: 409, title: 'The order cannot make this transition', fix: 'Read the order’s status; see docs/order-lifecycle.md for the legal transitions.' },
  ORDER_LINE_UNKNOWN: { status: 422, title: 'The order has no such line, or not that many units left', fix: 'Use line ids and quantities from GET /v1/orders/{id}.' },
  ORDER_CONCURRENT_UPDATE: { status: 409, title: 'The order was changed by another request', fix: 'Read the order again and retry.' },
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
