// What the built-in RNN cells share (Keras `DropoutRNNCell` plus the common options of
// SimpleRNNCell, LSTMCell and GRUCell), and the cell protocol the RNN layer drives.
//
// Cell protocol: a Layer with `stateSize` (a number, or one number per state) and a `call`
// that takes `[input, ...states]` and returns `[output, ...newStates]`; `outputSize`
// defaults to the first state size. A custom cell only needs these.

import { ValueError, fmt } from '../../errors.js';
import * as activations from '../../activations/index.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import * as constraints from '../../constraints/index.js';
import { mulScalar } from '../../ops/unary.js';
import { randomBernoulli } from '../../tensor/random.js';
import { keep, tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { Layer, type LayerArgs } from '../layer.js';
import { layerArgs } from '../config.js';

/** Options shared by SimpleRNNCell, LSTMCell and GRUCell (and so by SimpleRNN, LSTM and GRU), Keras names in camelCase. */
export interface RNNCellArgs extends LayerArgs {
  /** Size of the output and of each state; a positive integer, else a ValueError. */
  units: number;
  /** Activation of the candidate state / output. Default: `'tanh'` (pass null for linear). */
  activation?: activations.ActivationIdentifier;
  /** Whether to add biases. Default: true. */
  useBias?: boolean;
  /** Initializer of the input kernel (Keras `kernel_initializer`). Default: `'glorot_uniform'`. */
  kernelInitializer?: initializers.InitializerIdentifier;
  /** Initializer of the recurrent kernel (Keras `recurrent_initializer`). Default: `'orthogonal'`. */
  recurrentInitializer?: initializers.InitializerIdentifier;
  /** Initializer of the bias. Default: `'zeros'`. */
  biasInitializer?: initializers.InitializerIdentifier;
  /** Penalty on the input kernel added to the loss. Default: none. */
  kernelRegularizer?: regularizers.RegularizerIdentifier;
  /** Penalty on the recurrent kernel added to the loss. Default: none. */
  recurrentRegularizer?: regularizers.RegularizerIdentifier;
  /** Penalty on the bias added to the loss. Default: none. */
  biasRegularizer?: regularizers.RegularizerIdentifier;
  /** Constraint applied to the input kernel after each update. Default: none. */
  kernelConstraint?: constraints.ConstraintIdentifier;
  /** Constraint applied to the recurrent kernel after each update. Default: none. */
  recurrentConstraint?: constraints.ConstraintIdentifier;
  /** Constraint applied to the bias after each update. Default: none. */
  biasConstraint?: constraints.ConstraintIdentifier;
  /** Fraction of the input units dropped (one mask per sequence, as Keras). */
  dropout?: number;
  /** Fraction of the recurrent state units dropped (one mask per sequence). */
  recurrentDropout?: number;
  /** Seed of the dropout masks (reproducible runs). Default: null (the global random stream). */
  seed?: number | null;
}

/** Keras config keys every built-in cell writes, in Keras order, around its own ones. */
export const CELL_HEAD = ['units', 'activation'];
export const CELL_INIT = ['kernel_initializer', 'recurrent_initializer', 'bias_initializer'];
export const CELL_TAIL = [
  'kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer', 'kernel_constraint', 'recurrent_constraint',
  'bias_constraint', 'dropout', 'recurrent_dropout',
];

/** Anything an RNN layer can drive. */
export interface RNNCellLike extends Layer {
  /** Size of the state, or one size per state (LSTM: `[units, units]` for h and c). */
  stateSize: number | number[];
  /** Size of the output at each step. Default: the first state size. */
  outputSize?: number;
}

export function stateSizes(cell: { stateSize: number | number[] }): number[] {
  return typeof cell.stateSize === 'number' ? [cell.stateSize] : cell.stateSize.slice();
}

export function outputSizeOf(cell: { stateSize: number | number[]; outputSize?: number }): number {
  return cell.outputSize ?? stateSizes(cell)[0]!;
}

/**
 * Base of SimpleRNNCell, LSTMCell and GRUCell: options, weights' initializers, and the
 * per-sequence dropout masks (Keras creates them on the first step and reuses them for
 * every step of the sequence). `gates` is the number of masks per kind when Keras's cell
 * uses one per gate (implementation 1, forced by recurrent dropout).
 */
export abstract class DropoutRNNCell extends Layer {
  /** Size of the output and of each state. */
  readonly units: number;
  /** Activation of the candidate state / output. Default: tanh. */
  readonly activation: ReturnType<typeof activations.get>;
  /** Whether biases are added. Default: true. */
  readonly useBias: boolean;
  /** Initializer of the input kernel. Default: Glorot uniform. */
  readonly kernelInitializer: initializers.Initializer;
  /** Initializer of the recurrent kernel. Default: orthogonal. */
  readonly recurrentInitializer: initializers.Initializer;
  /** Initializer of the bias. Default: zeros. */
  readonly biasInitializer: initializers.Initializer;
  /** Penalty on the input kernel added to the training loss, if any. */
  readonly kernelRegularizer: regularizers.Regularizer | undefined;
  /** Penalty on the recurrent kernel added to the training loss, if any. */
  readonly recurrentRegularizer: regularizers.Regularizer | undefined;
  /** Penalty on the bias added to the training loss, if any. */
  readonly biasRegularizer: regularizers.Regularizer | undefined;
  /** Constraint applied to the input kernel after each optimizer step, if any. */
  readonly kernelConstraint: constraints.Constraint | undefined;
  /** Constraint applied to the recurrent kernel after each optimizer step, if any. */
  readonly recurrentConstraint: constraints.Constraint | undefined;
  /** Constraint applied to the bias after each optimizer step, if any. */
  readonly biasConstraint: constraints.Constraint | undefined;
  /** Fraction of the input units dropped in training (one mask per sequence). Default: 0. */
  readonly dropout: number;
  /** Fraction of the recurrent state units dropped in training (one mask per sequence). Default: 0. */
  readonly recurrentDropout: number;
  /** Seed of the dropout masks, or null. */
  readonly seed: number | null;
  /** Size of each state (`units`; LSTM: `[units, units]`). */
  abstract stateSize: number | number[];
  /** Size of the output at each step (`units`). */
  outputSize: number;
  /** Input kernel, shape `[inputDim, gates · units]` (gates: 1 SimpleRNN, 4 LSTM, 3 GRU), as in Keras. */
  kernel!: Variable;
  /** Recurrent kernel, shape `[units, gates · units]` (Keras `recurrent_kernel`). */
  recurrentKernel!: Variable;
  /** Bias, or null when `useBias` is false. */
  bias: Variable | null = null;
  /** Masks of the sequence in progress (per gate when `maskCount` > 1). */
  private dropoutMasks: Tensor[] | null = null;
  private recurrentMasks: Tensor[] | null = null;
  private maskCalls = 0;

  constructor(args: RNNCellArgs) {
    super(layerArgs(new.target, args));
    if (!Number.isInteger(args?.units) || args.units <= 0) {
      throw new ValueError(`Received an invalid value for argument \`units\`, expected a positive integer. Received: units=${fmt(args?.units)}`);
    }
    for (const k of ['dropout', 'recurrentDropout'] as const) {
      const v = args[k];
      if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 1)) {
        throw new ValueError(`Layer '${this.name}': ${k} must be a number in [0, 1]. Received: ${k}=${fmt(v)}`);
      }
    }
    if (args.seed != null && !Number.isInteger(args.seed)) throw new ValueError(`Layer '${this.name}': seed must be an integer. Received: seed=${fmt(args.seed)}`);
    this.units = args.units;
    this.outputSize = args.units;
    this.activation = activations.get(args.activation === undefined ? 'tanh' : args.activation);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = initializers.get(args.kernelInitializer ?? 'glorot_uniform');
    this.recurrentInitializer = initializers.get(args.recurrentInitializer ?? 'orthogonal');
    this.biasInitializer = initializers.get(args.biasInitializer ?? 'zeros');
    this.kernelRegularizer = regularizers.get(args.kernelRegularizer);
    this.recurrentRegularizer = regularizers.get(args.recurrentRegularizer);
    this.biasRegularizer = regularizers.get(args.biasRegularizer);
    this.kernelConstraint = constraints.get(args.kernelConstraint);
    this.recurrentConstraint = constraints.get(args.recurrentConstraint);
    this.biasConstraint = constraints.get(args.biasConstraint);
    this.dropout = args.dropout ?? 0;
    this.recurrentDropout = args.recurrentDropout ?? 0;
    this.seed = args.seed ?? null;
  }

  /** Keras's implementation 1 (one mask and one matmul per gate) when recurrent dropout is on. */
  protected get maskCount(): number {
    return 1;
  }

  /** Adds kernel [inDim, gates·units] and recurrent_kernel [units, gates·units] with Keras's names. */
  protected addKernels(inDim: number, gates: number): void {
    this.kernel = this.addWeight('kernel', {
      shape: [inDim, gates * this.units], initializer: this.kernelInitializer, regularizer: this.kernelRegularizer, constraint: this.kernelConstraint,
    });
    this.recurrentKernel = this.addWeight('recurrent_kernel', {
      shape: [this.units, gates * this.units], initializer: this.recurrentInitializer, regularizer: this.recurrentRegularizer, constraint: this.recurrentConstraint,
    });
  }

  private drawMasks(like: { shape: readonly number[] }, rate: number): Tensor[] {
    const n = this.maskCount;
    return Array.from({ length: n }, () => keep(tidy(() => {
      const seed = this.seed === null ? undefined : (this.seed + this.maskCalls++ * 1_000_003) % 2 ** 52;
      return mulScalar(randomBernoulli(like.shape, 1 - rate, seed), 1 / (1 - rate));
    })));
  }

  /** The input dropout masks of the current sequence (created on first use), or null. */
  dropoutMask(x: { shape: readonly number[] }, training: boolean | undefined): Tensor[] | null {
    if (!training || !(this.dropout > 0 && this.dropout < 1)) return null;
    this.dropoutMasks ??= this.drawMasks(x, this.dropout);
    return this.dropoutMasks;
  }

  /** The recurrent dropout masks of the current sequence (created on first use), or null outside training or without recurrent dropout. */
  recurrentDropoutMask(h: Tensor, training: boolean | undefined): Tensor[] | null {
    if (!training || !(this.recurrentDropout > 0 && this.recurrentDropout < 1)) return null;
    this.recurrentMasks ??= this.drawMasks(h, this.recurrentDropout);
    return this.recurrentMasks;
  }

  /** Called by the RNN layer when a sequence ends: the next one draws new masks. */
  resetDropoutMasks(): void {
    for (const m of [...(this.dropoutMasks ?? []), ...(this.recurrentMasks ?? [])]) m.dispose();
    this.dropoutMasks = null;
    this.recurrentMasks = null;
  }
}
