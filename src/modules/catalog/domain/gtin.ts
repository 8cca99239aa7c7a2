/**
 * GTIN-8, UPC-A (GTIN-12), EAN-13 and GTIN-14 share one check digit: from the rightmost data
 * digit, weights 3, 1, 3, 1 …, and the check digit brings the sum to a multiple of ten. A wrong
 * GTIN on a product would make every scan and every EDI line that names it match nothing.
 */
export function isValidGtin(gtin: string): boolean {
  if (!/^([0-9]{8}|[0-9]{12,14})$/.test(gtin)) return false;
  const digits = [...gtin].map(Number);
  const check = digits.pop() as number;
  const sum = digits.reverse().reduce((total, d, i) => total + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}
