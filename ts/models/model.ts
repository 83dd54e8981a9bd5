// Model: a Layer made of layers, in three styles as in Keras — functional
// (`new Model({ inputs, outputs })`), Sequential (sequential.ts), and subclassing (override
// `call`). Training lives in ts/training/ and is reached through compile/fit/evaluate/predict.

import { DisposedError, ValueError, fmt } from '../errors.js';
import { Layer, type CallArgs, type LayerArgs, type LayerInput } from '../layers/layer.js';
import { InputLayer } from '../layers/input_layer.js';
import { isSymbolic, type LayerNode, type SymbolicShape, type SymbolicTensor } from '../layers/symbolic.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import { graphLayers, modelInputMasks, nodeMaskArgs, topologicalNodes } from './graph.js';
import { summaryText, type SummaryRow } from './summary.js';
import { Trainer, type DataArg, type DataSource, type EvaluateArgs, type StepData, type StepLogs, type StepTensors } from '../training/trainer.js';

export type {
  CompileArgs, FitArgs, EvaluateArgs, PredictArgs, DataArg, DataSource, StepData, StepLogs, StepTensors,
} from '../training/trainer.js';
import { Metric } from '../metrics/metric.js';
import { isStringTensor, type NestedStrings, type StringTensor } from '../tensor/string_tensor.js';
import { stringInputs } from '../training/string_inputs.js';
import * as saving from '../saving/api.js';
import { modelHooks } from './model_hooks.js';
import type { ComputeLossArgs, ModelArgs, PredictOnBatchOutput, PredictOutput, Structure } from './model_args.js';
import { checkAgainstSymbolic, checkStringInput, definedEntries, isMultiCall, isPlainObject, lastUses, structureList } from './model_helpers.js';

export type { ComputeLossArgs, ModelArgs, PredictOnBatchOutput, PredictOutput, Structure } from './model_args.js';

/**
 * A model. The type parameter `S` is the structure of `outputs`, inferred by
 * `new Model({ inputs, outputs })`, so `predict` is typed by it (see `PredictOutput`):
 * a functional model with one output predicts a `Tensor`, `Sequential` always does.
 */
export class Model<S extends Structure = Structure> extends Layer {
  /** Symbolic inputs and outputs of a functional model (empty for subclassed models). */
  readonly inputs: SymbolicTensor[] = [];
  /** The functional model's symbolic outputs, in order (empty for subclassed models). */
  readonly outputs: SymbolicTensor[] = [];
  private nodes: LayerNode[] = [];
  private graphLayerList: Layer[] = [];
  private readonly multiInput: boolean = false;
  private readonly multiOutput: boolean = false;
  /** Names of dict inputs/outputs, in the order of `inputs`/`outputs` (undefined: not dicts). */
  readonly inputKeys: string[] | undefined;
  /** Names of the dict outputs, in the order of `outputs` (undefined when the outputs are not a dict). */
  readonly outputKeys: string[] | undefined;
  /** compile/fit/evaluate/predict state. */
  readonly trainer = new Trainer(this);

  constructor(args: ModelArgs<S> = {}) {
    super({ ...args, name: args.name ?? undefined, inputs: undefined, outputs: undefined } as LayerArgs);
    if ((args.inputs === undefined) !== (args.outputs === undefined)) {
      throw new ValueError(`Model: pass both \`inputs\` and \`outputs\` (functional API) or neither (subclassing). Received: inputs=${fmt(args.inputs)}, outputs=${fmt(args.outputs)}`);
    }
    if (args.inputs && args.outputs) {
      const ins = structureList('inputs', args.inputs), outs = structureList('outputs', args.outputs);
      this.inputKeys = ins.keys;
      this.outputKeys = outs.keys;
      this.multiInput = Array.isArray(args.inputs) || ins.keys !== undefined;
      this.multiOutput = Array.isArray(args.outputs) || outs.keys !== undefined;
      this.inputs = ins.list;
      this.outputs = outs.list;
      this.initGraph();
    }
  }

  /** Keras `model.input`: the symbolic input(s), shaped as given to the constructor. */
  override get input(): SymbolicTensor | SymbolicTensor[] {
    if (!this.isFunctional) return super.input;
    return this.multiInput ? [...this.inputs] : this.inputs[0]!;
  }

  override get output(): SymbolicTensor | SymbolicTensor[] {
    if (!this.isFunctional) return super.output;
    return this.multiOutput ? [...this.outputs] : this.outputs[0]!;
  }

  /** Indexes the functional graph from `inputs` to `outputs` (nodes in topological order, the layer list) and marks the model built. */
  protected initGraph(): void {
    this.nodes = topologicalNodes(this.inputs, this.outputs);
    const inputLayers = this.inputs.map((t) => t.node!.layer);
    this.graphLayerList = graphLayers(inputLayers, this.nodes, this.outputs);
    this.batchInputShape = this.inputs[0]!.shape;
    this.built = true;
  }

  /** True for a functional model (built from `inputs` and `outputs`), false for a subclassed one. */
  get isFunctional(): boolean {
    return this.outputs.length > 0;
  }

  /** The model's layers: graph order for functional models, attribute order when subclassed. */
  get layers(): Layer[] {
    if (this.isFunctional) return this.graphLayerList;
    return super.sublayers;
  }

  override get sublayers(): Layer[] {
    return this.layers;
  }

  /** The layer named `name` (Keras `get_layer`); an unknown name throws a `ValueError` listing the existing layers. */
  getLayer(name: string): Layer {
    const l = this.layers.find((x) => x.name === name);
    if (!l) throw new ValueError(`No such layer: ${name}. Existing layers are: ${this.layers.map((x) => x.name).join(', ')}.`);
    return l;
  }

  /** Runs the functional graph; subclasses override this to define a model by code. */
  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor | Tensor[] {
    if (!this.isFunctional) {
      throw new ValueError(`Model '${this.name}' has no graph: pass { inputs, outputs } to the constructor or override call().`);
    }
    const xs = Array.isArray(inputs) ? inputs : [inputs];
    if (xs.length !== this.inputs.length) {
      throw new ValueError(`Model '${this.name}' expects ${this.inputs.length} input(s). Received: ${xs.length}`);
    }
    const values = new Map<number, Tensor>();
    this.inputs.forEach((s, i) => {
      checkAgainstSymbolic(this.name, s, xs[i]!);
      checkStringInput(this.name, s, xs[i]!);
      values.set(s.id, xs[i]!);
    });
    const created: Tensor[] = [];
    const lastUse = lastUses(this.nodes, this.outputs);
    // Masks the model was called with go to the nodes reading its inputs; inner nodes read
    // the masks attached to their inputs.
    const givenMasks = modelInputMasks(this.inputs, args), maskTensors: Tensor[] = [];
    const { mask: _mask, masks: _masks, ...outer } = args;
    this.nodes.forEach((node, idx) => {
      const ins = node.inputs.map((t) => values.get(t.id)!);
      const isOutput = args.logits === true && node.outputs.some((o) => this.outputs.includes(o));
      // An argument written at the call site (`base.apply(x, { training: false })`, the
      // transfer-learning recipe) wins over the one the whole model is called with, as the
      // Keras guides and tf.keras specify. (Keras 3.15's Functional lets the outer value win,
      // so its BatchNormalization updates while fine-tuning: keras-team/keras#20285.)
      const kw = { ...outer, ...definedEntries(node.kwargs), logits: isOutput, ...nodeMaskArgs(node, isMultiCall(node), values, givenMasks, maskTensors) };
      const out = node.layer.apply(node.inputs.length === 1 && !isMultiCall(node) ? ins[0]! : ins, kw);
      // A nested model with dict outputs returns a dict: back to its output order.
      const outs = node.layer instanceof Model ? node.layer.unpackStructure(out as StepTensors) : Array.isArray(out) ? out : [out];
      node.outputs.forEach((s, i) => values.set(s.id, outs[i]!));
      created.push(...outs);
      // Free intermediates as soon as no later node reads them.
      for (const t of node.inputs) {
        if (lastUse.get(t.id) === idx && !this.outputs.includes(t) && !this.inputs.includes(t)) values.get(t.id)!.dispose();
      }
    });
    for (const m of maskTensors) m.dispose();
    const result = this.outputs.map((s) => values.get(s.id)!);
    return this.multiOutput ? result : result[0]!;
  }

  /**
   * Outputs for one batch, without recording gradients (Keras `predict_on_batch`, which
   * returns NumPy arrays). To differentiate through the model, as Keras's `model(x)` inside
   * a GradientTape, call `model.apply(x, { training })`; predictOnBatch throws inside an
   * active tape so the two cannot be confused.
   */
  predictOnBatch(x: Tensor | Tensor[] | NestedStrings | StringTensor | (Tensor | NestedStrings | StringTensor)[]): PredictOnBatchOutput<S> {
    return this.trainer.predictOnBatch(this.flattenStructure(x as DataArg, 'input', `Model '${this.name}'.predictOnBatch`) as Tensor | Tensor[]) as PredictOnBatchOutput<S>;
  }

  protected override get acceptsStrings(): boolean {
    return true;
  }

  /** A functional model nested in another gives its own output's dtype (a string input does not make a string output). */
  protected override outputDType(inputDType: DType): DType {
    const out = this.isFunctional ? this.outputs[0]!.dtype : undefined;
    if (out !== undefined && out !== 'string') return out;
    return super.outputDType(inputDType === ('string' as DType) ? 'float32' : inputDType);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape | SymbolicShape[] {
    if (this.isFunctional) return this.multiOutput ? this.outputs.map((o) => o.shape) : this.outputs[0]!.shape;
    return super.computeOutputShape(inputShape);
  }

  override get outputShape(): SymbolicShape | SymbolicShape[] | undefined {
    if (!this.isFunctional) return undefined;
    return this.multiOutput ? this.outputs.map((o) => o.shape) : this.outputs[0]!.shape;
  }

  /** The input names: the dict keys, or the input layers' names (Keras `input_names`). */
  get inputNames(): string[] {
    return this.inputKeys ?? this.inputs.map((t) => t.node!.layer.name);
  }

  /** The output names: the dict keys, or the names of the layers producing the outputs (Keras `output_names`). */
  get outputNames(): string[] {
    return this.outputKeys ?? this.outputs.map((t) => t.node!.layer.name);
  }

  // ---- calling ---------------------------------------------------------------------------

  protected override beforeEagerCall(): void {
    if (this.trainer.disposed) throw new DisposedError(`Model '${this.name}' has been disposed.`);
  }

  /**
   * Keras `model(x)`: runs the model and records on an active GradientTape (use this in
   * custom training loops; `predictOnBatch` never records). Dict models take and return dicts.
   */
  override apply(inputs: SymbolicTensor | SymbolicTensor[], args?: CallArgs): SymbolicTensor;
  override apply(inputs: Tensor | Tensor[], args?: CallArgs): Tensor;
  override apply(inputs: LayerInput, args?: CallArgs): Tensor | SymbolicTensor;
  override apply(inputs: Record<string, Tensor>, args?: CallArgs): Tensor | Tensor[] | Record<string, Tensor>;
  override apply(inputs: LayerInput | Record<string, Tensor>, args: CallArgs = {}): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] | Record<string, Tensor> {
    this.beforeEagerCall();
    const list = this.flattenStructure(inputs as DataArg, 'input', `Model '${this.name}'`) as LayerInput;
    const out = super.apply(list, args);
    if (isSymbolic(out) || (Array.isArray(out) && out.some(isSymbolic))) return out;
    return this.packStructure(Array.isArray(out) ? out as Tensor[] : [out as Tensor], 'output');
  }

  /** Runs the model on a list of input tensors and returns the list of outputs (the trainer's view). */
  applyList(xs: Tensor[], args: CallArgs): Tensor[] {
    this.beforeEagerCall();
    const out = super.apply(xs.length === 1 && !this.multiInput ? xs[0]! : xs, args);
    return this.unpackStructure(out as Tensor | Tensor[]);
  }

  /** A dict keyed by input/output name → the list in model order; anything else unchanged. */
  flattenStructure(x: DataArg | LayerInput, kind: 'input' | 'output', what: string): DataArg | LayerInput {
    const flat = this.flattenDict(x, kind, what);
    // String data becomes StringTensors shaped like the model's string inputs.
    return kind === 'input' ? stringInputs(this.inputs, flat, this.name) as DataArg | LayerInput : flat;
  }

  private flattenDict(x: DataArg | LayerInput, kind: 'input' | 'output', what: string): DataArg | LayerInput {
    const keys = kind === 'input' ? this.inputKeys : this.outputKeys;
    if (!isPlainObject(x)) return x;
    const names = keys ?? (kind === 'input' ? this.inputNames : this.outputNames);
    const d = x as Record<string, unknown>;
    const missing = names.filter((k) => !(k in d));
    const extra = Object.keys(d).filter((k) => !names.includes(k));
    if (names.length === 0 || missing.length > 0 || extra.length > 0) {
      throw new ValueError(`${what}: the ${kind} dict must have exactly the keys ${names.join(', ')} of model '${this.name}'. ` +
        `Received: keys ${Object.keys(d).join(', ')}`);
    }
    return names.map((k) => d[k]) as Tensor[];
  }

  /** The inverse of flattenStructure for tensors: one tensor, a list, or a dict. */
  packStructure(ts: Tensor[], kind: 'input' | 'output'): StepTensors {
    const keys = kind === 'input' ? this.inputKeys : this.outputKeys;
    if (keys) return Object.fromEntries(keys.map((k, i) => [k, ts[i]!]));
    const multi = kind === 'input' ? this.multiInput : this.multiOutput;
    return ts.length === 1 && !multi ? ts[0]! : ts;
  }

  /** Flattens outputs or targets (one tensor, a list, or a dict by output name) into a list in output order. */
  unpackStructure(out: StepTensors): Tensor[] {
    if (out instanceof Tensor) return [out];
    if (Array.isArray(out)) return out;
    return this.flattenStructure(out as never, 'output', `Model '${this.name}'`) as Tensor[];
  }

  // ---- customisation hooks (Keras Trainer API) -----------------------------------------

  /**
   * One training step on a batch `[x, y, sampleWeight]`; fit() and trainOnBatch() call it.
   * Override it to customise training (Keras `train_step`); return the metric values by name
   * (`m.result()` of each of `this.metrics`). Everything the step creates is freed afterwards.
   */
  trainStep(data: StepData): StepLogs {
    const [x, y, sw] = data;
    return this.trainer.defaultTrainStep(this.unpackInputs(x), y === undefined ? [] : this.unpackStructure(y), sw);
  }

  /** One evaluation step (Keras `test_step`); evaluate() and validation in fit() call it. */
  testStep(data: StepData): StepLogs {
    const [x, y, sw] = data;
    return this.trainer.defaultTestStep(this.unpackInputs(x), y === undefined ? [] : this.unpackStructure(y), sw);
  }

  /** One prediction step on a batch of inputs (Keras `predict_step`); predict() calls it. */
  predictStep(x: StepTensors): StepTensors {
    return this.packStructure(this.applyList(this.unpackInputs(x), { training: false }), 'output');
  }

  /** Whether `trainStep` is the built-in one (a custom step may not call the model at all, as the GAN does). */
  get hasDefaultTrainStep(): boolean {
    return this.trainStep === Model.prototype.trainStep;
  }

  private unpackInputs(x: StepTensors): Tensor[] {
    if (x instanceof Tensor || isStringTensor(x)) return [x as Tensor];
    if (Array.isArray(x)) return x;
    return this.flattenStructure(x as never, 'input', `Model '${this.name}'`) as Tensor[];
  }

  /**
   * The total loss (Keras `compute_loss`): the compiled losses (weighted by `lossWeights`),
   * weight regularization, and the losses layers added in the last call.
   */
  computeLoss(args: ComputeLossArgs): Tensor {
    const ys = this.unpackStructure(args.y), preds = this.unpackStructure(args.yPred);
    return this.trainer.totalLoss(ys, preds, args.sampleWeight, false);
  }

  /** Updates the compiled metrics and returns every metric's value (Keras `compute_metrics`). */
  computeMetrics(x: StepTensors | undefined, y: StepTensors, yPred: StepTensors, sampleWeight?: Tensor): Record<string, number> {
    this.trainer.updateMetrics(this.unpackStructure(y), this.unpackStructure(yPred), sampleWeight);
    return this.trainer.metricValues();
  }

  /**
   * The metrics fit/evaluate reset each epoch and report: the loss tracker ('loss'), per-output
   * losses, the compiled metrics, then Metric objects held in the model's fields. Keras 3
   * groups the compiled metrics in one 'compile_metrics' entry; here they are listed one by one.
   */
  get metrics(): Metric[] {
    const own = Object.entries(this).filter(([k, v]) => k !== 'trainer' && v instanceof Metric).map(([, v]) => v as Metric);
    return [...new Set([...this.trainer.metrics, ...own])];
  }

  /** The names of {@link Model.metrics}, as fit/evaluate report them (Keras `metrics_names`). */
  get metricsNames(): string[] {
    return this.metrics.map((m) => m.name);
  }

  /** Resets the state of every metric in {@link Model.metrics} (Keras `reset_metrics`). */
  resetMetrics(): void {
    for (const m of this.metrics) m.resetState();
  }

  /** Keras `add_loss` works in `call`; `model.losses` lists them with the regularization penalties. */

  /** Prints (or returns, with `print: false`) the Keras-style layer table. */
  summary(opts: { lineLength?: number; print?: (line: string) => void } = {}): string {
    this.beforeEagerCall();
    const rows: SummaryRow[] = [];
    for (const l of this.layers) {
      if (this.isFunctional && l instanceof InputLayer && this.className === 'Sequential') continue;
      const node = l.inboundNodes[0];
      const shapes = node?.outputs.map((o) => o.shape);
      const connectedTo = this.isFunctional && this.className !== 'Sequential'
        ? (node?.inputs.map((t) => `${t.node!.layer.name}[0][0]`).join(', ') ?? '') : undefined;
      rows.push({ layer: l, outputShape: shapes && (shapes.length === 1 ? shapes[0] : shapes), connectedTo });
    }
    const trainable = this.trainableWeights.reduce((s, w) => s + w.size, 0);
    const all = this.countParams();
    const text = summaryText(this.name, this.className === 'Model' ? 'Functional' : this.className, rows, trainable, all - trainable, opts.lineLength);
    (opts.print ?? console.log)(text);
    return text;
  }

  /**
   * Configures the model for training (Keras `Model.compile`, tfjs `model.compile`): optimizer (default 'rmsprop'), loss and metrics;
   * see {@link CompileArgs}. Call it again after changing a layer's `trainable`.
   */
  compile(args?: Parameters<Trainer['compile']>[0]): void {
    this.trainer.compile(args);
  }

  /**
   * Trains the model for `epochs` epochs on arrays `(x, y, args)` or a data set `(ds, args)` and resolves to the History
   * (Keras `Model.fit`, tfjs `model.fit`); see {@link FitArgs}. Throws a `ValueError` before compile() or on mismatched data.
   */
  fit(...a: Parameters<Trainer['fit']>): ReturnType<Trainer['fit']> {
    return this.trainer.fit(...a);
  }

  /** Loss and metrics: `{ returnDict: true }` gives a record; otherwise the loss, or `[loss, ...metrics]`. */
  evaluate(x: DataArg, y: DataArg, args: EvaluateArgs & { returnDict: true }): Promise<Record<string, number>>;
  evaluate(x: DataArg, y: DataArg, args?: EvaluateArgs & { returnDict?: false }): Promise<number | number[]>;
  evaluate(x: DataArg, y: DataArg, args?: EvaluateArgs): Promise<number | number[] | Record<string, number>>;
  /** With a data set (data.Dataset or an iterable of batches), the targets come from its elements. */
  evaluate(x: DataSource, args: EvaluateArgs & { returnDict: true }): Promise<Record<string, number>>;
  evaluate(x: DataSource, args?: EvaluateArgs & { returnDict?: false }): Promise<number | number[]>;
  evaluate(x: DataSource, args?: EvaluateArgs): Promise<number | number[] | Record<string, number>>;
  evaluate(x: DataArg | DataSource, y?: DataArg | EvaluateArgs, args?: EvaluateArgs): Promise<number | number[] | Record<string, number>> {
    return this.trainer.evaluate(x, y, args);
  }

  /** Outputs in batches, without gradients: a Tensor (one output), a list, or a dict for dict outputs (typed by `PredictOutput<S>`). */
  predict(...a: Parameters<Trainer['predict']>): Promise<PredictOutput<S>> {
    return this.trainer.predict(...a) as Promise<PredictOutput<S>>;
  }

  /** One training step on one batch (Keras `train_on_batch`): returns the loss, `[loss, ...metrics]`, or a dict with `returnDict`. */
  trainOnBatch(...a: Parameters<Trainer['trainOnBatch']>): ReturnType<Trainer['trainOnBatch']> {
    return this.trainer.trainOnBatch(...a);
  }

  /**
   * Evaluates one batch without updating weights (Keras `test_on_batch`): returns the loss, `[loss, ...metrics]`, or a dict with `returnDict`.
   */
  testOnBatch(...a: Parameters<Trainer['testOnBatch']>): ReturnType<Trainer['testOnBatch']> {
    return this.trainer.testOnBatch(...a);
  }

  /** The optimizer set by compile() (undefined before). */
  get optimizer() {
    return this.trainer.optimizer;
  }

  /** Set to true (e.g. from a callback) to stop fit() after the current batch (Keras `stop_training`). */
  get stopTraining(): boolean {
    return this.trainer.stopTraining;
  }

  set stopTraining(v: boolean) {
    this.trainer.stopTraining = v;
  }

  /** Keras `model.save`: `.keras` (Keras 3), `.json` (tfjs layers) or a storage URL; see `saveModel`. */
  save(target: saving.SaveTarget, opts: saving.SaveOptions = {}): Promise<void> {
    return saving.saveModel(this, target, opts);
  }

  /** Keras `model.save_weights`: a `.weights.h5` file in Keras 3's layout. */
  saveWeights(target: saving.SaveTarget): Promise<void> {
    return saving.saveWeights(this, target);
  }

  /** Keras `model.load_weights`: `.weights.h5`, or the weights of a `.keras` / legacy `.h5` file. */
  loadWeights(source: saving.LoadSource): Promise<void> {
    return saving.loadWeights(this, source);
  }

  /** Keras `model.to_json()` / tfjs `model.toJSON()`: the Keras 3 config as a JSON string. */
  toJSON(): string {
    return modelHooks.config('toJSON').toJSON(this);
  }

  /** Keras `get_config()`: a functional model's layers and connections (Keras 3 form). */
  override getConfig(): Record<string, unknown> {
    return this.isFunctional ? modelHooks.config('getConfig').functionalConfig(this) : super.getConfig();
  }

  /** Keras `Model.from_config`: a Sequential or Functional model from its config. */
  static fromConfig(config: object, opts: { customObjects?: Record<string, unknown> } = {}): Model {
    return modelHooks.config('Model.fromConfig').fromConfig(config, opts);
  }

  /** Weight values of every layer, in `weights` order (Keras `get_weights`). */
  override getWeights(): (Float32Array | Int32Array)[] {
    this.beforeEagerCall();
    return this.weights.map((w) => w.dataSync());
  }

  override setWeights(values: readonly (Float32Array | Int32Array | number[] | Tensor)[]): void {
    this.beforeEagerCall();
    super.setWeights(values);
  }

  override dispose(): void {
    this.trainer.dispose();
    super.dispose();
  }
}
