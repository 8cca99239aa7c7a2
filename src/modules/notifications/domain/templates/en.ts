import type { TemplateName } from '../catalog.js';
import { button, muted, p, table, when, type LayoutWords, type TemplateSpec } from './layout.js';
import { partials } from './partials.js';

/** The shipped English messages (the fallback of every other locale). Variables: README "Template data". */

export const EN_WORDS: LayoutWords = { lang: 'en', footer: '{{ shop.name }} sent this message about your order {{ order.name }}.', portal: 'View your order' };

const greeting = 'Hello{% if customer.first_name %} {{ customer.first_name }}{% endif %},';
const { orderLines, address, tracking, items, returnLines } = partials({ total: 'Total', shippingTo: 'Shipping to', track: 'Track your parcel', trackingNumbers: 'tracking number{% if shipment.tracking_numbers.size > 1 %}s{% endif %}', inParcel: 'In this parcel' });

export const EN: Record<TemplateName, TemplateSpec> = {
  order_confirmation: {
    subject: 'Order {{ order.name }} confirmed',
    heading: 'Thank you for your order{% if customer.first_name %}, {{ customer.first_name }}{% endif %}!',
    blocks: [p('We have received order <strong>{{ order.name }}</strong> and will let you know when it ships.'), orderLines, address],
  },
  order_edited: {
    subject: 'Order {{ order.name }} has been updated',
    heading: 'Your order has been updated',
    blocks: [
      p(greeting),
      p('We have made these changes to order <strong>{{ order.name }}</strong>:'),
      table(
        'edit.changes',
        'change',
        "{% case change.type %}{% when 'add_line' %}Added: {{ change.title }}{% when 'remove_line' %}Removed: {{ change.title }}{% when 'change_quantity' %}Quantity of {{ change.title }}{% when 'change_variant' %}Item changed: {{ change.title }}{% when 'change_shipping_address' %}New shipping address{% when 'change_shipping_method' %}New shipping method{% when 'add_discount' %}Discount{% else %}{{ change.title }}{% endcase %}",
        '{% if change.before != blank %}{{ change.before }} → {% endif %}{{ change.after }}',
      ),
      p('Total before: {{ edit.total_before }}. Total now: <strong>{{ edit.total_after }}</strong>.'),
      when('edit.refund_owed', [p('We will refund {{ edit.refund_owed }} the way you paid.')]),
      when('edit.amount_due', [p('{{ edit.amount_due }} is still to be paid.')]),
      orderLines,
      address,
    ],
  },
  order_cancelled: {
    subject: '{% if cancellation.partial %}Part of order {{ order.name }} has been cancelled{% else %}Order {{ order.name }} has been cancelled{% endif %}',
    heading: '{% if cancellation.partial %}Part of your order has been cancelled{% else %}Your order has been cancelled{% endif %}',
    blocks: [
      p(greeting),
      when(
        'cancellation.partial',
        [p('These items of order <strong>{{ order.name }}</strong> have been cancelled:'), table('cancellation.lines', 'line', '{{ line.quantity }} × {{ line.title }}'), p('The rest of your order goes ahead. New total: {{ order.total }}.')],
        [p('Order <strong>{{ order.name }}</strong> has been cancelled.')],
      ),
      p('If you were charged for what was cancelled ({{ cancellation.amount }}), you will be refunded the way you paid.'),
    ],
  },
  backorder_notice: {
    subject: 'Some items of order {{ order.name }} will ship later',
    heading: 'Some items will ship later',
    blocks: [
      p(greeting),
      p('Thank you for order <strong>{{ order.name }}</strong>. These items are not in stock right now; we will send them as soon as they arrive:'),
      table('backorder.lines', 'line', '{{ line.quantity }} × {{ line.title }}', '{% if line.expected_date %}expected {{ line.expected_date }}{% else %}date to be confirmed{% endif %}'),
      when('backorder.expected_date', [p('We expect to ship everything by {{ backorder.expected_date }}.')]),
      muted('Everything else in your order ships as usual. If you would rather not wait, reply to this message and we will cancel the waiting items.'),
    ],
  },
  shipping_confirmation: {
    subject: 'Order {{ order.name }} is on its way',
    heading: 'Your order is on its way',
    blocks: [
      p('Order <strong>{{ order.name }}</strong> has shipped with {{ shipment.carrier_name }}{% if shipment.promised_delivery_date %} and should arrive by {{ shipment.promised_delivery_date }}{% endif %}.'),
      ...tracking,
      items,
      address,
    ],
  },
  out_for_delivery: {
    subject: 'Order {{ order.name }} arrives today',
    heading: 'Your parcel is out for delivery',
    blocks: [p('{{ shipment.carrier_name }} is delivering your parcel from order <strong>{{ order.name }}</strong> today.'), ...tracking, address],
  },
  delivered: {
    subject: 'Order {{ order.name }} has been delivered',
    heading: 'Your parcel has been delivered',
    blocks: [
      p('{{ shipment.carrier_name }} delivered your parcel from order <strong>{{ order.name }}</strong>{% if shipment.delivered_at %} on {{ shipment.delivered_at }}{% endif %}{% if shipment.location %} ({{ shipment.location }}){% endif %}.'),
      when('shipment.days_late > 0', [p('It arrived {{ shipment.days_late }} day{% if shipment.days_late > 1 %}s{% endif %} later than we promised. We are sorry for the wait.')]),
      ...tracking,
      muted('If you cannot find it, reply to this message and we will help.'),
      p('How likely are you to recommend {{ shop.name }} to a friend? One question, one click:'),
      button('survey.url', 'Answer the question'),
    ],
  },
  delivery_exception: {
    subject: 'A delay with order {{ order.name }}',
    heading: 'Your parcel is delayed',
    blocks: [
      p('{{ shipment.carrier_name }} reported a problem delivering your parcel from order <strong>{{ order.name }}</strong>{% if shipment.description %}: {{ shipment.description }}{% endif %}.'),
      when('shipment.promised_delivery_date', [p('It may arrive after {{ shipment.promised_delivery_date }}, the date we promised.')]),
      p('Most delays resolve within a day or two; you can follow the parcel with the link below.'),
      ...tracking,
    ],
  },
  delivery_late: {
    subject: 'Order {{ order.name }} is running late',
    heading: 'Your parcel is late',
    blocks: [
      p(greeting),
      p('We promised your parcel from order <strong>{{ order.name }}</strong> for {{ shipment.promised_delivery_date }}, and {{ shipment.carrier_name }} has not delivered it yet. We are sorry for the wait.'),
      when('shipment.new_estimated_delivery_date', [p('{{ shipment.carrier_name }} now expects to deliver it on <strong>{{ shipment.new_estimated_delivery_date }}</strong>.')]),
      p('You can follow the parcel with the link below; we will tell you when it arrives.'),
      ...tracking,
    ],
  },
  return_requested: {
    subject: 'We received your return request for order {{ order.name }}',
    heading: 'Return requested',
    blocks: [p(greeting), p('We received your request to return these items of order <strong>{{ order.name }}</strong> (return {{ return.id }}):'), returnLines, p('We will tell you how to send them back as soon as the return is approved.')],
  },
  return_approved: {
    subject: '{% if return.label %}Your return label for order {{ order.name }}{% else %}Your return for order {{ order.name }} is approved{% endif %}',
    heading: 'Your return is approved',
    blocks: [
      p(greeting),
      p('Your return {{ return.id }} for order <strong>{{ order.name }}</strong> is approved:'),
      returnLines,
      when(
        'return.label',
        [p('Your return label from {{ return.label.carrier_name }} is ready (tracking number {{ return.label.tracking_number }}).'), button('return.label.url', 'Download your return label')],
        [p('Pack the items securely; we will send your return label or drop-off code separately.')],
      ),
    ],
  },
  return_received: {
    subject: 'We received your return for order {{ order.name }}',
    heading: 'Your return has arrived',
    blocks: [p(greeting), p('Your return {{ return.id }} for order <strong>{{ order.name }}</strong> has arrived:'), returnLines, p('We will check the items and let you know about your refund or exchange.')],
  },
  refund_issued: {
    subject: 'Your refund of {{ refund.amount }} for order {{ order.name }}',
    heading: 'Your refund is on its way',
    blocks: [p(greeting), p('We have refunded <strong>{{ refund.amount }}</strong> for order <strong>{{ order.name }}</strong> the way you paid.'), muted('Depending on your bank or card, it can take a few business days to show.')],
  },
  exchange_shipped: {
    subject: 'Your exchange for order {{ order.name }} is on its way',
    heading: 'Your exchange is on its way',
    blocks: [
      p('The replacement for your return {{ exchange.return_id }} (order <strong>{{ order.name }}</strong>) has shipped with {{ shipment.carrier_name }}{% if shipment.promised_delivery_date %} and should arrive by {{ shipment.promised_delivery_date }}{% endif %}.'),
      ...tracking,
      items,
      address,
    ],
  },
  verification_request: {
    subject: 'Please confirm your order {{ order.name }}',
    heading: 'Please confirm your order',
    blocks: [
      p('Before we ship order <strong>{{ order.name }}</strong> ({{ order.total }}), we ask you to confirm that you placed it.'),
      button('verification.url', 'Yes, I placed this order'),
      muted('The link works until {{ verification.expires_at }} UTC. If you did not place this order, do nothing: it will not ship.'),
    ],
  },
  review_notice: {
    subject: 'Order {{ order.name }}: a quick check before we ship',
    heading: 'A quick check before we ship',
    blocks: [
      p(greeting),
      p('Thank you for order <strong>{{ order.name }}</strong>. Before it ships, our team is taking a moment to check a few order details, as we do with some orders.'),
      p('You do not need to do anything. We will e-mail you as soon as it ships; if we need anything from you, we will ask.'),
      orderLines,
    ],
  },
};
