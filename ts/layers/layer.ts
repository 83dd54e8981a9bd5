// The Layer base class (Keras `Layer`): weights, lazy build on first call, input
// validation, eager calls on Tensors and symbolic calls on SymbolicTensors (functional API).

import { ValueError, fmt } from '../errors.js';
import { Variable } from '../autograd/variable.js';
import { toTensor } from '../tensor/creation.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import { tidy } from '../autograd/gradients.js';
import { fromData } from '../tensor/creation.js';
import * as initializers from '../initializers/index.js';
import type { Regularizer } from '../regularizers/index.js';
import type { Constraint } from '../constraints/index.js';
import { isSymbolic, SymbolicTensor, type LayerNode, type SymbolicShape } from './symbolic.js';
import { checkInputSpec, type InputSpec } from './input_spec.js';

export interface LayerArgs {
  name?: string;
  trainable?: boolean;
  /** Shape of one sample (no batch axis); lets a Sequential model build up front. */
  inputShape?: readonly number[];
  batchSize?: number;
  dtype?: DType;
}

export interface CallArgs {
  training?: boolean;
  /** Set by the trainer on the output layer: return softmax's input (logits), so the softmax fuses into the cross-entropy. */
  logits?: boolean;
  [k: string]: unknown;
}

export interface LayerWeight {
  variable: Variable;
  trainable: boolean;
  regularizer?: Regularizer;
  constraint?: Constraint;
}

export interface AddWeightArgs {
  shape: readonly number[];
  initializer?: initializers.InitializerIdentifier;
  trainable?: boolean;
  regularizer?: Regularizer;
  constraint?: Constraint;
  dtype?: DType;
}

const nameCounts = new Map<string, number>();

/** Keras-style unique default names: dense, dense_1, dense_2, … */
export function uniqueName(base: string): string {
  const n = nameCounts.get(base) ?? 0;
  nameCounts.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

export function snakeCase(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

export type LayerInput = Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[];

export abstract class Layer {
  readonly name: string;
  trainable: boolean;
  built = false;
  readonly dtype: DType;
  /** Shape of one input sample with a null batch axis, when known before the first call. */
  batchInputShape: SymbolicShape | undefined;
  inputSpec: InputSpec | InputSpec[] | undefined;
  /** Symbolic calls of this layer, in order. */
  readonly inboundNodes: LayerNode[] = [];
  /** Activity-regularisation losses from the last training call. */
  activityLosses: Tensor[] = [];
  activityRegularizer: Regularizer | undefined;
  protected readonly weightList: LayerWeight[] = [];

  constructor(args: LayerArgs = {}) {
    this.name = args.name ?? uniqueName(snakeCase(this.constructor.name));
    this.trainable = args.trainable ?? true;
    this.dtype = args.dtype ?? 'float32';
    if (args.inputShape) this.batchInputShape = [args.batchSize ?? null, ...args.inputShape];
  }

  /** Keras class name, used in summaries and configs. */
  get className(): string {
    return this.constructor.name;
  }

  /** Creates weights once the input shape is known. `inputShape` has a null batch axis. */
  build(_inputShape: SymbolicShape | SymbolicShape[]): void {
    this.built = true;
  }

  /** The computation. Inputs are concrete Tensors. */
  abstract call(inputs: Tensor | Tensor[], args: CallArgs): Tensor | Tensor[];

  /** Output shape for an input shape; identity by default. */
  computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape | SymbolicShape[] {
    return inputShape;
  }

  /** Keras `__call__`: validates, builds on first use, then calls (or records a symbolic node). */
  // Layers have one output; a multi-output Model returns an array at run time (see Model).
  apply(inputs: SymbolicTensor | SymbolicTensor[], args?: CallArgs): SymbolicTensor;
  apply(inputs: Tensor | Tensor[], args?: CallArgs): Tensor;
  apply(inputs: LayerInput, args?: CallArgs): Tensor | SymbolicTensor;
  apply(inputs: LayerInput, args: CallArgs = {}): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    const list = (Array.isArray(inputs) ? inputs : [inputs]) as (Tensor | SymbolicTensor)[];
    const multi = Array.isArray(inputs);
    if (list.length === 0) throw new ValueError(`Layer '${this.name}' received no inputs.`);
    if (list.some(isSymbolic)) {
      if (!list.every(isSymbolic)) throw new ValueError(`Layer '${this.name}': cannot mix symbolic and concrete inputs. Received: ${fmt(list.map(String))}`);
      return this.symbolicCall(list as SymbolicTensor[], multi, args);
    }
    const ts = list.map((t) => toTensor(t as Tensor, `Layer '${this.name}'`));
    const shapes = ts.map((t) => t.shape);
    checkInputSpec(this, shapes);
    this.maybeBuild(multi ? shapes.map(withNullBatch) : withNullBatch(shapes[0]!));
    const out = this.call(multi ? ts : ts[0]!, args);
    if (this.activityRegularizer && args.training) {
      for (const o of Array.isArray(out) ? out : [out]) {
        this.activityLosses.push(tidy(() => this.activityRegularizer!.call(o)));
      }
    }
    return out;
  }

  private maybeBuild(shape: SymbolicShape | SymbolicShape[]): void {
    if (this.built) return;
    this.build(shape);
    this.built = true;
  }

  private symbolicCall(inputs: SymbolicTensor[], multi: boolean, args: CallArgs): SymbolicTensor | SymbolicTensor[] {
    const shapes = inputs.map((t) => t.shape);
    checkInputSpec(this, shapes);
    const inShape = multi ? shapes : shapes[0]!;
    this.maybeBuild(inShape);
    const outShape = this.computeOutputShape(inShape);
    const outShapes = (isShapeList(outShape) ? outShape : [outShape]) as SymbolicShape[];
    const node: LayerNode = { layer: this, inputs, outputs: [], kwargs: args };
    const k = this.inboundNodes.length;
    node.outputs = outShapes.map((s, i) => new SymbolicTensor(s, this.outputDType(inputs[0]!.dtype), node, `${this.name}${k ? `_${k}` : ''}${outShapes.length > 1 ? `/${i}` : ''}`));
    this.inboundNodes.push(node);
    return isShapeList(outShape) ? node.outputs : node.outputs[0]!;
  }

  /** dtype of outputs given the first input's dtype (Embedding maps int32 → float32). */
  protected outputDType(inputDType: DType): DType {
    return inputDType === 'int32' ? 'float32' : inputDType;
  }

  addWeight(name: string, args: AddWeightArgs): Variable {
    const init = initializers.get(args.initializer ?? 'glorot_uniform');
    const trainable = args.trainable ?? true;
    const value = tidy(() => init.call(args.shape, args.dtype ?? 'float32'));
    const variable = new Variable(value, { name: `${this.name}/${name}`, trainable });
    value.dispose();
    this.weightList.push({ variable, trainable, regularizer: args.regularizer, constraint: args.constraint });
    return variable;
  }

  /** Every weight, trainable first (Keras order). */
  get weights(): Variable[] {
    return [...this.trainableWeights, ...this.nonTrainableWeights];
  }

  get trainableWeights(): Variable[] {
    if (!this.trainable) return [];
    return this.weightList.filter((w) => w.trainable).map((w) => w.variable);
  }

  get nonTrainableWeights(): Variable[] {
    return this.trainable
      ? this.weightList.filter((w) => !w.trainable).map((w) => w.variable)
      : this.weightList.map((w) => w.variable);
  }

  /** Weights with their regularizers and constraints (a model's include its layers'). */
  get weightEntries(): readonly LayerWeight[] {
    return this.weightList;
  }

  /** Hands over the activity-regularisation losses of the last training call (a model's include its layers'). */
  takeActivityLosses(): Tensor[] {
    const l = this.activityLosses;
    this.activityLosses = [];
    return l;
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

  countParams(): number {
    return this.weights.reduce((s, w) => s + w.size, 0);
  }

  /** Keras-compatible config (snake_case keys). */
  getConfig(): Record<string, unknown> {
    const c: Record<string, unknown> = { name: this.name, trainable: this.trainable, dtype: this.dtype };
    if (this.batchInputShape) c.batch_input_shape = this.batchInputShape;
    return c;
  }

  /** Frees every weight. */
  dispose(): void {
    for (const w of this.weightList) w.variable.dispose();
    this.weightList.length = 0;
    this.built = false;
  }
}

function withNullBatch(shape: readonly number[]): SymbolicShape {
  return shape.length === 0 ? [] : [null, ...shape.slice(1)];
}

function isShapeList(s: SymbolicShape | SymbolicShape[]): s is SymbolicShape[] {
  return s.length > 0 && Array.isArray(s[0]);
}
