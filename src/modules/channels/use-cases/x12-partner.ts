import { DomainError, type FieldError } from '../../../platform/errors.js';

/**
 * A trading partner is an x12 channel; its `settings` say who it is in the envelopes:
 * - `partner_isa_qualifier` + `partner_isa_id`: ISA05/ISA06 of the partner's interchanges (required)
 * - `our_isa_qualifier` + `our_isa_id`: ISA07/ISA08, us (required)
 * - `partner_gs_id`, `our_gs_id`: GS02/GS03 application codes (default: the ISA ids)
 * - `send_855` (default true): answer each 850 with an 855 as well as the 997
 * - `invoice_on_shipment` (default false): send an 810 with each 856
 * - `gs1_company_prefix` (optional, 6–12 digits): label parcels with SSCC-18 (MAN*GM) in the 856
 */
export interface TradingPartner {
  partner: { qualifier: string; id: string; gsId: string };
  us: { qualifier: string; id: string; gsId: string };
  send855: boolean;
  invoiceOnShipment: boolean;
  gs1CompanyPrefix: string | null;
}

const QUALIFIER = /^[0-9A-Z]{2}$/;
// ISA06/08 are 15 characters of the basic character set; we keep to letters, digits and - . _ space.
const ISA_ID = /^[0-9A-Za-z][0-9A-Za-z .\-_]{0,14}$/;
const GS_ID = /^[0-9A-Za-z][0-9A-Za-z .\-_]{0,14}$/;

/** Reads and checks an x12 channel's settings; problems name `settings.<key>`. */
export function readTradingPartner(settings: Record<string, unknown>): { partner: TradingPartner; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const text = (key: string, pattern: RegExp, message: string, fallback?: string): string => {
    const value = settings[key];
    if (value === undefined || value === null || value === '') {
      if (fallback !== undefined) return fallback;
      errors.push({ field: `settings.${key}`, message: `is required for an x12 channel: ${message}` });
      return '';
    }
    if (typeof value !== 'string' || !pattern.test(value.trim())) {
      errors.push({ field: `settings.${key}`, message });
      return '';
    }
    return value.trim();
  };
  const flag = (key: string, fallback: boolean): boolean => {
    const value = settings[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') errors.push({ field: `settings.${key}`, message: 'must be true or false' });
    return value === true;
  };
  const partnerQualifier = text('partner_isa_qualifier', QUALIFIER, 'must be the 2-character ISA05 qualifier, e.g. ZZ, 01, 12');
  const partnerId = text('partner_isa_id', ISA_ID, 'must be the partner’s ISA06 id, 1–15 characters');
  const ourQualifier = text('our_isa_qualifier', QUALIFIER, 'must be the 2-character ISA07 qualifier, e.g. ZZ');
  const ourId = text('our_isa_id', ISA_ID, 'must be our ISA08 id, 1–15 characters');
  const partnerGs = text('partner_gs_id', GS_ID, 'must be the partner’s GS02 application code, 1–15 characters', partnerId);
  const ourGs = text('our_gs_id', GS_ID, 'must be our GS03 application code, 1–15 characters', ourId);
  const send855 = flag('send_855', true);
  const invoiceOnShipment = flag('invoice_on_shipment', false);
  const prefix = settings.gs1_company_prefix;
  let gs1CompanyPrefix: string | null = null;
  if (prefix !== undefined && prefix !== null) {
    if (typeof prefix === 'string' && /^\d{6,12}$/.test(prefix)) gs1CompanyPrefix = prefix;
    else errors.push({ field: 'settings.gs1_company_prefix', message: 'must be a GS1 company prefix of 6 to 12 digits' });
  }
  return {
    partner: {
      partner: { qualifier: partnerQualifier, id: partnerId, gsId: partnerGs },
      us: { qualifier: ourQualifier, id: ourId, gsId: ourGs },
      send855,
      invoiceOnShipment,
      gs1CompanyPrefix,
    },
    errors,
  };
}

/** The channel's trading partner, or 422 X12_PARTNER_SETTINGS_INVALID naming the settings at fault. */
export function tradingPartnerOf(settings: Record<string, unknown>): TradingPartner {
  const { partner, errors } = readTradingPartner(settings);
  if (errors.length > 0) throw new DomainError('X12_PARTNER_SETTINGS_INVALID', 'The x12 channel’s trading partner settings are incomplete or wrong.', errors);
  return partner;
}
