import type { CustomsDeclaration } from '../domain/customs.js';
import type { CarrierRate, Parcel, ShippingAddress, TrackingUpdate } from '../domain/types.js';

/**
 * The seam between us and a carrier. Everything on our side of it (rate shopping, labels,
 * tracking state, promises) is the same whichever adapter answers. Two adapters ship: rate-card
 * carriers (no network) and an EasyPost-format aggregator.
 */
export interface RateRequest {
  from: ShippingAddress;
  to: ShippingAddress;
  parcels: Parcel[];
  /** The day the parcels are handed over, YYYY-MM-DD. */
  shipDate: string;
  /** Our reference for the shipment (order number), printed on labels. */
  reference?: string | undefined;
  /** The customs declaration of a shipment leaving its customs territory (aggregators send it with the shipment). */
  customs?: CustomsDeclaration | undefined;
  /**
   * A return parcel: `from` is the customer, `to` the return location. Aggregators are sent their
   * documented return shipment (EasyPost `is_return: true`), which some carriers bill differently.
   */
  isReturn?: boolean | undefined;
}

export interface LabelRequest extends RateRequest {
  /** The rate being bought (as returned by `rate`). */
  rate: CarrierRate;
}

export interface PurchasedLabel {
  /** One tracking number per parcel, in the order of `parcels`. */
  trackingNumbers: string[];
  /** What the carrier charged, in minor units. */
  amountMinor: number;
  currency: string;
  /** The carrier's (or aggregator's) id for the shipment, needed to void it. */
  carrierShipmentId?: string | undefined;
  /** Label files the carrier produced, one per parcel, when it produces them (aggregators do). */
  labels?: { pdf?: Buffer | undefined; zpl?: string | undefined }[] | undefined;
}

export interface VoidRequest {
  carrierShipmentId?: string | undefined;
  trackingNumbers: string[];
}

export interface CarrierAdapter {
  rate(request: RateRequest): Promise<CarrierRate[]>;
  createLabel(request: LabelRequest): Promise<PurchasedLabel>;
  /** True when the carrier accepted the void (refund requested). */
  void(request: VoidRequest): Promise<{ voided: boolean; reason?: string | undefined }>;
  track(trackingNumber: string): Promise<TrackingUpdate[]>;
  /**
   * The carrier's QR code for a bought label, to show at a drop-off point instead of a printed
   * label (EasyPost's `label_qr_code` form), as PNG; undefined when the carrier gives none.
   */
  dropOffQrCode?(carrierShipmentId: string): Promise<Buffer | undefined>;
}
