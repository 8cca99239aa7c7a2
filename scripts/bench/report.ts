import type { ScenarioName } from './args.js';
import type { LoadResult } from './load.js';
import type { SeedResult } from './seed.js';
import type { Engine } from './server.js';

export interface ScenarioResult extends LoadResult {
  scenario: ScenarioName;
}

export interface BenchDocument {
  schema: 'oms-bench/1';
  started_at: string;
  finished_at: string;
  /** false when the run was interrupted or failed part-way; results hold what was measured. */
  complete: boolean;
  failure?: string;
  engine: Engine;
  database: string;
  environment: {
    node: string;
    platform: string;
    arch: string;
    cpus: number;
    cpu_model: string;
    total_memory_mb: number;
    git_commit: string | null;
  };
  config: {
    scenarios: ScenarioName[];
    concurrency: Partial<Record<ScenarioName, number[]>>;
    duration_s: number;
    warmup_s: number;
    products: number;
    locations: number;
    routing: string;
    /** Orders carry the channel's sale (`--transactions`). */
    transactions?: boolean;
    /** Fraud screening at capture (`--screening on|off|both|both-off`). */
    screening?: 'on' | 'off' | 'both' | 'both-off';
    /** Open loop's arrival rate (`--rate`), or null for a closed loop. */
    rate_per_s?: number | null;
    load_generator: string;
  };
  server_ready_ms: number | null;
  seed: SeedResult | null;
  results: ScenarioResult[];
  warnings: string[];
}

function fmt(v: number | null, digits = 1): string {
  return v === null ? '-' : v.toFixed(digits);
}

export function renderTable(results: ScenarioResult[]): string {
  const header = ['scenario', 'conc', 'orders/s', 'p50 ms', 'p95 ms', 'p99 ms', 'ok', 'errors'];
  const rows = results.map((r) => [
    r.scenario,
    String(r.concurrency),
    fmt(r.throughput_per_s),
    fmt(r.latency_ms.p50),
    fmt(r.latency_ms.p95),
    fmt(r.latency_ms.p99),
    String(r.successes),
    r.errors === 0 ? '0' : `${r.errors} (${((r.errors / Math.max(1, r.completed)) * 100).toFixed(1)}%)`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];

  const errorDetails = results.filter((r) => r.errors_by_kind.length > 0);
  if (errorDetails.length > 0) {
    out.push('', 'Errors (non-201 responses and transport failures):');
    for (const r of errorDetails) {
      for (const b of r.errors_by_kind) {
        out.push(`  ${r.scenario} c=${r.concurrency}: ${b.kind} × ${b.count}`);
        for (const s of b.samples) out.push(`      ${s}`);
      }
    }
  }
  const gen = results.map((r) => `${r.scenario}/c${r.concurrency}: client ${fmt(r.client_cpu_pct, 0)}% cpu, server ${fmt(r.server_cpu_pct, 0)}% cpu`);
  if (gen.length > 0) out.push('', `CPU (% of one core): ${gen.join('; ')}`);
  return out.join('\n');
}
