import { isCountryCode } from '../../../platform/kernel/country.js';
import { HS_CODE_HINT, normalizeHsCode } from '../../../platform/kernel/hs-code.js';
import { currencyExponent, formatMoney, parseMoney } from '../../../platform/kernel/money.js';
import type { ShippingAddress } from './types.js';

/**
 * Customs declarations for shipments that leave a customs territory: when one is needed, what it
 * declares (built from the shipped lines and the products, overridable per shipment), which US
 * export filing applies, and which paper a postal operator or a courier wants with it. Pure.
 */

export const contentsTypes = ['merchandise', 'gift', 'documents', 'returned_goods', 'sample', 'other'] as const;
export type ContentsType = (typeof contentsTypes)[number];
export const nonDeliveryOptions = ['return', 'abandon'] as const;
export type NonDeliveryOption = (typeof nonDeliveryOptions)[number];
export const restrictionTypes = ['none', 'other', 'quarantine', 'sanitary_phytosanitary_inspection'] as const;
export type RestrictionType = (typeof restrictionTypes)[number];
/** CN 22 / CN 23: the UPU declarations postal operators take; couriers take a commercial invoice. */
export const customsDocumentKinds = ['cn22', 'cn23', 'commercial_invoice'] as const;
export type CustomsDocumentKind = (typeof customsDocumentKinds)[number];

export interface CustomsItem {
  sku: string;
  description: string;
  quantity: number;
  /** The whole line's value (all units), in minor units of the declaration's currency. */
  valueMinor: number;
  /** The whole line's net weight (all units), in grams. */
  weightGrams: number;
  /** HS code digits; null only for documents. */
  hsCode: string | null;
  /** ISO 3166-1 alpha-2. */
  originCountry: string;
}

export interface CustomsDeclaration {
  contentsType: ContentsType;
  contentsExplanation: string | null;
  nonDeliveryOption: NonDeliveryOption;
  restrictionType: RestrictionType;
  restrictionComments: string | null;
  /** Who certifies that the particulars are correct (printed as the signature, sent as customs_signer). */
  signer: string;
  /** The order's currency: every value is in it. */
  currency: string;
  items: CustomsItem[];
  /**
   * US exports: the exemption from filing Electronic Export Information ("NOEEI 30.37(a)",
   * "NOEEI 30.36") or the filing itself ("AES X20260101123456"). Null when not a US export.
   */
  eelPfc: string | null;
  /** The AES Internal Transaction Number when EEI was filed. */
  itn: string | null;
}

export function totalValueMinor(d: Pick<CustomsDeclaration, 'items'>): number {
  return d.items.reduce((sum, i) => sum + i.valueMinor, 0);
}

export function totalWeightGrams(d: Pick<CustomsDeclaration, 'items'>): number {
  return d.items.reduce((sum, i) => sum + i.weightGrams, 0);
}

// ---------------------------------------------------------------- when

/** The customs territory of the United States: the states, DC and Puerto Rico (19 CFR 101.1). */
const US_CUSTOMS_TERRITORY = new Set(['US', 'PR']);
/** US insular areas outside that territory: own customs, US mail (ZIP codes, domestic rates). */
const US_INSULAR_AREAS = new Set(['VI', 'GU', 'AS', 'MP', 'UM']);
/** APO/FPO/DPO "states": USPS requires a customs declaration to and from them. */
const US_MILITARY_STATES = new Set(['AA', 'AE', 'AP']);
/** The EU customs union: no declaration between member states. */
const EU = new Set(['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE']);

export interface Place {
  country: string;
  region?: string | null | undefined;
}

/**
 * Which customs territory an address is in: the EU member states are one; the US states, DC and
 * Puerto Rico are one; the US Virgin Islands, Guam, American Samoa, the Northern Marianas and the
 * military post offices (APO/FPO/DPO, "states" AA/AE/AP) are each apart, as USPS treats them;
 * every other country is its own. Special fiscal territories inside a country (Canary Islands,
 * Åland, Channel Islands, Büsingen…) are not told apart by postal code.
 */
export function customsTerritory(place: Place): string {
  const country = place.country.toUpperCase();
  if (country === 'US' && place.region && US_MILITARY_STATES.has(place.region.toUpperCase())) return 'US-APO';
  if (US_CUSTOMS_TERRITORY.has(country)) return 'US';
  if (EU.has(country)) return 'EU';
  return country;
}

/** A shipment needs a customs declaration when it leaves its customs territory. */
export function customsRequired(from: Place, to: Place): boolean {
  return customsTerritory(from) !== customsTerritory(to);
}

/** A US export in the sense of the Foreign Trade Regulations (15 CFR 30): from the US to a foreign country. */
function isUsExport(from: Place, to: Place): boolean {
  const territory = customsTerritory(to);
  return customsTerritory(from) === 'US' && territory !== 'US' && territory !== 'US-APO' && !US_INSULAR_AREAS.has(to.country.toUpperCase());
}

// ---------------------------------------------------------------- which paper

/**
 * 300 SDR, the UPU limit of a CN 22 (above it the CN 23), in minor units of the currencies we can
 * judge. Rounded down from recent IMF rates so that a value we call "within" always is; USD is the
 * $400 USPS publishes for PS Form 2976. Any other currency gets the CN 23, valid at any value.
 */
export const CN22_LIMIT_MINOR: Readonly<Record<string, number>> = { USD: 40_000, EUR: 34_000, GBP: 29_000, CAD: 53_000, AUD: 60_000, CHF: 33_000, JPY: 57_000 };

export function customsDocumentFor(postal: boolean, d: Pick<CustomsDeclaration, 'items' | 'currency'>): CustomsDocumentKind {
  if (!postal) return 'commercial_invoice';
  const limit = CN22_LIMIT_MINOR[d.currency];
  return limit !== undefined && totalValueMinor(d) <= limit ? 'cn22' : 'cn23';
}

// ---------------------------------------------------------------- what

/** One shipped order line: its units and what the customer paid for them (minor units). */
export interface DeclarationLine {
  sku: string;
  quantity: number;
  valueMinor: number;
}

export interface DeclarationProduct {
  sku: string;
  name: string;
  customsDescription: string | null;
  hsCode: string | null;
  countryOfOrigin: string | null;
  priceMinor: number;
  currency: string;
  weightGrams: number | null;
}

/** What the ship request may change (snake_case: it is the API's `customs` object). */
export interface CustomsOverride {
  contents_type?: ContentsType | undefined;
  contents_explanation?: string | undefined;
  non_delivery_option?: NonDeliveryOption | undefined;
  restriction_type?: RestrictionType | undefined;
  restriction_comments?: string | undefined;
  signer?: string | undefined;
  eel_pfc?: string | undefined;
  itn?: string | undefined;
  items?: { sku: string; description?: string | undefined; unit_value?: string | undefined; hs_code?: string | undefined; country_of_origin?: string | undefined }[] | undefined;
}

export interface DeclarationInput {
  from: Place;
  to: Place;
  currency: string;
  lines: DeclarationLine[];
  products: DeclarationProduct[];
  /** The parcels' weight, for units whose product has no weight. */
  parcelWeightGrams: number;
  /** Who signs unless the request names someone: the ship-from name or company. */
  defaultSigner?: string | undefined;
  override?: CustomsOverride | undefined;
}

export interface CustomsProblem {
  field: string;
  message: string;
}

/** Value per Schedule B number above which a US export must be filed in AES (15 CFR 30.37(a)). */
export const EEI_THRESHOLD_USD_MINOR = 250_000;
/** An AES Internal Transaction Number: X, the filing date as YYYYMMDD, six digits. */
const ITN = /^X[0-9]{14}$/;

/**
 * The declaration for these shipped lines, or every problem with it at once. Missing HS codes and
 * origins are refused (naming the SKU), not guessed: carriers and customs hold parcels without
 * them, and an origin is required by every aggregator. Documents need no HS code.
 */
export function declareCustoms(input: DeclarationInput): { declaration: CustomsDeclaration } | { problems: CustomsProblem[] } {
  const o = input.override ?? {};
  const problems: CustomsProblem[] = [];
  const contentsType = o.contents_type ?? 'merchandise';
  if (contentsType === 'other' && !o.contents_explanation) problems.push({ field: 'customs.contents_explanation', message: 'is required when contents_type is other' });
  const restrictionType = o.restriction_type ?? 'none';
  if (restrictionType !== 'none' && !o.restriction_comments) problems.push({ field: 'customs.restriction_comments', message: `is required when restriction_type is ${restrictionType}` });
  const signer = (o.signer ?? input.defaultSigner ?? '').trim();
  if (signer === '') problems.push({ field: 'customs.signer', message: 'is required: the ship-from address has no name or company to sign the declaration' });

  const items = itemsOf(input, contentsType, problems);
  const eel = eelPfcOf(input, items, problems);
  if (problems.length > 0) return { problems };
  return {
    declaration: {
      contentsType,
      contentsExplanation: o.contents_explanation ?? null,
      nonDeliveryOption: o.non_delivery_option ?? 'return',
      restrictionType,
      restrictionComments: o.restriction_comments ?? null,
      signer,
      currency: input.currency,
      items,
      eelPfc: eel.eelPfc,
      itn: eel.itn,
    },
  };
}

function itemsOf(input: DeclarationInput, contentsType: ContentsType, problems: CustomsProblem[]): CustomsItem[] {
  const products = new Map(input.products.map((p) => [p.sku, p]));
  const bySku = new Map<string, { quantity: number; valueMinor: number }>();
  for (const line of input.lines) {
    if (line.quantity <= 0) continue;
    const sum = bySku.get(line.sku) ?? { quantity: 0, valueMinor: 0 };
    bySku.set(line.sku, { quantity: sum.quantity + line.quantity, valueMinor: sum.valueMinor + line.valueMinor });
  }
  const overrides = new Map<string, NonNullable<CustomsOverride['items']>[number]>();
  const exponent = currencyExponent(input.currency) ?? 2;
  (input.override?.items ?? []).forEach((item, i) => {
    const at = `customs.items[${i}]`;
    if (!bySku.has(item.sku)) problems.push({ field: `${at}.sku`, message: `${item.sku} is not in this shipment` });
    else if (overrides.has(item.sku)) problems.push({ field: `${at}.sku`, message: `${item.sku} is named twice` });
    if (item.hs_code !== undefined && normalizeHsCode(item.hs_code) === undefined) problems.push({ field: `${at}.hs_code`, message: HS_CODE_HINT });
    if (item.country_of_origin !== undefined && !isCountryCode(item.country_of_origin)) problems.push({ field: `${at}.country_of_origin`, message: 'must be an ISO 3166-1 alpha-2 country code such as CN' });
    if (item.unit_value !== undefined && !parseMoney(item.unit_value, exponent).ok) problems.push({ field: `${at}.unit_value`, message: `must be a decimal amount in ${input.currency} with at most ${exponent} decimals` });
    overrides.set(item.sku, item);
  });

  const weights = unitWeights(input, bySku, products);
  const items: CustomsItem[] = [];
  for (const [sku, { quantity, valueMinor }] of bySku) {
    const product = products.get(sku);
    const over = overrides.get(sku);
    const unitValue = over?.unit_value === undefined ? undefined : parseMoney(over.unit_value, exponent);
    // A free line still has a value for customs: the list price, when it is in the same currency.
    const listValue = product && product.currency === input.currency ? product.priceMinor * quantity : 0;
    const value = unitValue?.ok ? unitValue.minor * quantity : valueMinor > 0 ? valueMinor : listValue;
    const hsCode = over?.hs_code !== undefined ? (normalizeHsCode(over.hs_code) ?? null) : (product?.hsCode ?? null);
    const origin = over?.country_of_origin ?? product?.countryOfOrigin ?? null;
    const fix = `set it with PUT /v1/products/${sku} or send it in customs.items for this SKU`;
    if (hsCode === null && contentsType !== 'documents' && over?.hs_code === undefined) problems.push({ field: `products[${sku}].hs_code`, message: `SKU ${sku} has no HS code: ${fix}` });
    if (origin === null) problems.push({ field: `products[${sku}].country_of_origin`, message: `SKU ${sku} has no country of origin: ${fix}` });
    if (value <= 0 && !(unitValue && !unitValue.ok)) problems.push({ field: `products[${sku}].price`, message: `SKU ${sku} ships at no value: customs needs one; send customs.items[].unit_value for this SKU` });
    items.push({
      sku,
      description: (over?.description ?? product?.customsDescription ?? product?.name ?? sku).slice(0, 255),
      quantity,
      valueMinor: value,
      weightGrams: Math.max(1, (weights.get(sku) ?? 0) * quantity),
      hsCode,
      originCountry: origin ?? '',
    });
  }
  return items;
}

/**
 * Net weight per unit: the product's, or, for products without one, an even share of what the
 * parcels weigh beyond the units we know (so the declaration never claims less than ships).
 */
function unitWeights(input: DeclarationInput, bySku: Map<string, { quantity: number }>, products: Map<string, DeclarationProduct>): Map<string, number> {
  const weights = new Map<string, number>();
  let known = 0;
  let unknownUnits = 0;
  for (const [sku, { quantity }] of bySku) {
    const w = products.get(sku)?.weightGrams;
    if (w != null && w > 0) {
      weights.set(sku, w);
      known += w * quantity;
    } else unknownUnits += quantity;
  }
  if (unknownUnits > 0) {
    const share = Math.max(1, Math.floor(Math.max(0, input.parcelWeightGrams - known) / unknownUnits));
    for (const sku of bySku.keys()) if (!weights.has(sku)) weights.set(sku, share);
  }
  return weights;
}

/**
 * The EEL/PFC of a US export: an ITN when EEI was filed in AES; "NOEEI 30.36" to Canada (exempt
 * unless licensed); "NOEEI 30.37(a)" when no Schedule B line (items grouped by HS code) is worth
 * more than USD 2,500. Above that, filing is required: the request must carry the ITN. Orders in
 * another currency cannot be judged against the USD threshold: the request must say which applies.
 * Outside US exports only what the request gives is carried.
 */
function eelPfcOf(input: DeclarationInput, items: CustomsItem[], problems: CustomsProblem[]): { eelPfc: string | null; itn: string | null } {
  const o = input.override ?? {};
  if (o.itn !== undefined) {
    if (!ITN.test(o.itn)) {
      problems.push({ field: 'customs.itn', message: 'must be an AES ITN: X followed by 14 digits, e.g. X20260115123456' });
      return { eelPfc: null, itn: null };
    }
    return { eelPfc: `AES ${o.itn}`, itn: o.itn };
  }
  if (!isUsExport(input.from, input.to)) return { eelPfc: o.eel_pfc ?? null, itn: null };
  if (input.to.country.toUpperCase() === 'CA') return { eelPfc: o.eel_pfc ?? 'NOEEI 30.36', itn: null };
  if (input.currency !== 'USD') {
    if (o.eel_pfc !== undefined) return { eelPfc: o.eel_pfc, itn: null };
    problems.push({ field: 'customs.eel_pfc', message: `the order is in ${input.currency}: whether a Schedule B line exceeds USD 2,500 cannot be judged; send eel_pfc (e.g. NOEEI 30.37(a)) or the itn of the AES filing` });
    return { eelPfc: null, itn: null };
  }
  const perScheduleB = new Map<string, number>();
  for (const item of items) perScheduleB.set(item.hsCode ?? `sku:${item.sku}`, (perScheduleB.get(item.hsCode ?? `sku:${item.sku}`) ?? 0) + item.valueMinor);
  const over = [...perScheduleB].filter(([, value]) => value > EEI_THRESHOLD_USD_MINOR);
  if (over.length === 0) return { eelPfc: o.eel_pfc ?? 'NOEEI 30.37(a)', itn: null };
  if (o.eel_pfc !== undefined && !o.eel_pfc.startsWith('NOEEI 30.37(a)')) return { eelPfc: o.eel_pfc, itn: null };
  const lines = over.map(([code, value]) => `${code.startsWith('sku:') ? code.slice(4) : code} (USD ${formatMoney(value, 2)})`).join(', ');
  problems.push({ field: 'customs.itn', message: `Electronic Export Information must be filed in AES: Schedule B line ${lines} exceeds USD 2,500; send the ITN of the filing` });
  return { eelPfc: null, itn: null };
}

// ---------------------------------------------------------------- the record

/** What `shipment.created` records of a declaration: enough to audit what was declared, in minor units. */
export function customsEventData(c: CustomsDeclaration & { document: CustomsDocumentKind | null }) {
  return {
    contents_type: c.contentsType,
    non_delivery_option: c.nonDeliveryOption,
    signer: c.signer,
    currency: c.currency,
    total_value_minor: totalValueMinor(c),
    eel_pfc: c.eelPfc,
    document: c.document,
    items: c.items.map((i) => ({ sku: i.sku, quantity: i.quantity, value_minor: i.valueMinor, weight_grams: i.weightGrams, hs_code: i.hsCode, country_of_origin: i.originCountry })),
  };
}

// ---------------------------------------------------------------- the paper

/** Everything a customs document prints: the declaration and the shipment it travels with. */
export interface CustomsPaper {
  kind: CustomsDocumentKind;
  declaration: CustomsDeclaration;
  shipFrom: ShippingAddress;
  shipTo: ShippingAddress;
  carrierName: string;
  serviceName: string;
  trackingNumbers: string[];
  /** Order number or external id: the invoice number of a commercial invoice. */
  reference: string;
  /** YYYY-MM-DD: the document's date. */
  shipDate: string;
  parcels: number;
  /** Parcels as packed, boxes included. */
  grossWeightGrams: number;
  /** What the label cost (CN 23 "postal charges", the invoice's freight). */
  postage: { amountMinor: number; currency: string };
}

/** How each contents type reads on a CN 22 / CN 23 ("category of item") and as a reason for export. */
export const contentsLabels: Record<ContentsType, { category: string; reason: string }> = {
  merchandise: { category: 'Sale of goods', reason: 'Sale' },
  gift: { category: 'Gift', reason: 'Gift' },
  documents: { category: 'Documents', reason: 'Documents' },
  returned_goods: { category: 'Returned goods', reason: 'Return' },
  sample: { category: 'Commercial sample', reason: 'Sample' },
  other: { category: 'Other', reason: 'Other' },
};

/** Kilograms with three decimals, as customs forms ask for net and gross weights. */
export function kilograms(grams: number): string {
  return formatMoney(Math.max(0, Math.round(grams)), 3);
}
