/**
 * Harmonized System codes as merchants type them: printed with dots or spaces ("6109.10.0012"),
 * kept as digits. Six digits are the international HS; up to four more are a country's extension
 * (US Schedule B / HTS: 10, EU CN: 8, Japan: 9). Anything else is not an HS code.
 */
export function normalizeHsCode(text: string): string | undefined {
  const digits = text.replace(/[.\s]/g, '');
  return /^[0-9]{6,10}$/.test(digits) ? digits : undefined;
}

export const HS_CODE_HINT = 'must be an HS code of 6 to 10 digits (dots and spaces allowed), such as 6109.10';
