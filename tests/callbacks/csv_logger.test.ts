// CSVLogger in Node. The expected file contents are what Keras 3.15's CSVLogger writes for the
// same logs (read back with newline=''):
//   cb = CSVLogger(f, append=...); cb.on_train_begin(); cb.on_epoch_end(0, {...}); ...

import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CSVLogger } from '../../ts/callbacks/index.js';
import { tempPathFor } from '../../ts/callbacks/csv_logger.js';
import { ValueError } from '../../ts/errors.js';
import { FakeModel, runEpochs } from './fake_model.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kerasm-csv-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const EPOCHS = [
  { loss: 0.4321000039577484, accuracy: 1, lr: 1e-5 },
  { loss: Number.NaN, accuracy: 0.03125, lr: 100 },
];
const ROWS = '0,1.0,0.4321000039577484,1e-05,NA,NA,NA\r\n1,0.03125,nan,100.0,NA,NA,NA\r\n';
const HEADER = 'epoch,accuracy,loss,lr,val_accuracy,val_loss,val_lr\r\n';

describe('CSVLogger', () => {
  it('writes epoch + sorted keys, val_ columns as NA, Python float formatting', async () => {
    const file = join(dir, 'log.csv');
    const cb = new CSVLogger(file);
    await runEpochs(cb, new FakeModel(), EPOCHS);
    expect(readFileSync(file, 'utf8')).toBe(HEADER + ROWS);
    expect(cb.toString()).toBe(HEADER + ROWS);
    expect(readdirSync(dir)).toEqual(['log.csv']); // no temporary file left behind
  });

  it('keeps the columns of the first epoch and uses the separator', async () => {
    const file = join(dir, 'log.csv');
    await runEpochs(new CSVLogger(file, { separator: ';' }), new FakeModel(), [{ val_loss: 1.5, loss: 2 }, { loss: 2.5 }]);
    expect(readFileSync(file, 'utf8')).toBe('epoch;loss;val_loss\r\n0;2.0;1.5\r\n1;2.5;NA\r\n');
  });

  it('writes the file after every epoch', async () => {
    const file = join(dir, 'log.csv');
    const cb = new CSVLogger(file);
    cb.setModel(new FakeModel());
    await cb.onTrainBegin();
    await cb.onEpochEnd(0, { loss: 0.5 });
    expect(readFileSync(file, 'utf8')).toBe('epoch,loss,val_loss\r\n0,0.5,NA\r\n');
  });

  it('append: adds rows without a second header; without append: replaces the file', async () => {
    const file = join(dir, 'log.csv');
    await runEpochs(new CSVLogger(file, { append: true }), new FakeModel(), EPOCHS);
    await runEpochs(new CSVLogger(file, { append: true }), new FakeModel(), EPOCHS);
    expect(readFileSync(file, 'utf8')).toBe(HEADER + ROWS + ROWS);
    await runEpochs(new CSVLogger(file), new FakeModel(), EPOCHS);
    expect(readFileSync(file, 'utf8')).toBe(HEADER + ROWS);
  });

  it('append to an empty or missing file writes the header', async () => {
    const file = join(dir, 'empty.csv');
    writeFileSync(file, '');
    await runEpochs(new CSVLogger(file, { append: true }), new FakeModel(), [{ loss: 1 }]);
    expect(readFileSync(file, 'utf8')).toBe('epoch,loss,val_loss\r\n0,1.0,NA\r\n');
    const missing = join(dir, 'missing.csv');
    await runEpochs(new CSVLogger(missing, { append: true }), new FakeModel(), [{ loss: 1 }]);
    expect(readFileSync(missing, 'utf8')).toBe('epoch,loss,val_loss\r\n0,1.0,NA\r\n');
  });

  it('a failed write rejects and leaves the existing file untouched', async () => {
    const file = join(dir, 'log.csv');
    writeFileSync(file, 'precious\n');
    // A directory where the temporary file goes makes the write fail (EISDIR), even as root.
    mkdirSync(tempPathFor(file));
    const cb = new CSVLogger(file);
    await expect(runEpochs(cb, new FakeModel(), [{ loss: 1 }])).rejects.toThrow(/could not write .*log\.csv.*left unchanged/);
    expect(readFileSync(file, 'utf8')).toBe('precious\n');
    // Even at train begin nothing was truncated (Keras opens the file with 'w' there).
    rmSync(tempPathFor(file), { recursive: true });
    await runEpochs(cb, new FakeModel(), [{ loss: 1 }]);
    expect(readFileSync(file, 'utf8')).toBe('epoch,loss,val_loss\r\n0,1.0,NA\r\n');
  });

  it('quotes fields that contain the separator or quotes', async () => {
    const file = join(dir, 'q.csv');
    await runEpochs(new CSVLogger(file), new FakeModel(), [{ 'a,b': 1, 'say "hi"': 2, val_x: 3 }]);
    expect(readFileSync(file, 'utf8')).toBe('epoch,"a,b","say ""hi""",val_x\r\n0,1.0,2.0,3.0\r\n');
  });

  it('toBlob gives the text as text/csv', async () => {
    const cb = new CSVLogger(join(dir, 'b.csv'));
    await runEpochs(cb, new FakeModel(), [{ loss: 0.25 }]);
    const blob = cb.toBlob();
    expect(blob.type).toBe('text/csv');
    expect(await blob.text()).toBe('epoch,loss,val_loss\r\n0,0.25,NA\r\n');
  });

  it('tempPathFor stays in the same folder', () => {
    expect(tempPathFor('/a/b/log.csv')).toBe(`/a/b/.log.csv.${process.pid}.tmp`);
    expect(tempPathFor('log.csv')).toBe(`.log.csv.${process.pid}.tmp`);
  });

  it('rejects a bad filename or separator', () => {
    expect(() => new CSVLogger('')).toThrow(ValueError);
    expect(() => new CSVLogger('x.csv', { separator: ';;' })).toThrow(/Received: separator=';;'/);
  });
});
