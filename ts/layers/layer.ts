// The Layer base class (Keras `Layer`): weights, lazy build on first call, input
// validation, eager calls on Tensors and symbolic calls on SymbolicTensors (functional API).

import { ValueError, fmt } from '../errors.js';
import { Variable } from '../autograd/variable.js';
import { ones, toTensor, zeros } from '../tensor/creation.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import { engine } from '../tensor/engine.js';
import { noGrad, tidy } from '../autograd/gradients.js';
import { fromData } from '../tensor/creation.js';
import { reshape } from '../ops/reshape.js';
import { mulScalar } from '../ops/unary.js';
import * as initializers from '../initializers/index.js';
import type { Regularizer } from '../regularizers/index.js';
import type { Constraint } from '../constraints/index.js';
import { isSymbolic, SymbolicTensor, type LayerNode, type SymbolicShape } from './symbolic.js';
import { checkInputSpec, type InputSpec } from './input_spec.js';
import { kerasSnakeCase } from '../utils/naming.js';
import { layerConfig } from './config.js';
import { cast } from '../ops/cast.js';
import { isStringTensor, looksLikeStrings } from '../tensor/string_tensor.js';
import { checkMaskShape, getKerasMask, getMaskData, hasKerasMask, setKerasMask, type MaskData } from './masking/keras_mask.js';

/** Options every layer accepts (Keras `Layer.__init__` keyword arguments). */
export interface LayerArgs {
  /** Layer name, unique in a model. Default: the snake_case class name made unique (`dense`, `dense_1`, …). */
  name?: string;
  /** Whether `fit` updates the layer's weights (Keras `trainable`). Default: true. */
  trainable?: boolean;
  /** Shape of one sample (no batch axis); lets a Sequential model build up front. */
  inputShape?: readonly number[];
  /** Fixed batch size, used with `inputShape` to give the first layer of a Sequential model a full input shape. Default: any (null). */
  batchSize?: number;
  /** dtype of the weights and outputs (Keras `dtype`, a plain dtype name, no mixed-precision policy). Default: `'float32'`. */
  dtype?: DType;
}

/** Options of one layer call (`layer.apply(x, args)`); custom layers may read extra keys. */
export interface CallArgs {
  /** Training mode (Keras `training`): Dropout drops and BatchNormalization uses batch statistics only when true. Default: inherited from the enclosing call, else false (inference). */
  training?: boolean;
  /** Set by the trainer on the output layer: return softmax's input (logits), so the softmax fuses into the cross-entropy. */
  logits?: boolean;
  /**
   * Keras mask of the input: float32 0/1 of shape [batch, time] (1 = keep). Unless given,
   * `apply` sets it from the mask attached to the input tensor (see masking/keras_mask.ts).
   */
  mask?: Tensor | null;
  /** Masks of a list input, one per input (null: none); set like `mask`. */
  masks?: (Tensor | null)[];
  [k: string]: unknown;
}

export interface LayerWeight {
  variable: Variable;
  trainable: boolean;
  regularizer?: Regularizer;
  constraint?: Constraint;
}

/** Options of {@link Layer.addWeight} (Keras `Layer.add_weight`). */
export interface AddWeightArgs {
  /** Shape of the weight. */
  shape: readonly number[];
  /** Initializer name, config or instance. Default: `'glorot_uniform'`. */
  initializer?: initializers.InitializerIdentifier;
  /** Whether gradients update the weight (false for statistics such as BatchNormalization's moving mean). Default: true. */
  trainable?: boolean;
  /** Regularizer whose penalty is added to the loss during `fit`. Default: none. */
  regularizer?: Regularizer;
  /** Constraint applied to the weight after each optimizer step. Default: none. */
  constraint?: Constraint;
  /** dtype of the weight. Default: `'float32'`. */
  dtype?: DType;
}

const nameCounts = new Map<string, number>();

/** Keras-style unique default names: dense, dense_1, dense_2, … */
export function uniqueName(base: string): string {
  const n = nameCounts.get(base) ?? 0;
  nameCounts.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

/** Keras's default-name snake_case: `Conv2D` → `conv2d`, `MaxPooling2D` → `max_pooling2d`, `ReLU` → `re_lu`. */
export const snakeCase = kerasSnakeCase;

/** What a layer can be called on: concrete Tensors (eager call) or SymbolicTensors (functional API), one or a list. */
export type LayerInput = Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[];

/**
 * The calls in progress, outermost first. A nested call without an explicit `training`
 * inherits it from the enclosing call (Keras 3's call context), so
 * `model.apply(x, { training: false })` reaches every BatchNormalization and Dropout inside,
 * however deep, including sublayers a custom layer calls itself.
 */
const callStack: CallArgs[] = [];

// Fields of Layer itself that hold framework state rather than sublayers. Nothing else is
// skipped, so a user's field may have any name (`stack`, `nodes`, …); models list their
// graph layers through `layers` instead of a field scan.
const UNTRACKED_KEYS = new Set(['inboundNodes', 'weightList', 'activityLosses']);

/** Guards the recursive weight getters against layers that reference each other. */
const visiting = new Set<Layer>();

/**
 * Layers holding losses from the current outermost call (addLoss, activity regularizers).
 * Keras clears them when the next outermost call starts; a registry keeps that O(layers with
 * losses) instead of a walk over every layer on every call.
 */
const layersWithLosses = new Set<Layer>();

function clearCallLosses(): void {
  for (const l of layersWithLosses) l.activityLosses = [];
  layersWithLosses.clear();
}

/** Hands over every loss added since the current outermost call began (the trainer's view). */
export function takeCallLosses(): Tensor[] {
  const out: Tensor[] = [];
  for (const l of layersWithLosses) {
    for (const t of l.activityLosses) if (!t.isDisposed) out.push(t);
    l.activityLosses = [];
  }
  layersWithLosses.clear();
  return out;
}

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
    return this.tracked().layers;
  }

  /** Variables assigned to fields (not created with addWeight), also tracked as weights. */
  private get attributeVariables(): Variable[] {
    return this.tracked().variables;
  }

  // Runs on every weight query (each training step asks), so it allocates only when it finds
  // something and skips primitives, functions and class instances without descending.
  private tracked(): { layers: Layer[]; variables: Variable[] } {
    const layers: Layer[] = [];
    const variables: Variable[] = [];
    let seen: Set<unknown> | undefined;
    const visit = (v: unknown, depth: number): void => {
      if (v === null || typeof v !== 'object' || v === this) return;
      if (v instanceof Layer) {
        if (!layers.includes(v)) layers.push(v);
        return;
      }
      if (v instanceof Variable) {
        if (!v.isDisposed && !variables.includes(v) && !this.weightList.some((w) => w.variable === v)) variables.push(v);
        return;
      }
      const isArr = Array.isArray(v);
      if (!isArr && !(v instanceof Map) && !isPlainObject(v)) return;
      if (depth > 8) return;
      seen ??= new Set();
      if (seen.has(v)) return;
      seen.add(v);
      if (isArr) {
        for (const x of v as unknown[]) if (x !== null && typeof x === 'object') visit(x, depth + 1);
      } else if (v instanceof Map) v.forEach((x) => visit(x, depth + 1));
      else for (const k in v as object) visit((v as Record<string, unknown>)[k], depth + 1);
    };
    const self = this as unknown as Record<string, unknown>;
    for (const k of Object.keys(this)) {
      const v = self[k];
      if (v !== null && typeof v === 'object' && !UNTRACKED_KEYS.has(k)) visit(v, 0);
    }
    return { layers, variables };
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
    const a = this.runOnZeros(inputShape, this.inferDTypes, 2);
    const hasUnknown = (isShapeList(inputShape) ? inputShape : [inputShape]).some((s) => s.some((d) => d === null));
    const b = hasUnknown ? this.runOnZeros(inputShape, this.inferDTypes, 4) : a;
    const merged = a.shapes.map((s, i) => s.map((d, j) => (b.shapes[i]![j] === d ? d : null)));
    return a.list ? merged : merged[0]!;
  }

  /** Calls the layer in inference mode on zeros, unknown axes set to `fill`; returns the output shapes. */
  private runOnZeros(inputShape: SymbolicShape | SymbolicShape[], dtypes: DType[] | undefined, fill: number): { shapes: number[][]; list: boolean } {
    const multi = isShapeList(inputShape);
    const shapes = (multi ? inputShape : [inputShape]) as SymbolicShape[];
    return noGrad(() => tidy(() => {
      const xs = shapes.map((s, i) => zeros(s.map((d) => d ?? fill), dtypes?.[i] ?? 'float32'));
      callStack.push({ training: false });
      let out: Tensor | Tensor[];
      try {
        out = this.call(multi ? xs : xs[0]!, { training: false });
      } catch (e) {
        throw new ValueError(`Layer '${this.name}': could not infer its output shape by calling it on a zero batch of shape ` +
          `${fmt(shapes.map((s) => s.map((d) => d ?? fill)))}; define computeOutputShape() (and build()). Received: ${(e as Error).message}`);
      } finally {
        callStack.pop();
      }
      return { shapes: (Array.isArray(out) ? out : [out]).map((t) => t.shape.slice()), list: Array.isArray(out) };
    }));
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
    const masking = this.inputMasks(ts, multi, args);
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
      this.attachOutputMasks(multi ? ts : ts[0]!, Array.isArray(out) ? out : [out], masking);
    } finally {
      callStack.pop();
      for (const t of masking.owned) t.dispose();
    }
    // As Keras 3.15: in every call (evaluate's loss includes it too), divided by the batch
    // size so its strength does not depend on the batch size.
    if (this.activityRegularizer) {
      for (const o of Array.isArray(out) ? out : [out]) {
        const reg = this.activityRegularizer;
        this.activityLosses.push(tidy(() => {
          const l = reg.call(o);
          return o.rank > 0 && o.shape[0]! > 0 ? mulScalar(l, 1 / o.shape[0]!) : l;
        }));
        layersWithLosses.add(this);
      }
    }
    return out;
  }

  /**
   * The masks for this call (Keras `__call__` step 6): the ones given in `args`, else those
   * attached to the inputs. Tensors made here are `owned` and freed after the call.
   */
  private inputMasks(ts: Tensor[], multi: boolean, args: CallArgs): InputMasks {
    // The common case (one input, no mask) without the closures below: the package build
    // (esbuild keepNames) pays a defineProperty per closure, on every layer call.
    if (!multi && args.mask === undefined && !hasKerasMask(ts[0]!)) {
      return { mask: null, owned: [], source: undefined, changed: false, args: { mask: null } };
    }
    const owned: Tensor[] = [];
    const where = `Layer '${this.name}'`;
    const prepare = (m: Tensor | null | undefined, x: Tensor): Tensor | null => {
      if (m === null || m === undefined) return null;
      if (!(m instanceof Tensor)) throw new ValueError(`${where}: a mask must be a Tensor or null. Received: ${fmt(m)}`);
      checkMaskShape(where, m, x.shape);
      if (m.dtype === 'float32') return m;
      const f = cast(m, 'float32');
      owned.push(f);
      return f;
    };
    const fromInput = (x: Tensor): Tensor | null => {
      const m = getKerasMask(x);
      if (m) owned.push(m);
      return m;
    };
    if (!multi) {
      const given = args.mask !== undefined;
      const mask = prepare(given ? args.mask : fromInput(ts[0]!), ts[0]!);
      const source = given ? undefined : getMaskData(ts[0]!);
      return { mask, owned, source, changed: mask !== null, args: { mask } };
    }
    const list = args.masks ?? ts.map(fromInput);
    if (!Array.isArray(list) || list.length !== ts.length) {
      throw new ValueError(`${where}: expected one mask per input (${ts.length}). Received: masks=${fmt(list)}`);
    }
    const masks = list.map((m, i) => prepare(m, ts[i]!));
    const any = masks.some((m) => m !== null);
    return { mask: any ? masks : null, owned, source: undefined, changed: any, args: { masks } };
  }

  /** Keras `_set_mask_metadata`: attaches `computeMask`'s result to outputs that have no mask yet. */
  private attachOutputMasks(inputs: Tensor | Tensor[], outs: Tensor[], masking: InputMasks): void {
    if (!this.producesMask || outs.every(hasKerasMask)) return;
    noGrad(() => tidy(() => {
      const m = this.computeMask(inputs, masking.mask as Tensor | null);
      const ms = Array.isArray(m) ? m : [m];
      outs.forEach((o, i) => {
        const mi = ms[i];
        if (!mi || hasKerasMask(o)) return;
        // A mask passed on unchanged keeps its data: no copy back from WASM memory.
        setKerasMask(o, mi === masking.mask && masking.source ? masking.source : mi);
      });
    }));
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
    visiting.add(this);
    try {
      return [...this.activityLosses.filter((t) => !t.isDisposed), ...this.sublayers.flatMap((l) => l.collectAddedLosses())];
    } finally {
      visiting.delete(this);
    }
  }

  private maybeBuild(shape: SymbolicShape | SymbolicShape[], dtypes?: DType[]): void {
    if (this.built) return;
    this.build(shape);
    this.built = true;
    // Keras 3's default build: a layer that only composes sublayers creates their weights
    // by running once, so they exist (and count) before the first real call.
    if (this.build === Layer.prototype.build && this.sublayers.some((l) => !l.built)) this.runOnZeros(shape, dtypes, 2);
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
    const outShapes = (isShapeList(outShape) ? outShape : [outShape]) as SymbolicShape[];
    const node: LayerNode = { layer: this, inputs, outputs: [], kwargs: args };
    const k = this.inboundNodes.length;
    node.outputs = outShapes.map((s, i) => new SymbolicTensor(s, this.outputDType(inputs[0]!.dtype as DType), node, `${this.name}${k ? `_${k}` : ''}${outShapes.length > 1 ? `/${i}` : ''}`));
    this.inboundNodes.push(node);
    this.symbolicMasks(inputs, multi, args, node.outputs);
    return isShapeList(outShape) ? node.outputs : node.outputs[0]!;
  }

  /**
   * Mask propagation on symbolic tensors: checks the input masks' shapes, then gives each
   * output the shape of its mask (found by running `computeMask` on zeros), or none.
   */
  private symbolicMasks(inputs: SymbolicTensor[], multi: boolean, args: CallArgs, outputs: SymbolicTensor[]): void {
    const where = `Layer '${this.name}'`;
    if (isSymbolic(args.mask) || (Array.isArray(args.masks) && args.masks.some(isSymbolic))) {
      throw new ValueError(`${where}: a symbolic mask cannot be passed in a functional model; masks flow from Masking or ` +
        `Embedding({ maskZero: true }) through the layers. Received: mask=${String(args.mask ?? args.masks)}`);
    }
    const explicit = multi ? args.masks?.map((m) => m?.shape ?? null) : args.mask !== undefined ? [args.mask?.shape ?? null] : undefined;
    const inMasks = explicit ?? inputs.map((t) => t.kerasMask);
    inMasks.forEach((m, i) => {
      if (m && inputs[i]) checkMaskShape(where, { shape: m }, inputs[i]!.shape);
    });
    if (!this.producesMask) return;
    const fill = (s: SymbolicShape) => s.map((d) => d ?? 2);
    const shapes = noGrad(() => tidy(() => {
      const xs = inputs.map((t) => zeros(fill(t.shape), t.dtype as DType));
      const ms = inMasks.map((m) => (m ? ones(fill(m)) : null));
      callStack.push({ training: false });
      try {
        const r = this.computeMask(multi ? xs : xs[0]!, (multi ? (ms.some((m) => m) ? ms : null) : ms[0]!) as Tensor | null);
        return (Array.isArray(r) ? r : [r]).map((m) => m?.shape.slice() ?? null);
      } catch (e) {
        throw new ValueError(`${where}: computeMask failed on a zero batch of shape ${fmt(xs.map((x) => x.shape))}. Received: ${(e as Error).message}`);
      } finally {
        callStack.pop();
      }
    }));
    outputs.forEach((o, i) => {
      const s = shapes[i];
      if (!s) return;
      // Keep the unknown axes unknown: a mask shape is a prefix of its output's shape.
      o.kerasMask = s.length <= o.shape.length ? o.shape.slice(0, s.length) : s;
    });
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
    const init = initializers.get(args.initializer ?? 'glorot_uniform');
    const trainable = args.trainable ?? true;
    const value = tidy(() => init.call(args.shape, args.dtype ?? 'float32'));
    const variable = new Variable(value, { name: `${this.name}/${name}`, trainable });
    value.dispose();
    this.weightList.push({ variable, trainable, regularizer: args.regularizer, constraint: args.constraint });
    return variable;
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
    const ws = this.weights;
    if (values.length !== ws.length) {
      throw new ValueError(`Layer '${this.name}'.setWeights: expected ${ws.length} arrays. Received: ${values.length}`);
    }
    ws.forEach((w, i) => {
      const v = values[i]!;
      const t = v instanceof Tensor ? v : fromData('setWeights', v, w.shape, w.dtype);
      if (t.size !== w.size) {
        throw new ValueError(`Layer '${this.name}'.setWeights: weight '${w.name}' has shape ${fmt(w.shape)}. Received: ${t.size} values (shape ${fmt(t.shape)})`);
      }
      w.buf.view().set(t.buf.view().subarray(0, t.size));
      if (t !== v) t.dispose();
    });
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

  private nodeAt(what: string): LayerNode {
    const node = this.inboundNodes[0];
    if (!node) {
      throw new ValueError(`Layer '${this.name}' has never been called on a symbolic input and thus has no defined ${what}. ` +
        'Call it on the output of input() (functional API) first.');
    }
    return node;
  }

  /** The symbolic input of the layer's first functional call (Keras `layer.input`). */
  get input(): SymbolicTensor | SymbolicTensor[] {
    const ins = this.nodeAt('input').inputs;
    return ins.length === 1 ? ins[0]! : ins;
  }

  /** The symbolic output of the layer's first functional call (Keras `layer.output`). */
  get output(): SymbolicTensor | SymbolicTensor[] {
    const outs = this.nodeAt('output').outputs;
    return outs.length === 1 ? outs[0]! : outs;
  }

  /** Shape of the input of the layer's first functional call (null = unknown axis). Throws a ValueError if the layer has never been called on a symbolic input. */
  get inputShape(): SymbolicShape | SymbolicShape[] {
    const ins = this.nodeAt('input shape').inputs;
    return ins.length === 1 ? ins[0]!.shape : ins.map((t) => t.shape);
  }

  /** Shape of the output of the layer's first functional call (null = unknown axis). Throws a ValueError if the layer has never been called on a symbolic input. */
  get outputShape(): SymbolicShape | SymbolicShape[] | undefined {
    const outs = this.nodeAt('output shape').outputs;
    return outs.length === 1 ? outs[0]!.shape : outs.map((t) => t.shape);
  }
}

interface InputMasks {
  /** What `call` and `computeMask` receive: the mask, a list of masks, or null. */
  mask: Tensor | (Tensor | null)[] | null;
  owned: Tensor[];
  /** The attached data the single mask was read from, when it came from the input. */
  source: MaskData | undefined;
  /** Whether `args` must be extended with the masks. */
  changed: boolean;
  args: Partial<CallArgs>;
}

/** The ValueError for strings reaching a layer that computes on numbers. */
function refuseStrings(layer: Layer, list: readonly unknown[]): void {
  for (const t of list) {
    let what: string | undefined;
    if (isStringTensor(t)) what = `a string input of shape ${fmt(t.shape)}`;
    else if (isSymbolic(t) && t.dtype === 'string') what = `a string input (${String(t)})`;
    else if (looksLikeStrings(t)) what = `a string input (${fmt(t)})`;
    if (what) {
      throw new ValueError(`Layer '${layer.name}' (${layer.className}) expects numeric inputs; only TextVectorization, StringLookup and ` +
        `Hashing take strings. Received: ${what}`);
    }
  }
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function isPlainObject(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

function freshHandle(t: Tensor, firstId: number): Tensor {
  return t.id < firstId ? reshape(t, t.shape) : t;
}

function withNullBatch(shape: readonly number[]): SymbolicShape {
  return shape.length === 0 ? [] : [null, ...shape.slice(1)];
}

function isShapeList(s: SymbolicShape | SymbolicShape[]): s is SymbolicShape[] {
  return s.length > 0 && Array.isArray(s[0]);
}
