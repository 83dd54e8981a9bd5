// fit() on a browser page's main thread must keep the page responsive: it yields to the
// event loop between batches whenever ~15 ms have passed, so the longest stretch without a
// task (measured by a 1 ms interval timer in the page) is bounded by the yield budget plus
// the longest single batch, which is the floor. No absolute timing (shared, noisy machine):
// the probe must fire in every epoch, and the longest gap must stay within a generous
// multiple of the longest batch (plus the budget). The numbers are printed.

import { describe, expect, it } from 'vitest';
import { useChromium } from './harness.js';

interface Results {
  errors: string[];
  info: { variant: string; threadCount: number };
  maxGap: number;
  maxGapAt: string;
  maxExcess: number;
  gaps: string[];
  batchTimes: number[];
  maxBatch: number;
  maxTestBatch: number;
  ticksPerEpoch: number[];
  fitMs: number;
  ticks: number;
  loss: number[];
  valAccuracy: number[];
}

const open = useChromium();
const BUDGET_MS = 15;

describe('fit() on the browser main thread', () => {
  it.each([true, false])('isolated=%s: the page keeps running tasks throughout', async (isolated) => {
    const { results: r, log } = await open<Results>('responsive.html', isolated, 2);
    expect(r.errors, `${r.errors.join('\n')}\n${log.join('\n')}`).toEqual([]);
    const batch = Math.max(r.maxBatch, r.maxTestBatch);
    console.log(`responsive (${r.info.variant}, ${r.info.threadCount} threads): longest gap ${r.maxGap.toFixed(1)} ms at ` +
      `'${r.maxGapAt}'; longest gap beyond the longest batch inside it ${r.maxExcess.toFixed(1)} ms; longest batch ${r.maxBatch.toFixed(1)} ms (validation ${r.maxTestBatch.toFixed(1)} ms); ` +
      `probe firings per epoch ${r.ticksPerEpoch.join(', ')}; fit ${r.fitMs.toFixed(0)} ms; gaps > 30 ms: ${r.gaps.join(' ')}; ` +
      `batches (ms) ${r.batchTimes.join(' ')}`);
    expect(r.valAccuracy.at(-1)!).toBeGreaterThan(0.8);
    expect(r.ticksPerEpoch).toHaveLength(4);
    for (const t of r.ticksPerEpoch) expect(t).toBeGreaterThan(0);
    // Bounded by one batch past the budget; 4× and +4 budgets of slack for a loaded machine.
    expect(r.maxGap).toBeLessThan(4 * (batch + BUDGET_MS) + 4 * BUDGET_MS);
  }, 120_000);
});
