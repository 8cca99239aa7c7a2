import countries from 'i18n-iso-countries';
import { renderPdf } from '../../../platform/pdf.js';
import { addressLines, maxiCodeMessage, routingCode, serviceLevelMark, weightLbs, type LabelData } from '../domain/label-data.js';
import { formatTrackingNumber, uspsBarcodeData } from '../domain/tracking-numbers.js';

type Bwip = typeof import('bwip-js/node');
type Doc = PDFKit.PDFDocument;
/** bwip-js types only the options common to all symbols; symbol options (mode, columns, eclevel) ride along. */
type BarcodeOptions = import('bwip-js/node').RenderOptions & Record<string, string | number | boolean | undefined>;

/** A barcode as vector paths (bwip-js SVG), so bars stay exact at any printer resolution. */
export interface VectorBarcode {
  width: number;
  height: number;
  paths: { d: string; strokeWidth?: number }[];
}

export function vectorBarcode(bwipjs: Bwip, opts: BarcodeOptions): VectorBarcode {
  const svg = bwipjs.toSVG(opts);
  const [, , width = '0', height = '0'] = /viewBox="([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)"/.exec(svg)?.slice(1) ?? [];
  const paths = [...svg.matchAll(/<path([^>]*)\/>/g)].map(([, attrs = '']) => {
    const d = /\sd="([^"]*)"/.exec(attrs)?.[1] ?? '';
    const stroke = /stroke-width="([\d.]+)"/.exec(attrs)?.[1];
    return stroke === undefined ? { d } : { d, strokeWidth: Number(stroke) };
  });
  return { width: Number(width), height: Number(height), paths };
}

/**
 * Draws `b` centred in the box at (x, y). Linear symbols (drawn at one unit per module) widen to
 * the box and take its full height; 2D symbols keep their aspect.
 */
export function drawBarcode(doc: Doc, b: VectorBarcode, x: number, y: number, boxWidth: number, boxHeight: number, stretch: boolean): void {
  const fit = Math.min(boxWidth / b.width, boxHeight / b.height);
  // Short linear codes stop growing at a 1.5 pt module (about 4 dots at 203 dpi) so quiet zones stay wide.
  const sx = stretch ? Math.min(boxWidth / b.width, 1.5) : fit;
  const sy = stretch ? boxHeight / b.height : fit;
  doc.save().translate(x + (boxWidth - b.width * sx) / 2, y + (boxHeight - b.height * sy) / 2).scale(sx, sy).fillColor('black').strokeColor('black');
  for (const p of b.paths) {
    if (p.strokeWidth !== undefined) doc.path(p.d).lineWidth(p.strokeWidth).lineCap('butt').stroke();
    else doc.path(p.d).fill('even-odd');
  }
  doc.restore();
}

/** 4×6 inches in PDF points. */
const W = 288;
const H = 432;
const M = 8;

/**
 * One 4×6 page per package, laid out like a US carrier label: ship-from, weight and "n OF m" at the
 * top, the ship-to in large type, the 2D sort code beside the routing code, the service banner,
 * then the tracking barcode. Runs on the CPU pool (renderLabelsPdfOffLoop).
 */
export async function renderLabelsPdf(labels: LabelData[]): Promise<Buffer> {
  const bwipjs = await import('bwip-js/node');
  const first = labels[0];
  if (!first) throw new RangeError('a label PDF needs at least one package');
  const images = labels.map((l) => barcodesFor(bwipjs, l));
  // The creation date is the ship date, not "now", so the same label renders to the same bytes.
  return renderPdf({ size: [W, H], margin: 0, autoFirstPage: false, info: { Title: `Shipping label ${first.trackingNumber}`, Subject: first.reference, CreationDate: new Date(`${first.shipDate}T00:00:00Z`) } }, (doc) => {
    labels.forEach((l, i) => {
      doc.addPage({ size: [W, H], margin: 0 });
      drawLabel(doc, l, images[i] as LabelImages);
    });
  });
}

interface LabelImages {
  linear: VectorBarcode;
  twoD: VectorBarcode;
  /** Text printed under the linear barcode. */
  humanReadable: string;
}

/** Encodes caret-escaped bwip-js "parse" text so control characters and carets survive. */
function bwipParseText(s: string): string {
  return [...s].map((ch) => (ch === '^' || ch.charCodeAt(0) < 32 ? `^${String(ch.charCodeAt(0)).padStart(3, '0')}` : ch)).join('');
}

function barcodesFor(bwipjs: Bwip, l: LabelData): LabelImages {
  const linearOpts = { scale: 1, height: 18, includetext: false } as const;
  let linear: VectorBarcode;
  let humanReadable: string;
  if (l.trackingFormat === 'usps') {
    const data = uspsBarcodeData(l.trackingNumber, l.shipTo.postalCode);
    linear = vectorBarcode(bwipjs, { bcid: 'gs1-128', text: data.gs1, ...linearOpts });
    humanReadable = data.humanReadable;
  } else {
    linear = vectorBarcode(bwipjs, { bcid: 'code128', text: l.trackingNumber, ...linearOpts });
    humanReadable = formatTrackingNumber(l.trackingNumber, l.trackingFormat);
  }
  const maxi = maxiCodeMessage(l, countries.alpha2ToNumeric(l.shipTo.country) ?? '000');
  const message = bwipParseText(maxi.message);
  const carrier = l.trackingFormat ?? l.carrierCode.toLowerCase();
  const twoD =
    carrier === 'ups'
      ? vectorBarcode(bwipjs, { bcid: 'maxicode', mode: maxi.mode, parse: true, text: message, scale: 4 })
      : carrier === 'usps'
        ? vectorBarcode(bwipjs, { bcid: 'datamatrix', parse: true, text: message, scale: 4 })
        : vectorBarcode(bwipjs, { bcid: 'pdf417', parse: true, text: message, scale: 2, columns: 4, eclevel: 4 });
  return { linear, twoD, humanReadable };
}

function hr(doc: Doc, y: number, width = 1.5): void {
  doc.save().lineWidth(width).moveTo(0, y).lineTo(W, y).stroke().restore();
}

function drawLabel(doc: Doc, l: LabelData, img: LabelImages): void {
  doc.lineWidth(1.5).rect(1, 1, W - 2, H - 2).stroke();

  // Top: ship-from (small), weight and package count (right).
  doc.font('Helvetica').fontSize(7).text(addressLines(l.shipFrom, countries.getName(l.shipFrom.country, 'en')).join('\n'), M, M, { width: 170, lineGap: -0.5 });
  if (l.shipFrom.phone) doc.text(l.shipFrom.phone, { width: 170 });
  const lbs = weightLbs(l.weightGrams);
  doc.font('Helvetica-Bold').fontSize(11).text(`${lbs} LBS`, 180, M, { width: W - 180 - M, align: 'right' });
  doc.fontSize(11).text(`${l.packageIndex} OF ${l.packageCount}`, 180, M + 14, { width: W - 180 - M, align: 'right' });
  const dims = l.dimensionsMm;
  const meta = [l.billableWeightGrams !== undefined ? `BILLABLE ${weightLbs(l.billableWeightGrams)} LBS` : undefined, dims ? `DIMS ${[dims.length, dims.width, dims.height].map((mm) => Math.ceil(mm / 25.4)).join('x')} IN` : undefined].filter(Boolean).join('\n');
  doc.font('Helvetica').fontSize(6.5).text(meta, 180, M + 30, { width: W - 180 - M, align: 'right' });
  hr(doc, 62);

  // Ship-to: the part the driver reads, so it is the largest text on the label.
  doc.font('Helvetica-Bold').fontSize(7).text('SHIP\nTO:', M, 70, { width: 24, lineGap: -1 });
  // Shrink a long address rather than cut it: the city, postcode and country lines come last.
  const to = addressLines(l.shipTo, countries.getName(l.shipTo.country, 'en')).join('\n');
  const toWidth = W - M * 2 - 24;
  let toSize = 12;
  doc.font('Helvetica-Bold');
  while (toSize > 7 && doc.fontSize(toSize).heightOfString(to, { width: toWidth, lineGap: -0.5 }) > 80) toSize -= 0.5;
  doc.fontSize(toSize).text(to, M + 24, 68, { width: toWidth, lineGap: -0.5, height: 82, ellipsis: true });
  if (l.shipTo.phone) doc.font('Helvetica').fontSize(7).text(l.shipTo.phone, M + 24, 150);
  hr(doc, 160);

  // 2D sort code beside the routing code.
  drawBarcode(doc, img.twoD, M, 166, 88, 84, false);
  doc.font('Helvetica-Bold').fontSize(26).text(routingCode(l), 100, 176, { width: W - 100 - M, align: 'center' });
  doc.font('Helvetica').fontSize(8).text(`${l.carrierName.toUpperCase()} · ROUTING`, 100, 212, { width: W - 100 - M, align: 'center' });
  hr(doc, 256, 3);

  // Service banner with the reversed service-level box, as UPS and FedEx print it.
  const service = l.serviceName.toUpperCase();
  const bannerWidth = W - 62 - M * 2;
  let size = 17;
  doc.font('Helvetica-Bold');
  while (size > 12 && doc.fontSize(size).widthOfString(service) > bannerWidth) size -= 0.5;
  if (doc.widthOfString(service) <= bannerWidth) doc.text(service, M, 266 + (17 - size) / 2, { width: bannerWidth, lineBreak: false });
  else doc.fontSize(11).text(service, M, 262, { width: bannerWidth, height: 28, lineGap: -1, ellipsis: true });
  doc.rect(W - 56, 258, 55, 48).fill('black');
  doc.fillColor('white').fontSize(36).text(serviceLevelMark(l.serviceLevel, l.carrierCode), W - 56, 265, { width: 55, align: 'center' }).fillColor('black');
  doc.font('Helvetica').fontSize(8).text(`${l.trackingFormat === 'usps' ? 'USPS TRACKING #' : 'TRACKING #'}: ${img.humanReadable}`, M, 292, { width: W - 70 });
  hr(doc, 306, 3);

  // Tracking barcode: centred with a quiet zone either side, human-readable below.
  drawBarcode(doc, img.linear, 18, 314, W - 36, 62, true);
  doc.font('Helvetica-Bold').fontSize(10).text(img.humanReadable, M, 380, { width: W - M * 2, align: 'center' });
  hr(doc, 394);

  doc.font('Helvetica').fontSize(7.5).text(`REF: ${l.reference}`, M, 399, { width: 180 }).text(`SHIP DATE: ${l.shipDate}`, 190, 399, { width: W - 190 - M, align: 'right' });
  if (l.sample) doc.font('Helvetica-Oblique').fontSize(6.5).text('SAMPLE – NOT A CARRIER LABEL', M, 414, { width: W - M * 2, align: 'center' });
}
