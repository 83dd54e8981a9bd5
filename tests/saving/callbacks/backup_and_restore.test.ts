// BackupAndRestore: a fit killed mid-epoch (SIGKILL, in a child process) and run again
// ends with exactly the weights of an uninterrupted run; so does a fit aborted by an
// exception from a callback. Needs dist/ (the set-up builds it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Sequential } from '../../../ts/models/sequential.js';
import { input } from '../../../ts/layers/input_layer.js';
import * as layers from '../../../ts/layers/index.js';
import * as optimizers from '../../../ts/optimizers/index.js';
import { BackupAndRestore } from '../../../ts/callbacks/backup_and_restore.js';
import { Callback } from '../../../ts/callbacks/callback.js';
import { tensor } from '../../../ts/tensor/creation.js';
import { setSeed } from '../../../ts/tensor/random.js';

const work = mkdtempSync(join(tmpdir(), 'kerasm-backup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const child = fileURLToPath(new URL('./backup_child.mjs', import.meta.url));

function run(mode: string, dir: string, out: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, KERASM_THREADS: '1' };
  delete env.NODE_OPTIONS;
  return spawnSync(process.execPath, [child, mode, dir, out], { env, encoding: 'utf8', timeout: 120_000 });
}

describe('BackupAndRestore', () => {
  it('a run killed mid-epoch resumes and ends with the weights of an uninterrupted run', () => {
    const full = run('full', join(work, 'unused'), join(work, 'full.json'));
    expect(full.status, full.stderr).toBe(0);
    const dir = join(work, 'backup');
    const crashed = run('crash', dir, join(work, 'crashed.json'));
    expect(crashed.signal).toBe('SIGKILL');
    expect(existsSync(join(dir, 'latest.weights.h5'))).toBe(true);
    expect(existsSync(join(work, 'crashed.json'))).toBe(false);
    const resumed = run('resume', dir, join(work, 'resumed.json'));
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(work, 'resumed.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(work, 'full.json'), 'utf8')));
    // A finished run removes its backup (deleteCheckpoint defaults to true).
    expect(existsSync(join(dir, 'latest.weights.h5'))).toBe(false);
  });

  function setup() {
    setSeed(5);
    const x = tensor(Array.from({ length: 48 }, (_, i) => [Math.sin(i), Math.cos(i * 0.7), i % 3 - 1]));
    const y = tensor(Array.from({ length: 48 }, (_, i) => i % 2), [48], 'int32');
    const m = new Sequential([input({ shape: [3] }), layers.dense({ units: 8, activation: 'relu' }), layers.dropout({ rate: 0.25 }), layers.dense({ units: 2, activation: 'softmax' })]);
    m.compile({ optimizer: new optimizers.RMSprop({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy' });
    return { m, x, y };
  }

  it('a fit aborted by an exception resumes after the last completed epoch', async () => {
    const a = setup();
    await a.m.fit(a.x, a.y, { epochs: 5, batchSize: 8, verbose: 0 });
    const want = a.m.getWeights();

    const dir = join(work, 'exc');
    const b = setup();
    class Boom extends Callback {
      override onEpochEnd(epoch: number) {
        if (epoch === 2) throw new Error('boom');
      }
    }
    let epochsRun: number[] = [];
    class Seen extends Callback {
      override onEpochBegin(epoch: number) { epochsRun.push(epoch); }
    }
    await expect(b.m.fit(b.x, b.y, { epochs: 5, batchSize: 8, verbose: 0, callbacks: [new BackupAndRestore({ backupDir: dir }), new Boom()] })).rejects.toThrow('boom');
    expect(existsSync(join(dir, 'latest.weights.h5'))).toBe(true);

    // A fresh process would rebuild the model from scratch: do the same here.
    const c = setup();
    setSeed(999); // the backup restores the generator, whatever the state now
    epochsRun = [];
    await c.m.fit(c.x, c.y, { epochs: 5, batchSize: 8, verbose: 0, callbacks: [new BackupAndRestore({ backupDir: dir }), new Seen()] });
    expect(epochsRun).toEqual([3, 4]);
    expect(c.m.getWeights()).toEqual(want);
    expect(c.m.optimizer!.iterations).toBe(a.m.optimizer!.iterations);
  });

  it('rejects bad arguments with clear errors', () => {
    expect(() => new BackupAndRestore({ backupDir: '' })).toThrow(/Empty `backupDir`/);
    expect(() => new BackupAndRestore({ backupDir: 'x', saveFreq: 0 })).toThrow(/saveFreq/);
    expect(() => new BackupAndRestore({ backupDir: 'x', save_freq: 1 } as never)).toThrow(/did you mean 'saveFreq'/);
  });
});
