// Model: a Layer made of layers, in three styles as in Keras — functional
// (`new Model({ inputs, outputs })`), Sequential (sequential.ts), and subclassing (override
// `call`). Training lives in ts/training/ and is reached through compile/fit/evaluate/predict.

import { ValueError, fmt } from '../errors.js';
import { Layer, type CallArgs, type LayerArgs, type LayerWeight } from '../layers/layer.js';
import { InputLayer } from '../layers/input_layer.js';
import type { LayerNode, SymbolicShape, SymbolicTensor } from '../layers/symbolic.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Variable } from '../autograd/variable.js';
import { graphLayers, topologicalNodes } from './graph.js';
import { summaryText, type SummaryRow } from './summary.js';
import { Trainer } from '../training/trainer.js';

export interface ModelArgs extends LayerArgs {
  inputs?: SymbolicTensor | SymbolicTensor[];
  outputs?: SymbolicTensor | SymbolicTensor[];
}

export class Model extends Layer {
  /** Symbolic inputs and outputs of a functional model (empty for subclassed models). */
  readonly inputs: SymbolicTensor[] = [];
  readonly outputs: SymbolicTensor[] = [];
  private nodes: LayerNode[] = [];
  private graphLayerList: Layer[] = [];
  private readonly multiInput: boolean = false;
  private readonly multiOutput: boolean = false;
  /** compile/fit/evaluate/predict state. */
  readonly trainer = new Trainer(this);

  constructor(args: ModelArgs = {}) {
    super({ ...args, name: args.name ?? undefined });
    if ((args.inputs === undefined) !== (args.outputs === undefined)) {
      throw new ValueError(`Model: pass both \`inputs\` and \`outputs\` (functional API) or neither (subclassing). Received: inputs=${fmt(args.inputs)}, outputs=${fmt(args.outputs)}`);
    }
    if (args.inputs && args.outputs) {
      this.multiInput = Array.isArray(args.inputs);
      this.multiOutput = Array.isArray(args.outputs);
      this.inputs = Array.isArray(args.inputs) ? args.inputs : [args.inputs];
      this.outputs = Array.isArray(args.outputs) ? args.outputs : [args.outputs];
      this.initGraph();
    }
  }

  protected initGraph(): void {
    this.nodes = topologicalNodes(this.inputs, this.outputs);
    const inputLayers = this.inputs.map((t) => t.node!.layer);
    this.graphLayerList = graphLayers(inputLayers, this.nodes);
    this.batchInputShape = this.inputs[0]!.shape;
    this.built = true;
  }

  get isFunctional(): boolean {
    return this.outputs.length > 0;
  }

  /** The model's layers: graph order for functional models, attribute order when subclassed. */
  get layers(): Layer[] {
    if (this.isFunctional) return this.graphLayerList;
    return trackedLayers(this);
  }

  getLayer(name: string): Layer {
    const l = this.layers.find((x) => x.name === name);
    if (!l) throw new ValueError(`No such layer: ${name}. Existing layers are: ${this.layers.map((x) => x.name).join(', ')}.`);
    return l;
  }

  override get trainableWeights(): Variable[] {
    if (!this.trainable) return [];
    return unique([...super.trainableWeights, ...this.layers.flatMap((l) => l.trainableWeights)]);
  }

  override get nonTrainableWeights(): Variable[] {
    const own = super.nonTrainableWeights;
    const fromLayers = this.trainable
      ? this.layers.flatMap((l) => l.nonTrainableWeights)
      : this.layers.flatMap((l) => [...l.trainableWeights, ...l.nonTrainableWeights]);
    return unique([...own, ...fromLayers]);
  }

  override get weights(): Variable[] {
    // Keras orders a model's weights layer by layer, not trainable-first.
    return unique(this.layers.flatMap((l) => l.weights));
  }

  // Nested models contribute their own layers' entries, so regularizers, constraints and
  // activity losses apply at any depth, like trainableWeights.
  override get weightEntries(): readonly LayerWeight[] {
    return [...new Set([...super.weightEntries, ...this.layers.flatMap((l) => l.weightEntries)])];
  }

  override takeActivityLosses(): Tensor[] {
    return [...super.takeActivityLosses(), ...this.layers.flatMap((l) => l.takeActivityLosses())];
  }

  override countParams(): number {
    return this.weights.reduce((s, w) => s + w.size, 0);
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
      values.set(s.id, xs[i]!);
    });
    const created: Tensor[] = [];
    const lastUse = lastUses(this.nodes, this.outputs);
    this.nodes.forEach((node, idx) => {
      const ins = node.inputs.map((t) => values.get(t.id)!);
      const isOutput = args.logits === true && node.outputs.some((o) => this.outputs.includes(o));
      const kw = { ...node.kwargs, ...args, logits: isOutput };
      const out = node.layer.apply(node.inputs.length === 1 && !isMultiCall(node) ? ins[0]! : ins, kw);
      const outs = Array.isArray(out) ? out : [out];
      node.outputs.forEach((s, i) => values.set(s.id, outs[i]!));
      created.push(...outs);
      // Free intermediates as soon as no later node reads them.
      for (const t of node.inputs) {
        if (lastUse.get(t.id) === idx && !this.outputs.includes(t) && !this.inputs.includes(t)) values.get(t.id)!.dispose();
      }
    });
    const result = this.outputs.map((s) => values.get(s.id)!);
    return this.multiOutput ? result : result[0]!;
  }

  /** Runs the model on concrete inputs (Keras `model(x)`); inference mode by default. */
  predictOnBatch(x: Tensor | Tensor[]): Tensor | Tensor[] {
    return this.trainer.predictOnBatch(x);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape | SymbolicShape[] {
    if (this.isFunctional) return this.multiOutput ? this.outputs.map((o) => o.shape) : this.outputs[0]!.shape;
    return super.computeOutputShape(inputShape);
  }

  get outputShape(): SymbolicShape | SymbolicShape[] | undefined {
    if (!this.isFunctional) return undefined;
    return this.multiOutput ? this.outputs.map((o) => o.shape) : this.outputs[0]!.shape;
  }

  get inputNames(): string[] {
    return this.inputs.map((t) => t.node!.layer.name);
  }

  get outputNames(): string[] {
    return this.outputs.map((t) => t.node!.layer.name);
  }

  /** Prints (or returns, with `print: false`) the Keras-style layer table. */
  summary(opts: { lineLength?: number; print?: (line: string) => void } = {}): string {
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

  compile(args: Parameters<Trainer['compile']>[0]): void {
    this.trainer.compile(args);
  }

  fit(...a: Parameters<Trainer['fit']>): ReturnType<Trainer['fit']> {
    return this.trainer.fit(...a);
  }

  evaluate(...a: Parameters<Trainer['evaluate']>): ReturnType<Trainer['evaluate']> {
    return this.trainer.evaluate(...a);
  }

  predict(...a: Parameters<Trainer['predict']>): ReturnType<Trainer['predict']> {
    return this.trainer.predict(...a);
  }

  trainOnBatch(...a: Parameters<Trainer['trainOnBatch']>): ReturnType<Trainer['trainOnBatch']> {
    return this.trainer.trainOnBatch(...a);
  }

  testOnBatch(...a: Parameters<Trainer['testOnBatch']>): ReturnType<Trainer['testOnBatch']> {
    return this.trainer.testOnBatch(...a);
  }

  get optimizer() {
    return this.trainer.optimizer;
  }

  get stopTraining(): boolean {
    return this.trainer.stopTraining;
  }

  set stopTraining(v: boolean) {
    this.trainer.stopTraining = v;
  }

  /** Weight values of every layer, in `weights` order (Keras `get_weights`). */
  override getWeights(): (Float32Array | Int32Array)[] {
    return this.weights.map((w) => w.dataSync());
  }

  override setWeights(values: readonly (Float32Array | Int32Array | number[] | Tensor)[]): void {
    const ws = this.weights;
    if (values.length !== ws.length) {
      throw new ValueError(`Model '${this.name}'.setWeights: expected ${ws.length} arrays. Received: ${values.length}`);
    }
    let i = 0;
    for (const l of this.layers) {
      const n = l.weights.length;
      if (n > 0) l.setWeights(values.slice(i, i + n));
      i += n;
    }
  }

  override dispose(): void {
    for (const l of this.layers) l.dispose();
    this.trainer.dispose();
    super.dispose();
  }
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function isMultiCall(node: LayerNode): boolean {
  return node.inputs.length > 1 || (node.kwargs.__multi === true);
}

/** Index of the last node that reads each tensor. */
function lastUses(nodes: readonly LayerNode[], outputs: readonly SymbolicTensor[]): Map<number, number> {
  const m = new Map<number, number>();
  nodes.forEach((n, i) => n.inputs.forEach((t) => m.set(t.id, i)));
  outputs.forEach((o) => m.set(o.id, Infinity));
  return m;
}

function checkAgainstSymbolic(model: string, s: SymbolicTensor, t: Tensor): void {
  const ok = s.shape.length === t.rank && s.shape.every((d, i) => d === null || d === t.shape[i]);
  if (!ok) {
    throw new ValueError(`Input '${s.name}' of model '${model}' is incompatible: expected shape=(${s.shape.map((d) => (d === null ? 'None' : d)).join(', ')}). ` +
      `Received: shape=${fmt(t.shape)}`);
  }
}

/** Layers held in a subclassed model's fields (Keras's attribute tracking). */
function trackedLayers(model: Model): Layer[] {
  const out: Layer[] = [];
  const seen = new Set<Layer>();
  const visit = (v: unknown) => {
    if (v instanceof Layer && v !== model && !seen.has(v)) {
      seen.add(v);
      out.push(v);
    } else if (Array.isArray(v)) v.forEach(visit);
  };
  for (const [k, v] of Object.entries(model)) if (k !== 'trainer' && k !== 'inboundNodes') visit(v);
  return out;
}
