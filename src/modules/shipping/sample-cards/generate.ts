/**
 * Regenerates the illustrative sample rate cards in this folder:
 *   npx tsx src/modules/shipping/sample-cards/generate.ts
 * The CSVs are checked in and read at run time; this script only records how they were made.
 * Prices are INVENTED to have a plausible shape (rising with zone and weight, overnight far above
 * two-day above ground). They are not UPS, FedEx or USPS tariffs.
 */
import { writeFileSync } from 'node:fs';
import zipcodes from 'zipcodes';

const HEADER = '# SAMPLE RATES: illustrative prices for demos and tests, NOT the carrier\'s published tariff.';

/** Origin ZIP3 ranges, each charted from one representative ZIP3's centroid (real charts are per ZIP3). */
const origins: [string, string, string][] = [
  ['005', '005', '117'], ['010', '069', '021'], ['070', '149', '100'], ['150', '199', '170'],
  ['200', '269', '222'], ['270', '299', '282'], ['300', '319', '303'], ['320', '349', '328'],
  ['350', '399', '372'], ['400', '459', '432'], ['460', '499', '462'], ['500', '528', '503'],
  ['530', '567', '554'], ['570', '599', '590'], ['600', '629', '606'], ['630', '699', '641'],
  ['700', '749', '722'], ['750', '799', '752'], ['800', '849', '802'], ['850', '899', '850'],
  ['900', '935', '900'], ['936', '961', '941'], ['967', '968', '968'], ['970', '994', '980'],
  ['995', '999', '995'],
];
/** Military post offices (APO/FPO) have no ground zone. */
const military = (z: number): boolean => (z >= 90 && z <= 99) || z === 340 || (z >= 962 && z <= 966);

const sums = new Map<number, { lat: number; lon: number; n: number }>();
for (const entry of Object.values(zipcodes.codes)) {
  if (entry.country !== 'US' || !/^\d{5}$/.test(String(entry.zip))) continue;
  const z = Number(String(entry.zip).slice(0, 3));
  const s = sums.get(z) ?? { lat: 0, lon: 0, n: 0 };
  s.lat += entry.latitude;
  s.lon += entry.longitude;
  s.n += 1;
  sums.set(z, s);
}
const centroid = (z: number): [number, number] | undefined => {
  const s = sums.get(z);
  return s ? [s.lat / s.n, s.lon / s.n] : undefined;
};
function miles(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLon = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) ** 2;
  return 3958.8 * 2 * Math.asin(Math.sqrt(h));
}
function zoneOf(distance: number): number {
  const band = [150, 300, 600, 1000, 1400, 1800].findIndex((limit) => distance <= limit);
  return band < 0 ? 8 : band + 2;
}
const pad = (n: number): string => String(n).padStart(3, '0');

const zoneLines = [
  '# SAMPLE ZONE CHART: illustrative, derived from ZIP3 centroid distances (zipcodes package); NOT any carrier\'s zone chart.', 'origin_zip3_from,origin_zip3_to,dest_zip3_from,dest_zip3_to,zone'];
for (const [from, to, rep] of origins) {
  const here = centroid(Number(rep));
  if (!here) throw new Error(`no centroid for ${rep}`);
  let run: { start: number; end: number; zone: number } | undefined;
  const flush = (): void => {
    if (run) zoneLines.push(`${from},${to},${pad(run.start)},${pad(run.end)},${run.zone}`);
    run = undefined;
  };
  for (let d = 5; d <= 999; d++) {
    if (military(d)) {
      flush();
      continue;
    }
    const there = centroid(d);
    // An unassigned ZIP3 joins the run it sits in: harmless, and it keeps the chart short.
    const zone = there ? zoneOf(miles(here, there)) : run?.zone;
    if (zone === undefined) continue;
    if (run && run.zone === zone) run.end = d;
    else {
      flush();
      run = { start: d, end: d, zone };
    }
  }
  flush();
}
writeFileSync(new URL('zones.csv', import.meta.url), `${zoneLines.join('\n')}\n`);

/** [code, 1 unit at zone 2, extra per zone at 1 unit, per unit at zone 2, per unit at zone 8] in cents. */
type Shape = [string, number, number, number, number];
const shapes: Record<string, { maxWeight: number; services: Shape[] }> = {
  ups: { maxWeight: 150, services: [['ground', 1195, 78, 62, 188], ['2nd_day_air', 2480, 265, 240, 610], ['next_day_air', 4650, 690, 510, 1040]] },
  fedex: { maxWeight: 150, services: [['ground', 1210, 74, 60, 192], ['2day', 2455, 270, 235, 625], ['standard_overnight', 4580, 705, 500, 1060]] },
  usps: { maxWeight: 70, services: [['ground_advantage', 765, 52, 48, 171], ['priority_mail', 955, 118, 79, 262], ['priority_mail_express', 3050, 330, 205, 560]] },
};
/** Every pound to 20, then every 2 to 50, then every 5: the shape of a real card in a third of the rows. */
function breaks(max: number): number[] {
  const out: number[] = [];
  for (let w = 1; w <= max; w += w < 20 ? 1 : w < 50 ? 2 : 5) out.push(w);
  return out;
}
for (const [carrier, { maxWeight, services }] of Object.entries(shapes)) {
  const lines = [HEADER, 'service,zone,max_weight,price'];
  for (const [code, first, perZone, perUnitLow, perUnitHigh] of services) {
    for (let zone = 2; zone <= 8; zone++) {
      const perUnit = perUnitLow + ((perUnitHigh - perUnitLow) * (zone - 2)) / 6;
      for (const w of breaks(maxWeight)) {
        // Slightly concave in weight, like published tables: heavy parcels cost less per pound.
        const cents = Math.round(first + perZone * (zone - 2) + perUnit * (w - 1) ** 0.96);
        lines.push(`${code},${zone},${w},${(cents / 100).toFixed(2)}`);
      }
    }
  }
  writeFileSync(new URL(`${carrier}-rates.csv`, import.meta.url), `${lines.join('\n')}\n`);
}

const transit: Record<string, Record<string, number[]>> = {
  ups: { ground: [1, 2, 3, 3, 4, 4, 5], '2nd_day_air': [2, 2, 2, 2, 2, 2, 2], next_day_air: [1, 1, 1, 1, 1, 1, 1] },
  fedex: { ground: [1, 2, 3, 3, 4, 4, 5], '2day': [2, 2, 2, 2, 2, 2, 2], standard_overnight: [1, 1, 1, 1, 1, 1, 1] },
  usps: { ground_advantage: [2, 3, 3, 4, 4, 5, 5], priority_mail: [1, 1, 2, 2, 3, 3, 3], priority_mail_express: [1, 1, 1, 2, 2, 2, 2] },
};
for (const [carrier, services] of Object.entries(transit)) {
  const lines = [HEADER, 'service,zone,days'];
  for (const [code, days] of Object.entries(services)) days.forEach((d, i) => lines.push(`${code},${i + 2},${d}`));
  writeFileSync(new URL(`${carrier}-transit.csv`, import.meta.url), `${lines.join('\n')}\n`);
}
