// model.fit() in a browser tab: the bundle trains a classifier in headless Chromium, with
// the worker pool on an isolated page and on one thread otherwise, keeps the page's
// event loop turning while it trains, writes a CSV log in memory, and leaks nothing.

import { describe, expect, it } from 'vitest';
import { useChromium } from './harness.js';

interface TrainResults {
  errors: string[];
  info: { variant: string; threadCount: number; readyWorkers: number };
  infoAfter: TrainResults['info'];
  loss: number[];
  valAccuracy: number[];
  ticks: number;
  csvLines: number;
  leak: { buffers: number; bytes: number };
}

const open = useChromium();

describe('training in headless Chromium', () => {
  it.each([[true, /^threads/], [false, /^simd/]] as const)('isolated=%s trains with fit()', async (isolated, variant) => {
    const { results: r, log } = await open<TrainResults>('train.html', isolated, 2);
    expect(r.errors, r.errors.join('\n')).toEqual([]);
    expect(log.filter((l) => /Atomics\.wait|RuntimeError|pageerror/.test(l))).toEqual([]);
    expect(r.info.variant).toMatch(variant);
    expect(r.loss.length).toBe(25);
    expect(r.loss.at(-1)!).toBeLessThan(r.loss[0]! / 3);
    expect(r.valAccuracy.at(-1)!).toBeGreaterThan(0.9);
    // A 0 ms timer fired during training: fit yielded to the event loop.
    expect(r.ticks).toBeGreaterThan(0);
    // Header plus one row per epoch.
    expect(r.csvLines).toBe(26);
    expect(r.leak).toEqual({ buffers: 0, bytes: 0 });
    if (isolated) expect(r.infoAfter.readyWorkers).toBeGreaterThanOrEqual(1);
  }, 90_000);
});
