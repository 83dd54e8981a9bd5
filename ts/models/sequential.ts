// Sequential: a plain stack of layers (Keras `Sequential`), built from a list or `add()`.
// A leading `input({ shape })` or a first layer with `inputShape` builds it at once; otherwise
// it builds on the first call.

import { ValueError, fmt } from '../errors.js';
import { Layer, type CallArgs, type LayerArgs } from '../layers/layer.js';
import { InputLayer, input } from '../layers/input_layer.js';
import { isSymbolic, type SymbolicShape, type SymbolicTensor } from '../layers/symbolic.js';
import type { Tensor } from '../tensor/tensor.js';
import { Model } from './model.js';

export class Sequential extends Model {
  private stack: Layer[] = [];
  private inputLayer: InputLayer | undefined;

  constructor(layers: readonly (Layer | SymbolicTensor)[] = [], args: LayerArgs = {}) {
    super(args);
    for (const l of layers) this.add(l);
  }

  add(layer: Layer | SymbolicTensor): void {
    if (isSymbolic(layer)) {
      const l = layer.node?.layer;
      if (!(l instanceof InputLayer) || this.stack.length > 0 || this.inputLayer) {
        throw new ValueError(`Sequential.add: a symbolic tensor is only accepted as the first entry, from input(). Received: ${String(layer)}`);
      }
      this.inputLayer = l;
      return;
    }
    if (!(layer instanceof Layer)) {
      throw new ValueError(`Sequential.add: only Layer instances can be added. Received: ${fmt(layer)}`);
    }
    if (this.stack.includes(layer)) throw new ValueError(`Sequential.add: layer '${layer.name}' is already in the model.`);
    if (layer instanceof InputLayer) {
      if (this.stack.length > 0 || this.inputLayer) throw new ValueError('Sequential.add: an InputLayer must come first.');
      this.inputLayer = layer;
      return;
    }
    if (!this.inputLayer && this.stack.length === 0 && layer.batchInputShape) {
      this.inputLayer = new InputLayer({ batchShape: layer.batchInputShape, name: undefined });
    }
    this.stack.push(layer);
    if (this.inputLayer) this.buildGraph();
  }

  /** Removes the last layer. */
  pop(): Layer {
    const l = this.stack.pop();
    if (!l) throw new ValueError('Sequential.pop: there are no layers to remove.');
    if (this.inputLayer) this.buildGraph();
    return l;
  }

  private buildGraph(): void {
    let x: SymbolicTensor = this.inputLayer!.output;
    for (const l of this.stack) x = l.apply(x) as SymbolicTensor;
    (this.inputs as SymbolicTensor[]).splice(0, this.inputs.length, this.inputLayer!.output);
    (this.outputs as SymbolicTensor[]).splice(0, this.outputs.length, x);
    this.batchInputShape = this.inputLayer!.output.shape;
    this.built = true;
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    if (this.inputLayer) return;
    const s = inputShape as SymbolicShape;
    this.inputLayer = new InputLayer({ batchShape: [null, ...s.slice(1)] });
    this.buildGraph();
  }

  override get layers(): Layer[] {
    return [...this.stack];
  }

  override call(inputs: Tensor | Tensor[], args: CallArgs): Tensor | Tensor[] {
    if (!this.inputLayer) this.build([null, ...(inputs as Tensor).shape.slice(1)]);
    let x = inputs as Tensor;
    const n = this.stack.length;
    for (let i = 0; i < n; i++) {
      const kw = i === n - 1 ? args : { ...args, logits: false };
      const y = this.stack[i]!.apply(x, kw) as Tensor;
      if (x !== inputs) x.dispose();
      x = y;
    }
    return x;
  }

  override getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, layers: this.stack.map((l) => ({ class_name: l.className, config: l.getConfig() })) };
  }
}

export { input };
