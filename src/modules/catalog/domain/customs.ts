import { isCountryCode } from '../../../platform/kernel/country.js';
import { HS_CODE_HINT, normalizeHsCode } from '../../../platform/kernel/hs-code.js';

/** A product's customs data as a merchant sends it. */
export interface CustomsFields {
  hs_code?: string | null | undefined;
  country_of_origin?: string | null | undefined;
}

/** Every problem with a product's customs fields, each naming its field; empty when they are fine. */
export function customsProblems(input: CustomsFields): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (input.hs_code != null && normalizeHsCode(input.hs_code) === undefined) {
    problems.push({ field: 'hs_code', message: HS_CODE_HINT });
  }
  if (input.country_of_origin != null && !isCountryCode(input.country_of_origin)) {
    problems.push({ field: 'country_of_origin', message: 'must be an ISO 3166-1 alpha-2 country code such as CN or US' });
  }
  return problems;
}
