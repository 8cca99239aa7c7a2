import { createRequire } from 'node:module';

/**
 * US states and Canadian provinces: names to codes, and which region a postal code belongs to.
 * The US ZIP → state table is the `zipcodes` dataset the project already carries for geo.ts
 * (loaded lazily, ~0.4 s, on the first US check); Canada needs no table: the first letter of a
 * postal code names its province or territory.
 */
interface ZipRecord {
  state: string;
  country: string;
}
interface ZipCodes {
  lookup(zip: string): ZipRecord | undefined;
  states: { full: Record<string, string>; abbr: Record<string, string> };
}

const require = createRequire(import.meta.url);
let zipcodes: ZipCodes | undefined;
const zipTable = (): ZipCodes => (zipcodes ??= require('zipcodes') as ZipCodes);

/** US territories and the armed forces "states" the zipcodes state list leaves out. */
const US_EXTRA: Readonly<Record<string, string>> = {
  PR: 'PUERTO RICO',
  GU: 'GUAM',
  VI: 'VIRGIN ISLANDS',
  AS: 'AMERICAN SAMOA',
  MP: 'NORTHERN MARIANA ISLANDS',
  FM: 'FEDERATED STATES OF MICRONESIA',
  MH: 'MARSHALL ISLANDS',
  PW: 'PALAU',
  AA: 'ARMED FORCES AMERICAS',
  AE: 'ARMED FORCES EUROPE',
  AP: 'ARMED FORCES PACIFIC',
};

/** Military mail (APO/FPO/DPO) uses these three codes in place of a state. */
export const MILITARY_STATES: ReadonlySet<string> = new Set(['AA', 'AE', 'AP']);

export const CA_PROVINCES: Readonly<Record<string, string>> = {
  AB: 'ALBERTA',
  BC: 'BRITISH COLUMBIA',
  MB: 'MANITOBA',
  NB: 'NEW BRUNSWICK',
  NL: 'NEWFOUNDLAND AND LABRADOR',
  NS: 'NOVA SCOTIA',
  NT: 'NORTHWEST TERRITORIES',
  NU: 'NUNAVUT',
  ON: 'ONTARIO',
  PE: 'PRINCE EDWARD ISLAND',
  QC: 'QUEBEC',
  SK: 'SASKATCHEWAN',
  YT: 'YUKON',
};

/** The first letter of a Canadian postal code (its forward sortation area) → the provinces it serves. */
const CA_FSA_LETTER: Readonly<Record<string, readonly string[]>> = {
  A: ['NL'],
  B: ['NS'],
  C: ['PE'],
  E: ['NB'],
  G: ['QC'],
  H: ['QC'],
  J: ['QC'],
  K: ['ON'],
  L: ['ON'],
  M: ['ON'],
  N: ['ON'],
  P: ['ON'],
  R: ['MB'],
  S: ['SK'],
  T: ['AB'],
  V: ['BC'],
  X: ['NT', 'NU'],
  Y: ['YT'],
};

let usStates: Map<string, string> | undefined;
function usStateCodes(): Map<string, string> {
  if (!usStates) {
    const { abbr } = zipTable().states;
    usStates = new Map();
    for (const [code, name] of [...Object.entries(abbr), ...Object.entries(US_EXTRA)]) if (!(code in CA_PROVINCES)) usStates.set(code, name);
  }
  return usStates;
}

const plain = (s: string) => s.trim().toUpperCase().normalize('NFD').replace(/[\u0300-\u036f.]/g, '').replace(/\s+/g, ' ');

/** A US state or Canadian province as its two-letter code ("California", "ca" → CA); null: not one. */
export function regionCode(country: 'US' | 'CA', region: string): string | null {
  const wanted = plain(region);
  const table = country === 'US' ? [...usStateCodes()] : Object.entries(CA_PROVINCES);
  for (const [code, name] of table) if (wanted === code || wanted === name) return code;
  return null;
}

/** The state a US ZIP code belongs to, or null when the dataset does not know it. */
export function stateOfZip(zip: string): string | null {
  const hit = zipTable().lookup(zip.slice(0, 5));
  return hit && hit.country === 'US' ? hit.state : null;
}

/** The provinces a Canadian postal code can belong to (by its first letter). */
export function provincesOfPostalCode(postalCode: string): readonly string[] {
  return CA_FSA_LETTER[postalCode.charAt(0)] ?? [];
}
