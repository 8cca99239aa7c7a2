/**
 * What a scan means at the pack station: a scanner is a keyboard that types a code and Enter. The
 * code is a line's SKU or its product's GTIN (barcode); anything else, or one unit too many, is
 * refused. Pure, so the rules are tested without a browser.
 */
export interface PackLine {
  sku: string;
  quantity: number;
  gtin?: string | null | undefined;
}

export type ScanResult = { ok: true; sku: string } | { ok: false; reason: 'unknown' | 'surplus'; sku?: string };

const norm = (code: string): string => code.trim().toUpperCase();

export function matchScan(lines: readonly PackLine[], counts: Readonly<Record<string, number>>, code: string): ScanResult {
  const wanted = norm(code);
  // A UPC-A scanned from an EAN-13 (or GTIN-14) the catalog holds differs only by leading zeros.
  const digits = /^\d{8,14}$/.test(wanted) ? wanted.replace(/^0+/, '') : null;
  const line = lines.find((l) => norm(l.sku) === wanted) ?? (digits ? lines.find((l) => l.gtin?.replace(/^0+/, '') === digits) : undefined);
  if (!line) return { ok: false, reason: 'unknown' };
  if ((counts[line.sku] ?? 0) >= line.quantity) return { ok: false, reason: 'surplus', sku: line.sku };
  return { ok: true, sku: line.sku };
}

export const allScanned = (lines: readonly PackLine[], counts: Readonly<Record<string, number>>): boolean => lines.length > 0 && lines.every((l) => (counts[l.sku] ?? 0) === l.quantity);
