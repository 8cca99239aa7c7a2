import countries from 'i18n-iso-countries';
import { addressLines, maxiCodeMessage, routingCode, serviceLevelMark, weightLbs, type LabelData } from '../domain/label-data.js';
import { formatTrackingNumber, uspsBarcodeData } from '../domain/tracking-numbers.js';

/** A 4×6 label on a 203 dpi (8 dots/mm) thermal printer. */
export const ZPL_WIDTH_DOTS = 812;
export const ZPL_HEIGHT_DOTS = 1218;
const M = 24;

/**
 * Field data is written through `^FH` (hex indicator `_`): a raw `^` or `~` would start a command
 * and the printer would swallow the rest of the label, and `_` itself must then be escaped.
 * Control characters (MaxiCode's RS/GS/EOT) go the same way. Everything else is UTF-8 under `^CI28`.
 */
export function zplFieldData(text: string): string {
  const escaped = [...text].map((ch) => {
    const code = ch.charCodeAt(0);
    if (ch === '^' || ch === '~' || ch === '_' || code < 0x20 || code === 0x7f) return `_${code.toString(16).toUpperCase().padStart(2, '0')}`;
    return ch;
  });
  return `^FH^FD${escaped.join('')}^FS`;
}

function text(x: number, y: number, height: number, value: string | string[], opts: { width?: number; lines?: number; align?: 'L' | 'C' | 'R' } = {}): string {
  // ^FB gives wrapping and alignment inside a box; without it a long line runs off the label.
  const block = opts.width !== undefined ? `^FB${opts.width},${opts.lines ?? 1},0,${opts.align ?? 'L'},0` : '';
  // Inside ^FB, `\&` is a line break; a backslash in the data must not be able to form one.
  const lines = (Array.isArray(value) ? value : [value]).map((line) => (block ? line.replace(/\\/g, '/') : line));
  return `^FO${x},${y}^A0N,${height},${height}${block}${zplFieldData(lines.join('\\&'))}`;
}

/**
 * The ship-to at the largest font whose wrapped lines fit the 220-dot block; ^FB would otherwise
 * print surplus lines over its last one. Width per character is estimated at 0.6 × height (font 0 caps).
 */
function shipToBlock(lines: string[], width: number): string {
  for (const h of [38, 34, 30, 26, 22, 20]) {
    const perLine = Math.max(1, Math.floor(width / (h * 0.6)));
    const wrapped = lines.reduce((n, line) => n + Math.max(1, Math.ceil(line.length / perLine)), 0);
    if (wrapped * h <= 220 || h === 20) return text(100, 195, h, lines, { width, lines: Math.min(wrapped, Math.floor(220 / h)) });
  }
  return '';
}

function box(x: number, y: number, w: number, h: number, thickness: number, fill = false): string {
  return `^FO${x},${y}^GB${w},${h},${fill ? Math.min(w, h) : thickness}^FS`;
}

function twoD(l: LabelData): string {
  const maxi = maxiCodeMessage(l, countries.alpha2ToNumeric(l.shipTo.country) ?? '000');
  switch (l.trackingFormat ?? l.carrierCode.toLowerCase()) {
    case 'ups':
      return `^FO${M},480^BD${maxi.mode},1,1${zplFieldData(maxi.zplData)}`;
    case 'usps':
      return `^FO${M},470^BXN,7,200${zplFieldData(maxi.message)}`;
    default:
      return `^FO${M},480^BY2^B7N,5,4,4,,N${zplFieldData(maxi.message)}`;
  }
}

/** Left edge that centres a Code 128 of `data` at 3 dots a module (estimate: digits pair up in subset C). */
function centredX(data: string): number {
  const symbols = /^\d+$/.test(data) && data.length % 2 === 0 ? data.length / 2 : data.length;
  const modules = (symbols + 3) * 11 + 2;
  return Math.max(40, Math.round((ZPL_WIDTH_DOTS - modules * 3) / 2));
}

function linearBarcode(l: LabelData): { zpl: string; humanReadable: string } {
  if (l.trackingFormat === 'usps') {
    const data = uspsBarcodeData(l.trackingNumber, l.shipTo.postalCode);
    const impb = l.trackingNumber.replace(/\s+/g, '');
    const zip5 = data.scanned.slice(3, 8);
    // GS1-128: start in subset C (>;), FNC1 (>8) marks GS1, then another FNC1 ends the variable-length AI 420.
    return { zpl: `^FO60,935^BY3^BCN,170,N,N,N,N^FD>;>8420${zip5}>8${impb}^FS`, humanReadable: data.humanReadable };
  }
  // Mode A lets the printer pick subsets B/C for the shortest symbol, as bwip-js does for the PDF.
  return { zpl: `^FO${centredX(l.trackingNumber)},935^BY3^BCN,170,N,N,N,A${zplFieldData(l.trackingNumber)}`, humanReadable: formatTrackingNumber(l.trackingNumber, l.trackingFormat) };
}

function label(l: LabelData): string {
  const right = ZPL_WIDTH_DOTS - M;
  const dims = l.dimensionsMm;
  const meta = [l.billableWeightGrams !== undefined ? `BILLABLE ${weightLbs(l.billableWeightGrams)} LBS` : '', dims ? `DIMS ${[dims.length, dims.width, dims.height].map((mm) => Math.ceil(mm / 25.4)).join('x')} IN` : ''].filter(Boolean);
  const barcode = linearBarcode(l);
  const parts = [
    '^XA',
    '^CI28',
    `^PW${ZPL_WIDTH_DOTS}^LL${ZPL_HEIGHT_DOTS}^LH0,0`,
    box(4, 4, ZPL_WIDTH_DOTS - 8, ZPL_HEIGHT_DOTS - 8, 4),
    // Ship-from and package count.
    text(M, 24, 22, [...addressLines(l.shipFrom, countries.getName(l.shipFrom.country, 'en')), l.shipFrom.phone ?? ''].filter(Boolean), { width: 480, lines: 6 }),
    text(520, 24, 34, `${weightLbs(l.weightGrams)} LBS`, { width: right - 520, align: 'R' }),
    text(520, 64, 34, `${l.packageIndex} OF ${l.packageCount}`, { width: right - 520, align: 'R' }),
    meta.length > 0 ? text(520, 106, 20, meta, { width: right - 520, lines: 2, align: 'R' }) : '',
    box(0, 175, ZPL_WIDTH_DOTS, 4, 4),
    // Ship-to in the largest text.
    text(M, 195, 22, ['SHIP', 'TO:'], { width: 70, lines: 2 }),
    shipToBlock(addressLines(l.shipTo, countries.getName(l.shipTo.country, 'en')), right - 100),
    l.shipTo.phone ? text(100, 420, 22, l.shipTo.phone) : '',
    box(0, 450, ZPL_WIDTH_DOTS, 4, 4),
    twoD(l),
    text(290, 500, 76, routingCode(l), { width: right - 290, align: 'C' }),
    text(290, 600, 24, `${l.carrierName.toUpperCase()} ROUTING`, { width: right - 290, align: 'C' }),
    box(0, 720, ZPL_WIDTH_DOTS, 8, 8),
    // Service banner with the reversed service-level box.
    text(M, 748, 48, l.serviceName.toUpperCase(), { width: 620, lines: 1 }),
    box(ZPL_WIDTH_DOTS - 160, 728, 160, 130, 130, true),
    `^FO${ZPL_WIDTH_DOTS - 160},748^A0N,110,110^FR^FB160,1,0,C,0${zplFieldData(serviceLevelMark(l.serviceLevel, l.carrierCode))}`,
    text(M, 815, 24, `${l.trackingFormat === 'usps' ? 'USPS TRACKING #' : 'TRACKING #'}: ${barcode.humanReadable}`, { width: 620 }),
    box(0, 860, ZPL_WIDTH_DOTS, 8, 8),
    barcode.zpl,
    text(M, 1115, 30, barcode.humanReadable, { width: ZPL_WIDTH_DOTS - 2 * M, align: 'C' }),
    box(0, 1150, ZPL_WIDTH_DOTS, 4, 4),
    text(M, 1162, 22, `REF: ${l.reference}`, { width: 500 }),
    text(500, 1162, 22, `SHIP DATE: ${l.shipDate}`, { width: right - 500, align: 'R' }),
    l.sample ? text(M, 1190, 18, 'SAMPLE – NOT A CARRIER LABEL', { width: ZPL_WIDTH_DOTS - 2 * M, align: 'C' }) : '',
    '^XZ',
  ];
  return parts.filter(Boolean).join('\n');
}

/** One `^XA … ^XZ` block per package, in order. */
export function renderLabelsZpl(labels: LabelData[]): string {
  return labels.map(label).join('\n') + '\n';
}

const knownCommands = new Set(['XA', 'XZ', 'CI', 'PW', 'LL', 'LH', 'LS', 'LR', 'PO', 'PQ', 'MM', 'MN', 'MD', 'PR', 'CF', 'FO', 'FT', 'FD', 'FS', 'FH', 'FB', 'FR', 'FX', 'FV', 'FN', 'GB', 'GC', 'GD', 'BY', 'BC', 'BD', 'B7', 'BX', 'BQ', 'B3', 'A@']);

/**
 * A structural lint of ZPL II, the checks a printer would otherwise make by printing garbage:
 * balanced ^XA/^XZ, every ^FD closed by ^FS, no raw control characters or `~` in field data,
 * valid `^FH` escapes, only commands we know, and every positioned field inside the label.
 * Returns human-readable problems; empty means well formed.
 */
export function checkZplWellFormed(zpl: string, size: { width: number; height: number } = { width: ZPL_WIDTH_DOTS, height: ZPL_HEIGHT_DOTS }): string[] {
  const problems: string[] = [];
  let inFormat = false;
  let formats = 0;
  let hex: string | undefined;
  let origin: { x: number; y: number } | undefined;
  let i = 0;
  while (i < zpl.length) {
    const ch = zpl[i] as string;
    if (ch !== '^' && ch !== '~') {
      if (!/\s/.test(ch)) problems.push(`stray character ${JSON.stringify(ch)} at ${i} outside any command`);
      i++;
      continue;
    }
    if (ch === '~') {
      problems.push(`tilde command at ${i}: not used in labels and often a raw ~ that leaked from data`);
      i++;
      continue;
    }
    const first = zpl[i + 1] ?? '';
    const name = first === 'A' && zpl[i + 2] !== '@' ? 'A' : (first + (zpl[i + 2] ?? '')).toUpperCase();
    const start = i + 1 + name.length;
    let end = start;
    while (end < zpl.length && zpl[end] !== '^' && (name === 'FD' || name === 'FX' || zpl[end] !== '~')) end++;
    const params = zpl.slice(start, end);
    i = end;
    if (name !== 'XA' && !inFormat) problems.push(`^${name} at ${start - name.length - 1} outside ^XA … ^XZ`);
    switch (name) {
      case 'XA':
        if (inFormat) problems.push(`^XA at ${start - 3} before the previous label's ^XZ`);
        inFormat = true;
        formats++;
        origin = undefined;
        hex = undefined;
        break;
      case 'XZ':
        inFormat = false;
        break;
      case 'A':
        break;
      case 'FO':
      case 'FT': {
        const [x, y] = params.split(',').map((p) => Number(p.trim() || '0'));
        if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) {
          problems.push(`^${name}${params}: bad coordinates`);
          break;
        }
        if (x < 0 || y < 0 || x > size.width || y > size.height) problems.push(`^${name}${x},${y} is outside the ${size.width}×${size.height} label`);
        origin = { x, y };
        break;
      }
      case 'GB': {
        const [w = 1, h = 1] = params.split(',').map((p) => Number(p.trim() || '1'));
        if (origin && (origin.x + w > size.width || origin.y + h > size.height)) problems.push(`^GB${w},${h} at ${origin.x},${origin.y} runs past the label edge`);
        break;
      }
      case 'FH':
        hex = params.trim()[0] ?? '_';
        break;
      case 'FD': {
        if (!zpl.startsWith('^FS', end)) problems.push(`^FD at ${start - 3} is not closed by ^FS (raw ^ in field data?)`);
        if ([...params].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) problems.push(`^FD at ${start - 3} contains a raw control character`);
        if (params.includes('~')) problems.push(`^FD at ${start - 3} contains a raw ~`);
        if (hex !== undefined && params.split(hex).slice(1).some((after) => !/^[0-9A-Fa-f]{2}/.test(after))) problems.push(`^FD at ${start - 3} has a malformed ^FH escape`);
        break;
      }
      case 'FS':
        hex = undefined;
        origin = undefined;
        break;
      default:
        if (!knownCommands.has(name)) problems.push(`unknown command ^${name} at ${start - name.length - 1}`);
    }
  }
  if (inFormat) problems.push('label not terminated: ^XA without ^XZ');
  if (formats === 0) problems.push('no label: ^XA … ^XZ missing');
  return problems;
}
