/**
 * The public tracking page of a parcel, for the customer e-mail and the `shipment.created` event.
 * Aggregator services are named `<carrier>:<service>`, so the carrier is the part before the colon.
 */
const pages: Record<string, (number: string) => string> = {
  ups: (n) => `https://www.ups.com/track?tracknum=${n}`,
  fedex: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}`,
  usps: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`,
  dhl: (n) => `https://www.dhl.com/global-en/home/tracking.html?tracking-id=${n}`,
};

export function trackingUrl(carrier: string, service: string, trackingNumber: string): string | null {
  const named = service.includes(':') ? (service.split(':')[0] ?? '') : carrier;
  const page = pages[named.toLowerCase()] ?? pages[carrier.toLowerCase()];
  return page ? page(encodeURIComponent(trackingNumber)) : null;
}
