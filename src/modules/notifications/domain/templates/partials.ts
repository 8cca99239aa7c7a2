import { button, muted, p, table, when, type Block } from './layout.js';

/** The words of the blocks every locale's messages share (the lines, the address, the tracking). */
export interface PartialWords {
  total: string;
  shippingTo: string;
  track: string;
  /** Liquid: "tracking number(s)". */
  trackingNumbers: string;
  inParcel: string;
}

/** The shared blocks in one locale's words. */
export function partials(w: PartialWords) {
  const a = 'order.shipping_address';
  return {
    orderLines: table('order.lines', 'line', '{{ line.quantity }} × {{ line.title }}', '{{ line.total }}', { label: w.total, value: '{{ order.total }}' }),
    address: when(a, [muted(`${w.shippingTo}: {{ ${a}.name }}, {{ ${a}.line1 }}{% if ${a}.line2 %}, {{ ${a}.line2 }}{% endif %}, {{ ${a}.postal_code }} {{ ${a}.city }}, {{ ${a}.country }}`)]),
    tracking: [button('shipment.tracking_url', w.track), muted(`{{ shipment.carrier_name }}, ${w.trackingNumbers}: {{ shipment.tracking_numbers | join: ", " }}`)] as Block[],
    items: when('shipment.items.size > 0', [p(`${w.inParcel}:`), table('shipment.items', 'item', '{{ item.quantity }} × {{ item.title }}')]),
    returnLines: table('return.lines', 'line', '{{ line.quantity }} × {{ line.title }}', '{{ line.reason }}'),
  };
}
