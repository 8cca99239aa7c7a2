/**
 * What the console asks for each kind of channel (the API's `type`): its secret and API token (both
 * write-only: sealed by the server, never shown back) and the settings the server reads for that
 * type (src/modules/channels/README.md). The server checks every value and names the wrong key
 * (`settings.shop_domain`); these only label the fields and say where to find the values.
 */
export type ChannelType = 'shopify' | 'woocommerce' | 'amazon' | 'ebay' | 'pos' | 'x12' | 'csv' | 'api';

export interface SettingField {
  key: string;
  label: string;
  description?: string;
  input: 'text' | 'switch' | 'list' | 'select' | 'json';
  options?: { value: string; label: string }[];
  /** A switch's value when the setting is absent (what the server assumes). */
  defaultOn?: boolean;
  placeholder?: string;
  required?: boolean;
}

export interface Credential {
  label: string;
  description: string;
}

export interface ChannelKind {
  type: ChannelType;
  label: string;
  summary: string;
  secret?: Credential;
  accessToken?: Credential;
  fields: SettingField[];
  /** The bulk import formats a channel of this type takes (csv: any channel). */
  importFormats: ('csv' | 'shopify' | 'woocommerce' | 'amazon' | 'ebay' | 'x12')[];
}

const pushShipments: SettingField = { key: 'push_shipments', label: 'Send shipments back', description: 'Tracking numbers are sent to the platform when an order ships', input: 'switch', defaultOn: true };
const poll: SettingField = { key: 'poll', label: 'Poll for new orders', description: 'Every minute or so the OMS asks the marketplace for orders changed since the last poll', input: 'switch', defaultOn: false };

export const channelKinds: ChannelKind[] = [
  {
    type: 'shopify',
    label: 'Shopify',
    summary: 'Orders arrive by Shopify’s order webhooks; shipments go back as fulfillments.',
    secret: { label: 'Webhook signing secret', description: 'Shopify admin → Settings → Notifications → Webhooks: “Your webhooks will be signed with …”. Orders signed otherwise are refused.' },
    accessToken: { label: 'Admin API access token', description: 'Optional: a custom app’s token (read_orders, write_merchant_managed_fulfillment_orders) to send fulfillments back.' },
    fields: [{ key: 'shop_domain', label: 'Shop domain', description: 'The store’s permanent domain', input: 'text', placeholder: 'acme.myshopify.com' }, pushShipments, { key: 'notify_customer', label: 'Shopify e-mails the customer on fulfillment', input: 'switch', defaultOn: false }],
    importFormats: ['shopify', 'csv'],
  },
  {
    type: 'woocommerce',
    label: 'WooCommerce',
    summary: 'Orders arrive by WooCommerce webhooks; shipments go back as order notes or Shipment Tracking.',
    secret: { label: 'Webhook secret', description: 'WooCommerce → Settings → Advanced → Webhooks: the secret you set on each webhook.' },
    accessToken: { label: 'REST API key', description: 'Optional: consumer_key:consumer_secret of a read/write REST key, to check deletions and send shipments back.' },
    fields: [
      { key: 'store_url', label: 'Store URL', description: 'The WordPress site’s address', input: 'text', placeholder: 'https://shop.example.com' },
      { key: 'tracking', label: 'Tracking sent as', input: 'select', options: [{ value: 'note', label: 'An order note e-mailed to the customer' }, { value: 'shipment_tracking', label: 'Shipment Tracking extension' }] },
      pushShipments,
    ],
    importFormats: ['woocommerce', 'csv'],
  },
  {
    type: 'amazon',
    label: 'Amazon',
    summary: 'Orders are polled from the Selling Partner API; shipments are confirmed back.',
    secret: { label: 'LWA client secret', description: 'Your SP-API app’s Login with Amazon client secret.' },
    accessToken: { label: 'LWA refresh token', description: 'The seller’s refresh token from authorizing your app.' },
    fields: [
      { key: 'lwa_client_id', label: 'LWA client id', input: 'text', placeholder: 'amzn1.application-oa2-client.…' },
      { key: 'marketplace_ids', label: 'Marketplace ids', description: 'Comma-separated', input: 'list', placeholder: 'ATVPDKIKX0DER' },
      { key: 'region', label: 'Region', input: 'select', options: [{ value: 'na', label: 'North America (na)' }, { value: 'eu', label: 'Europe (eu)' }, { value: 'fe', label: 'Far East (fe)' }] },
      poll,
      pushShipments,
    ],
    importFormats: ['amazon', 'csv'],
  },
  {
    type: 'ebay',
    label: 'eBay',
    summary: 'Orders are polled from the Sell Fulfillment API; shipments are sent back as shipping fulfillments.',
    secret: { label: 'Client secret', description: 'Your eBay app’s client secret (Cert ID).' },
    accessToken: { label: 'Refresh token', description: 'The seller’s refresh token (or, without a client id, a user access token to try things out).' },
    fields: [{ key: 'client_id', label: 'Client id (App ID)', input: 'text' }, { key: 'endpoint', label: 'API endpoint', description: 'Leave empty for production (https://api.ebay.com)', input: 'text', placeholder: 'https://api.ebay.com' }, poll, pushShipments],
    importFormats: ['ebay', 'csv'],
  },
  {
    type: 'pos',
    label: 'Point of sale',
    summary: 'In-store sales recorded by your tills (POST /v1/channels/{id}/pos-sales with a channel key): delivered at once, stock taken from the store.',
    fields: [],
    importFormats: ['csv'],
  },
  {
    type: 'x12',
    label: 'EDI X12',
    summary: 'A trading partner’s 850 purchase orders in; 997, 855, 856 and 810 out.',
    fields: [
      { key: 'partner_isa_qualifier', label: 'Partner ISA qualifier (ISA05)', input: 'text', placeholder: 'ZZ', required: true },
      { key: 'partner_isa_id', label: 'Partner ISA id (ISA06)', input: 'text', required: true },
      { key: 'our_isa_qualifier', label: 'Our ISA qualifier (ISA07)', input: 'text', placeholder: 'ZZ', required: true },
      { key: 'our_isa_id', label: 'Our ISA id (ISA08)', input: 'text', required: true },
      { key: 'partner_gs_id', label: 'Partner GS id (GS02)', description: 'Default: the partner’s ISA id', input: 'text' },
      { key: 'our_gs_id', label: 'Our GS id (GS03)', description: 'Default: our ISA id', input: 'text' },
      { key: 'gs1_company_prefix', label: 'GS1 company prefix', description: '6–12 digits: SSCC-18 labels in the 856', input: 'text' },
      { key: 'send_855', label: 'Answer each 850 with an 855', input: 'switch', defaultOn: true },
      { key: 'invoice_on_shipment', label: 'Send an 810 invoice with each 856', input: 'switch', defaultOn: false },
    ],
    importFormats: ['x12', 'csv'],
  },
  {
    type: 'csv',
    label: 'CSV import',
    summary: 'Orders from spreadsheets and exports, imported as files.',
    fields: [{ key: 'csv_mapping', label: 'Column mapping', description: 'JSON {field: header}; empty: Shopify’s orders export headers', input: 'json', placeholder: '{"external_id": "Order", "sku": "SKU", "quantity": "Qty", "unit_price": "Price", "currency": "Currency"}' }],
    importFormats: ['csv'],
  },
  {
    type: 'api',
    label: 'Custom (API)',
    summary: 'Your own integration captures orders with POST /v1/orders and a channel key.',
    fields: [],
    importFormats: ['csv'],
  },
];

export function channelKind(type: string): ChannelKind {
  return channelKinds.find((k) => k.type === type) ?? { type: 'api', label: type, summary: '', fields: [], importFormats: ['csv'] };
}

export type SettingValues = Record<string, string | boolean>;

/** A channel's settings as form values: lists joined, JSON pretty-printed, switches at their default. */
export function settingValues(kind: ChannelKind, settings: Record<string, unknown> = {}): SettingValues {
  const values: SettingValues = {};
  for (const f of kind.fields) {
    const v = settings[f.key];
    if (f.input === 'switch') values[f.key] = typeof v === 'boolean' ? v : (f.defaultOn ?? false);
    else if (f.input === 'list') values[f.key] = Array.isArray(v) ? v.join(', ') : typeof v === 'string' ? v : '';
    else if (f.input === 'json') values[f.key] = v === undefined ? '' : JSON.stringify(v, null, 2);
    else values[f.key] = typeof v === 'string' ? v : v === undefined ? '' : String(v);
  }
  return values;
}

/**
 * Form values back to settings, on top of the channel's other settings (PATCH replaces the whole
 * object, so keys the form does not show are kept). An empty field removes its key. A JSON field
 * that does not parse is returned as a field error instead.
 */
export function settingsFrom(kind: ChannelKind, values: SettingValues, base: Record<string, unknown> = {}): { settings: Record<string, unknown>; errors: Record<string, string> } {
  const settings: Record<string, unknown> = { ...base };
  const errors: Record<string, string> = {};
  for (const f of kind.fields) {
    const v = values[f.key];
    delete settings[f.key];
    if (f.input === 'switch') {
      // A switch left at the server's default is not written: the default may change with the server.
      if (typeof v === 'boolean' && (v !== (f.defaultOn ?? false) || f.key in base)) settings[f.key] = v;
      continue;
    }
    const text = typeof v === 'string' ? v.trim() : '';
    if (!text) continue;
    if (f.input === 'list') settings[f.key] = text.split(/[\s,]+/).filter(Boolean);
    else if (f.input === 'json') {
      try {
        settings[f.key] = JSON.parse(text) as unknown;
      } catch {
        errors[`settings.${f.key}`] = 'is not valid JSON';
      }
    } else settings[f.key] = text;
  }
  return { settings, errors };
}
