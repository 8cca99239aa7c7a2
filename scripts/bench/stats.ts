/** Latency recorder: every sample kept, percentiles by nearest rank over a sorted copy. */
export class LatencyRecorder {
  private samples = new Float64Array(1024);
  private n = 0;

  record(ms: number): void {
    if (this.n === this.samples.length) {
      const bigger = new Float64Array(this.samples.length * 2);
      bigger.set(this.samples);
      this.samples = bigger;
    }
    this.samples[this.n++] = ms;
  }

  /** The samples in recording order (a copy). */
  raw(): Float64Array {
    return this.samples.slice(0, this.n);
  }

  get count(): number {
    return this.n;
  }

  summary(): LatencySummary {
    if (this.n === 0) return { count: 0, min: null, mean: null, p50: null, p90: null, p95: null, p99: null, max: null };
    const sorted = this.samples.slice(0, this.n).sort();
    let sum = 0;
    for (const v of sorted) sum += v;
    const at = (p: number): number => round(sorted[Math.min(this.n - 1, Math.max(0, Math.ceil((p / 100) * this.n) - 1))] ?? 0);
    return {
      count: this.n,
      min: round(sorted[0] ?? 0),
      mean: round(sum / this.n),
      p50: at(50),
      p90: at(90),
      p95: at(95),
      p99: at(99),
      max: round(sorted[this.n - 1] ?? 0),
    };
  }
}

export interface LatencySummary {
  count: number;
  min: number | null;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export function round(v: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
