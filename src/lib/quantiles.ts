/**
 * Quantiles of a stream in bounded memory. Up to EXACT_LIMIT values are kept and the quantiles are
 * exact (the order statistics an audit of a small ref has always shown); past that the values
 * move into a DDSketch (Datadog's @datadog/sketches-js: a quantile sketch with a relative-error
 * guarantee, here ±0.5 %, and a few hundred buckets whatever the count), and `approximate` says
 * so. Count, min, max and mean are exact either way.
 */
import { DDSketch } from '@datadog/sketches-js';

/** Values kept exactly before switching to the sketch (128 KB as float64). */
export const EXACT_LIMIT = 16_384;
/** The sketch's relative accuracy: a reported p50 of 1,000 is the true one within ±5. */
export const SKETCH_RELATIVE_ACCURACY = 0.005;

export interface Quantiles {
  count: number;
  min: number;
  p10: number;
  p50: number;
  p90: number;
  max: number;
  mean: number;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export class QuantileStream {
  private values: Float64Array | null = new Float64Array(64);
  private sketch: DDSketch | null = null;
  private n = 0;
  private sum = 0;
  private lo = Infinity;
  private hi = -Infinity;

  add(x: number): void {
    this.n++;
    this.sum += x;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    if (this.sketch) {
      this.sketch.accept(x);
      return;
    }
    let v = this.values!;
    if (this.n > v.length) {
      if (this.n > EXACT_LIMIT) {
        this.sketch = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
        for (let i = 0; i < this.n - 1; i++) this.sketch.accept(v[i]);
        this.sketch.accept(x);
        this.values = null;
        return;
      }
      const grown = new Float64Array(Math.min(EXACT_LIMIT, v.length * 2));
      grown.set(v);
      this.values = v = grown;
    }
    v[this.n - 1] = x;
  }

  get count(): number {
    return this.n;
  }

  /** True once the quantiles come from the sketch. */
  get approximate(): boolean {
    return this.sketch !== null;
  }

  /** p10/p50/p90 (nearest rank), min, max (4 decimals) and mean (2); null for no values. */
  result(): Quantiles | null {
    if (this.n === 0) return null;
    let at: (q: number) => number;
    if (this.sketch) {
      const s = this.sketch;
      // Clamped: a sketch's bucket value may fall just outside the exact range.
      at = (q) => Math.min(this.hi, Math.max(this.lo, s.getValueAtQuantile(q)));
    } else {
      const v = this.values!.slice(0, this.n).sort();
      at = (q) => v[Math.min(v.length - 1, Math.floor(q * (v.length - 1) + 0.5))];
    }
    return {
      count: this.n,
      min: round(this.lo, 4),
      p10: round(at(0.1), 4),
      p50: round(at(0.5), 4),
      p90: round(at(0.9), 4),
      max: round(this.hi, 4),
      mean: round(this.sum / this.n, 2),
    };
  }
}
