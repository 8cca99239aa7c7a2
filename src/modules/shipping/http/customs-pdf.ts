import countries from 'i18n-iso-countries';
import { renderPdf } from '../../../platform/pdf.js';
import { currencyExponent, formatMoney } from '../../../platform/kernel/money.js';
import { contentsLabels, contentsTypes, kilograms, totalValueMinor, totalWeightGrams, type CustomsItem, type CustomsPaper } from '../domain/customs.js';
import { addressLines } from '../domain/label-data.js';

type Doc = PDFKit.PDFDocument;

/**
 * The customs paper of a shipment abroad, a pure function from the data to the bytes (so it can
 * run anywhere: the ship flow runs it on the CPU pool, renderCustomsPdfOffLoop): a CN 22 on a 4×6 in page for a postal item up to 300
 * SDR, a CN 23 or a commercial invoice on US letter pages. Helvetica: Latin-1 text prints.
 * The creation date is the ship date, so the same shipment renders to the same bytes.
 */
export async function renderCustomsPdf(paper: CustomsPaper): Promise<Buffer> {
  const title = paper.kind === 'commercial_invoice' ? 'Commercial invoice' : `Customs declaration ${paper.kind === 'cn22' ? 'CN 22' : 'CN 23'}`;
  const options: PDFKit.PDFDocumentOptions = {
    size: paper.kind === 'cn22' ? [288, 432] : 'LETTER',
    margin: paper.kind === 'cn22' ? 12 : 36,
    info: { Title: `${title} ${paper.trackingNumbers[0] ?? paper.reference}`, Subject: paper.reference, CreationDate: new Date(`${paper.shipDate}T00:00:00Z`) },
  };
  return renderPdf(options, (doc) => {
    if (paper.kind === 'cn22') drawCn22(doc, paper);
    else if (paper.kind === 'cn23') drawCn23(doc, paper);
    else drawInvoice(doc, paper);
  });
}

const CERTIFY =
  'I, the undersigned, whose name and address are given on the item, certify that the particulars given in this declaration are correct and that this item does not contain any dangerous article or articles prohibited by legislation or by postal or customs regulations.';

function money(paper: CustomsPaper, minor: number): string {
  return formatMoney(minor, currencyExponent(paper.declaration.currency) ?? 2);
}

function countryName(code: string): string {
  return countries.getName(code, 'en') ?? code;
}

function address(paper: CustomsPaper, side: 'shipFrom' | 'shipTo'): string {
  const a = paper[side];
  return [...addressLines(a, countryName(a.country)), ...(a.country === 'US' ? ['UNITED STATES'] : []), ...(a.phone ? [`Tel. ${a.phone}`] : [])].join('\n');
}

function checkboxes(doc: Doc, paper: CustomsPaper, x: number, y: number, width: number, size: number): number {
  const column = width / 2;
  contentsTypes.forEach((type, i) => {
    const cx = x + (i % 2) * column;
    const cy = y + Math.floor(i / 2) * (size + 5);
    doc.lineWidth(0.6).rect(cx, cy, size, size).stroke();
    if (paper.declaration.contentsType === type) doc.font('Helvetica-Bold').fontSize(size).text('X', cx + size * 0.15, cy + 0.5, { lineBreak: false });
    const label = type === 'other' && paper.declaration.contentsExplanation ? `Other: ${paper.declaration.contentsExplanation}` : contentsLabels[type].category;
    doc.font('Helvetica').fontSize(size - 1).text(label, cx + size + 4, cy + 1, { width: column - size - 6, height: size + 4, ellipsis: true, lineBreak: false });
  });
  return y + Math.ceil(contentsTypes.length / 2) * (size + 5);
}

/** Space either side of a table cell's text. */
const PAD = 3;

interface Column<T> {
  title: string;
  width: number;
  align?: 'right';
  cell: (row: T) => string;
}

/**
 * A table that continues on a new page (repeating its header) when rows run past `bottom`.
 * Returns the y below its last row.
 */
function table<T>(doc: Doc, x: number, y: number, columns: Column<T>[], rows: T[], fontSize: number, bottom: number): number {
  const header = (top: number): number => {
    doc.font('Helvetica-Bold').fontSize(fontSize);
    let cx = x;
    const height = Math.max(...columns.map((c) => doc.heightOfString(c.title, { width: c.width - PAD * 2 })));
    for (const c of columns) {
      doc.text(c.title, cx + PAD, top, { width: c.width - PAD * 2, align: c.align ?? 'left' });
      cx += c.width;
    }
    const line = top + height + 2;
    doc.lineWidth(0.6).moveTo(x, line).lineTo(cx, line).stroke();
    return line + 3;
  };
  let top = header(y);
  doc.font('Helvetica').fontSize(fontSize);
  for (const row of rows) {
    const cells = columns.map((c) => c.cell(row));
    const height = Math.max(...cells.map((text, i) => doc.heightOfString(text, { width: (columns[i]?.width ?? 10) - PAD * 2 })));
    if (top + height > bottom) {
      doc.addPage();
      top = header(doc.page.margins.top);
      doc.font('Helvetica').fontSize(fontSize);
    }
    let cx = x;
    cells.forEach((text, i) => {
      const c = columns[i] as Column<T>;
      doc.text(text, cx + PAD, top, { width: c.width - PAD * 2, align: c.align ?? 'left' });
      cx += c.width;
    });
    top += height + 3;
  }
  return top;
}

/** Value per unit: exact to the currency's decimals when it divides, else with two more. */
function unitValue(paper: CustomsPaper, item: CustomsItem): string {
  const exponent = currencyExponent(paper.declaration.currency) ?? 2;
  if (item.valueMinor % item.quantity === 0) return formatMoney(item.valueMinor / item.quantity, exponent);
  return (item.valueMinor / item.quantity / 10 ** exponent).toFixed(exponent + 2);
}

/** The UPU CN 22: one small page, no addresses (they are on the item), sender's certificate at the foot. */
function drawCn22(doc: Doc, paper: CustomsPaper): void {
  const d = paper.declaration;
  const M = 12;
  const W = 288 - M * 2;
  doc.lineWidth(1).rect(M - 4, M - 4, W + 8, 432 - (M - 4) * 2).stroke();
  doc.font('Helvetica-Bold').fontSize(13).text('CUSTOMS DECLARATION', M, M, { width: W - 50 });
  doc.fontSize(16).text('CN 22', M + W - 60, M - 1, { width: 60, align: 'right' });
  doc.font('Helvetica').fontSize(7).text(`May be opened officially · Designated operator: ${paper.carrierName}`, M, M + 17, { width: W });
  if (paper.trackingNumbers.length > 0) doc.text(`Item no. ${paper.trackingNumbers.join(', ')}`, M, M + 26, { width: W });
  let y = checkboxes(doc, paper, M, M + 38, W, 8) + 2;
  const rows = [...d.items];
  y = table(
    doc,
    M,
    y,
    [
      { title: 'Quantity and detailed description of contents', width: W - 110, cell: (i) => `${i.quantity} × ${i.description}\nHS ${i.hsCode ?? '–'} · Origin ${i.originCountry}` },
      { title: 'Weight (kg)', width: 50, align: 'right', cell: (i) => kilograms(i.weightGrams) },
      { title: `Value (${d.currency})`, width: 60, align: 'right', cell: (i) => money(paper, i.valueMinor) },
    ],
    rows,
    6.5,
    300,
  );
  doc.lineWidth(0.6).moveTo(M, y).lineTo(M + W, y).stroke();
  doc.font('Helvetica-Bold').fontSize(7).text('Total weight (kg)', M, y + 3, { width: W - 110 });
  doc.text(kilograms(totalWeightGrams(d)), M + W - 110, y + 3, { width: 48, align: 'right' }).text(money(paper, totalValueMinor(d)), M + W - 60, y + 3, { width: 58, align: 'right' });
  y += 14;
  if (d.eelPfc) doc.font('Helvetica').fontSize(6.5).text(`EEL/PFC: ${d.eelPfc}`, M, y, { width: W });
  doc.font('Helvetica').fontSize(6).text(CERTIFY, M, 360, { width: W });
  doc.font('Helvetica-Bold').fontSize(7.5).text(`Date and sender's signature: ${paper.shipDate}  ${d.signer}`, M, 400, { width: W });
  doc.font('Helvetica').fontSize(6.5).text(`Ref. ${paper.reference}`, M, 412, { width: W });
}

/** The UPU CN 23: sender and addressee, one line per kind of goods with HS code and origin, totals, non-delivery instructions and certificate. */
function drawCn23(doc: Doc, paper: CustomsPaper): void {
  const d = paper.declaration;
  const M = 36;
  const W = doc.page.width - M * 2;
  const bottom = doc.page.height - M - 150;
  doc.font('Helvetica-Bold').fontSize(18).text('CUSTOMS DECLARATION', M, M, { width: W - 120 });
  doc.fontSize(22).text('CN 23', M + W - 120, M - 2, { width: 120, align: 'right' });
  doc.font('Helvetica').fontSize(8).text(`May be opened officially · Designated operator: ${paper.carrierName} (${paper.serviceName})`, M, M + 24, { width: W });
  doc.text(`Item no. ${paper.trackingNumbers.join(', ')} · ${paper.parcels} item(s)`, { width: W });
  const top = M + 52;
  doc.font('Helvetica-Bold').fontSize(8).text('From (sender)', M, top).text('To (addressee)', M + W / 2, top);
  doc.font('Helvetica').fontSize(9).text(address(paper, 'shipFrom'), M, top + 11, { width: W / 2 - 10 });
  const leftEnd = doc.y;
  doc.text(address(paper, 'shipTo'), M + W / 2, top + 11, { width: W / 2 });
  let y = Math.max(leftEnd, doc.y) + 10;
  doc.font('Helvetica-Bold').fontSize(8).text('Category of item', M, y);
  y = checkboxes(doc, paper, M, y + 11, W * 0.75, 9) + 6;
  y = table(
    doc,
    M,
    y,
    [
      { title: 'Detailed description of contents', width: W - 330, cell: (i) => `${i.description} (${i.sku})` },
      { title: 'Quantity', width: 50, align: 'right', cell: (i) => String(i.quantity) },
      { title: 'Net weight (kg)', width: 60, align: 'right', cell: (i) => kilograms(i.weightGrams) },
      { title: `Value (${d.currency})`, width: 70, align: 'right', cell: (i) => money(paper, i.valueMinor) },
      { title: 'HS tariff number', width: 80, cell: (i) => i.hsCode ?? '–' },
      { title: 'Country of origin', width: 70, cell: (i) => `${i.originCountry}` },
    ],
    d.items,
    8.5,
    bottom,
  );
  doc.lineWidth(0.6).moveTo(M, y).lineTo(M + W, y).stroke();
  doc.font('Helvetica-Bold').fontSize(8.5);
  doc.text(`Total gross weight (kg): ${kilograms(paper.grossWeightGrams)}`, M, y + 4, { width: W / 3 });
  doc.text(`Total value: ${money(paper, totalValueMinor(d))} ${d.currency}`, M + W / 3, y + 4, { width: W / 3 });
  doc.text(`Postal charges/fees: ${formatMoney(paper.postage.amountMinor, currencyExponent(paper.postage.currency) ?? 2)} ${paper.postage.currency}`, M + (2 * W) / 3, y + 4, { width: W / 3 });
  doc.font('Helvetica').fontSize(8.5);
  const notes = [
    d.contentsExplanation ? `Explanation: ${d.contentsExplanation}` : undefined,
    d.restrictionType !== 'none' ? `Restriction: ${d.restrictionType.replace(/_/g, ' ')}${d.restrictionComments ? ` – ${d.restrictionComments}` : ''}` : undefined,
    d.eelPfc ? `EEL/PFC: ${d.eelPfc}` : undefined,
    `Invoice / reference: ${paper.reference}`,
    `In case of non-delivery: ${d.nonDeliveryOption === 'abandon' ? 'treat as abandoned' : 'return to sender'}`,
  ].filter((s): s is string => s !== undefined);
  doc.text(notes.join('\n'), M, y + 20, { width: W });
  const foot = Math.max(doc.y + 10, doc.page.height - M - 110);
  doc.font('Helvetica').fontSize(8).text(`${CERTIFY} I have met all applicable export filing requirements.`, M, foot, { width: W });
  doc.font('Helvetica-Bold').fontSize(10).text(`Date and sender's signature: ${paper.shipDate}   ${d.signer}`, M, doc.y + 12, { width: W });
}

/** A courier's commercial invoice: exporter, consignee, goods with HS code, origin and values, totals and the exporter's declaration. */
function drawInvoice(doc: Doc, paper: CustomsPaper): void {
  const d = paper.declaration;
  const M = 36;
  const W = doc.page.width - M * 2;
  const bottom = doc.page.height - M - 140;
  doc.font('Helvetica-Bold').fontSize(20).text('COMMERCIAL INVOICE', M, M, { width: W });
  doc.font('Helvetica').fontSize(9).text(`Invoice no. ${paper.reference} · Date ${paper.shipDate} · Currency ${d.currency}`, { width: W });
  doc.text(`Carrier ${paper.carrierName} (${paper.serviceName}) · Tracking ${paper.trackingNumbers.join(', ')}`, { width: W });
  const top = doc.y + 10;
  doc.font('Helvetica-Bold').fontSize(8).text('Shipper / exporter', M, top).text('Consignee', M + W / 2, top);
  doc.font('Helvetica').fontSize(9).text(address(paper, 'shipFrom'), M, top + 11, { width: W / 2 - 10 });
  const leftEnd = doc.y;
  doc.text(address(paper, 'shipTo'), M + W / 2, top + 11, { width: W / 2 });
  let y = Math.max(leftEnd, doc.y) + 10;
  const facts = [
    `Country of export: ${countryName(paper.shipFrom.country)}`,
    `Country of destination: ${countryName(paper.shipTo.country)}`,
    `Reason for export: ${contentsLabels[d.contentsType].reason}${d.contentsExplanation ? ` (${d.contentsExplanation})` : ''}`,
    'Terms of sale: DAP',
  ];
  doc.fontSize(8.5).text(facts.join('   ·   '), M, y, { width: W });
  y = doc.y + 8;
  y = table(
    doc,
    M,
    y,
    [
      { title: 'Description', width: W - 360, cell: (i) => `${i.description}\nSKU ${i.sku}` },
      { title: 'HS code', width: 70, cell: (i) => i.hsCode ?? '–' },
      { title: 'Origin', width: 45, cell: (i) => i.originCountry },
      { title: 'Qty', width: 40, align: 'right', cell: (i) => String(i.quantity) },
      { title: 'Unit value', width: 70, align: 'right', cell: (i) => unitValue(paper, i) },
      { title: 'Total value', width: 75, align: 'right', cell: (i) => money(paper, i.valueMinor) },
      { title: 'Net kg', width: 60, align: 'right', cell: (i) => kilograms(i.weightGrams) },
    ],
    d.items,
    8.5,
    bottom,
  );
  doc.lineWidth(0.6).moveTo(M, y).lineTo(M + W, y).stroke();
  const total = totalValueMinor(d);
  const freight = paper.postage.currency === d.currency ? paper.postage.amountMinor : undefined;
  const lines = [
    `Goods: ${money(paper, total)} ${d.currency}`,
    freight !== undefined ? `Freight: ${money(paper, freight)} ${d.currency}` : `Freight: ${formatMoney(paper.postage.amountMinor, currencyExponent(paper.postage.currency) ?? 2)} ${paper.postage.currency}`,
    `Total declared value: ${money(paper, total)} ${d.currency}`,
    `Packages: ${paper.parcels} · Total gross weight: ${kilograms(paper.grossWeightGrams)} kg · Net weight: ${kilograms(totalWeightGrams(d))} kg`,
    ...(d.eelPfc ? [`EEL/PFC: ${d.eelPfc}`] : []),
    ...(d.restrictionType !== 'none' ? [`Restriction: ${d.restrictionType.replace(/_/g, ' ')}${d.restrictionComments ? ` – ${d.restrictionComments}` : ''}`] : []),
    `If undeliverable: ${d.nonDeliveryOption === 'abandon' ? 'abandon' : 'return to shipper'}`,
  ];
  doc.font('Helvetica').fontSize(9).text(lines.join('\n'), M, y + 6, { width: W, align: 'right' });
  const foot = Math.max(doc.y + 14, doc.page.height - M - 90);
  doc.font('Helvetica').fontSize(9).text('I declare that all the information contained in this invoice is true and correct, and that the goods originate in the countries stated.', M, foot, { width: W });
  doc.font('Helvetica-Bold').fontSize(10).text(`Signature: ${d.signer}     Date: ${paper.shipDate}`, M, doc.y + 14, { width: W });
}
