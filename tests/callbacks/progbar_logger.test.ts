// ProgbarLogger output through a captured writer and a fake clock (ms). Layout of verbose 1
// (classic Keras): `  12/1875 [>....] - ETA: 14s - loss: …`, final `1875/1875 [====] - 12s
// 6ms/step - loss: …`; verbose 2: `1875/1875 - 12s - 6ms/step - loss: …`.

import { describe, expect, it } from 'vitest';
import { CallbackList, ProgbarLogger, type CallbackParams } from '../../ts/callbacks/index.js';
import { formatMetric, pyFixed, pyRepr, pyRound } from '../../ts/callbacks/format.js';

interface Step { t: number; logs: Record<string, number> }

/** One epoch: `steps` batches ending at the given times, then onEpochEnd at `endT`. */
async function epoch(opts: { tty: boolean; verbose: 0 | 1 | 2; steps?: number | null; epochs?: number; batches: Step[]; endT: number; endLogs: Record<string, number> }) {
  const out: string[] = [];
  let t = 0;
  const logger = new ProgbarLogger({ write: (s) => out.push(s), tty: opts.tty, now: () => t });
  const params: CallbackParams = { epochs: opts.epochs ?? 2, steps: opts.steps === undefined ? 10 : opts.steps, verbose: opts.verbose };
  const cbs = new CallbackList([logger], { params, addProgbar: true });
  await cbs.onTrainBegin({});
  await cbs.onEpochBegin(0, {});
  for (const [i, b] of opts.batches.entries()) {
    t = b.t;
    await cbs.onTrainBatchEnd(i, b.logs);
  }
  t = opts.endT;
  await cbs.onEpochEnd(0, opts.endLogs);
  await cbs.onTrainEnd({});
  return out;
}

const logs = (loss: number, accuracy: number) => ({ loss, accuracy });
const BATCHES: Step[] = [
  { t: 10_000, logs: logs(0.5, 0.25) }, // step 1 takes 10 s: ETA 9 × 10 s = 1:30
  { t: 10_020, logs: logs(0.45, 0.3) }, // 20 ms after the last draw: throttled
  { t: 30_000, logs: logs(0.4, 0.375) }, // 10 s per step since step 1: ETA 7 × 10 s = 1:10
  ...[4, 5, 6, 7, 8].map((s) => ({ t: 10_000 * s, logs: logs(0.3, 0.5) })),
  { t: 90_000, logs: logs(0.3, 0.5) }, // 9/10: ETA 10s
  { t: 99_000, logs: logs(0.25, 0.625) }, // 10/10 (not final yet): ETA 0s
];
const END = { loss: 0.25, accuracy: 0.625, val_loss: 0.03125, val_accuracy: 0.0001 };
const FINAL_METRICS = ' - loss: 0.2500 - accuracy: 0.6250 - val_loss: 0.0312 - val_accuracy: 1.0000e-04';

describe('ProgbarLogger', () => {
  it('verbose 1 on a TTY: "Epoch i/n", \\r redraws at most every 50 ms, then the final line', async () => {
    const out = await epoch({ tty: true, verbose: 1, batches: BATCHES, endT: 100_000, endLogs: END });
    expect(out[0]).toBe('Epoch 1/2\n');
    expect(out[1]).toBe('\r 1/10 [==>...........................] - ETA: 1:30 - loss: 0.5000 - accuracy: 0.2500');
    expect(out[2]).toBe('\r 3/10 [========>.....................] - ETA: 1:10 - loss: 0.4000 - accuracy: 0.3750');
    // The line gets shorter when the ETA does (60 s is shown as seconds): padded with spaces
    // to wipe the old text.
    expect(out[3]).toBe('\r 4/10 [===========>..................] - ETA: 60s - loss: 0.3000 - accuracy: 0.5000 ');
    expect(out[8]).toBe('\r 9/10 [==========================>...] - ETA: 10s - loss: 0.3000 - accuracy: 0.5000');
    expect(out[9]).toBe('\r10/10 [==============================] - ETA: 0s - loss: 0.2500 - accuracy: 0.6250 ');
    // 100 s since the epoch began; (100 − 10) s over the 9 steps after the first.
    expect(out[10]).toBe(`\r10/10 [==============================] - 100s 10s/step${FINAL_METRICS}\n`);
    expect(out).toHaveLength(11);
    expect(out.slice(1, -1).some((s) => s.includes('\n'))).toBe(false); // redraws stay on one line
  });

  it('verbose 1 without a TTY: no \\r updates, only the final line of each epoch', async () => {
    const out = await epoch({ tty: false, verbose: 1, batches: BATCHES, endT: 100_000, endLogs: END });
    expect(out).toEqual(['Epoch 1/2\n', `10/10 [==============================] - 100s 10s/step${FINAL_METRICS}\n`]);
  });

  it('verbose 2: one line per epoch', async () => {
    const out = await epoch({ tty: true, verbose: 2, batches: BATCHES, endT: 100_000, endLogs: END });
    // No per-batch updates, so the time per step is the epoch's time over its steps.
    expect(out).toEqual(['Epoch 1/2\n', `10/10 - 100s - 10s/step${FINAL_METRICS}\n`]);
  });

  it('omits the epoch line for a single epoch, as Keras does', async () => {
    const out = await epoch({ tty: false, verbose: 2, epochs: 1, batches: BATCHES, endT: 100_000, endLogs: END });
    expect(out).toEqual([`10/10 - 100s - 10s/step${FINAL_METRICS}\n`]);
  });

  it('matches the Keras layout at realistic sizes (1875 steps, ms per step)', async () => {
    const batches: Step[] = Array.from({ length: 1875 }, (_, i) => ({ t: 6 * (i + 1), logs: logs(0.4321, 0.8765) }));
    const out = await epoch({ tty: true, verbose: 1, steps: 1875, epochs: 5, batches, endT: 12_000, endLogs: { ...logs(0.3, 0.9), val_loss: 0.35, val_accuracy: 0.89 } });
    expect(out[0]).toBe('Epoch 1/5\n');
    expect(out[1]).toMatch(/^\r {3}1\/1875 \[\.{30}\] - ETA: \d+s - loss: 0\.4321 - accuracy: 0\.8765$/);
    expect(out[2]).toMatch(/^\r {2}10\/1875 \[\.{30}\] - ETA: 11s - loss: 0\.4321 - accuracy: 0\.8765$/);
    for (const line of out.slice(1, -1)) expect(line).toMatch(/^\r[ \d]{4}\/1875 \[(=*>)?\.*\] - ETA: \d+s - loss: 0\.4321 - accuracy: 0\.8765 *$/);
    expect(out.at(-1)).toBe('\r1875/1875 [==============================] - 12s 6ms/step - loss: 0.3000 - accuracy: 0.9000 - val_loss: 0.3500 - val_accuracy: 0.8900\n');
    // Throttled to one redraw per 50 ms: 11.25 s of batches give about 225 lines, not 1875.
    expect(out.length).toBeGreaterThan(200);
    expect(out.length).toBeLessThan(240);
  });

  it('with an unknown number of steps, counts up and then uses the count as the target', async () => {
    const batches: Step[] = [{ t: 2000, logs: { loss: 1 } }, { t: 4000, logs: { loss: 1 } }, { t: 6000, logs: { loss: 1 } }];
    const out = await epoch({ tty: true, verbose: 1, steps: null, epochs: 1, batches, endT: 6000, endLogs: { loss: 0.5 } });
    expect(out[0]).toBe('\r      1/Unknown - 2s 2s/step - loss: 1.0000');
    expect(out.at(-1)).toBe('\r3/3 [==============================] - 6s 2s/step - loss: 0.5000\n');
  });

  it('ETA uses h:mm:ss beyond an hour', async () => {
    const out = await epoch({ tty: true, verbose: 1, steps: 1000, epochs: 1, batches: [{ t: 5000, logs: { loss: 1 } }], endT: 5000, endLogs: { loss: 1 } });
    expect(out[0]).toBe('\r   1/1000 [..............................] - ETA: 1:23:15 - loss: 1.0000');
  });

  it('prints nothing with verbose 0', async () => {
    const out = await epoch({ tty: true, verbose: 0, batches: BATCHES, endT: 100_000, endLogs: END });
    expect(out).toEqual([]);
  });
});

describe('number formatting (Python %-formats)', () => {
  it('formatMetric: 4 decimals, scientific at or below 1e-3, Python rounding and nan/inf', () => {
    const cases: [number, string][] = [
      [0.43215, '0.4321'], [0.03125, '0.0312'], [-0.03125, '-0.0312'], [0.09375, '0.0938'], [2.5, '2.5000'],
      [5e-5, '5.0000e-05'], [12.34565, '12.3456'], [1e-4, '1.0000e-04'], [1e-7, '1.0000e-07'], [0, '0.0000e+00'],
      [-0.0004, '-4.0000e-04'], [1e-3, '1.0000e-03'], [0.0010001, '0.0010'], [Number.NaN, 'nan'], [Infinity, 'inf'],
      [-Infinity, '-inf'], [1234.5, '1234.5000'],
    ];
    for (const [x, want] of cases) expect(formatMetric(x), String(x)).toBe(want);
  });

  it('pyRound / pyFixed round half to even like Python', () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4999, 12.5].map(pyRound)).toEqual(['0', '2', '2', '4', '2', '12']);
    expect(pyFixed(0.125, 2)).toBe('0.12');
    expect(pyFixed(0.375, 2)).toBe('0.38');
  });

  it('pyRepr matches Python repr(float)', () => {
    const cases: [number, string][] = [
      [0.1, '0.1'], [1e-5, '1e-05'], [1.5e16, '1.5e+16'], [1e16, '1e+16'], [123.456, '123.456'], [100, '100.0'],
      [-0, '-0.0'], [0.0001, '0.0001'], [0.00012345, '0.00012345'], [1234567890123456, '1234567890123456.0'],
      [12345678901234567, '1.2345678901234568e+16'], [-2.5e-7, '-2.5e-07'], [0.4321000039577484, '0.4321000039577484'],
      [3, '3.0'], [Number.NaN, 'nan'], [-Infinity, '-inf'],
    ];
    for (const [x, want] of cases) expect(pyRepr(x), String(x)).toBe(want);
  });
});
