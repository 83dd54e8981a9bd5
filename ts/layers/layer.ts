// The Layer base class (Keras `Layer`): weights, lazy build on first call, input
// validation, eager calls on Tensors and symbolic calls on SymbolicTensors (functional API).
// Its option types, call context, mask plumbing and helpers live beside it
// (layer_args.ts, call_context.ts, layer_masks.ts, layer_nodes.ts, layer_helpers.ts).

import { ValueError, fmt } from '../errors.js';
import type { Variable } from '../autograd/variable.js';
import { toTensor } from '../tensor/creation.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import { engine } from '../tensor/engine.js';
import type { Regularizer } from '../regularizers/index.js';
import { isSymbolic, SymbolicTensor, type LayerNode, type SymbolicShape } from './symbolic.js';
import { checkInputSpec, type InputSpec } from './input_spec.js';
import { layerConfig } from './config.js';
import { isStringTensor } from '../tensor/string_tensor.js';
import type { AddWeightArgs, CallArgs, LayerArgs, LayerInput, LayerWeight } from './layer_args.js';
import { addActivityLosses, callStack, clearCallLosses, layersWithLosses, snakeCase, uniqueName } from './call_context.js';
import { attachOutputMasks, inputMasks, symbolicMasks } from './layer_masks.js';
import { trackedAttributes } from './attribute_tracking.js';
import { inferOutputShape, runOnZeros } from './zero_call.js';
import { assignWeights, createWeight, freshHandle, isShapeList, refuseStrings, unique, withNullBatch } from './layer_helpers.js';
import { addInboundNode, firstCall, shapesOf } from './layer_nodes.js';

export type { AddWeightArgs, CallArgs, LayerArgs, LayerInput, LayerWeight } from './layer_args.js';
export { snakeCase, takeCallLosses, uniqueName } from './call_context.js';

/** Guards the recursive weight getters against layers that reference each other. */
const visiting = new Set<Layer>();

/**
 * Base class of every layer (Keras `keras.layers.Layer`).
 *
 * Subclasses create their weights in `build(inputShape)` with `addWeight` and compute in
 * `call(inputs, args)`; `apply` builds on first use, checks `inputSpec`, handles masks and, on
 * SymbolicTensors, records a node of the functional graph. Weights held as fields of a layer
 * and sublayers held as fields are tracked automatically, as in Keras.
 * @example
 * ```ts
 * class Scale extends Layer {
 *   w!: Variable;
 *   build(shape: SymbolicShape) { this.w = this.addWeight('w', { shape: [shape.at(-1)!], initializer: 'ones' }); }
 *   call(x: Tensor) { return ops.mul(x, this.w); }
 * }
 * ```
 */
export abstract class Layer {
  /** The layer's name (Keras `name`), as written to configs and weight paths. */
  readonly name: string;
  private trainableFlag = true;
  /** Whether `build` has run (weights exist). */
  built = false;
  /** dtype of the layer's weights and outputs (Keras `dtype`). Default: `'float32'`. */
  readonly dtype: DType;
  /** Shape of one input sample with a null batch axis, when known before the first call. */
  batchInputShape: SymbolicShape | undefined;
  /** Constraints on the input checked by `apply` before each call (rank, axis sizes; Keras `input_spec`), or undefined for none. */
  inputSpec: InputSpec | InputSpec[] | undefined;
  /** Symbolic calls of this layer, in order. */
  readonly inboundNodes: LayerNode[] = [];
  /** Activity-regularisation losses from the last training call. */
  activityLosses: Tensor[] = [];
  /** Regularizer applied to the layer's output during training (Keras `activity_regularizer`); its penalty joins the loss. Default: none. */
  activityRegularizer: Regularizer | undefined;
  /** The weights created with `addWeight`, in creation order (for subclasses). */
  protected readonly weightList: LayerWeight[] = [];
  /**
   * Keras `supports_jit`, as an opt-in for custom layers: `true` declares that `call` is a pure
   * function of its inputs and weights (no JS state that changes between training steps), so
   * `fit` may compile the step (`jitCompile`) with this layer in it. Built-in layers are judged
   * by kerasm itself; a custom layer that leaves this unset keeps the eager step. Default: unset.
   */
  supportsJit: boolean | undefined;
  /**
   * Keras `supports_masking`: the layer passes the mask of its input on to its output (through
   * `computeMask`). A layer that does not support masking drops a mask it receives, as in Keras 3.
   */
  supportsMasking = false;

  constructor(args: LayerArgs = {}) {
    this.name = args.name ?? uniqueName(snakeCase(this.constructor.name));
    this.trainableFlag = args.trainable ?? true;
    this.dtype = args.dtype ?? 'float32';
    if (args.inputShape) this.batchInputShape = [args.batchSize ?? null, ...args.inputShape];
  }

  /**
   * Whether the layer's weights train. Setting it sets every sublayer (and nested model)
   * the same way, as Keras 3 does, and a frozen BatchNormalization runs in inference mode.
   * A training run reads the trainable weights when it starts: after changing `trainable`,
   * call `compile()` again before the next `fit()` (as in Keras 3); `fit` throws otherwise.
   */
  get trainable(): boolean {
    return this.trainableFlag;
  }

  /** Freezes (false) or unfreezes (true) the layer, its sublayers and nested models; recompile before the next `fit`. */
  set trainable(value: boolean) {
    this.trainableFlag = Boolean(value);
    for (const w of this.weightList) if (w.trainable) w.variable.trainable = this.trainableFlag;
    this.overSublayers((l) => {
      l.trainable = value;
      return [];
    });
  }

  /**
   * Layers this layer holds in its fields (directly, in arrays, Maps or plain objects, at any
   * depth), in field order: Keras's attribute tracking. Their weights, losses and
   * `trainable` flag belong to this layer too. Models list their graph layers instead.
   */
  get sublayers(): Layer[] {
    return trackedAttributes(this, Layer, this.weightList).layers;
  }

  /** Variables assigned to fields (not created with addWeight), also tracked as weights. */
  private get attributeVariables(): Variable[] {
    return trackedAttributes(this, Layer, this.weightList).variables;
  }

  /** Keras class name, used in summaries and configs. */
  get className(): string {
    return this.constructor.name;
  }

  /** Creates weights once the input shape is known. `inputShape` has a null batch axis. */
  build(_inputShape: SymbolicShape | SymbolicShape[]): void {
    this.built = true;
  }

  /**
   * Keras `compute_mask`: the mask of the output given the inputs and the input mask. A layer
   * called on a list receives a list of masks (one per input; declare `mask` as
   * `Tensor | (Tensor | null)[] | null` in its override). A list result gives one mask per
   * output. Default: the input mask if the layer supports masking, else none.
   */
  computeMask(_inputs: Tensor | Tensor[], mask: Tensor | null): Tensor | (Tensor | null)[] | null {
    return this.supportsMasking ? mask ?? null : null;
  }

  /** Whether the output gets a mask: `supportsMasking`, or `computeMask` overridden (Keras's rule). */
  private get producesMask(): boolean {
    return this.supportsMasking || this.computeMask !== Layer.prototype.computeMask;
  }

  /** The computation. Inputs are concrete Tensors. */
  abstract call(inputs: Tensor | Tensor[], args: CallArgs): Tensor | Tensor[];

  /**
   * Output shape for an input shape. By default it is inferred the way Keras 3 does (by
   * running `call`), here on small zero batches under `noGrad`: unknown axes are filled with
   * 2 and then 4, and an output axis that changes between the two runs is unknown.
   */
  computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape | SymbolicShape[] {
    return inferOutputShape(this, inputShape, this.inferDTypes);
  }

  /** Input dtypes of the symbolic call in progress, for the output-shape inference. */
  private inferDTypes: DType[] | undefined;

  /** Keras `__call__`: validates, builds on first use, then calls (or records a symbolic node). */
  // Layers have one output; a multi-output Model returns an array at run time (see Model).
  apply(inputs: SymbolicTensor | SymbolicTensor[], args?: CallArgs): SymbolicTensor;
  apply(inputs: Tensor | Tensor[], args?: CallArgs): Tensor;
  apply(inputs: LayerInput, args?: CallArgs): Tensor | SymbolicTensor;
  apply(inputs: LayerInput, args: CallArgs = {}): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    const list = (Array.isArray(inputs) ? inputs : [inputs]) as (Tensor | SymbolicTensor)[];
    const multi = Array.isArray(inputs);
    if (list.length === 0) throw new ValueError(`Layer '${this.name}' received no inputs.`);
    if (!this.acceptsStrings) refuseStrings(this, list);
    if (list.some(isSymbolic)) {
      if (!list.every(isSymbolic)) throw new ValueError(`Layer '${this.name}': cannot mix symbolic and concrete inputs. Received: ${fmt(list.map(String))}`);
      return this.symbolicCall(list as SymbolicTensor[], multi, args);
    }
    this.beforeEagerCall();
    // String batches (a model's string inputs) reach only layers that accept them, as they are.
    const ts = list.map((t) => (isStringTensor(t) ? t as unknown as Tensor : toTensor(t as Tensor, `Layer '${this.name}'`)));
    const shapes = ts.map((t) => t.shape);
    checkInputSpec(this, shapes);
    if (callStack.length === 0) clearCallLosses();
    const training = args.training ?? callStack.at(-1)?.training;
    const masking = inputMasks(this, ts, multi, args);
    const full = (training === undefined || args.training === training) && !masking.changed ? args : { ...args, training, ...masking.args };
    callStack.push(full);
    let out: Tensor | Tensor[];
    try {
      this.maybeBuild(multi ? shapes.map(withNullBatch) : withNullBatch(shapes[0]!), ts.map((t) => t.dtype));
      // Tensors made by this call have larger ids: anything older is an input or captured.
      const firstId = engine.newId();
      out = this.call(multi ? ts : ts[0]!, full);
      // An output that existed before the call (an input returned as is, a Variable) gets
      // its own handle, so whoever frees this output cannot free the caller's tensor.
      out = Array.isArray(out) ? out.map((o) => freshHandle(o, firstId)) : freshHandle(out, firstId);
      if (this.producesMask) attachOutputMasks(this, multi ? ts : ts[0]!, Array.isArray(out) ? out : [out], masking);
    } finally {
      callStack.pop();
      for (const t of masking.owned) t.dispose();
    }
    if (this.activityRegularizer) addActivityLosses(this, this.activityRegularizer, Array.isArray(out) ? out : [out]);
    return out;
  }

  /**
   * Whether the layer takes string inputs (StringTensors, symbolic inputs of dtype 'string'):
   * TextVectorization, StringLookup, Hashing and models. Any other layer receiving strings
   * throws a ValueError naming it.
   */
  protected get acceptsStrings(): boolean {
    return false;
  }

  /** Hook run before every eager call (models refuse calls once disposed). */
  protected beforeEagerCall(): void {}

  /** The training flag of the call in progress (the enclosing one if not given), for custom `call` code. */
  static currentTraining(): boolean | undefined {
    return callStack.at(-1)?.training;
  }

  /**
   * Adds a loss computed in `call` (Keras `add_loss`); the trainer adds it to the objective.
   * Losses are cleared at the start of each outermost call, as in Keras.
   */
  addLoss(loss: Tensor): void {
    if (!(loss instanceof Tensor)) throw new ValueError(`Layer '${this.name}'.addLoss: expected a Tensor. Received: ${fmt(loss)}`);
    this.activityLosses.push(loss);
    layersWithLosses.add(this);
  }

  /**
   * Keras `layer.losses`: losses added in the last call (addLoss, activity regularizers) and
   * the weight regularization penalties, of this layer and every sublayer. The penalties are
   * new tensors: call inside `tidy` (or a GradientTape's `run`).
   */
  get losses(): Tensor[] {
    const out: Tensor[] = [...this.collectAddedLosses()];
    for (const w of this.weightEntries) if (w.regularizer && w.variable.trainable) out.push(w.regularizer.call(w.variable));
    return out;
  }

  private collectAddedLosses(): Tensor[] {
    if (visiting.has(this)) return [];
    return [...this.activityLosses.filter((t) => !t.isDisposed), ...this.overSublayers((l) => l.collectAddedLosses())];
  }

  private maybeBuild(shape: SymbolicShape | SymbolicShape[], dtypes?: DType[]): void {
    if (this.built) return;
    this.build(shape);
    this.built = true;
    // Keras 3's default build: a layer that only composes sublayers creates their weights
    // by running once, so they exist (and count) before the first real call.
    if (this.build === Layer.prototype.build && this.sublayers.some((l) => !l.built)) runOnZeros(this, shape, dtypes, 2);
  }

  private symbolicCall(inputs: SymbolicTensor[], multi: boolean, args: CallArgs): SymbolicTensor | SymbolicTensor[] {
    const shapes = inputs.map((t) => t.shape);
    checkInputSpec(this, shapes);
    const inShape = multi ? shapes : shapes[0]!;
    // 'string' reaches here only for layers that accept strings (and define their output shape).
    const dtypes = inputs.map((t) => t.dtype) as DType[];
    this.maybeBuild(inShape, dtypes);
    this.inferDTypes = dtypes;
    let outShape: SymbolicShape | SymbolicShape[];
    try {
      outShape = this.computeOutputShape(inShape);
    } finally {
      this.inferDTypes = undefined;
    }
    const outputs = addInboundNode(this, inputs, outShape, args, this.outputDType(inputs[0]!.dtype as DType));
    symbolicMasks(this, this.producesMask, inputs, multi, args, outputs);
    return isShapeList(outShape) ? outputs : outputs[0]!;
  }

  /** dtype of outputs given the first input's dtype (Embedding maps int32 → float32). */
  protected outputDType(inputDType: DType): DType {
    return inputDType === 'int32' ? 'float32' : inputDType;
  }

  /**
   * Creates and tracks a weight (Keras `add_weight`), normally inside `build`.
   *
   * The variable is named `<layer name>/<name>` and initialised right away.
   * @param name - Name of the weight inside the layer, e.g. `'kernel'`.
   * @returns The new Variable; keep it in a field to use it in `call`.
   * @example this.kernel = this.addWeight('kernel', { shape: [inDim, this.units], initializer: 'glorotUniform' })
   */
  addWeight(name: string, args: AddWeightArgs): Variable {
    const w = createWeight(`${this.name}/${name}`, args);
    this.weightList.push(w);
    return w.variable;
  }

  /** This layer's own variables: addWeight ones (trainable first, Keras order), then attribute ones. */
  private get ownVariables(): Variable[] {
    return [
      ...this.weightList.filter((w) => w.trainable).map((w) => w.variable),
      ...this.weightList.filter((w) => !w.trainable).map((w) => w.variable),
      ...this.attributeVariables,
    ];
  }

  /** Runs `f` over the sublayers unless this layer is already being walked (reference cycles). */
  private overSublayers<T>(f: (l: Layer) => T[]): T[] {
    if (visiting.has(this)) return [];
    visiting.add(this);
    try {
      return this.sublayers.flatMap(f);
    } finally {
      visiting.delete(this);
    }
  }

  /** Every weight: this layer's own (trainable first, Keras order), then each sublayer's. */
  get weights(): Variable[] {
    return unique([...this.ownVariables, ...this.overSublayers((l) => l.weights)]);
  }

  /** The weights `fit` updates (Keras `trainable_weights`): none when the layer is frozen (`trainable = false`). */
  get trainableWeights(): Variable[] {
    if (!this.trainable) return [];
    return unique([...this.ownVariables.filter((v) => v.trainable), ...this.overSublayers((l) => l.trainableWeights)]);
  }

  /** The weights gradients do not update (Keras `non_trainable_weights`): statistics such as moving means, or every weight of a frozen layer. */
  get nonTrainableWeights(): Variable[] {
    if (!this.trainable) return this.weights;
    return unique([...this.ownVariables.filter((v) => !v.trainable), ...this.overSublayers((l) => l.nonTrainableWeights)]);
  }

  /** Weights with their regularizers and constraints, this layer's and every sublayer's. */
  get weightEntries(): readonly LayerWeight[] {
    return unique([...this.weightList, ...this.overSublayers((l) => [...l.weightEntries])]);
  }

  /** Hands over the losses of the last call (activity regularizers, addLoss), sublayers' included. */
  takeActivityLosses(): Tensor[] {
    const l = this.activityLosses.filter((t) => !t.isDisposed);
    this.activityLosses = [];
    return [...l, ...this.overSublayers((x) => x.takeActivityLosses())];
  }

  /** Copies of the weight values (Keras `get_weights`). */
  getWeights(): (Float32Array | Int32Array)[] {
    return this.weights.map((w) => w.dataSync());
  }

  /** Sets weights from arrays or tensors, in `weights` order (Keras `set_weights`). */
  setWeights(values: readonly (Float32Array | Int32Array | number[] | Tensor)[]): void {
    assignWeights(`Layer '${this.name}'.setWeights`, this.weights, values);
  }

  /** Number of scalars in all weights (Keras `count_params`). */
  countParams(): number {
    return this.weights.reduce((s, w) => s + w.size, 0);
  }

  /**
   * Keras 3 `get_config()`: name, trainable, dtype (a DTypePolicy dict), then the keys the
   * class lists in `static configKeys` (see config.ts). Like Keras 3, no input shape: a
   * Sequential model records it as an InputLayer.
   */
  getConfig(): Record<string, unknown> {
    return layerConfig(this);
  }

  /** Frees every weight, sublayers' included. */
  dispose(): void {
    for (const w of this.weightList) w.variable.dispose();
    this.weightList.length = 0;
    this.built = false;
    this.overSublayers((l) => {
      l.dispose();
      return [];
    });
  }

  /** The symbolic input of the layer's first functional call (Keras `layer.input`). */
  get input(): SymbolicTensor | SymbolicTensor[] {
    return firstCall(this, 'input');
  }

  /** The symbolic output of the layer's first functional call (Keras `layer.output`). */
  get output(): SymbolicTensor | SymbolicTensor[] {
    return firstCall(this, 'output');
  }

  /** Shape of the input of the layer's first functional call (null = unknown axis). Throws a ValueError if the layer has never been called on a symbolic input. */
  get inputShape(): SymbolicShape | SymbolicShape[] {
    return shapesOf(firstCall(this, 'input shape'));
  }

  /** Shape of the output of the layer's first functional call (null = unknown axis). Throws a ValueError if the layer has never been called on a symbolic input. */
  get outputShape(): SymbolicShape | SymbolicShape[] | undefined {
    return shapesOf(firstCall(this, 'output shape'));
  }
}

