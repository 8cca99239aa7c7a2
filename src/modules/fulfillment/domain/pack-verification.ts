/**
 * Packing verification: what the packer scanned against what the fulfillment order holds. A wrong
 * or missing item is caught before the parcel is closed; each result is recorded as an event, the
 * source of the order-accuracy metric.
 */
export interface ScanDifference {
  sku: string;
  /** Units the fulfillment order holds. */
  expected: number;
  /** Units scanned. */
  scanned: number;
}

export interface ScanResult {
  ok: boolean;
  /** SKUs with fewer units scanned than ordered (including not scanned at all). */
  missing: ScanDifference[];
  /** SKUs with more units scanned than ordered (including SKUs not on the order). */
  extra: ScanDifference[];
}

function totals(lines: readonly { sku: string; quantity: number }[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const l of lines) sums.set(l.sku, (sums.get(l.sku) ?? 0) + l.quantity);
  return sums;
}

export function verifyScan(expectedLines: readonly { sku: string; quantity: number }[], scannedLines: readonly { sku: string; quantity: number }[]): ScanResult {
  const expected = totals(expectedLines);
  const scanned = totals(scannedLines);
  const missing: ScanDifference[] = [];
  const extra: ScanDifference[] = [];
  for (const sku of [...new Set([...expected.keys(), ...scanned.keys()])].sort()) {
    const diff = { sku, expected: expected.get(sku) ?? 0, scanned: scanned.get(sku) ?? 0 };
    if (diff.scanned < diff.expected) missing.push(diff);
    else if (diff.scanned > diff.expected) extra.push(diff);
  }
  return { ok: missing.length === 0 && extra.length === 0, missing, extra };
}
