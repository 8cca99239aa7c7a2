/**
 * Return zones by the order's shipping country (ADR 0023): a zone lists ISO 3166-1 alpha-2
 * countries and says whether orders shipped there may be returned at all and, optionally, with
 * which window (a SKU override's window still wins). The first zone listing the country applies;
 * a country in no zone follows the policy as before.
 */
export interface CountryZone {
  name: string;
  countries: string[];
  returnable: boolean;
  window_days?: number | undefined;
}

export function zoneFor(zones: readonly CountryZone[] | undefined, country: string | null | undefined): CountryZone | undefined {
  if (!zones || !country) return undefined;
  const cc = country.toUpperCase();
  return zones.find((z) => z.countries.some((c) => c.toUpperCase() === cc));
}
