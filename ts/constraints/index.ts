// Weight constraints, applied after each optimizer step (Keras `constraints`), with Keras 3
// (de)serialization.

import { ValueError, fmt } from '../errors.js';
import { canonicalName } from '../activations/index.js';
import { sqrt, square, relu, clipByValue, addScalar, mulScalar } from '../ops/unary.js';
import { sum } from '../ops/reduce.js';
import { add as addTensors, div, mul } from '../ops/binary.js';
import type { Tensor } from '../tensor/tensor.js';
import { tidy } from '../autograd/gradients.js';
import { checkOptions } from '../utils/options.js';
import { isKerasObject, kerasObject, lookup, type KerasObject } from '../utils/keras_object.js';
import { camelKeys } from '../utils/config_keys.js';

/**
 * Base class of weight constraints (Keras `keras.constraints.Constraint`): after each optimizer step the variable is replaced by `call(w)`.
 *
 * @example
 * ```ts
 * class Clip extends constraints.Constraint {
 *   readonly className = 'Clip';
 *   call(w: Tensor) { return clipByValue(w, -1, 1); }
 * }
 * layers.dense({ units: 2, kernelConstraint: new Clip() });
 * ```
 */
export abstract class Constraint {
  /** The Keras class name written in saved configs (`"MaxNorm"`, …). */
  abstract readonly className: string;
  /** The constrained value (a new tensor). */
  abstract call(w: Tensor): Tensor;
  /** Keras `get_config()`. */
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** An axis option: an integer or a list of them (Keras accepts both). */
type Axis = number | number[];

function axisOf(who: string, v: unknown): Axis {
  if (v == null) return 0;
  if (Number.isInteger(v) || (Array.isArray(v) && v.length > 0 && v.every(Number.isInteger))) return Array.isArray(v) ? v.slice() : (v as number);
  throw new ValueError(`${who}: \`axis\` must be an integer or a list of integers. Received: axis=${fmt(v)}`);
}

function num(who: string, name: string, v: unknown, dflt: number): number {
  if (v == null) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`${who}: \`${name}\` must be a finite number. Received: ${name}=${fmt(v)}`);
  return v;
}

/** L2 norms of `w` over `axis` (kept). */
function norms(w: Tensor, axis: Axis): Tensor {
  const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + w.rank : a));
  return sqrt(sum(square(w), axes, true));
}

// Keras's backend epsilon in the norm denominators.
const EPS = 1e-7;

/**
 * Rescales weights whose L2 norm over `axis` exceeds `maxValue` (default 2; axis default 0) (Keras `MaxNorm`, identifier `'max_norm'`).
 *
 * @example
 * ```ts
 * layers.dense({ units: 64, kernelConstraint: constraints.maxNorm({ maxValue: 3 }) });
 * ```
 */
export class MaxNorm extends Constraint {
  /** Keras class name: `"MaxNorm"`. */
  readonly className = 'MaxNorm';
  /** Largest allowed norm (default 2). */
  readonly maxValue: number;
  /** Axis or axes the norm runs over (default 0: per output unit of a Dense kernel). */
  readonly axis: Axis;
  constructor(opts: { maxValue?: number; axis?: Axis } = {}) {
    super();
    checkOptions('MaxNorm', opts, ['maxValue', 'axis']);
    this.maxValue = num('MaxNorm', 'maxValue', opts.maxValue, 2);
    this.axis = axisOf('MaxNorm', opts.axis);
  }
  /** `w` rescaled so that no norm exceeds `maxValue`. */
  call(w: Tensor): Tensor {
    return tidy(() => {
      const n = norms(w, this.axis);
      const desired = clipByValue(n, 0, this.maxValue);
      return mul(w, div(desired, addScalar(n, EPS)));
    });
  }
  override getConfig() {
    return { max_value: this.maxValue, axis: this.axis };
  }
}

/** Sets negative weights to zero (Keras `NonNeg`, identifier `'non_neg'`). */
export class NonNeg extends Constraint {
  /** Keras class name: `"NonNeg"`. */
  readonly className = 'NonNeg';
  constructor(opts: Record<string, never> = {}) {
    super();
    checkOptions('NonNeg', opts, []);
  }
  /** `max(w, 0)`. */
  call(w: Tensor): Tensor {
    return relu(w);
  }
}

/** Scales weights to unit L2 norm over `axis` (default 0) (Keras `UnitNorm`, identifier `'unit_norm'`). */
export class UnitNorm extends Constraint {
  /** Keras class name: `"UnitNorm"`. */
  readonly className = 'UnitNorm';
  /** Axis or axes the norm runs over (default 0). */
  readonly axis: Axis;
  constructor(opts: { axis?: Axis } = {}) {
    super();
    checkOptions('UnitNorm', opts, ['axis']);
    this.axis = axisOf('UnitNorm', opts.axis);
  }
  /** `w / (ε + ‖w‖)` over `axis`. */
  call(w: Tensor): Tensor {
    return tidy(() => div(w, addScalar(norms(w, this.axis), EPS)));
  }
  override getConfig() {
    return { axis: this.axis };
  }
}

/**
 * Moves the L2 norm over `axis` into [`minValue`, `maxValue`] (defaults 0, 1) at `rate` (default 1) (Keras `MinMaxNorm`, identifier `'min_max_norm'`).
 */
export class MinMaxNorm extends Constraint {
  /** Keras class name: `"MinMaxNorm"`. */
  readonly className = 'MinMaxNorm';
  /** Smallest allowed norm (default 0). */
  readonly minValue: number;
  /** Largest allowed norm (default 1). */
  readonly maxValue: number;
  /** How far toward the clipped norm each step moves: 1 clips exactly (default 1). */
  readonly rate: number;
  /** Axis or axes the norm runs over (default 0). */
  readonly axis: Axis;
  constructor(opts: { minValue?: number; maxValue?: number; rate?: number; axis?: Axis } = {}) {
    super();
    checkOptions('MinMaxNorm', opts, ['minValue', 'maxValue', 'rate', 'axis']);
    this.minValue = num('MinMaxNorm', 'minValue', opts.minValue, 0);
    this.maxValue = num('MinMaxNorm', 'maxValue', opts.maxValue, 1);
    this.rate = num('MinMaxNorm', 'rate', opts.rate, 1);
    this.axis = axisOf('MinMaxNorm', opts.axis);
    if (!(this.minValue <= this.maxValue)) throw new ValueError(`MinMaxNorm: minValue must be ≤ maxValue. Received: minValue=${this.minValue}, maxValue=${this.maxValue}`);
  }
  /** `w` with its norms moved toward [`minValue`, `maxValue`]. */
  call(w: Tensor): Tensor {
    return tidy(() => {
      const n = norms(w, this.axis);
      const clipped = clipByValue(n, this.minValue, this.maxValue);
      // Keras: desired = rate·clip(norm) + (1 − rate)·norm
      const desired = addTensors(mulScalar(clipped, this.rate), mulScalar(n, 1 - this.rate));
      return mul(w, div(desired, addScalar(n, EPS)));
    });
  }
  override getConfig() {
    return { min_value: this.minValue, max_value: this.maxValue, rate: this.rate, axis: this.axis };
  }
}

/** `new MaxNorm(o)` (Keras `constraints.MaxNorm`). */
export const maxNorm = (o: { maxValue?: number; axis?: Axis } = {}) => new MaxNorm(o);
/** `new NonNeg()` (Keras `constraints.NonNeg`). */
export const nonNeg = () => new NonNeg();
/** `new UnitNorm(o)` (Keras `constraints.UnitNorm`). */
export const unitNorm = (o: { axis?: Axis } = {}) => new UnitNorm(o);
/** `new MinMaxNorm(o)` (Keras `constraints.MinMaxNorm`). */
export const minMaxNorm = (o: { minValue?: number; maxValue?: number; rate?: number; axis?: Axis } = {}) => new MinMaxNorm(o);

type Ctor = new (opts?: never) => Constraint;
// Pure-marked tables: a bundle that never looks names up drops them.
const CLASSES = /* @__PURE__ */ new Map<string, Ctor>([['MaxNorm', MaxNorm], ['NonNeg', NonNeg], ['UnitNorm', UnitNorm], ['MinMaxNorm', MinMaxNorm]]);
const NAMES = /* @__PURE__ */ (() => new Map<string, Ctor>([
  ...CLASSES, ['max_norm', MaxNorm], ['non_neg', NonNeg], ['unit_norm', UnitNorm], ['min_max_norm', MinMaxNorm],
]))();

/** Every constraint name `get` accepts: snake_case, camelCase and class names. */
export type ConstraintName = 'max_norm' | 'maxNorm' | 'non_neg' | 'nonNeg' | 'unit_norm' | 'unitNorm' | 'min_max_norm' | 'minMaxNorm' | 'MaxNorm' | 'NonNeg' | 'UnitNorm' | 'MinMaxNorm';
/**
 * What a layer's `kernelConstraint`/`biasConstraint` option takes: a name, a Keras config dict, an instance, or nothing.
 */
export type ConstraintIdentifier = Constraint | ConstraintName | KerasObject | null | undefined;

/** A Constraint for a name, a config dict or an instance; `null`/`undefined` → undefined. */
export function get(id: ConstraintIdentifier | string): Constraint | undefined {
  if (id == null) return undefined;
  if (id instanceof Constraint) return id;
  if (isKerasObject(id)) return deserialize(id);
  if (typeof id !== 'string') throw new ValueError(`Unknown constraint: expected a name, a config dict or a Constraint. Received: ${fmt(id)}`);
  const Cls = NAMES.get(id) ?? lookup(NAMES, canonicalName(id), `constraint '${id}'`);
  return new Cls();
}

/** Keras 3 `constraints.serialize`. */
export function serialize(c: Constraint): KerasObject {
  return kerasObject('keras.constraints', c.className, c.getConfig());
}

/** Keras 3 `constraints.deserialize`. */
export function deserialize(config: { class_name: string; config?: Record<string, unknown> } | string): Constraint {
  if (typeof config === 'string') return get(config)!;
  if (!isKerasObject(config)) throw new ValueError(`constraints.deserialize: expected { class_name, config }. Received: ${fmt(config)}`);
  const Cls = lookup(CLASSES, config.class_name, 'constraint class');
  return new Cls(camelKeys(`constraint ${config.class_name}`, config.config ?? {}) as never);
}
