// Weight and activity penalties added to the training loss (Keras `regularizers`): L1, L2,
// L1L2 and OrthogonalRegularizer, with Keras 3 (de)serialization.

import { ValueError, fmt } from '../errors.js';
import { canonicalName } from '../activations/index.js';
import { abs, square, mulScalar, sqrt, addScalar } from '../ops/unary.js';
import { sum } from '../ops/reduce.js';
import { add, div, mul } from '../ops/binary.js';
import { matmul } from '../ops/matmul.js';
import { fromData } from '../tensor/creation.js';
import { tidy } from '../autograd/gradients.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../utils/options.js';
import { isKerasObject, kerasObject, lookup, type KerasObject } from '../utils/keras_object.js';
import { camelKeys } from '../utils/config_keys.js';

function factor(who: string, name: string, v: unknown, dflt: number): number {
  const x = v ?? dflt;
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) {
    throw new ValueError(`${who}: \`${name}\` must be a non-negative finite number. Received: ${name}=${fmt(v)}`);
  }
  return x;
}

/**
 * Base class of weight penalties (Keras `keras.regularizers.Regularizer`): `call(w)` is added to the loss during training (`model.losses`).
 *
 * @example
 * ```ts
 * class L3 extends regularizers.Regularizer {
 *   readonly className = 'L3';
 *   call(w: Tensor) { return mulScalar(sum(abs(powScalar(w, 3))), 0.01); }
 *   getConfig() { return {}; }
 * }
 * layers.dense({ units: 2, kernelRegularizer: new L3() });
 * ```
 */
export abstract class Regularizer {
  /** The Keras class name written in saved configs (`"L2"`, …). */
  abstract readonly className: string;
  /** The penalty for `x` as a scalar tensor. */
  abstract call(x: Tensor): Tensor;
  /** Keras `get_config()`. */
  abstract getConfig(): Record<string, unknown>;
}

/** l1·Σ|x| + l2·Σx² (Keras `L1L2`; `L1` and `L2` are its one-term cases). */
export class L1L2 extends Regularizer {
  /** Keras class name: `"L1L2"` (`"L1"`/`"L2"` in the subclasses). */
  readonly className: string = 'L1L2';
  /** L1 factor (default 0 here; 0.01 in `L1` and `l1l2()`). */
  readonly l1: number;
  /** L2 factor (default 0 here; 0.01 in `L2` and `l1l2()`). */
  readonly l2: number;

  constructor(opts: { l1?: number; l2?: number } = {}) {
    super();
    checkOptions('L1L2', opts, ['l1', 'l2']);
    this.l1 = factor('L1L2', 'l1', opts.l1, 0);
    this.l2 = factor('L1L2', 'l2', opts.l2, 0);
  }

  call(x: Tensor): Tensor {
    return tidy(() => {
      const parts: Tensor[] = [];
      if (this.l1 > 0) parts.push(mulScalar(sum(abs(x)), this.l1));
      if (this.l2 > 0) parts.push(mulScalar(sum(square(x)), this.l2));
      if (parts.length === 0) return mulScalar(sum(x), 0);
      return parts.length === 1 ? parts[0]! : add(parts[0]!, parts[1]!);
    });
  }

  getConfig(): Record<string, unknown> {
    return { l1: this.l1, l2: this.l2 };
  }
}

/** l1·Σ|x| with `l1` default 0.01 (Keras `L1`, identifier `'l1'`). */
export class L1 extends L1L2 {
  /** Keras class name: `"L1"`. */
  override readonly className = 'L1';
  constructor(opts: { l1?: number } = {}) {
    checkOptions('L1', opts, ['l1']);
    super({ l1: factor('L1', 'l1', opts.l1, 0.01) });
  }
  // Keras keeps l1 as a float32 tensor and writes float(l1).
  override getConfig() {
    return { l1: Math.fround(this.l1) };
  }
}

/** l2·Σx² with `l2` default 0.01 (Keras `L2`, identifier `'l2'`). Note Keras's L2 has no ½. */
export class L2 extends L1L2 {
  /** Keras class name: `"L2"`. */
  override readonly className = 'L2';
  constructor(opts: { l2?: number } = {}) {
    checkOptions('L2', opts, ['l2']);
    super({ l2: factor('L2', 'l2', opts.l2, 0.01) });
  }
  override getConfig() {
    return { l2: this.l2 };
  }
}

/**
 * factor · ½ · mean over pairs of |cos| between the rows (or columns) of a rank-2 weight
 * (Keras `OrthogonalRegularizer`): pushes them towards orthogonality.
 */
export class OrthogonalRegularizer extends Regularizer {
  /** Keras class name: `"OrthogonalRegularizer"`. */
  readonly className = 'OrthogonalRegularizer';
  /** Penalty factor (default 0.01). */
  readonly factor: number;
  /** Whether the rows (default) or the columns are pushed toward orthogonality. */
  readonly mode: 'rows' | 'columns';

  constructor(opts: { factor?: number; mode?: 'rows' | 'columns' } = {}) {
    super();
    checkOptions('OrthogonalRegularizer', opts, ['factor', 'mode']);
    this.factor = factor('OrthogonalRegularizer', 'factor', opts.factor, 0.01);
    this.mode = opts.mode ?? 'rows';
    if (this.mode !== 'rows' && this.mode !== 'columns') {
      throw new ValueError(`OrthogonalRegularizer: Invalid value for argument \`mode\`. Expected one of {"rows", "columns"}. Received: mode=${fmt(opts.mode)}`);
    }
  }

  call(x: Tensor): Tensor {
    if (x.rank !== 2) throw new ValueError(`Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape=${fmt(x.shape)}`);
    return tidy(() => {
      const rows = this.mode === 'rows';
      // Keras `normalize(x, axis)`: x / max(‖x‖, 1e-12) along the feature axis.
      const n = sqrt(sum(square(x), rows ? 1 : 0, true));
      const u = div(x, addScalar(n, 1e-12));
      const prod = rows ? matmul(u, u, false, true) : matmul(u, u, true, false);
      const size = prod.shape[0]!;
      const offDiag = new Float32Array(size * size).fill(1);
      for (let i = 0; i < size; i++) offDiag[i * size + i] = 0;
      const masked = mul(abs(prod), fromData('OrthogonalRegularizer', offDiag, [size, size], 'float32'));
      const pairs = (size * (size - 1)) / 2;
      return mulScalar(sum(masked), (Math.fround(this.factor) * 0.5) / pairs);
    });
  }

  getConfig() {
    return { factor: Math.fround(this.factor), mode: this.mode };
  }
}

type Ctor = new (opts?: never) => Regularizer;
// Pure-marked tables: a bundle that never looks names up drops them.
const CLASSES = /* @__PURE__ */ new Map<string, Ctor>([['L1', L1], ['L2', L2], ['L1L2', L1L2], ['OrthogonalRegularizer', OrthogonalRegularizer]]);
const NAMES = /* @__PURE__ */ (() => new Map<string, Ctor>([
  ...CLASSES, ['l1', L1], ['l2', L2], ['l1l2', L1L2], ['l1_l2', L1L2], ['orthogonal_regularizer', OrthogonalRegularizer],
]))();

/**
 * `new L1({ l1: v })`, v default 0.01 (Keras `regularizers.l1`).
 *
 * @example
 * ```ts
 * layers.dense({ units: 10, kernelRegularizer: regularizers.l2(1e-4) });
 * ```
 */
export const l1 = (v = 0.01) => new L1({ l1: v });
/** `new L2({ l2: v })`, v default 0.01 (Keras `regularizers.l2`). */
export const l2 = (v = 0.01) => new L2({ l2: v });
/** `new L1L2(...)` with both factors defaulting to 0.01 (Keras `regularizers.l1_l2`). */
export const l1l2 = (opts: { l1?: number; l2?: number } = {}) => new L1L2({ l1: opts.l1 ?? 0.01, l2: opts.l2 ?? 0.01 });
/**
 * `new OrthogonalRegularizer(opts)`: factor default 0.01, mode `'rows'` (Keras `regularizers.OrthogonalRegularizer`).
 */
export const orthogonalRegularizer = (opts?: { factor?: number; mode?: 'rows' | 'columns' }) => new OrthogonalRegularizer(opts);

/** Every regularizer name `get` accepts (default factors): snake_case, camelCase and class names. */
export type RegularizerName = 'l1' | 'l2' | 'l1l2' | 'l1_l2' | 'L1' | 'L2' | 'L1L2' | 'orthogonal_regularizer' | 'OrthogonalRegularizer';
/**
 * What a layer's `kernelRegularizer`/`biasRegularizer`/`activityRegularizer` option takes: a name, a Keras config dict, an instance, or nothing.
 */
export type RegularizerIdentifier = Regularizer | RegularizerName | KerasObject | null | undefined;

/** A Regularizer for a name, a config dict or an instance; `null`/`undefined` → undefined. */
export function get(id: RegularizerIdentifier | string): Regularizer | undefined {
  if (id == null) return undefined;
  if (id instanceof Regularizer) return id;
  if (isKerasObject(id)) return deserialize(id);
  if (typeof id !== 'string') throw new ValueError(`Unknown regularizer: expected a name, a config dict or a Regularizer. Received: ${fmt(id)}`);
  const Cls = NAMES.get(id) ?? lookup(NAMES, canonicalName(id), `regularizer '${id}'`);
  return new Cls();
}

/** Keras 3 `regularizers.serialize`. */
export function serialize(r: Regularizer): KerasObject {
  return kerasObject('keras.regularizers', r.className, r.getConfig());
}

/** Keras 3 `regularizers.deserialize` (Keras 2/tfjs `L1L2` dicts too). */
export function deserialize(config: { class_name: string; config?: Record<string, unknown> } | string): Regularizer {
  if (typeof config === 'string') return get(config)!;
  if (!isKerasObject(config)) throw new ValueError(`regularizers.deserialize: expected { class_name, config }. Received: ${fmt(config)}`);
  const Cls = lookup(CLASSES, config.class_name, 'regularizer class');
  return new Cls(camelKeys(`regularizer ${config.class_name}`, config.config ?? {}) as never);
}
