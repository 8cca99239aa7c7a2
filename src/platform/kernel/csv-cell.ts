/**
 * One CSV cell: RFC 4180 quoting, plus OWASP's CSV-injection rule — a text cell a spreadsheet
 * would evaluate as a formula (leading = + - @, tab or CR) gets a leading apostrophe. `trusted`
 * cells (numbers we formatted ourselves) are written as they are, so a negative amount stays a
 * number. Used by every CSV the OMS writes: manifests, the accounting journal, import rejections.
 */
export function csvCell(value: string | number | null | undefined, trusted = false): string {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = !trusted && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
