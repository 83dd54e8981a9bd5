// The TypeScript side of kerasm_fixture_io.py: the JSON sidecars' array encoding, the fixture
// shape, and the comparisons both directions use.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { Tensor, tensor } from '../../../ts/index.js';
import { Dropout } from '../../../ts/layers/core/dropout.js';
import {
  AlphaDropout, CutMix, GaussianDropout, GaussianNoise, MixUp, RandomBrightness, RandomContrast, RandomCrop, RandomErasing, RandomFlip, RandomRotation, RandomTranslation, RandomZoom,
} from '../../../ts/layers/index.js';
import type { Layer } from '../../../ts/layers/layer.js';
import type { Model } from '../../../ts/models/model.js';

export interface Arr { dtype: 'float32' | 'int32'; shape: number[]; b64: string }
export interface LayerWeight { layer: string; index: number; name: string; value: Arr }
export interface Fixture {
  name: string;
  model_name: string;
  inputs: Arr[];
  predictions: Arr[];
  compile_config: Record<string, unknown>;
  train: { x: Arr[]; y: Arr[]; steps_before_save: number };
  optimizer: { class_name: string; iterations: number; variables: { name: string; path: string; value: Arr }[] };
  next_step: { dropout_layers_set_to_rate_0: number; logs: Record<string, number>; weights: LayerWeight[] };
}

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export const fixtureNames = (): string[] =>
  readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();

export const readFixture = (name: string): Fixture => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));

export function decode(a: Arr): Float32Array | Int32Array {
  const bytes = Buffer.from(a.b64, 'base64');
  const copy = new Uint8Array(bytes); // own, aligned buffer
  return a.dtype === 'int32' ? new Int32Array(copy.buffer) : new Float32Array(copy.buffer);
}

export function encode(values: Float32Array | Int32Array, shape: readonly number[]): Arr {
  return { dtype: values instanceof Int32Array ? 'int32' : 'float32', shape: [...shape], b64: Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64') };
}

export const toTensor = (a: Arr): Tensor => tensor(decode(a), a.shape, a.dtype);

/** One tensor for a single-input model, a list otherwise (as Keras takes them). */
export const modelInputs = (arrs: Arr[]): Tensor | Tensor[] => (arrs.length === 1 ? toTensor(arrs[0]!) : arrs.map(toTensor));

export const listOf = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

/** Asserts |actual − expected| ≤ atol + rtol·|expected| element-wise (numpy's allclose), naming `what`. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rtol: number, atol: number): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let worst = -1, worstRatio = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i]! - expected[i]!);
    const r = d / (atol + rtol * Math.abs(expected[i]!));
    if (!(r <= worstRatio)) { worstRatio = r; worst = i; }
  }
  if (worst >= 0 && !(worstRatio <= 1)) {
    expect.fail(`${what}: element ${worst} is ${actual[worst]}, expected ${expected[worst]} (|diff| ${Math.abs(actual[worst]! - expected[worst]!)} > ${atol} + ${rtol}·|expected|)`);
  }
}

/** Predictions: float32 agreement as the issue asks (1e-5 relative). */
export const PRED_RTOL = 1e-5, PRED_ATOL = 1e-6;
/** Weights after one more step: the same relative bound, but a looser absolute one, for weights
 * whose gradient is float32 noise around 0 (a bias before BatchNormalization): there the step
 * moves them by up to ~lr·(relative gradient error). check_kerasm_files.py uses the same. */
export const STEP_RTOL = 1e-5, STEP_ATOL = 1e-5;

/** Sets every Dropout's (and noise layer's) rate or stddev to 0 (the fixtures' next step is taken that way in both libraries). */
export function dropoutOff(model: Model): number {
  let n = 0;
  for (const layer of model.layers) {
    if (layer instanceof Dropout || layer instanceof GaussianDropout || layer instanceof AlphaDropout) {
      (layer as unknown as { rate: number }).rate = 0;
      n++;
    } else if (layer instanceof GaussianNoise) {
      (layer as unknown as { stddev: number }).stddev = 0;
      n++;
    } else if (augmentationOff(layer)) {
      n++;
    }
  }
  return n;
}

/**
 * Makes a random augmentation layer draw its identity transformation (a RandomCrop: the
 * window at (1, 1)), as kerasm_fixture_io.py's augmentation_off; false for other layers.
 */
export function augmentationOff(layer: Layer): boolean {
  const l = layer as unknown as Record<string, unknown>;
  if (layer instanceof RandomFlip) l.randomParams = (n: number) => new Array<boolean>(n).fill(false);
  else if (layer instanceof RandomCrop) l.randomParams = () => [1, 1];
  else if (layer instanceof MixUp) l.randomParams = (n: number) => ({ weights: new Array<number>(n).fill(1), order: Array.from({ length: n }, (_, i) => i) });
  else if (layer instanceof CutMix) l.randomParams = (n: number) => ({ boxes: Array.from({ length: n }, () => [0, 0, 0, 0]), order: Array.from({ length: n }, (_, i) => i) });
  else if (layer instanceof RandomRotation || layer instanceof RandomContrast || layer instanceof RandomBrightness || layer instanceof RandomErasing) l.factor = [0, 0];
  else if (layer instanceof RandomZoom || layer instanceof RandomTranslation) {
    l.hRange = [0, 0];
    if (l.wRange) l.wRange = [0, 0];
  } else return false;
  return true;
}

/** Every layer's weights in Keras order, in the sidecar's form. */
export function layerWeights(model: Model): LayerWeight[] {
  return model.layers.flatMap((layer) => layer.weights.map((v, index) => ({
    layer: layer.name, index, name: v.name, value: encode(v.dtype === 'int32' ? v.buf.i32().slice() : v.buf.f32().slice(), v.shape),
  })));
}
