// StackedRNNCells: several cells run as one, each feeding the next (Keras
// `layers.StackedRNNCells`). Its states are the cells' states, cell after cell, flat.

import { ValueError, fmt } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { argsFromConfig, layerArgs, layerConfig } from '../config.js';
import { deserializeLayer, serializeLayer, type LayerDeserializeOptions } from '../serialization.js';
import { outputSizeOf, stateSizes, type RNNCellLike } from './cell_base.js';
import { buildNested } from './nested_build.js';

/** Options of {@link StackedRNNCells}. */
export interface StackedRNNCellsArgs extends LayerArgs {
  /** The cells, first to last: each feeds its output to the next. A non-empty list of layers with a `stateSize`, else a ValueError. */
  cells: RNNCellLike[];
}

/**
 * Several RNN cells run as one cell, each feeding the next (Keras `layers.StackedRNNCells`); its states are the cells' states, cell after cell.
 * @example layers.rnn({ cell: layers.stackedRNNCells({ cells: [layers.lstmCell({ units: 32 }), layers.lstmCell({ units: 32 })] }) })
 */
export class StackedRNNCells extends Layer {
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys: readonly string[] = ['cells'];
  /** The stacked cells, first to last. */
  readonly cells: RNNCellLike[];

  constructor(args: StackedRNNCellsArgs) {
    super(layerArgs(new.target, args));
    const cells = args?.cells;
    if (!Array.isArray(cells) || cells.length === 0) throw new ValueError(`StackedRNNCells: \`cells\` must be a non-empty list of cells. Received: cells=${fmt(cells)}`);
    for (const c of cells) {
      const ss = (c as { stateSize?: unknown }).stateSize;
      if (!(c instanceof Layer) || ss === undefined) {
        throw new ValueError(`StackedRNNCells: all cells must be Layers with a \`stateSize\` attribute. Received: ${fmt(c)}`);
      }
    }
    this.cells = cells.slice();
  }

  /** The flat state list's sizes (the RNN protocol's stateSize). */
  get stateSize(): number[] {
    return this.flatStateSizes;
  }

  /** Sizes of every state of every cell, in order. */
  get flatStateSizes(): number[] {
    return this.cells.flatMap((c) => stateSizes(c));
  }

  /** Output size of the last cell. */
  get outputSize(): number {
    return outputSizeOf(this.cells.at(-1)!);
  }

  override build(inputShape: SymbolicShape): void {
    let shape = inputShape;
    for (const cell of this.cells) {
      buildNested(this, cell, shape);
      shape = [shape[0]!, outputSizeOf(cell)];
    }
    this.built = true;
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor[] {
    const [x, ...states] = inputs as Tensor[];
    let h = x!;
    let at = 0;
    const next: Tensor[] = [];
    for (const cell of this.cells) {
      const n = stateSizes(cell).length;
      const res = cell.call([h, ...states.slice(at, at + n)], args) as Tensor[];
      at += n;
      h = res[0]!;
      next.push(...res.slice(1));
    }
    return [h, ...next];
  }

  override getConfig(): Record<string, unknown> {
    const c = layerConfig(this);
    c.cells = this.cells.map((l) => serializeLayer(l));
    return c;
  }

  /** Builds the stack from a Keras config, deserializing each cell (custom cells through `opts.customObjects`). */
  static fromConfig(config: Record<string, unknown>, opts: LayerDeserializeOptions = {}): Layer {
    const { cells, ...rest } = config;
    if (!Array.isArray(cells)) throw new ValueError(`StackedRNNCells config: \`cells\` must be a list. Received: ${fmt(cells)}`);
    return new StackedRNNCells({ ...argsFromConfig('StackedRNNCells config', rest), cells: cells.map((c) => deserializeLayer(c as Record<string, unknown>, opts) as RNNCellLike) });
  }
}
