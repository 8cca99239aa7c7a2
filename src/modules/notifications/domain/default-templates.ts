import type { MessageTemplate } from './render.js';

/**
 * The messages every tenant sends until it edits them (issue 16 §1), in Liquid over the data
 * `compose` gives (README: "Template data"). The HTML is one responsive layout — a single 600 px
 * column that shrinks to the screen, tables for the clients that need them, styles inline — with
 * the template's content in it; the text part says the same in plain words.
 */

export const TEMPLATE_NAMES = ['order_confirmation', 'shipping_confirmation', 'order_cancelled', 'verification_request'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

function layout(title: string, content: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2328">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px">
<tr><td style="padding:24px 24px 8px 24px;font-size:14px;color:#57606a">{{ shop.name }}</td></tr>
<tr><td style="padding:8px 24px 24px 24px;font-size:16px;line-height:1.5">
${content}
</td></tr></table>
<p style="font-size:12px;color:#57606a;margin:16px 0 0 0">{{ shop.name }} sent this message about your order {{ order.name }}.</p>
</td></tr></table></body></html>`;
}

const LINES_HTML = `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:16px 0">
{% for line in order.lines %}<tr><td style="padding:6px 0;border-bottom:1px solid #eaeef2">{{ line.quantity }} × {{ line.title }}</td><td align="right" style="padding:6px 0;border-bottom:1px solid #eaeef2">{{ line.total }}</td></tr>
{% endfor %}<tr><td style="padding:8px 0;font-weight:600">Total</td><td align="right" style="padding:8px 0;font-weight:600">{{ order.total }}</td></tr></table>`;

const LINES_TEXT = `{% for line in order.lines %}- {{ line.quantity }} × {{ line.title }}: {{ line.total }}
{% endfor %}Total: {{ order.total }}`;

const ADDRESS_HTML = `{% if order.shipping_address %}<p style="margin:16px 0 0 0;color:#57606a">Shipping to:<br>{{ order.shipping_address.name }}<br>{{ order.shipping_address.line1 }}<br>{% if order.shipping_address.line2 %}{{ order.shipping_address.line2 }}<br>{% endif %}{{ order.shipping_address.postal_code }} {{ order.shipping_address.city }}<br>{{ order.shipping_address.country }}</p>{% endif %}`;

export const DEFAULT_TEMPLATES: Record<TemplateName, MessageTemplate> = {
  order_confirmation: {
    subject: 'Order {{ order.name }} confirmed',
    html: layout(
      'Order confirmed',
      `<h1 style="font-size:22px;margin:0 0 12px 0">Thank you for your order{% if customer.first_name %}, {{ customer.first_name }}{% endif %}!</h1>
<p style="margin:0">We have received order <strong>{{ order.name }}</strong> and will let you know when it ships.</p>
${LINES_HTML}
${ADDRESS_HTML}`,
    ),
    text: `Thank you for your order{% if customer.first_name %}, {{ customer.first_name }}{% endif %}!

We have received order {{ order.name }} and will let you know when it ships.

${LINES_TEXT}
{% if order.shipping_address %}
Shipping to: {{ order.shipping_address.name }}, {{ order.shipping_address.line1 }}, {{ order.shipping_address.postal_code }} {{ order.shipping_address.city }}, {{ order.shipping_address.country }}{% endif %}

{{ shop.name }}`,
  },
  shipping_confirmation: {
    subject: 'Order {{ order.name }} is on its way',
    html: layout(
      'Your order is on its way',
      `<h1 style="font-size:22px;margin:0 0 12px 0">Your order is on its way</h1>
<p style="margin:0">Order <strong>{{ order.name }}</strong> has shipped with {{ shipment.carrier_name }}{% if shipment.promised_delivery_date %} and should arrive by {{ shipment.promised_delivery_date }}{% endif %}.</p>
{% if shipment.tracking_url %}<p style="margin:20px 0"><a href="{{ shipment.tracking_url }}" style="background:#1f6feb;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">Track your parcel</a></p>{% endif %}
<p style="margin:0;color:#57606a">Tracking number{% if shipment.tracking_numbers.size > 1 %}s{% endif %}: {{ shipment.tracking_numbers | join: ", " }}</p>`,
    ),
    text: `Your order is on its way

Order {{ order.name }} has shipped with {{ shipment.carrier_name }}{% if shipment.promised_delivery_date %} and should arrive by {{ shipment.promised_delivery_date }}{% endif %}.

Tracking number{% if shipment.tracking_numbers.size > 1 %}s{% endif %}: {{ shipment.tracking_numbers | join: ", " }}
{% if shipment.tracking_url %}Track it: {{ shipment.tracking_url }}{% endif %}

{{ shop.name }}`,
  },
  order_cancelled: {
    subject: 'Order {{ order.name }} has been cancelled',
    html: layout(
      'Order cancelled',
      `<h1 style="font-size:22px;margin:0 0 12px 0">Your order has been cancelled</h1>
<p style="margin:0">Order <strong>{{ order.name }}</strong> has been cancelled. If you were charged for it, you will be refunded the way you paid.</p>`,
    ),
    text: `Your order has been cancelled

Order {{ order.name }} has been cancelled. If you were charged for it, you will be refunded the way you paid.

{{ shop.name }}`,
  },
  verification_request: {
    subject: 'Please confirm your order {{ order.name }}',
    html: layout(
      'Please confirm your order',
      `<h1 style="font-size:22px;margin:0 0 12px 0">Please confirm your order</h1>
<p style="margin:0">Before we ship order <strong>{{ order.name }}</strong> ({{ order.total }}), we ask you to confirm that you placed it.</p>
<p style="margin:20px 0"><a href="{{ verification.url }}" style="background:#1f6feb;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">Yes, I placed this order</a></p>
<p style="margin:0;color:#57606a">The link works until {{ verification.expires_at }} UTC. If you did not place this order, do nothing: it will not ship.</p>`,
    ),
    text: `Please confirm your order

Before we ship order {{ order.name }} ({{ order.total }}), we ask you to confirm that you placed it. Open this link to confirm:

{{ verification.url }}

The link works until {{ verification.expires_at }} UTC. If you did not place this order, do nothing: it will not ship.

{{ shop.name }}`,
  },
};
