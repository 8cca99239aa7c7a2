import type { Db } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import type { Address } from '../../../platform/http/address.js';
import type { TrackingSettings } from '../carriers/rate-card-carrier.js';
import type { CarrierRow } from '../db/carriers.queries.js';
import { findShipment, findShipmentDocument, type Shipment } from '../db/shipments.queries.js';
import { customsDocumentFor, type CustomsDeclaration, type CustomsDocumentKind, type CustomsPaper } from '../domain/customs.js';
import type { LabelData } from '../domain/label-data.js';
import type { Manifest } from '../domain/manifest-csv.js';
import type { ServiceLevel, ShippingAddress } from '../domain/types.js';
import type { RateCardSettings } from './carrier-registry.js';

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

/**
 * The paper a rate-card carrier's parcel abroad travels with: a postal operator's CN 22 / CN 23, a
 * courier's commercial invoice. Aggregators make the carrier's own forms from the declaration they
 * are sent, so we print none for them (null).
 */
export function customsDocumentKindFor(carrier: CarrierRow | undefined, declaration: CustomsDeclaration): CustomsDocumentKind | null {
  if (!carrier || carrier.kind !== 'rate_card') return null;
  const card = (carrier.settings as unknown as RateCardSettings).card;
  const postal = card.postal ?? (carrier.tracking as TrackingSettings | null | undefined)?.format === 'usps';
  return customsDocumentFor(postal, declaration);
}

export interface CustomsPaperInput {
  kind: CustomsDocumentKind;
  declaration: CustomsDeclaration;
  from: Address;
  to: Address;
  carrierName: string;
  serviceName: string;
  trackingNumbers: string[];
  reference: string;
  shipDate: string;
  parcels: { weightGrams: number }[];
  postage: { amountMinor: number; currency: string };
}

export function customsPaperOf(input: CustomsPaperInput): CustomsPaper {
  return {
    kind: input.kind,
    declaration: input.declaration,
    shipFrom: shippingAddressOf(input.from),
    shipTo: shippingAddressOf(input.to),
    carrierName: input.carrierName,
    serviceName: input.serviceName,
    trackingNumbers: input.trackingNumbers,
    reference: input.reference,
    shipDate: input.shipDate,
    parcels: input.parcels.length,
    grossWeightGrams: input.parcels.reduce((sum, p) => sum + p.weightGrams, 0),
    postage: input.postage,
  };
}

/** GET /v1/shipments/{id}/customs.pdf: the paper printed when the label was bought, as it was handed over. */
export async function shipmentCustomsPdf(db: Db, tenantId: string, id: string, scopeLocationId?: string): Promise<{ kind: CustomsDocumentKind; pdf: Buffer }> {
  const shipment = await findShipment(db, tenantId, id);
  if (!shipment || (scopeLocationId !== undefined && shipment.locationId !== scopeLocationId)) throw new DomainError('SHIPMENT_NOT_FOUND', `No shipment ${id}.`);
  const document = await findShipmentDocument(db, tenantId, id);
  if (!document) {
    throw new DomainError(
      'SHIPMENT_NO_CUSTOMS_DOCUMENT',
      shipment.customs ? 'The aggregator made the carrier’s customs forms from the declaration; they come with its label.' : 'The shipment stays inside its customs territory: it has no customs declaration.',
    );
  }
  return { kind: document.kind, pdf: document.pdf };
}
