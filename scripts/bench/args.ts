import { parseArgs } from 'node:util';

export const SCENARIOS = ['uniform', 'hot'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** Concurrency levels each scenario runs at when --concurrency is not given. */
export const DEFAULT_CONCURRENCY: Record<ScenarioName, number[]> = {
  uniform: [1, 16, 64],
  hot: [16, 64],
};

export interface BenchOptions {
  scenarios: ScenarioName[];
  /** Explicit levels from --concurrency; undefined = per-scenario defaults. */
  concurrency: number[] | undefined;
  durationS: number;
  warmupS: number;
  json: boolean;
  postgres: boolean;
  products: number;
  /** 3: the default three warehouses; otherwise the US network of scripts/bench/network.ts. */
  locations: number;
  /** With the US network: route by the default rule instead of seeding the two-rule policy. */
  defaultRule: boolean;
  /** Every order carries the channel's sale (`transactions` on the canonical order): its ledger opens at capture. */
  transactions: boolean;
  /**
   * Fraud screening at capture (the tenant setting fraud_screening, ADR 0030): on, as a tenant has
   * it by default, or off; `both`: two tenants seeded alike in one server, one with it off and one
   * on, their orders alternating in one run, so both see the same machine at the same moment;
   * `both-off`: the same two tenants with screening off for both, the noise floor of `both` (what
   * two identical groups differ by in one run).
   */
  screening: 'on' | 'off' | 'both' | 'both-off';
  /**
   * Open loop: orders arrive at this many per second (at most `concurrency` in flight), and each
   * latency counts from the order's scheduled arrival, so waiting for a free slot is included.
   * Undefined: closed loop (every in-flight slot sends again as soon as it is answered).
   */
  ratePerS: number | undefined;
  keep: boolean;
  verbose: boolean;
  serverEntry: string;
}

const HELP = `Usage: npm run bench -- [options]

Starts the OMS server (src/apps/cli.ts serve) on a fresh database, seeds it over the HTTP API,
then measures order capture throughput and latency.

Options:
  --scenarios LIST     comma-separated: uniform,hot (default: uniform,hot)
  --concurrency LIST   comma-separated in-flight request counts, applied to every scenario
                       (default: uniform 1,16,64; hot 16,64)
  --duration S         measured seconds per run (default 10)
  --warmup S           warm-up seconds before each run, not measured (default 2)
  --json               print the result document as JSON on stdout (the table goes to stderr)
  --postgres           use PostgreSQL: a fresh database oms_bench_<ts> is created on
                       $DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432) and dropped after
  --products N         number of products to seed (default 10000)
  --locations N        locations to seed (default 3: three warehouses in one town, each holding
                       every product). Any other N seeds a US network: N locations of mixed types
                       in 50 US cities, each product stocked at a seeded 5-15 of them, a two-rule
                       routing policy (nearby warehouses by distance, then anywhere), and orders
                       shipped to random US ZIPs
  --default-rule       with --locations other than 3: no routing policy (the default rule routes)
  --transactions       every order carries the channel's sale of its total (\`transactions\`), so
                       capture also opens the payment ledger (compare with and without)
  --screening on|off|both|both-off
                       fraud screening at capture (default on, as every tenant has it); compare the two.
                       both: two tenants seeded alike, screening off for one and on for the other,
                       their orders alternating in ONE run; the result has each one's latency
                       (by_group) and what screening added. Every order has its own customer e-mail,
                       street address and client IP either way, as real orders do (velocity is
                       counted per e-mail, address and IP).
                       both-off: the same two tenants, screening off for both: how far two identical
                       groups differ in one run, the noise floor of what \`both\` reports
  --rate R             open loop: orders arrive at R per second (the --concurrency levels cap how many
                       are in flight), latency counted from each order's scheduled arrival. Without it
                       the load is a closed loop, which at saturation measures the host's queue, not
                       the capture (compare screening on/off both ways)
  --keep               keep the database / data dir afterwards
  --verbose            echo server output to stderr
  --server-entry PATH  server CLI entry (default src/apps/cli.ts)
  -h, --help           this help

Database selection:
  BENCH_DATABASE_URL set        used as-is (not created, not dropped)
  DATABASE_URL set / --postgres a fresh database is created next to it and dropped after
  otherwise                     embedded PGlite in a fresh temp OMS_DATA_DIR

Results are always written to bench-results/<timestamp>.json (server log: <timestamp>.server.log).
`;

function positiveNumber(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got "${raw}"`);
  return value;
}

function positiveIntList(name: string, raw: string): number[] {
  const values = raw.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name}: "${s}" is not a positive integer`);
    return n;
  });
  if (values.length === 0) throw new Error(`--${name} must list at least one value`);
  return values;
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      scenarios: { type: 'string' },
      concurrency: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      json: { type: 'boolean', default: false },
      postgres: { type: 'boolean', default: false },
      products: { type: 'string' },
      locations: { type: 'string' },
      'default-rule': { type: 'boolean', default: false },
      transactions: { type: 'boolean', default: false },
      screening: { type: 'string' },
      rate: { type: 'string' },
      keep: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      'server-entry': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  let scenarios: ScenarioName[] = [...SCENARIOS];
  if (values.scenarios !== undefined) {
    scenarios = values.scenarios.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
      if (!(SCENARIOS as readonly string[]).includes(s)) throw new Error(`--scenarios: unknown scenario "${s}" (known: ${SCENARIOS.join(', ')})`);
      return s as ScenarioName;
    });
    if (scenarios.length === 0) throw new Error('--scenarios must list at least one scenario');
  }
  const products = values.products === undefined ? 10_000 : positiveNumber('products', values.products);
  if (!Number.isInteger(products) || products < 5) throw new Error('--products must be an integer >= 5 (the hot scenario uses SKU-00000..SKU-00004)');
  const locations = values.locations === undefined ? 3 : positiveNumber('locations', values.locations);
  if (!Number.isInteger(locations) || locations < 3 || locations > 500) throw new Error('--locations must be an integer from 3 to 500');
  if (values['default-rule'] && locations === 3) throw new Error('--default-rule applies to the US network only (--locations other than 3); the default 3 locations never have a policy');
  if (values.screening !== undefined && !['on', 'off', 'both', 'both-off'].includes(values.screening)) throw new Error(`--screening must be on, off, both or both-off, got "${values.screening}"`);
  return {
    scenarios,
    concurrency: values.concurrency === undefined ? undefined : positiveIntList('concurrency', values.concurrency),
    durationS: values.duration === undefined ? 10 : positiveNumber('duration', values.duration),
    warmupS: values.warmup === undefined ? 2 : values.warmup === '0' ? 0 : positiveNumber('warmup', values.warmup),
    json: values.json ?? false,
    postgres: values.postgres ?? false,
    products,
    locations,
    defaultRule: values['default-rule'] ?? false,
    transactions: values.transactions ?? false,
    screening: values.screening === 'off' || values.screening === 'both' || values.screening === 'both-off' ? values.screening : 'on',
    ratePerS: values.rate === undefined ? undefined : positiveNumber('rate', values.rate),
    keep: values.keep ?? false,
    verbose: values.verbose ?? false,
    serverEntry: values['server-entry'] ?? 'src/apps/cli.ts',
  };
}
