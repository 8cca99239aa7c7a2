import type { Address } from '../../../platform/http/address.js';
import type { TrackingSettings } from '../carriers/rate-card-carrier.js';
import type { CarrierRow } from '../db/carriers.queries.js';
import type { Shipment } from '../db/shipments.queries.js';
import type { LabelData } from '../domain/label-data.js';
import type { Manifest } from '../domain/manifest-csv.js';
import type { ServiceLevel, ShippingAddress } from '../domain/types.js';

/** Our stored address as carriers read it. Unknown residential counts as residential. */
export function shippingAddressOf(a: Address): ShippingAddress {
  return {
    name: a.name ?? undefined,
    company: a.company ?? undefined,
    line1: a.line1,
    line2: a.line2 ?? undefined,
    city: a.city,
    region: a.region ?? undefined,
    postalCode: a.postal_code ?? '',
    country: a.country,
    phone: a.phone ?? undefined,
  };
}

/** What each parcel's label prints, from the stored shipment (labels are rendered on demand). */
export function labelDataOf(shipment: Shipment, carrier: CarrierRow | undefined): LabelData[] {
  const format = (carrier?.tracking as TrackingSettings | null | undefined)?.format;
  return shipment.packages.map((p) => ({
    carrierCode: shipment.service.includes(':') ? (shipment.service.split(':')[0] ?? shipment.carrier) : shipment.carrier,
    carrierName: carrier?.name ?? shipment.carrier.toUpperCase(),
    serviceName: shipment.serviceName,
    serviceLevel: shipment.serviceLevel as ServiceLevel,
    trackingNumber: p.trackingNumber,
    ...(format ? { trackingFormat: format } : {}),
    shipFrom: shippingAddressOf(shipment.shipFrom),
    shipTo: shippingAddressOf(shipment.shipTo),
    weightGrams: p.weightGrams,
    billableWeightGrams: p.billableWeightGrams,
    dimensionsMm: { length: p.lengthMm, width: p.widthMm, height: p.heightMm },
    reference: shipment.reference,
    packageIndex: p.seq,
    packageCount: shipment.packages.length,
    shipDate: shipment.shipDate,
    sample: carrier?.sample ?? false,
  }));
}

export function manifestOf(shipments: Shipment[], carrier: { code: string; name: string }, location: { code: string; name: string }, date: string, now: Date): Manifest {
  return {
    carrierCode: carrier.code,
    carrierName: carrier.name,
    locationCode: location.code,
    locationName: location.name,
    date,
    generatedAt: now.toISOString(),
    rows: shipments.map((s) => ({
      shipmentId: s.id,
      orderReference: s.reference,
      trackingNumber: s.trackingNumber,
      service: s.serviceName,
      packages: s.packages.length,
      weightGrams: s.packages.reduce((n, p) => n + p.weightGrams, 0),
      billableWeightGrams: s.billableWeightGrams,
      amountMinor: s.amountMinor,
      currency: s.currency,
      shipTo: {
        ...(s.shipTo.name ? { name: s.shipTo.name } : {}),
        city: s.shipTo.city,
        ...(s.shipTo.region ? { region: s.shipTo.region } : {}),
        postalCode: s.shipTo.postal_code ?? '',
        country: s.shipTo.country,
      },
      createdAt: s.createdAt.toISOString(),
    })),
  };
}
