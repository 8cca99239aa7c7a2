import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as mupdf from 'mupdf';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

/**
 * Reads barcodes back out of a PDF the way a scanner would see a printed page: rasterise with
 * MuPDF, decode with ZXing. Both are WASM; ZXing would fetch its binary from a CDN, so it is
 * handed the copy in node_modules before the first read.
 */
let prepared = false;
function prepare(): void {
  if (prepared) return;
  const require = createRequire(import.meta.url);
  const wasmBinary = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
  prepareZXingModule({ overrides: { wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer } });
  prepared = true;
}

export interface PdfInfo {
  pageCount: number;
  /** [width, height] in points, per page. */
  pageSizes: [number, number][];
  /** Extracted text per page. */
  pageTexts: string[];
}

export function inspectPdf(pdf: Buffer): PdfInfo {
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  const pageCount = doc.countPages();
  const pageSizes: [number, number][] = [];
  const pageTexts: string[] = [];
  for (let i = 0; i < pageCount; i++) {
    const page = doc.loadPage(i);
    const [x0, y0, x1, y1] = page.getBounds();
    pageSizes.push([x1 - x0, y1 - y0]);
    pageTexts.push(page.toStructuredText('preserve-whitespace').asText());
  }
  return { pageCount, pageSizes, pageTexts };
}

/** The page as a greyscale PNG at `dpi` (300 by default: a typical label scanner resolves less). */
export function renderPdfPagePng(pdf: Buffer, page = 0, dpi = 300): Uint8Array {
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  const pixmap = doc.loadPage(page).toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceGray, false);
  return pixmap.asPNG();
}

export interface DecodedBarcode {
  /** ZXing's format name: `Code128`, `PDF417`, `DataMatrix`, `MaxiCode`, … */
  format: string;
  /** Decoded content; GS1 FNC1 separators come back as `\x1d`, the leading FNC1 is dropped. */
  text: string;
}

/** Symbologies looked for unless told otherwise: what our labels and manifests print. Fewer formats decode faster. */
const defaultFormats = ['Code128', 'PDF417', 'DataMatrix', 'MaxiCode'] as const;

export async function decodeBarcodesFromPdf(pdf: Buffer, page = 0, dpi = 300, formats: readonly (typeof defaultFormats)[number][] = defaultFormats): Promise<DecodedBarcode[]> {
  prepare();
  const png = renderPdfPagePng(pdf, page, dpi);
  const results = await readBarcodes(png, { formats: [...formats], tryHarder: true, maxNumberOfSymbols: 8, textMode: 'Plain' });
  return results.filter((r) => r.isValid).map((r) => ({ format: r.format, text: r.text }));
}

/** The texts of the QR codes in a PNG (a drop-off QR code as a phone would show it). */
export async function decodeQrPng(png: Buffer): Promise<string[]> {
  prepare();
  const results = await readBarcodes(new Uint8Array(png), { formats: ['QRCode'], tryHarder: true, textMode: 'Plain' });
  return results.filter((r) => r.isValid).map((r) => r.text);
}
