// The scale-out example end to end on the committed Fashion-MNIST slice: kerasm trains and
// saves (examples/scale_out/train.mjs), Keras 3 trains further data-parallel over 2 JAX CPU
// devices (train_keras.py), kerasm loads that and evaluates (serve.mjs). Each side evaluates the
// same model on the same test samples, so their numbers must agree; the step counts prove the
// optimizer state travelled both ways. Runs the real example scripts, so it needs dist/.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasPython, pythonNotice, runPython } from '../../helpers/python.js';

const repo = resolve(import.meta.dirname, '../../..');
const example = join(repo, 'examples/scale_out');
const env = { KERASM_FASHION_MNIST: join(repo, 'tests/data/fashion-mnist-slice') };

const lastJson = (out: string): Record<string, number> => JSON.parse(out.trim().split('\n').filter((l) => l.startsWith('{')).at(-1)!);

function node(script: string, args: string[]): Record<string, number> {
  const out = execFileSync(process.execPath, [join(example, script), ...args], {
    cwd: repo, encoding: 'utf8', timeout: 300_000, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  return lastJson(out);
}

const relClose = (a: number, b: number, rtol: number) => Math.abs(a - b) <= rtol * Math.abs(b);

pythonNotice('the scale-out round trip (kerasm → Keras DataParallel → kerasm)');

describe.skipIf(!hasPython)('examples/scale_out: kerasm → Keras 3 DataParallel on 2 devices → kerasm', () => {
  let dir = '';
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('trains in kerasm, further in Keras on 2 devices, and serves in kerasm with the same numbers', () => {
    if (!existsSync(join(repo, 'dist/index.js'))) throw new Error('the scale-out example runs on the built bundle: run `npm run build` (or `bash scripts/setup.sh`).');
    dir = mkdtempSync(join(tmpdir(), 'kerasm-scale-out-'));
    // The slice has 64 training and 32 test images: kerasm trains on the first 32, Keras on the next 32.
    const kerasm = node('train.mjs', ['--out', dir, '--train', '32', '--epochs', '1', '--batch', '16', '--test', '32']);
    expect(kerasm.iterations).toBe(2);

    const keras = lastJson(runPython(join(example, 'train_keras.py'), [
      join(dir, 'kerasm.keras'), join(dir, 'keras.keras'), '--devices', '2', '--offset', '32', '--train', '32',
      '--batch-size', '16', '--epochs', '2', '--test', '32',
    ], { env, timeoutMs: 600_000 }));
    expect(keras.devices).toBe(2);
    expect(keras.start_iterations, 'Keras resumed from kerasm\'s optimizer step').toBe(kerasm.iterations);
    expect(keras.iterations, '2 epochs of 2 batches in Keras').toBe(kerasm.iterations + 4);
    // Keras evaluating kerasm's file gives what kerasm computed for its own model.
    expect(keras.keras_test_accuracy_before).toBeCloseTo(kerasm.testAccuracy, 6); // Keras reports float32
    expect(relClose(keras.keras_test_loss_before, kerasm.testLoss, 1e-5), `loss ${keras.keras_test_loss_before} vs ${kerasm.testLoss}`).toBe(true);
    expect(keras.keras_test_loss, 'Keras training changed the model').not.toBe(keras.keras_test_loss_before);

    const served = node('serve.mjs', ['--out', dir, '--test', '32']);
    expect(served.iterations, 'the optimizer step count came back from Keras').toBe(keras.iterations);
    expect(served.testAccuracy).toBeCloseTo(keras.keras_test_accuracy, 6);
    expect(relClose(served.testLoss, keras.keras_test_loss, 1e-5), `loss ${served.testLoss} vs ${keras.keras_test_loss}`).toBe(true);
  }, 900_000);
});
