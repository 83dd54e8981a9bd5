// Sequential: a plain stack of layers (Keras `Sequential`), built from a list or `add()`.
// A leading `input({ shape })` or a first layer with `inputShape` builds it at once; otherwise
// it builds on the first call.

import { ValueError, fmt } from '../errors.js';
import { Layer, type CallArgs, type LayerArgs, type LayerInput } from '../layers/layer.js';
import { InputLayer, input } from '../layers/input_layer.js';
import { isSymbolic, type SymbolicShape, type SymbolicTensor } from '../layers/symbolic.js';
import type { Tensor } from '../tensor/tensor.js';
import { Model, type DataArg } from './model.js';
import { isStringTensor } from '../tensor/string_tensor.js';
import { deserializeLayer, registerBuiltinLayer, resolveLayerClass, type LayerDeserializeOptions } from '../layers/serialization.js';
import { registerBuiltinLayers } from '../layers/index.js';
import { serializeDType } from '../layers/config.js';
import { serializeEntry } from '../saving/config/entry.js';
import { own } from '../saving/config/registry.js';
import { checkDepth, expectArray, expectRecord, expectShape } from '../saving/config/validate.js';

/** One output, so `predict` resolves to a `Tensor`. */
export class Sequential extends Model<SymbolicTensor> {
  private stack: Layer[] = [];
  private inputLayer: InputLayer | undefined;

  constructor(layers: readonly (Layer | SymbolicTensor)[] = [], args: LayerArgs = {}) {
    super(args);
    for (const l of layers) this.add(l);
  }

  /**
   * Appends a layer to the stack (Keras/tfjs `Sequential.add`); the first entry may be an `input()` tensor or an InputLayer.
   * A non-layer, a layer already in the model or a misplaced InputLayer throws a `ValueError` (`Received: …`).
   */
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

  /**
   * Input data as the model takes it; an unbuilt model given strings builds a string input
   * first (saved as Keras's dtype 'string'), since `build` sees only shapes.
   */
  override flattenStructure(x: DataArg | LayerInput, kind: 'input' | 'output', what: string): DataArg | LayerInput {
    const flat = super.flattenStructure(x, kind, what);
    if (kind === 'input' && !this.inputLayer && isStringTensor(flat)) {
      this.inputLayer = new InputLayer({ batchShape: [null, ...flat.shape.slice(1)], dtype: 'string' });
      this.buildGraph();
    }
    return flat;
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
    // The model's input mask goes to the first layer; after that each layer reads the mask
    // attached to its input (Keras 3 Sequential.call).
    const { mask, masks: _masks, ...rest } = args;
    for (let i = 0; i < n; i++) {
      const kw = i === n - 1 ? rest : { ...rest, logits: false };
      const y = this.stack[i]!.apply(x, i === 0 && mask ? { ...kw, mask } : kw) as Tensor;
      if (x !== inputs) x.dispose();
      x = y;
    }
    return x;
  }

  /**
   * Keras 3 `Sequential.get_config()`: the layers (with the InputLayer when the model has
   * one) and `build_input_shape` once built.
   */
  override getConfig(): Record<string, unknown> {
    const layers = [...(this.inputLayer ? [this.inputLayer] : []), ...this.stack].map(serializeEntry);
    const c: Record<string, unknown> = { name: this.name, trainable: this.trainable, dtype: serializeDType(this.dtype), layers };
    if (this.inputLayer) c.build_input_shape = [...this.inputLayer.batchInputShape!];
    return c;
  }

  /**
   * Keras `Sequential.from_config`: the Keras 3 config, Keras 2 / tfjs ones (input shape as
   * `batch_input_shape` on the first layer), and the legacy bare list of layers. Every class is
   * checked before any layer is built; if building fails, what was built is freed.
   */
  static override fromConfig(config: unknown, opts: LayerDeserializeOptions = {}): Sequential {
    checkDepth(config, 'Sequential config');
    // The config readers register the built-ins; this one may be called directly.
    registerBuiltinLayers();
    registerBuiltinLayer('Sequential', Sequential);
    const c = Array.isArray(config) ? { layers: config } : expectRecord(config, 'Sequential config');
    const specs = expectArray(own(c, 'layers'), 'Sequential config field `layers`');
    specs.forEach((s, i) => resolveLayerClass(expectRecord(s, `Sequential config layers[${i}]`), opts));
    const name = own(c, 'name');
    if (name !== undefined && name !== null && typeof name !== 'string') throw new ValueError(`Sequential config field \`name\` must be a string. Received: ${fmt(name)}`);
    const trainable = own(c, 'trainable');
    if (trainable !== undefined && trainable !== null && typeof trainable !== 'boolean') throw new ValueError(`Sequential config field \`trainable\` must be a boolean. Received: ${fmt(trainable)}`);
    const shape = own(c, 'build_input_shape');
    const buildShape = shape === undefined || shape === null ? undefined : expectShape(shape, 'Sequential config field `build_input_shape`');
    const model = new Sequential([], { name: (name as string | undefined) ?? undefined });
    const made: Layer[] = [];
    try {
      for (const s of specs) {
        const layer = deserializeLayer(s as Record<string, unknown>, opts);
        made.push(layer);
        model.add(layer);
      }
      if (buildShape && !model.inputLayer) model.build(buildShape);
      if (trainable === false) model.trainable = false;
      return model;
    } catch (err) {
      for (const l of made) l.dispose();
      model.dispose();
      throw err;
    }
  }
}

export { input };
