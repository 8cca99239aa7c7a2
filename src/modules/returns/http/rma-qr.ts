/**
 * Our drop-off QR code, for carriers that give none (ADR 0023): it encodes the RMA and the return
 * parcel's tracking number, so the drop-off point (or our dock) can find the return by scanning
 * the customer's phone. Rendered with bwip-js (already used for the labels' barcodes), loaded on
 * first use.
 */
export function rmaQrText(returnId: string, trackingNumber: string | null): string {
  return trackingNumber ? `RMA:${returnId};TRACKING:${trackingNumber}` : `RMA:${returnId}`;
}

type QrOptions = import('bwip-js/node').RenderOptions & { eclevel: string };

/** Error correction M (15 %): a phone screen with a crack or glare still scans. */
const options = (text: string): QrOptions => ({ bcid: 'qrcode', text, eclevel: 'M', scale: 6, paddingwidth: 4, paddingheight: 4, backgroundcolor: 'FFFFFF' });

export async function rmaQrPng(text: string): Promise<Buffer> {
  const bwipjs = await import('bwip-js/node');
  const png: Promise<Buffer> = bwipjs.toBuffer(options(text));
  return png;
}

export async function rmaQrSvg(text: string): Promise<string> {
  const bwipjs = await import('bwip-js/node');
  return bwipjs.toSVG(options(text));
}
