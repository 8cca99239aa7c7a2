/**
 * `npm run bench:shipping [-- --quotes N --labels N --runs N --seed S]`: the shipping module's
 * pure hot paths, in process (no database, no HTTP), on seeded data so runs are comparable.
 *
 * 1. Rate quotes: what POST /v1/rates does minus the database — the three sample cards (UPS,
 *    FedEx, USPS; 9 services) compiled once, then per quote: ship-by date from the origin's clock,
 *    `quote` on each card, a delivery date per candidate on the destination's calendar, `shop`
 *    with the cheapest strategy, and the response's rate views. Two parcels (0.2–15 kg, 15–60 cm
 *    sides), destination any real US ZIP of the `zipcodes` package but APO/FPO, origin one the
 *    sample zone charts ship from (50 states and DC), 70 % residential; the order instant anywhere
 *    in a fortnight around Christmas (cut-offs, weekends and holidays all come up), one quote in
 *    four asking for a service level. Reported: quotes/s as the median of `--runs` runs of N
 *    quotes, per-quote p50/p99 over all runs, and the slowest 1% timed again (fastest of 3 each):
 *    when those come out near the median, the tail is the machine (GC, a loaded host), not the code.
 * 2. Labels: `renderLabelsPdf` one label per call and in batches of 10, and `renderLabelsZpl` one
 *    label per call; UPS, FedEx and USPS in turn, tracking numbers from the sample carriers' ranges.
 *    Reported: labels/s (median of the runs) and per-call p50/p99.
 *
 * Prints a table, then one JSON line with every figure (for pasting into docs).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { compileRateCard, deliverByDate, destinationTimeZone, generateTrackingNumber, quoteRateCard, rateViews, renderLabelsPdf, renderLabelsZpl, sampleRateCards, shipByDate, shop, type Candidate, type CompiledRateCard, type FulfillmentClock, type LabelData, type Parcel, type ServiceLevel, type ShippingAddress, type ShippingRules } from '../src/modules/shipping/index.js';
import { between, prng, usZips } from './bench/network.js';
import { LatencyRecorder, round, type LatencySummary } from './bench/stats.js';

const log = (msg: string): void => void process.stderr.write(`${msg}\n`);

const HELP = `Usage: npm run bench:shipping -- [options]

Times rate quoting (quote + delivery dates + shop, as POST /v1/rates minus the database) and label
rendering (PDF single, PDF batch of 10, ZPL) in process, on seeded data.

Options:
  --quotes N   quotes per run (default 20000)
  --labels N   labels per run and format (default 300)
  --runs N     runs of each case; the median rate is reported (default 5)
  --seed N     PRNG seed (default 1)
  -h, --help   this help
`;

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
  return n;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
};

interface QuoteInput {
  now: Date;
  clock: FulfillmentClock;
  from: ShippingAddress;
  to: ShippingAddress;
  parcels: Parcel[];
  serviceLevel: ServiceLevel | undefined;
}

interface CaseResult {
  name: string;
  /** Quotes or labels per run. */
  per_run: number;
  /** Per second, each run; the reported figure is their median. */
  runs_per_s: number[];
  median_per_s: number;
  /** Per call (one quote, or one render call) over all runs, microseconds. */
  latency_us: LatencySummary;
}

/** The sample carriers' demo account data (as src/modules/shipping/use-cases/sample-carriers.ts seeds it). */
const TRACKING = {
  ups: { serviceCodes: { ground: '03', '2nd_day_air': '02', next_day_air: '01' } as Record<string, string> },
  usps: { serviceCodes: { ground_advantage: '001', priority_mail: '055', priority_mail_express: '701' } as Record<string, string> },
};

const SERVICES: { carrierCode: 'ups' | 'fedex' | 'usps'; carrierName: string; service: string; serviceName: string; level: ServiceLevel }[][] = [
  [
    { carrierCode: 'ups', carrierName: 'UPS', service: 'ground', serviceName: 'UPS Ground', level: 'standard' },
    { carrierCode: 'ups', carrierName: 'UPS', service: '2nd_day_air', serviceName: 'UPS 2nd Day Air', level: 'expedited' },
    { carrierCode: 'ups', carrierName: 'UPS', service: 'next_day_air', serviceName: 'UPS Next Day Air', level: 'overnight' },
  ],
  [
    { carrierCode: 'fedex', carrierName: 'FedEx', service: 'ground', serviceName: 'FedEx Ground', level: 'standard' },
    { carrierCode: 'fedex', carrierName: 'FedEx', service: '2day', serviceName: 'FedEx 2Day', level: 'expedited' },
    { carrierCode: 'fedex', carrierName: 'FedEx', service: 'standard_overnight', serviceName: 'FedEx Standard Overnight', level: 'overnight' },
  ],
  [
    { carrierCode: 'usps', carrierName: 'USPS', service: 'ground_advantage', serviceName: 'USPS Ground Advantage', level: 'standard' },
    { carrierCode: 'usps', carrierName: 'USPS', service: 'priority_mail', serviceName: 'USPS Priority Mail', level: 'expedited' },
    { carrierCode: 'usps', carrierName: 'USPS', service: 'priority_mail_express', serviceName: 'USPS Priority Mail Express', level: 'overnight' },
  ],
];

function trackingNumber(carrier: 'ups' | 'fedex' | 'usps', service: string, serial: number): string {
  switch (carrier) {
    case 'ups':
      return generateTrackingNumber('ups', serial, { shipperNumber: 'SAMPLE', serviceCode: TRACKING.ups.serviceCodes[service] ?? '03' });
    case 'fedex':
      return generateTrackingNumber('fedex', 100_000_000 + serial);
    case 'usps':
      return generateTrackingNumber('usps', serial, { mailerId: '900000', serviceTypeCode: TRACKING.usps.serviceCodes[service] ?? '001' });
  }
}

const FIRST = ['Jane', 'Luis', 'Priya', 'Tom', 'Mei', 'Ahmed', 'Olga', 'Kwame', 'Sofia', 'Ravi'];
const LAST = ['Customer', 'García', 'Okafor', 'Nguyen', 'Schmidt', 'Hernández-López', 'Kowalski', 'Smith', "O'Brien", 'Yamamoto'];
const STREETS = ['Main St', 'Oak Avenue', 'Maple Drive', 'Warehouse Way', 'Industrial Pkwy', 'Fifth Avenue', 'Elm Street', 'Commerce Blvd'];

function main(): void {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: {
      quotes: { type: 'string' },
      labels: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const quoteCount = positiveInt('quotes', values.quotes, 20_000);
  const labelCount = positiveInt('labels', values.labels, 300);
  const runs = positiveInt('runs', values.runs, 5);
  const seed = positiveInt('seed', values.seed, 1);
  run(quoteCount, labelCount, runs, seed).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}

async function run(quoteCount: number, labelCount: number, runs: number, seed: number): Promise<void> {
  const loadBefore = os.loadavg();
  const t0 = performance.now();
  const cards: CompiledRateCard[] = sampleRateCards().map(compileRateCard);
  const serviceCount = cards.reduce((n, c) => n + c.services.length, 0);
  // Military APO/FPO ZIPs (AA, AE, AP) are in no carrier's domestic zone chart: left out.
  const zips = usZips().filter((z) => !['AA', 'AE', 'AP'].includes(z.region));
  // The sample zone charts chart origins in the 50 states and DC only (no PR, VI, GU…): a
  // warehouse is drawn from the ZIPs every card can ship from.
  const probe = [{ weightGrams: 500, lengthMm: 200, widthMm: 150, heightMm: 100 }];
  const probeTo: ShippingAddress = { line1: '1 Main St', city: 'New York', postalCode: '10001', country: 'US' };
  const origins = zips.filter((z) => cards.every((card) => quoteRateCard(card, probe, { line1: '1 Main St', city: z.city, postalCode: z.zip, country: 'US' }, probeTo).length > 0));
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const address = (pool = zips): ShippingAddress => {
    const z = pick(pool);
    return { name: `${pick(FIRST)} ${pick(LAST)}`, line1: `${between(rand, 1, 9999)} ${pick(STREETS)}`, city: z.city, region: z.region, postalCode: z.zip, country: 'US', residential: rand() < 0.7 };
  };
  const parcel = (): Parcel => ({ weightGrams: between(rand, 200, 15_000), lengthMm: between(rand, 150, 600), widthMm: between(rand, 150, 450), heightMm: between(rand, 50, 400) });

  // --- rate quotes ---------------------------------------------------------------------------
  // The origin's clock is a location setting (its zone is looked up once, not per quote).
  const base = Date.UTC(2026, 11, 14, 0, 0, 0); // Mon 14 Dec 2026: a fortnight around Christmas
  const zoneCache = new Map<string, string>();
  const warmupQuotes = Math.min(2_000, quoteCount);
  const inputs: QuoteInput[] = Array.from({ length: quoteCount + warmupQuotes }, () => {
    const from = { ...address(origins), name: 'Bench Fulfilment', residential: false };
    let timeZone = zoneCache.get(from.postalCode);
    if (timeZone === undefined) {
      timeZone = destinationTimeZone({ line1: from.line1, city: from.city, postal_code: from.postalCode, country: 'US' });
      zoneCache.set(from.postalCode, timeZone);
    }
    return {
      now: new Date(base + Math.floor(rand() * 14 * 24 * 60) * 60_000),
      clock: { timeZone, cutoffTime: pick(['14:00', '15:00', '16:30']), processingDays: rand() < 0.8 ? 0 : 1, country: 'US', region: from.region },
      from,
      to: address(),
      parcels: [parcel(), parcel()],
      serviceLevel: rand() < 0.25 ? pick(['standard', 'expedited', 'overnight'] as const) : undefined,
    };
  });
  const rules: ShippingRules = { strategy: 'cheapest' };
  const outcomes: Record<string, number> = {};
  let candidatesSeen = 0;
  let sink = 0;
  const quoteOne = (q: QuoteInput): string => {
    const shipDate = shipByDate(q.now, q.clock);
    const destination = { country: q.to.country, region: q.to.region };
    const candidates: Candidate[] = [];
    for (const card of cards) {
      for (const r of quoteRateCard(card, q.parcels, q.from, q.to)) candidates.push({ ...r, estimatedDeliveryDate: deliverByDate(shipDate, r.transitDays, destination) });
    }
    const weightGrams = q.parcels.reduce((n, p) => n + p.weightGrams, 0);
    const result = shop(candidates, { serviceLevel: q.serviceLevel, country: q.to.country, weightGrams }, rules);
    sink += rateViews(result.candidates).length;
    candidatesSeen += candidates.length;
    return result.chosen ? `chosen ${result.chosen.carrier}` : candidates.length === 0 ? 'no rates' : 'none eligible';
  };
  log(`data: ${cards.length} cards, ${serviceCount} services, ${zips.length} US ZIPs (${origins.length} of them possible origins), ${inputs.length} quote requests (built in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

  for (let i = quoteCount; i < inputs.length; i++) quoteOne(inputs[i] as QuoteInput);
  const quoteLatency = new LatencyRecorder();
  const quoteRates: number[] = [];
  candidatesSeen = 0;
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    for (let i = 0; i < quoteCount; i++) {
      const a = performance.now();
      const outcome = quoteOne(inputs[i] as QuoteInput);
      quoteLatency.record((performance.now() - a) * 1000);
      if (r === 0) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    quoteRates.push(round((quoteCount / (performance.now() - started)) * 1000, 0));
  }
  const candidatesPerQuote = round(candidatesSeen / (quoteCount * runs), 2);
  const quotes: CaseResult = { name: 'rate quote (2 parcels, 9 services)', per_run: quoteCount, runs_per_s: quoteRates, median_per_s: median(quoteRates), latency_us: quoteLatency.summary() };
  // Are the slowest 1% slow quotes, or slow moments (GC, a loaded machine)? Time those quotes
  // again, each the fastest of 3: if they come out near the median, the tail is the machine's.
  const times = quoteLatency.raw();
  const slowest = [...new Set([...times.keys()].sort((x, y) => (times[y] as number) - (times[x] as number)).slice(0, Math.ceil(times.length / 100)).map((k) => k % quoteCount))];
  const retimed = new LatencyRecorder();
  for (const i of slowest) {
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const a = performance.now();
      quoteOne(inputs[i] as QuoteInput);
      best = Math.min(best, (performance.now() - a) * 1000);
    }
    retimed.record(best);
  }
  const slowestRetimed = retimed.summary();
  log(`  ${quotes.name}: ${quotes.median_per_s}/s (runs ${quoteRates.join(', ')}), p50 ${quotes.latency_us.p50} µs, p99 ${quotes.latency_us.p99} µs; slowest 1% re-timed p50 ${slowestRetimed.p50} µs, max ${slowestRetimed.max} µs`);

  // --- labels --------------------------------------------------------------------------------
  const labels: LabelData[] = Array.from({ length: labelCount }, (_, i) => {
    const s = pick(SERVICES[i % 3] as (typeof SERVICES)[number]);
    const weightGrams = between(rand, 200, 15_000);
    return {
      carrierCode: s.carrierCode,
      carrierName: s.carrierName,
      serviceName: s.serviceName,
      serviceLevel: s.level,
      trackingNumber: trackingNumber(s.carrierCode, s.service, 1_000 + i),
      trackingFormat: s.carrierCode,
      shipFrom: { ...address(origins), name: 'Bench Fulfilment', company: 'Acme Goods Inc' },
      shipTo: address(),
      weightGrams,
      billableWeightGrams: weightGrams + between(rand, 0, 2_000),
      dimensionsMm: { length: between(rand, 150, 600), width: between(rand, 150, 450), height: between(rand, 50, 400) },
      reference: `SO-${100_000 + i}`,
      packageIndex: 1,
      packageCount: 1,
      shipDate: '2026-12-15',
      sample: true,
    };
  });
  const batches: LabelData[][] = [];
  for (let i = 0; i < labels.length; i += 10) batches.push(labels.slice(i, i + 10).map((l, k, all) => ({ ...l, packageIndex: k + 1, packageCount: all.length })));

  const labelCase = async (name: string, calls: LabelData[][], render: (batch: LabelData[]) => Promise<number> | number): Promise<CaseResult & { bytes_per_label: number }> => {
    // Warm-up: the first PDF loads pdfkit and bwip-js and the fonts.
    for (const batch of calls.slice(0, Math.min(calls.length, 10))) sink += await render(batch);
    const latency = new LatencyRecorder();
    const rates: number[] = [];
    let bytes = 0;
    for (let r = 0; r < runs; r++) {
      bytes = 0;
      const started = performance.now();
      for (const batch of calls) {
        const a = performance.now();
        bytes += await render(batch);
        latency.record((performance.now() - a) * 1000);
      }
      rates.push(round((labelCount / (performance.now() - started)) * 1000, 1));
    }
    const result = { name, per_run: labelCount, runs_per_s: rates, median_per_s: median(rates), latency_us: latency.summary(), bytes_per_label: Math.round(bytes / labelCount) };
    log(`  ${name}: ${result.median_per_s} labels/s (runs ${rates.join(', ')}), per call p50 ${result.latency_us.p50} µs, p99 ${result.latency_us.p99} µs, ${result.bytes_per_label} bytes/label`);
    return result;
  };
  const singles = labels.map((l) => [l]);
  const labelResults = [
    await labelCase('PDF, 1 label per call', singles, async (b) => (await renderLabelsPdf(b)).length),
    await labelCase('PDF, 10 labels per call', batches, async (b) => (await renderLabelsPdf(b)).length),
    await labelCase('ZPL, 1 label per call', singles, (b) => Buffer.byteLength(renderLabelsZpl(b))),
  ];

  // --- report --------------------------------------------------------------------------------
  const loadAfter = os.loadavg();
  const header = ['case', 'per second (median)', 'runs', 'p50 µs/call', 'p99 µs/call', 'max µs/call'];
  const rows = [quotes, ...labelResults].map((r) => [
    r.name,
    String(r.median_per_s),
    `${runs}×${r.per_run}`,
    String(r.latency_us.p50),
    String(r.latency_us.p99),
    String(r.latency_us.max),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  process.stdout.write(`\nnode ${process.version}, ${os.availableParallelism()} cpus, load average ${loadBefore.map((v) => v.toFixed(2)).join(' ')} → ${loadAfter.map((v) => v.toFixed(2)).join(' ')}; seed ${seed}\n`);
  process.stdout.write(`${[line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')}\n`);
  process.stdout.write(`quotes: slowest 1% re-timed (fastest of 3 each) p50 ${slowestRetimed.p50} µs, p99 ${slowestRetimed.p99} µs; ${candidatesPerQuote} candidates per quote; ${Object.entries(outcomes).sort().map(([k, v]) => `${k} ${((v / quoteCount) * 100).toFixed(1)}%`).join(', ')}\n`);
  process.stdout.write(`labels: ${labelResults.map((r) => `${r.name} ${r.bytes_per_label} bytes/label`).join('; ')}\n`);
  const doc = {
    schema: 'oms-bench-shipping/1',
    finished_at: new Date().toISOString(),
    environment: { node: process.version, platform: process.platform, arch: process.arch, cpus: os.availableParallelism(), cpu_model: os.cpus()[0]?.model ?? 'unknown', load_average_before: loadBefore.map((v) => round(v, 2)), load_average_after: loadAfter.map((v) => round(v, 2)) },
    config: { quotes: quoteCount, labels: labelCount, runs, seed, cards: cards.length, services: serviceCount, parcels_per_quote: 2, destination_zips: zips.length, origin_zips: origins.length },
    quotes: { ...quotes, slowest_1pct_retimed_us: slowestRetimed, candidates_per_quote: candidatesPerQuote, outcomes },
    labels: labelResults,
    checksum: sink,
  };
  process.stdout.write(`${JSON.stringify(doc)}\n`);
}

main();
