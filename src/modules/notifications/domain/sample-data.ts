import { TEMPLATE_CATALOG, type TemplateName } from './catalog.js';

/**
 * Sample template data: every variable any shipped template reads (README "Template data"), for
 * previews without an order and for the CI check that every shipped template renders in every
 * locale. An order's real data has the same shape (src/flows/notifications/steps/template-data.ts).
 */
export function sampleData(): Record<string, unknown> {
  const shipment = {
    carrier: 'ups',
    carrier_name: 'UPS',
    service: 'ground',
    tracking_numbers: ['1Z999AA10123456784'],
    tracking_url: 'https://track.example.test/1Z999AA10123456784',
    promised_delivery_date: '2026-12-01',
    items: [{ sku: 'MUG', title: 'Enamel mug', quantity: 2 }],
    delivered_at: '2026-12-02 14:10',
    location: 'Springfield, IL',
    description: 'Delivery attempted: nobody at the address',
    days_late: 1,
    new_estimated_delivery_date: '2026-12-03',
  };
  const lines = [{ sku: 'MUG', title: 'Enamel mug', quantity: 2, total: '25.00 USD' }];
  return {
    shop: { name: 'Acme Shop' },
    customer: { name: 'Ada Lovelace', first_name: 'Ada', email: 'ada@customers.test' },
    order: {
      id: 'ord_sample',
      number: 1042,
      name: '#1042',
      portal_url: 'https://oms.example.test/portal/acme/link/sample',
      placed_at: '2026-11-26T14:03:00Z',
      currency: 'USD',
      total: '30.00 USD',
      lines,
      shipping_address: { name: 'Ada Lovelace', line1: '12 Analytical Way', line2: null, city: 'Springfield', region: 'IL', postal_code: '62701', country: 'US' },
    },
    edit: {
      reason: 'customer asked for a second mug',
      changes: [
        { type: 'change_quantity', sku: 'MUG', title: 'Enamel mug', before: '1', after: '2' },
        { type: 'change_shipping_address', sku: null, title: '', before: '', after: '12 Analytical Way, 62701 Springfield, US' },
      ],
      total_before: '17.50 USD',
      total_after: '30.00 USD',
      amount_due: '12.50 USD',
      refund_owed: null,
    },
    cancellation: { partial: true, lines: [{ sku: 'MUG', title: 'Enamel mug', quantity: 1 }], amount: '12.50 USD', reason: 'out of stock' },
    backorder: { lines: [{ sku: 'MUG', title: 'Enamel mug', quantity: 1, expected_date: '2026-12-10' }], expected_date: '2026-12-10' },
    shipment,
    return: {
      id: 'rma_sample',
      lines: [{ sku: 'MUG', title: 'Enamel mug', quantity: 1, reason: 'damaged' }],
      label: { carrier_name: 'UPS', tracking_number: '1Z999AA10123456785', url: null },
    },
    refund: { amount: '12.50 USD', reason: 'return' },
    exchange: { return_id: 'rma_sample', replacement_order_name: '#1043' },
    verification: { url: 'https://oms.example.test/verify/vfl_sample', expires_at: '2026-12-04 10:00' },
    survey: { url: 'https://oms.example.test/survey/sample' },
  };
}

/** The sample data one template has: the shop, customer, order and locale, and its own parts (an unknown variable elsewhere is an error). */
export function sampleFor(name: TemplateName, locale = 'en'): Record<string, unknown> {
  const all = sampleData();
  const data: Record<string, unknown> = { shop: all['shop'], customer: all['customer'], order: all['order'], locale };
  for (const part of TEMPLATE_CATALOG[name].parts) data[part] = all[part];
  return data;
}

/** The variables of some data as dotted paths (`order.lines[].title`), for the template editor. */
export function variablesOf(data: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(data).flatMap(([key, value]) => {
    const path = `${prefix}${key}`;
    if (Array.isArray(value)) return [path, ...(value[0] && typeof value[0] === 'object' ? variablesOf(value[0] as Record<string, unknown>, `${path}[].`) : [])];
    if (value && typeof value === 'object') return [path, ...variablesOf(value as Record<string, unknown>, `${path}.`)];
    return [path];
  });
}
