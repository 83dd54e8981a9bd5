// TensorBoard logs written in pure TypeScript and read back by TensorBoard itself
// (tensorboard 2.21 from PyPI, via read_logs.py), plus framing/CRC checks against an event
// file written by TensorBoard's own writer.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32c, maskedCrc32c } from '../../../ts/callbacks/tensorboard/crc32c.js';
import { frameRecord, readRecords } from '../../../ts/callbacks/tensorboard/tfrecord.js';
import { histogramBuckets } from '../../../ts/callbacks/tensorboard/events.js';
import { LogStore } from '../../../ts/callbacks/tensorboard/summary_writer.js';
import { TensorBoard } from '../../../ts/callbacks/tensorboard/tensorboard.js';
import { readZip } from '../../../ts/saving/zip.js';
import { Sequential } from '../../../ts/models/sequential.js';
import { input } from '../../../ts/layers/input_layer.js';
import * as layers from '../../../ts/layers/index.js';
import * as optimizers from '../../../ts/optimizers/index.js';
import { tensor } from '../../../ts/tensor/creation.js';
import { setSeed } from '../../../ts/tensor/random.js';
import { hasPython, pythonNotice, runPython } from '../../helpers/python.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'kerasm-tb-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('event file framing', () => {
  it('CRC-32C matches the standard check value and TFRecord masking', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    const c = crc32c(new Uint8Array(32));
    expect(maskedCrc32c(new Uint8Array(32))).toBe(((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0);
  });

  it('reads a file written by TensorBoard\'s own writer, CRCs included', () => {
    const bytes = new Uint8Array(readFileSync(join(here, 'fixtures/tb_written.tfevents')));
    const meta = JSON.parse(readFileSync(join(here, 'fixtures/tb_written.json'), 'utf8'));
    const records = readRecords(bytes);
    expect(records.length).toBe(meta.records);
    // Re-framing each record gives back TensorBoard's bytes exactly.
    const again = records.map(frameRecord);
    expect(Buffer.concat(again).equals(Buffer.from(bytes))).toBe(true);
    const bad = bytes.slice();
    bad[bad.length - 6]! ^= 1;
    expect(() => readRecords(bad)).toThrow(/CRC mismatch/);
  });

  it('histogram buckets cover [min, max] and count every value', () => {
    const rows = histogramBuckets([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5);
    expect(Array.from(rows.filter((_, i) => i % 3 === 2))).toEqual([2, 2, 2, 2, 3]);
    expect(rows[0]).toBe(0);
    expect(rows[13]).toBe(10);
    const one = histogramBuckets([4, 4, 4], 3);
    expect(Array.from(one)).toEqual([4, 4, 0, 4, 4, 0, 4, 4, 3]);
  });
});

function model() {
  setSeed(11);
  const m = new Sequential([input({ shape: [3] }), layers.dense({ units: 5, activation: 'relu', name: 'hidden' }), layers.dense({ units: 2, activation: 'softmax', name: 'out' })]);
  m.compile({ optimizer: new optimizers.Adam({ learningRate: 0.02 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const x = tensor(Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(i), (i % 5) / 5]));
  const y = tensor(Array.from({ length: 40 }, (_, i) => (Math.sin(i) > 0 ? 1 : 0)), [40], 'int32');
  return { m, x, y };
}

describe('TensorBoard callback', () => {
  it.skipIf(!hasPython)('writes scalars, batch scalars and histograms that TensorBoard reads', async () => {
    const { m, x, y } = model();
    const logDir = join(work, 'run1');
    const h = await m.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, validationSplit: 0.25, callbacks: [new TensorBoard({ logDir, histogramFreq: 1, updateFreq: 2 })] });
    const logs = JSON.parse(runPython(join(here, 'read_logs.py'), [logDir]));
    expect(Object.keys(logs).sort()).toEqual(['train', 'validation']);
    const f32 = (v: number) => Math.fround(v);
    expect(logs.train.scalars.epoch_loss).toEqual(h.history.loss!.map((v, i) => [i, f32(v)]));
    expect(logs.train.scalars.epoch_accuracy).toEqual(h.history.accuracy!.map((v, i) => [i, f32(v)]));
    expect(logs.validation.scalars.epoch_loss).toEqual(h.history.val_loss!.map((v, i) => [i, f32(v)]));
    expect(logs.train.scalars.epoch_learning_rate).toEqual([[0, f32(0.02)], [1, f32(0.02)], [2, f32(0.02)]]);
    // 30 training samples / 8 = 4 batches per epoch, 12 in all; a batch scalar every 2.
    expect(logs.train.scalars.batch_loss.map((p: number[]) => p[0])).toEqual([2, 4, 6, 8, 10, 12]);
    const hist = logs.train.histograms['hidden/kernel/histogram'];
    expect(hist.map((p: unknown[]) => p[0])).toEqual([0, 1, 2]);
    for (const [, rows] of hist) expect((rows as number[][]).reduce((s, r) => s + r[2]!, 0)).toBe(15);
    // The model config for the graph tab, as Keras's keras_model_summary writes it.
    const [[step, plugin, json]] = logs.train.tensors.keras;
    expect([step, plugin]).toEqual([0, 'graph_keras_model']);
    expect(JSON.parse(json).class_name).toBe('Sequential');
    expect(Object.keys(logs.train.histograms).sort()).toEqual(['hidden/bias/histogram', 'hidden/kernel/histogram', 'out/bias/histogram', 'out/kernel/histogram']);
  });

  it('keeps logs in memory with a LogStore and zips them', async () => {
    pythonNotice('TensorBoard read-back checks');
    const { m, x, y } = model();
    const store = new LogStore();
    const tb = new TensorBoard({ logDir: 'mem', logStore: store, writeGraph: false });
    await m.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, validationSplit: 0.25, callbacks: [tb] });
    const files = [...store.contents().keys()];
    expect(files.filter((f) => f.startsWith('mem/train/events.out.tfevents.')).length).toBe(1);
    expect(files.filter((f) => f.startsWith('mem/validation/events.out.tfevents.')).length).toBe(1);
    for (const b of store.contents().values()) expect(readRecords(b).length).toBeGreaterThan(1);
    const zip = readZip(await tb.logsZip(), 'logs.zip');
    expect([...zip.keys()].sort()).toEqual(files.sort());
  });

  it('rejects unknown and unsupported options', () => {
    expect(() => new TensorBoard({ log_dir: 'x' } as never)).toThrow(/did you mean 'logDir'/);
    expect(() => new TensorBoard({ profileBatch: 2 } as never)).toThrow(/profileBatch is not supported/);
    expect(() => new TensorBoard({ updateFreq: 0 })).toThrow(/updateFreq/);
  });
});
