// RNN: runs a cell over the time axis (Keras `layers.RNN`); SimpleRNN, LSTM and GRU are RNNs
// over their cells. Semantics as Keras 3 on JAX (backend/jax/rnn.py, lax.scan path):
//  - goBackwards processes the sequence from its end; returned sequences stay in processing order;
//  - at a masked step (mask 0) the states carry over and the output is the previous output
//    (the first state of the last cell), or zeros when `zeroOutputForMask`;
//  - stateful layers start each call from the last call's final states (`resetStates()`);
//  - dropout masks are drawn once per sequence.

import { ValueError, fmt } from '../../errors.js';
import { add, mul, sub } from '../../ops/binary.js';
import { reshape } from '../../ops/reshape.js';
import { stack, unstack } from '../../ops/concat.js';
import { stopGradient } from '../../ops/stop_gradient.js';
import { zeros } from '../../tensor/creation.js';
import { keep, noGrad, tidy } from '../../autograd/gradients.js';
import * as regularizers from '../../regularizers/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { fmtShape } from '../input_spec.js';
import { argsFromConfig, layerArgs, layerConfig } from '../config.js';
import { deserializeLayer, serializeLayer, type LayerDeserializeOptions } from '../serialization.js';
import { DropoutRNNCell, outputSizeOf, stateSizes, type RNNCellLike } from './cell_base.js';
import { StackedRNNCells } from './stacked_rnn_cells.js';
import { buildNested } from './nested_build.js';

/** Options of every recurrent layer (Keras `layers.RNN` arguments, shared by SimpleRNN, LSTM, GRU). */
export interface RNNOptions extends LayerArgs {
  /** Return the output of every step, `(batch, time, units)`, instead of the last one, `(batch, units)` (Keras `return_sequences`). Needed when stacking RNNs. Default: false. */
  returnSequences?: boolean;
  /** Also return the final states: the layer returns `[output, ...states]` (Keras `return_state`). Default: false. */
  returnState?: boolean;
  /** Process the sequence from its end (Keras `go_backwards`); returned sequences stay in processing order. Default: false. */
  goBackwards?: boolean;
  /** Start each call from the previous call's final states instead of zeros (Keras `stateful`); the batch size must stay the same. Clear them with `resetStates()`. Default: false. */
  stateful?: boolean;
  /** Accepted for Keras configs; the loop is the same either way. */
  unroll?: boolean;
  /** At masked steps output zeros instead of repeating the previous output (Keras `zero_output_for_mask`). Default: false. */
  zeroOutputForMask?: boolean;
  /** Penalty on the layer's output added to the loss. Default: none. */
  activityRegularizer?: regularizers.RegularizerIdentifier;
}

/** Options of {@link RNN}: the recurrent options plus the cell. */
export interface RNNArgs extends RNNOptions {
  /** The cell run at each step, or a list of cells (stacked with {@link StackedRNNCells}). Must be a Layer with a `stateSize`, else a ValueError. */
  cell: RNNCellLike | RNNCellLike[];
}

/** `call` options of an RNN layer: initial states (one tensor per state) and a [batch, time] mask. */
export interface RNNCallArgs extends CallArgs {
  /** Initial states, one tensor `[batch, size]` per state (LSTM: `[h, c]`). Default: zeros (or a stateful layer's kept states). */
  initialState?: Tensor | Tensor[] | null;
  mask?: Tensor | null;
}

/** The result of running the cell over a sequence. */
export interface SequenceResult {
  /** Outputs in processing order, [batch, time, units], when asked for. */
  sequence: Tensor | null;
  last: Tensor;
  states: Tensor[];
}

export const RNN_KEYS = ['return_sequences', 'return_state', 'go_backwards', 'stateful', 'unroll', 'zero_output_for_mask'];

/**
 * Runs a cell over the time axis of `(batch, time, features)` inputs (Keras `layers.RNN`). SimpleRNN, LSTM and GRU are RNNs over their cells; give `RNN` a custom cell for other recurrences.
 *
 * Masks (from Embedding `maskZero` or Masking) are honoured: at a masked step the states carry over.
 * Inputs that are not 3-D are a ValueError.
 * @example
 * ```ts
 * const x = input({ shape: [null, 8] });
 * const [seq, h] = layers.rnn({ cell: layers.simpleRNNCell({ units: 16 }), returnSequences: true, returnState: true }).apply(x) as unknown as SymbolicTensor[];
 * ```
 */
export class RNN extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = [...RNN_KEYS, 'cell'];
  /** Options accepted beyond the config keys: `activityRegularizer`. */
  static readonly extraOptions: readonly string[] = ['activityRegularizer'];

  /** The cell run at each step (a list of cells is wrapped in a StackedRNNCells). */
  readonly cell: RNNCellLike;
  /** Whether every step's output is returned. Default: false. */
  readonly returnSequences: boolean;
  /** Whether the final states are returned too. Default: false. */
  readonly returnState: boolean;
  /** Whether the sequence is processed from its end. Default: false. */
  readonly goBackwards: boolean;
  /** Whether states carry over between calls. Default: false. */
  readonly stateful: boolean;
  /** Keras's unroll flag, kept for configs; the loop is the same either way. Default: false. */
  readonly unroll: boolean;
  /** Whether masked steps output zeros. Default: false. */
  zeroOutputForMask: boolean;
  override supportsMasking = true;
  /** A stateful layer's states between calls (not weights: Keras does not save them). */
  states: Tensor[] | null = null;

  /** `cell` is given separately by SimpleRNN, LSTM and GRU, which build their own. */
  constructor(args: RNNArgs | RNNOptions, ownCell?: RNNCellLike) {
    super(layerArgs(new.target, args));
    const c = ownCell ?? (args as RNNArgs)?.cell;
    const cell = Array.isArray(c) ? new StackedRNNCells({ cells: c }) : c;
    if (!(cell instanceof Layer)) throw new ValueError(`Layer '${this.name}': argument \`cell\` should be a Layer with a \`call\` method. Received: cell=${fmt(c)}`);
    const ss = (cell as { stateSize?: unknown }).stateSize;
    if (!(Number.isInteger(ss) || (Array.isArray(ss) && ss.length > 0 && ss.every(Number.isInteger)))) {
      throw new ValueError(`Layer '${this.name}': the RNN cell should have a \`stateSize\` attribute (an integer, or one integer per state). Received: stateSize=${fmt(ss)}`);
    }
    this.cell = cell;
    this.returnSequences = args.returnSequences ?? false;
    this.returnState = args.returnState ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.stateful = args.stateful ?? false;
    this.unroll = args.unroll ?? false;
    this.zeroOutputForMask = args.zeroOutputForMask ?? false;
    this.activityRegularizer = regularizers.get(args.activityRegularizer);
  }

  /** Sizes of the flat list of states (a stacked cell's states, cell by cell). */
  get stateSizeList(): number[] {
    return this.cell instanceof StackedRNNCells ? this.cell.flatStateSizes : stateSizes(this.cell);
  }

  /** Throws a ValueError unless `shape` is 3-D `(batch, timesteps, features)`. */
  protected checkSequenceShape(shape: readonly (number | null)[]): void {
    if (shape.length !== 3) {
      throw new ValueError(`Layer '${this.name}' (${this.className}) expects a 3-D input of shape (batch, timesteps, features). ` +
        `Received: input_shape=${fmtShape(shape)} (${shape.length}-D)`);
    }
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as SymbolicShape;
    this.checkSequenceShape(shape);
    buildNested(this, this.cell, [shape[0]!, ...shape.slice(2)]);
    this.built = true;
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape | SymbolicShape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as SymbolicShape;
    this.checkSequenceShape(shape);
    const units = outputSizeOf(this.cell);
    const out: SymbolicShape = this.returnSequences ? [shape[0]!, shape[1]!, units] : [shape[0]!, units];
    if (!this.returnState) return out;
    return [out, ...this.stateSizeList.map((d) => [shape[0]!, d])];
  }

  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | null): Tensor | (Tensor | null)[] | null {
    const out = this.returnSequences ? mask ?? null : null;
    return this.returnState ? [out, ...this.stateSizeList.map(() => null)] : out;
  }

  /** Zero states for a batch of `batchSize`, one `[batchSize, size]` tensor per state (Keras `get_initial_state`). */
  getInitialState(batchSize: number): Tensor[] {
    return this.stateSizeList.map((d) => zeros([batchSize, d]));
  }

  /** Zeroes a stateful layer's states (Keras `reset_states`). */
  resetStates(): void {
    if (this.states) for (const s of this.states) s.dispose();
    this.states = null;
  }

  /** Alias of `resetStates` (Keras 3's `reset_state`). */
  resetState(): void {
    this.resetStates();
  }

  call(inputs: Tensor | Tensor[], args: RNNCallArgs): Tensor | Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const x = list[0]!;
    this.checkSequenceShape(x.shape);
    const [batch, time] = x.shape as [number, number, number];
    const initial = this.initialStates(batch, list.length > 1 ? list.slice(1) : args.initialState);
    const mask = this.checkMask(args.mask ?? (args.masks as (Tensor | null)[] | undefined)?.[0], batch, time);
    if (this.stateful && this.states && this.states[0]!.shape[0] !== batch) {
      throw new ValueError(`Layer '${this.name}': if an RNN is stateful, the batch size of the input sequences must be the same as the ` +
        `batch size of the states. Expected batch size: ${this.states[0]!.shape[0]}. Received: batch size ${batch}`);
    }
    if (time === 0) throw new ValueError(`Layer '${this.name}': the input has no time steps. Received: input_shape=${fmt(x.shape)}`);
    let r: SequenceResult;
    try {
      r = tidy(() => this.runFused(x, initial, mask, args) ?? this.runSteps(x, initial, mask, args));
    } finally {
      this.resetCellDropout(this.cell);
    }
    if (this.stateful) {
      const old = this.states;
      this.states = noGrad(() => r.states.map((s) => keep(stopGradient(s))));
      if (old) for (const s of old) s.dispose();
    }
    const output = this.returnSequences ? r.sequence! : r.last;
    const outs = [output, ...(this.returnState ? r.states : [])];
    // A cell whose output is its state returns one tensor twice: each result gets its own handle.
    const own = outs.map((t, i) => (outs.indexOf(t) < i ? reshape(t, t.shape) : t));
    for (const t of new Set([r.sequence, r.last, ...r.states])) if (t && !outs.includes(t)) t.dispose();
    return this.returnState ? own : own[0]!;
  }

  /**
   * The whole-sequence fused kernel, when this layer's configuration allows it (LSTM and GRU
   * override this); null runs the step loop.
   */
  protected runFused(_x: Tensor, _initial: Tensor[], _mask: Tensor | null, _args: RNNCallArgs): SequenceResult | null {
    return null;
  }

  private resetCellDropout(cell: Layer): void {
    if (cell instanceof DropoutRNNCell) cell.resetDropoutMasks();
    if (cell instanceof StackedRNNCells) cell.cells.forEach((c) => this.resetCellDropout(c));
  }

  private initialStates(batch: number, given: Tensor | Tensor[] | null | undefined): Tensor[] {
    const sizes = this.stateSizeList;
    if (given == null) {
      if (this.stateful && this.states) return this.states;
      return this.getInitialState(batch);
    }
    const list = Array.isArray(given) ? given : [given];
    if (list.length !== sizes.length || list.some((s, i) => s.rank !== 2 || s.shape[0] !== batch || s.shape[1] !== sizes[i])) {
      throw new ValueError(`Layer '${this.name}': expected ${sizes.length} initial state(s) of shape ${sizes.map((d) => fmt([batch, d])).join(', ')}. ` +
        `Received: ${fmt(list.map((s) => s?.shape))}`);
    }
    return list;
  }

  private checkMask(mask: Tensor | null | undefined, batch: number, time: number): Tensor | null {
    if (mask == null) return null;
    if (mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== time) {
      throw new ValueError(`Layer '${this.name}': the mask must have shape ${fmt([batch, time])} (batch, timesteps). Received: mask.shape=${fmt(mask.shape)}`);
    }
    return mask;
  }

  /** Index, in the flat state list, of the state that is the cell's previous output. */
  private prevOutputIndex(): number {
    if (!(this.cell instanceof StackedRNNCells)) return 0;
    const per = this.cell.cells.map((c) => stateSizes(c).length);
    return per.slice(0, -1).reduce((a, b) => a + b, 0);
  }

  /** The composite path: one cell call per step, gradients by autograd. */
  protected runSteps(x: Tensor, initial: Tensor[], mask: Tensor | null, args: RNNCallArgs): SequenceResult {
    const [batch, time] = x.shape as [number, number];
    const xs = unstack(x, 1);
    const ms = mask ? unstack(reshape(mask, [batch, time, 1]), 1) : null;
    const outIdx = this.prevOutputIndex();
    const cellArgs: CallArgs = { training: args.training };
    let states = initial;
    const outputs: Tensor[] = [];
    let last: Tensor | null = null;
    for (let s = 0; s < time; s++) {
      const t = this.goBackwards ? time - 1 - s : s;
      const res = this.cell.call([xs[t]!, ...states], cellArgs) as Tensor[];
      let out = res[0]!;
      let next = res.slice(1);
      if (next.length !== states.length) {
        throw new ValueError(`Layer '${this.name}': the cell returned ${next.length} state(s); its stateSize gives ${states.length}. Received: ${next.length}`);
      }
      if (ms) {
        // Exact for a 0/1 mask: a·1 + b·0 = a, a·0 + b·1 = b.
        const m = ms[t]!;
        const inv = sub(1, m);
        const prev = states;
        out = this.zeroOutputForMask ? mul(out, m) : add(mul(out, m), mul(prev[outIdx]!, inv));
        next = next.map((n, i) => add(mul(n, m), mul(prev[i]!, inv)));
      }
      if (this.returnSequences) outputs.push(out);
      last = out;
      states = next;
    }
    return { sequence: this.returnSequences ? stack(outputs, 1) : null, last: last!, states };
  }

  override getConfig(): Record<string, unknown> {
    const c = layerConfig(this);
    c.cell = serializeLayer(this.cell);
    return c;
  }

  /** Builds the layer from a Keras config, deserializing its cell (custom cells through `opts.customObjects`). */
  static fromConfig(config: Record<string, unknown>, opts: LayerDeserializeOptions = {}): Layer {
    const { cell, ...rest } = config;
    const args = argsFromConfig('RNN config', rest);
    return new RNN({ ...args, cell: deserializeLayer(cell as Record<string, unknown>, opts) as RNNCellLike });
  }
}
