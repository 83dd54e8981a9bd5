// Bidirectional wrapper for RNNs (Keras `layers.Bidirectional`): a forward copy of the layer
// and a backward one (go_backwards), their outputs merged. As in Keras, both copies are built
// from the layer's config (`forward_<name>`, `backward_<name>`), the backward sequence is
// flipped back to input order before merging, and with returnSequences masked steps output zeros.

import { ValueError, fmt } from '../../errors.js';
import { add, mul } from '../../ops/binary.js';
import { concat } from '../../ops/concat.js';
import { mulScalar } from '../../ops/unary.js';
import { tidy } from '../../autograd/gradients.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { argsFromConfig, layerArgs, layerConfig } from '../config.js';
import { copyLayer, deserializeLayer, serializeLayer, type LayerDeserializeOptions } from '../serialization.js';
import { RNN, type RNNCallArgs } from './rnn.js';
import { reverseTime } from './reverse_time.js';
import { buildNested } from './nested_build.js';
import { dropAhead, fusedPair } from './fused.js';

/** How {@link Bidirectional} combines the forward and backward outputs: `'concat'` (default, doubles the feature size), `'sum'`, `'mul'`, `'ave'`, or null (return both as a list). */
export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave' | null;
const MERGE_MODES: readonly MergeMode[] = ['concat', 'sum', 'mul', 'ave', null];

/** Options of {@link Bidirectional} (Keras `layers.Bidirectional`). */
export interface BidirectionalArgs extends LayerArgs {
  /** The recurrent layer to run in both directions (an RNN, LSTM, GRU or SimpleRNN); it is copied from its config, not used itself. */
  layer: RNN;
  /** How the two outputs are combined. Default: `'concat'`. */
  mergeMode?: MergeMode;
  /** A different layer for the backward direction (must have `goBackwards: true` and the same `returnSequences`, `returnState`, `stateful`). Default: a copy of `layer` with `goBackwards: true`. */
  backwardLayer?: RNN | null;
}

function renamed(layer: RNN, prefix: string, changes: Record<string, unknown> = {}): RNN {
  const name = layer.name.startsWith(prefix) ? layer.name.slice(prefix.length) : layer.name;
  return copyLayer(layer, { ...changes, name: `${prefix}${name}` }) as RNN;
}

/**
 * Runs a recurrent layer forwards and backwards over the sequence and merges the two outputs (Keras `layers.Bidirectional`).
 *
 * The backward sequence is flipped back to input order before merging. With `returnState`, the output is
 * `[merged, ...forwardStates, ...backwardStates]`. Mismatched forward/backward settings are a ValueError.
 * @example layers.bidirectional({ layer: layers.lstm({ units: 32, returnSequences: true }) })
 */
export class Bidirectional extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['merge_mode', 'layer', 'backward_layer'];
  // Keras's attribute names: they are the weight paths inside a .keras file.
  /** The forward copy, named `forward_<name>` (Keras's attribute name, which is also its weight path in `.keras` files). */
  readonly forward_layer: RNN;
  /** The backward layer, named `backward_<name>` (Keras's attribute name and weight path). */
  readonly backward_layer: RNN;
  /** How the outputs are combined. Default: `'concat'`. */
  readonly mergeMode: MergeMode;
  /** Whether every step's output is returned (from the wrapped layer). */
  readonly returnSequences: boolean;
  /** Whether the final states are returned too (from the wrapped layer). */
  readonly returnState: boolean;
  /** Whether states carry over between calls (from the wrapped layer). */
  readonly stateful: boolean;
  override supportsMasking = true;

  constructor(args: BidirectionalArgs) {
    super(layerArgs(new.target, args));
    if (!(args?.layer instanceof RNN)) {
      throw new ValueError(`Please initialize \`Bidirectional\` layer with a recurrent layer (an RNN, LSTM, GRU or SimpleRNN). Received: layer=${fmt(args?.layer)}`);
    }
    if (args.backwardLayer != null && !(args.backwardLayer instanceof RNN)) {
      throw new ValueError(`\`backwardLayer\` needs to be a recurrent layer. Received: backwardLayer=${fmt(args.backwardLayer)}`);
    }
    const mode = args.mergeMode === undefined ? 'concat' : args.mergeMode;
    if (!MERGE_MODES.includes(mode)) {
      throw new ValueError(`Invalid merge mode. Merge mode should be one of {"sum", "mul", "ave", "concat", null}. Received: mergeMode=${fmt(mode)}`);
    }
    this.forward_layer = renamed(args.layer, 'forward_');
    this.backward_layer = args.backwardLayer ?? renamed(args.layer, 'backward_', { go_backwards: true });
    const f = this.forward_layer, b = this.backward_layer;
    if (f.goBackwards === b.goBackwards) {
      throw new ValueError(`Forward layer and backward layer should have different \`goBackwards\` values. Received: forward goBackwards=${f.goBackwards}, backward goBackwards=${b.goBackwards}`);
    }
    for (const k of ['stateful', 'returnSequences', 'returnState'] as const) {
      if (f[k] !== b[k]) throw new ValueError(`Forward layer and backward layer are expected to have the same value for \`${k}\`. Received: ${f[k]} (forward) and ${b[k]} (backward)`);
    }
    f.zeroOutputForMask = f.returnSequences;
    b.zeroOutputForMask = b.returnSequences;
    this.mergeMode = mode;
    this.returnSequences = f.returnSequences;
    this.returnState = f.returnState;
    this.stateful = f.stateful;
  }

  /** The forward copy (camelCase alias of `forward_layer`). */
  get forwardLayer(): RNN {
    return this.forward_layer;
  }

  /** The backward layer (camelCase alias of `backward_layer`). */
  get backwardLayer(): RNN {
    return this.backward_layer;
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    for (const l of [this.forward_layer, this.backward_layer]) buildNested(this, l, inputShape);
    this.built = true;
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape | SymbolicShape[] {
    const fo = this.forward_layer.computeOutputShape(inputShape);
    const [out, ...states] = (this.returnState ? fo : [fo]) as SymbolicShape[];
    let merged: SymbolicShape[];
    if (this.mergeMode === 'concat') merged = [[...out!.slice(0, -1), out!.at(-1) == null ? null : 2 * out!.at(-1)!]];
    else if (this.mergeMode === null) merged = [out!, out!];
    else merged = [out!];
    if (!this.returnState && merged.length === 1) return merged[0]!;
    return [...merged, ...(this.returnState ? [...states, ...states] : [])];
  }

  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | null): Tensor | (Tensor | null)[] | null {
    const outMask = this.returnSequences ? mask ?? null : null;
    const outs = this.mergeMode === null ? [outMask, outMask] : [outMask];
    const states = this.returnState ? this.forward_layer.stateSizeList.length * 2 : 0;
    if (outs.length === 1 && states === 0) return outs[0]!;
    return [...outs, ...Array.from({ length: states }, () => null)];
  }

  call(inputs: Tensor | Tensor[], args: RNNCallArgs): Tensor | Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const given = Array.isArray(inputs) && inputs.length > 1 ? inputs.slice(1) : args.initialState;
    let fState: Tensor[] | undefined;
    let bState: Tensor[] | undefined;
    if (given != null) {
      const list = Array.isArray(given) ? given : [given];
      const half = list.length / 2;
      if (!Number.isInteger(half)) throw new ValueError(`Layer '${this.name}': initial states come in forward/backward halves. Received: ${list.length} states`);
      fState = list.slice(0, half);
      bState = list.slice(half);
    }
    const mask = args.mask ?? (args.masks as (Tensor | null)[] | undefined)?.[0] ?? null;
    const common = { training: args.training, mask };
    const f = this.forward_layer, b = this.backward_layer;
    return tidy(() => {
      // With two threads, both directions may run in one fused call; each layer's call then takes its results.
      const paired = fusedPair(f, b, x, mask, [fState, bState], args);
      let yf: Tensor | Tensor[], yb: Tensor | Tensor[];
      try {
        yf = f.apply(x, { ...common, initialState: paired?.[0] ?? fState }) as Tensor | Tensor[];
        yb = b.apply(x, { ...common, initialState: paired?.[1] ?? bState }) as Tensor | Tensor[];
      } finally {
        dropAhead(f);
        dropAhead(b);
      }
      const [y, ...sf] = Array.isArray(yf) ? yf : [yf];
      const [yr0, ...sb] = Array.isArray(yb) ? yb : [yb];
      const yr = this.returnSequences ? reverseTime(yr0!) : yr0!;
      let out: Tensor[];
      switch (this.mergeMode) {
        case 'concat': out = [concat([y!, yr], -1)]; break;
        case 'sum': out = [add(y!, yr)]; break;
        case 'ave': out = [mulScalar(add(y!, yr), 0.5)]; break;
        case 'mul': out = [mul(y!, yr)]; break;
        default: out = [y!, yr];
      }
      const all = [...out, ...(this.returnState ? [...sf, ...sb] : [])];
      return all.length === 1 ? all[0]! : all;
    });
  }

  /** Zeroes both directions' states (Keras `reset_states`); a ValueError unless the layer is stateful. */
  resetStates(): void {
    if (!this.stateful) throw new ValueError(`Layer '${this.name}': resetStates() needs a stateful layer. Received: stateful=false`);
    this.forward_layer.resetStates();
    this.backward_layer.resetStates();
  }

  override getConfig(): Record<string, unknown> {
    const c = layerConfig(this);
    c.layer = serializeLayer(this.forward_layer);
    c.backward_layer = serializeLayer(this.backward_layer);
    return c;
  }

  /** Builds the wrapper from a Keras config, deserializing the wrapped layer(s) (custom ones through `opts.customObjects`). */
  static fromConfig(config: Record<string, unknown>, opts: LayerDeserializeOptions = {}): Layer {
    const { layer, backward_layer: back, ...rest } = config;
    const args = argsFromConfig('Bidirectional config', rest);
    return new Bidirectional({
      ...args,
      // A config's null means "no merge" here, not "the default".
      mergeMode: (rest.merge_mode ?? null) as MergeMode,
      layer: deserializeLayer(layer as Record<string, unknown>, opts) as RNN,
      backwardLayer: back == null ? null : deserializeLayer(back as Record<string, unknown>, opts) as RNN,
    });
  }
}
