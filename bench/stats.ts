// Small statistics helpers for the bench: quantiles of samples, and an in-process timing
// loop (warm-up, then repetitions until both a minimum count and a minimum time are reached).

import { performance } from 'node:perf_hooks';

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
}

/** Nearest-rank quantile of sorted samples. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN };
}

export interface LoopOptions {
  readonly warmupRuns: number;
  readonly minRuns: number;
  readonly minMs: number;
}

/** Folded into by every measured run, so nothing can be optimised away. */
export let sink = 0;
export const consume = (n: number): void => {
  sink = (sink + n) | 0;
};

/** Times `run` in this process: warm-up runs first, then at least minRuns runs and minMs ms. */
export function timeLoop(run: () => void, options: LoopOptions): Summary {
  for (let i = 0; i < options.warmupRuns; i++) run();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < options.minRuns || performance.now() - start < options.minMs) {
    const t0 = performance.now();
    run();
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

/** The floor of reading a config: split into lines and find the `=` on each. */
export function baselineRead(text: string): void {
  const lines = text.split('\n');
  let s = lines.length;
  for (let i = 0; i < lines.length; i++) s += lines[i]!.indexOf('=');
  consume(s);
}

/** Median ms of baselineRead over `texts` (all read in one run), measured here in the bench process. */
export function baselineMs(texts: readonly string[], quick: boolean): Summary {
  return timeLoop(() => texts.forEach(baselineRead), quick ? { warmupRuns: 20, minRuns: 20, minMs: 200 } : { warmupRuns: 50, minRuns: 50, minMs: 1000 });
}
