import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBarcodesFromPdf, inspectPdf, type DecodedBarcode } from '../../../../test/support/barcodes.js';
import { maxiCodeMessage, type LabelData } from '../domain/label-data.js';
import { generateTrackingNumber } from '../domain/tracking-numbers.js';
import { renderLabelsPdf } from './label-pdf.js';
import { checkZplWellFormed, renderLabelsZpl, zplFieldData } from './label-zpl.js';

const shipFrom = { name: 'Acme Fulfilment', company: 'Acme Goods Inc', line1: '100 Warehouse Way', city: 'Reno', region: 'NV', postalCode: '89502', country: 'US' };
const shipTo = { name: 'Jane Customer', line1: '350 Fifth Avenue', line2: 'Apt 21B', city: 'New York', region: 'NY', postalCode: '10118-0110', country: 'US' };

function label(overrides: Partial<LabelData>): LabelData {
  return { carrierCode: 'ups', carrierName: 'UPS', serviceName: 'UPS Ground', serviceLevel: 'standard', trackingNumber: '', shipFrom, shipTo, weightGrams: 2300, reference: 'SO-10042', packageIndex: 1, packageCount: 1, shipDate: '2026-11-27', ...overrides };
}

const upsLabel = label({ serviceName: 'UPS 2nd Day Air', serviceLevel: 'expedited', trackingFormat: 'ups', trackingNumber: generateTrackingNumber('ups', 1234567, { shipperNumber: '12X34V', serviceCode: '02' }), sample: true });
const fedexLabel = label({ carrierCode: 'fedex', carrierName: 'FedEx', serviceName: 'FedEx Standard Overnight', serviceLevel: 'overnight', trackingFormat: 'fedex', trackingNumber: generateTrackingNumber('fedex', 98_765_432_101, {}) });
const uspsLabel = label({ carrierCode: 'usps', carrierName: 'USPS', serviceName: 'USPS Priority Mail', serviceLevel: 'expedited', trackingFormat: 'usps', trackingNumber: generateTrackingNumber('usps', 42, { mailerId: '123456', serviceTypeCode: '055' }) });

const longAbroad = { name: 'Jean-Baptiste Émile Zola-Descartes', company: 'Société Générale de Logistique Internationale', line1: '1234 Boulevard Saint-Germain-des-Prés, Bâtiment C', line2: 'Escalier 4, 3e étage, Porte gauche', city: 'Paris', postalCode: '75006', country: 'FR' };

const cases = [
  { name: 'UPS', l: upsLabel, twoD: 'MaxiCode', linear: upsLabel.trackingNumber },
  { name: 'FedEx', l: fedexLabel, twoD: 'PDF417', linear: fedexLabel.trackingNumber },
  // GS1-128: AI 420 + ZIP5, FNC1 (read back as GS), then the IMpb whose leading 92 is the AI.
  { name: 'USPS', l: uspsLabel, twoD: 'DataMatrix', linear: `42010118\x1d${uspsLabel.trackingNumber}` },
];

describe('PDF labels', () => {
  const pdfs = new Map<string, Buffer>();
  const decoded = new Map<string, DecodedBarcode[]>();
  before(async () => {
    for (const c of cases) {
      const pdf = await renderLabelsPdf([{ ...c.l, packageIndex: 1, packageCount: 2 }, { ...c.l, packageIndex: 2, packageCount: 2 }]);
      pdfs.set(c.name, pdf);
      // 203 dpi is what a 4×6 thermal printer prints: if it decodes here, it decodes on paper.
      decoded.set(c.name, await decodeBarcodesFromPdf(pdf, 1, 203));
    }
  });

  for (const c of cases) {
    test(`${c.name}: one 4×6 page per package, with the label's words on it`, () => {
      const info = inspectPdf(pdfs.get(c.name) as Buffer);
      assert.equal(info.pageCount, 2);
      assert.deepEqual(info.pageSizes, [[288, 432], [288, 432]]);
      const text = info.pageTexts[1] ?? '';
      for (const word of ['JANE CUSTOMER', 'NEW YORK, NY 10118-0110', 'RENO, NV 89502', c.l.serviceName.toUpperCase(), '2 OF 2', '6 LBS', 'REF: SO-10042', 'SHIP DATE: 2026-11-27']) {
        assert.ok(text.includes(word), `page text lacks ${JSON.stringify(word)}`);
      }
      assert.equal(text.includes('SAMPLE – NOT A CARRIER LABEL'), c.l.sample === true);
    });

    test(`${c.name}: the tracking barcode decodes back to the tracking number at 203 dpi`, () => {
      const linear = (decoded.get(c.name) ?? []).filter((b) => b.format === 'Code128');
      assert.deepEqual(linear.map((b) => b.text), [c.linear]);
    });

    test(`${c.name}: the 2D code carries the tracking number and ship-to ZIP`, (t) => {
      const found = decoded.get(c.name) ?? [];
      if (c.twoD === 'MaxiCode') {
        // ZXing reads MaxiCode only from pure, grid-aligned images, not from a rendered page;
        // the message layout is asserted directly instead.
        const maxi = maxiCodeMessage(c.l, '840');
        assert.equal(maxi.mode, 2);
        assert.equal(maxi.zplData.slice(0, 15), '002840101180110');
        assert.ok(maxi.message.startsWith('[)>\x1e01\x1d96101180110\x1d840\x1d002\x1d'), 'the MaxiCode message starts with the UPS header');
        assert.ok(maxi.message.includes(c.l.trackingNumber) && maxi.message.endsWith('\x1e\x04'), 'and holds the tracking number, ending with RS EOT');
        t.diagnostic('MaxiCode not decoded from the page (unsupported by zxing on rendered pages)');
        return;
      }
      const twoD = found.find((b) => b.format === c.twoD);
      assert.ok(twoD, `no ${c.twoD} found among ${found.map((b) => b.format).join(', ')}`);
      assert.ok(twoD.text.includes(c.l.trackingNumber), `the 2D code holds the tracking number: ${twoD.text}`);
      assert.ok(twoD.text.includes('10118'), `and the ZIP: ${twoD.text}`);
    });
  }

  test('an international UPS label uses MaxiCode mode 3 with the alphanumeric postcode', () => {
    const maxi = maxiCodeMessage({ ...upsLabel, shipTo: { ...shipTo, country: 'CA', region: 'ON', city: 'Toronto', postalCode: 'M5V 2T6' } }, '124');
    assert.equal(maxi.mode, 3);
    assert.equal(maxi.zplData.slice(0, 12), '002124M5V2T6');
  });

  test('a long international address shrinks to fit and keeps city, postcode and country', async () => {
    const pdf = await renderLabelsPdf([{ ...upsLabel, shipTo: longAbroad, serviceName: 'UPS Worldwide Express Saver International' }]);
    const text = inspectPdf(pdf).pageTexts[0] ?? '';
    for (const word of ['PARIS, 75006', 'FRANCE', 'PORTE GAUCHE', 'INTERNATIONAL']) assert.ok(text.includes(word), `lacks ${word}`);
    assert.ok(!text.includes('…'), 'nothing is cut short with an ellipsis');
  });

  test('refuses an empty batch', async () => {
    await assert.rejects(renderLabelsPdf([]), RangeError);
  });
});

describe('ZPL labels', () => {
  for (const c of cases) {
    test(`${c.name}: one well-formed ^XA…^XZ per package`, () => {
      const zpl = renderLabelsZpl([c.l, { ...c.l, packageIndex: 2, packageCount: 2 }]);
      assert.deepEqual(checkZplWellFormed(zpl), []);
      assert.equal(zpl.match(/\^XA/g)?.length, 2);
      assert.ok(zpl.includes('^CI28'), 'UTF-8 (^CI28) is declared');
      assert.ok(zpl.includes({ MaxiCode: '^BD2,1,1', PDF417: '^B7N', DataMatrix: '^BXN' }[c.twoD] as string), `the ${c.twoD} command is there`);
    });
  }

  test('USPS prints GS1-128 with FNC1 switching in subset C', () => {
    assert.ok(renderLabelsZpl([uspsLabel]).includes(`^BCN,170,N,N,N,N^FD>;>842010118>8${uspsLabel.trackingNumber}^FS`), 'USPS: the IMpb barcode with routing code');
  });

  test('UPS and FedEx print the tracking number as Code 128', () => {
    assert.ok(renderLabelsZpl([upsLabel]).includes(`^BCN,170,N,N,N,A^FH^FD${upsLabel.trackingNumber}^FS`), 'UPS: the 1Z barcode');
    assert.ok(renderLabelsZpl([fedexLabel]).includes(`^FH^FD${fedexLabel.trackingNumber}^FS`), 'FedEx: the tracking barcode');
  });

  test('a long international address gets a smaller font, still inside the label', () => {
    const zpl = renderLabelsZpl([{ ...upsLabel, shipTo: longAbroad }]);
    assert.deepEqual(checkZplWellFormed(zpl), []);
    assert.match(zpl, /\^FO100,195\^A0N,(\d+),\1\^FB688,(\d+),/);
    const [, h, lines] = /\^FO100,195\^A0N,(\d+),\d+\^FB688,(\d+),/.exec(zpl) ?? [];
    assert.ok(Number(h) < 38 && Number(h) * Number(lines) <= 220, `${h} × ${lines}`);
    assert.ok(zpl.includes('PARIS, 75006\\&FRANCE'), 'the city line and country, with ZPL line breaks');
  });

  test('hostile address text is hex-escaped and the label stays well formed', () => {
    const zpl = renderLabelsZpl([label({ ...upsLabel, shipTo: { ...shipTo, name: 'Evil ^XZ~JR_Co Ünïcode', line2: '^FO9999,9999', company: 'C:\\&X' } })]);
    assert.deepEqual(checkZplWellFormed(zpl), []);
    assert.ok(zpl.includes('EVIL _5EXZ_7EJR_5FCO ÜNÏCODE'), 'control characters are escaped, Unicode kept');
    // A backslash could otherwise forge a ^FB line break (\&).
    assert.ok(zpl.includes('\\&C:/&X\\&'), 'backslashes and ampersands are escaped');
    assert.equal(zplFieldData('a^b~c_d\x1de'), '^FH^FDa_5Eb_7Ec_5Fd_1De^FS');
  });

  test('checkZplWellFormed accepts a hand-written label with its own ^FH indicator', () => {
    assert.deepEqual(checkZplWellFormed('^XA\n^FO10,10^A0N,20,20^FH\\^FDa\\5Eb^FS\n^XZ\n'), []);
  });

  const bad: [string, string, RegExp][] = [
    ['missing ^XZ', '^XA^FO10,10^A0N,20,20^FDx^FS', /without \^XZ/],
    ['nested ^XA', '^XA^XA^XZ', /before the previous/],
    ['^FD not closed', '^XA^FO10,10^FDx^XZ', /not closed by \^FS/],
    ['raw caret in data', '^XA^FO10,10^FDa^b^FS^XZ', /not closed by \^FS/],
    ['raw tilde in data', '^XA^FO10,10^FDa~b^FS^XZ', /raw ~/],
    ['control char in data', '^XA^FO10,10^FDa\x1db^FS^XZ', /control character/],
    ['bad ^FH escape', '^XA^FO10,10^FH^FDa_zz^FS^XZ', /malformed/],
    ['bad ^FH escape with its own indicator', '^XA^FO10,10^FH\\^FDa\\5E\\zz^FS^XZ', /malformed/],
    ['unknown command', '^XA^QQ1^XZ', /unknown command \^QQ/],
    ['field off the label', '^XA^FO900,10^FDx^FS^XZ', /outside the 812×1218/],
    ['box past the edge', '^XA^FO700,10^GB200,10,2^FS^XZ', /past the label edge/],
    ['text outside any label', 'hello^XA^XZ', /stray character/],
    ['command outside any label', '^FO1,1^XA^XZ', /outside \^XA/],
    ['empty', '', /no label/],
  ];
  for (const [name, zpl, problem] of bad) {
    test(`checkZplWellFormed flags: ${name}`, () => {
      const problems = checkZplWellFormed(zpl);
      assert.ok(problems.some((p) => problem.test(p)), JSON.stringify(problems));
    });
  }
});
