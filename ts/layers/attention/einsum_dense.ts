// EinsumDense: a dense layer whose kernel contraction is an einsum equation (Keras
// `layers.EinsumDense`), MultiHeadAttention's projections. `outputShape` gives the output
// axes after the batch axis (null = the input's size); `biasAxes` the output indices the bias
// spans. Weight layouts as Keras (kernel shaped by the equation's second operand).

import { ValueError, fmt } from '../../errors.js';
import * as activations from '../../activations/index.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import * as constraints from '../../constraints/index.js';
import { add } from '../../ops/binary.js';
import { dense } from '../../ops/dense.js';
import { einsum } from '../../ops/einsum.js';
import { reshape } from '../../ops/reshape.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../autograd/variable.js';
import { Layer, type CallArgs } from '../layer.js';
import type { KernelLayerArgs } from '../kernel_layer_args.js';
import type { SymbolicShape } from '../symbolic.js';
import { layerArgs, notSupported } from '../config.js';

/**
 * Options of {@link EinsumDense} (Keras `layers.EinsumDense` arguments, camelCase); `activation`, initializers (default `glorot_uniform` kernel, `zeros` bias), regularizers and constraints as Dense.
 */
export interface EinsumDenseArgs extends Omit<KernelLayerArgs, 'useBias'> {
  /** e.g. 'ab,bc->ac' (Dense), 'abc,cde->abde' (MultiHeadAttention's query projection). */
  equation: string;
  /** Output shape without the batch axis; null entries take the input's size. */
  outputShape: number | readonly (number | null)[];
  /** Output indices the bias spans (e.g. 'de'), or null for no bias. */
  biasAxes?: string | null;
  /** Keras quantization config: only null (the default) is accepted; anything else is a `ValueError`. */
  quantizationConfig?: null;
}

interface Analysis {
  kernelShape: number[];
  biasShape: number[] | null;
  fullOutputShape: (number | null)[];
}

/** Keras `_analyze_split_string` for the non-elided form `[X],[Y]->[Z]`. */
function analyze(layer: string, equation: string, biasAxes: string | null, inputShape: SymbolicShape, partial: readonly (number | null)[]): Analysis {
  const m = /^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$/.exec(equation.replace(/\s/g, ''));
  if (!m) {
    throw new ValueError(`Layer '${layer}': invalid einsum equation ${fmt(equation)}; kerasm's EinsumDense takes the form [X],[Y]->[Z] ` +
      `without ellipsis. Received: equation=${fmt(equation)}`);
  }
  const [, inSpec, wSpec, outSpec] = m as unknown as [string, string, string, string];
  if (inSpec.length !== inputShape.length) {
    throw new ValueError(`Layer '${layer}': the equation's input '${inSpec}' has ${inSpec.length} axes. Received: input_shape=${fmt(inputShape)}`);
  }
  const out: (number | null)[] = [inputShape[0] ?? null, ...partial];
  if (out.length !== outSpec.length) {
    throw new ValueError(`Layer '${layer}': outputShape ${fmt(partial)} does not match the equation's output '${outSpec}' (batch axis excluded). Received: outputShape=${fmt(partial)}`);
  }
  [...outSpec].forEach((c, i) => {
    const j = inSpec.indexOf(c);
    if (j >= 0) {
      if (out[i] !== null && inputShape[j] !== null && out[i] !== inputShape[j]) {
        throw new ValueError(`Layer '${layer}': input shape and output shape do not match at shared dimension '${c}'. Input shape is ${inputShape[j]}, and output shape is ${out[i]}.`);
      }
      out[i] ??= inputShape[j] ?? null;
    } else if (!wSpec.includes(c)) {
      throw new ValueError(`Layer '${layer}': dimension '${c}' was specified in the output '${outSpec}' but has no corresponding dim in the input spec '${inSpec}' or weight spec '${wSpec}'.`);
    }
  });
  const kernelShape = [...wSpec].map((c) => {
    const o = outSpec.indexOf(c), i = inSpec.indexOf(c);
    const d = o >= 0 ? out[o] : i >= 0 ? inputShape[i] : undefined;
    if (d === undefined) throw new ValueError(`Layer '${layer}': weight dimension '${c}' did not have a match in either the input spec '${inSpec}' or the output spec '${outSpec}'.`);
    if (d === null) throw new ValueError(`Layer '${layer}': the kernel axis '${c}' needs a known size. Received: input_shape=${fmt(inputShape)}`);
    return d;
  });
  let biasShape: number[] | null = null;
  if (biasAxes) {
    for (const c of biasAxes) {
      if (!outSpec.includes(c)) throw new ValueError(`Layer '${layer}': bias dimension '${c}' was requested, but is not part of the output spec '${outSpec}'.`);
    }
    const first = Math.min(...[...biasAxes].map((c) => outSpec.indexOf(c)));
    biasShape = [...outSpec.slice(first)].map((c) => (biasAxes.includes(c) ? out[outSpec.indexOf(c)]! : 1));
  }
  return { kernelShape, biasShape, fullOutputShape: out };
}

/** How a plain-GEMM equation runs as Dense: GEMM sizes, and the free and contracted axis counts. */
interface GemmPlan {
  k: number;
  n: number;
  free: number;
  contracted: number;
}

/**
 * `X = F·C, Y = C·O, Z = F·O` (free input axes, then the contracted ones; the kernel's
 * contracted axes, then its output axes; the output without permutation), with the bias, if
 * any, on exactly the axes O: then the layer is one Dense over rows of size |C|. Returns the
 * plan, or null.
 */
function plainGemm(equation: string, biasAxes: string | null, kernelShape: readonly number[]): GemmPlan | null {
  const [ins, out] = equation.replace(/\s/g, '').split('->') as [string, string];
  const [x, w] = ins.split(',') as [string, string];
  const c = [...x].filter((ch) => w.includes(ch)).join('');
  const o = w.slice(c.length);
  const f = x.slice(0, x.length - c.length);
  if (x !== f + c || w !== c + o || out !== f + o || !o || !c) return null;
  if (biasAxes !== null && (biasAxes.length !== o.length || [...o].some((ch) => !biasAxes.includes(ch)))) return null;
  const size = (dims: readonly number[]) => dims.reduce((p, d) => p * d, 1);
  return { k: size(kernelShape.slice(0, c.length)), n: size(kernelShape.slice(c.length)), free: f.length, contracted: c.length };
}

/**
 * A dense layer whose kernel contraction is an einsum equation, Keras `layers.EinsumDense`
 * (MultiHeadAttention's projections). E.g. `equation: 'abc,cde->abde', outputShape: [null, 4, 8], biasAxes: 'de'`.
 * Equations take the form `[X],[Y]->[Z]` without ellipsis; a malformed equation, or an `outputShape`
 * that does not match the equation or the input, throws a `ValueError` (`Received: equation=…`).
 */
export class EinsumDense extends Layer {
  // output_shape is written by getConfig: `outputShape` is Layer's symbolic output shape.
  /** Keras `get_config()` keys of this layer after name/trainable/dtype (snake_case); their camelCase forms are the constructor options. */
  static readonly configKeys = [
    'equation', 'activation', 'bias_axes', 'kernel_initializer', 'bias_initializer', 'kernel_regularizer',
    'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint', 'quantization_config',
  ];
  /** Options accepted beyond the config keys: `outputShape` (written as `output_shape`) and the LoRA options (refused unless null). */
  static readonly extraOptions = ['outputShape', 'loraRank', 'loraAlpha'];

  /** The einsum equation contracting the input with the kernel, e.g. 'ab,bc->ac'. */
  readonly equation: string;
  /** The output shape without the batch axis, as given (null entries take the input's size); Keras `output_shape`. */
  readonly outputShape_: (number | null)[];
  /** Output indices the bias spans (e.g. 'de'), or null for no bias (Keras `bias_axes`). */
  readonly biasAxes: string | null;
  /** Activation applied to the output (default linear). */
  readonly activation: ReturnType<typeof activations.get>;
  /** Initializer of the kernel (default `glorot_uniform`). */
  readonly kernelInitializer: initializers.Initializer;
  /** Initializer of the bias (default `zeros`). */
  readonly biasInitializer: initializers.Initializer;
  /** Penalty on the kernel added to the model's losses, if any. */
  readonly kernelRegularizer: regularizers.Regularizer | undefined;
  /** Penalty on the bias added to the model's losses, if any. */
  readonly biasRegularizer: regularizers.Regularizer | undefined;
  /** Projection applied to the kernel after each optimizer step, if any. */
  readonly kernelConstraint: constraints.Constraint | undefined;
  /** Projection applied to the bias after each optimizer step, if any. */
  readonly biasConstraint: constraints.Constraint | undefined;
  /** Always null: quantization is not supported (Keras `quantization_config`). */
  readonly quantizationConfig = null;
  /** The kernel, shaped by the equation's second operand (Keras weight `kernel`). Created by `build`. */
  kernel!: Variable;
  /** The bias, shaped by `biasAxes` over the trailing output axes (Keras weight `bias`); null without `biasAxes`. */
  bias: Variable | null = null;
  private fullOutputShape: (number | null)[] | undefined;
  /** Set when the equation is one plain GEMM with the bias on all kernel output axes (see `build`). */
  private gemm: GemmPlan | null = null;

  constructor(args: EinsumDenseArgs) {
    super(layerArgs(new.target, args));
    if (typeof args?.equation !== 'string') throw new ValueError(`EinsumDense: equation must be a string such as 'ab,bc->ac'. Received: equation=${fmt(args?.equation)}`);
    const os = args.outputShape;
    const okDim = (d: unknown) => d === null || (Number.isInteger(d) && (d as number) > 0);
    if (!(typeof os === 'number' ? okDim(os) : Array.isArray(os) && os.every(okDim))) {
      throw new ValueError(`EinsumDense: outputShape must be a positive integer or a list of positive integers or nulls. Received: outputShape=${fmt(os)}`);
    }
    notSupported(this.name, 'quantizationConfig', args.quantizationConfig, (v) => v === null);
    notSupported(this.name, 'loraRank', args.loraRank, (v) => v === null, 'LoRA');
    notSupported(this.name, 'loraAlpha', args.loraAlpha, (v) => v === null, 'LoRA');
    this.equation = args.equation;
    // Keras keeps (and writes) it as a list even when given an int.
    this.outputShape_ = typeof os === 'number' ? [os] : os.slice();
    this.biasAxes = args.biasAxes ?? null;
    this.activation = activations.get(args.activation);
    this.kernelInitializer = initializers.get(args.kernelInitializer ?? 'glorot_uniform');
    this.biasInitializer = initializers.get(args.biasInitializer ?? 'zeros');
    this.kernelRegularizer = regularizers.get(args.kernelRegularizer);
    this.biasRegularizer = regularizers.get(args.biasRegularizer);
    this.kernelConstraint = constraints.get(args.kernelConstraint);
    this.biasConstraint = constraints.get(args.biasConstraint);
    this.activityRegularizer = regularizers.get(args.activityRegularizer);
  }

  private get partialOutputShape(): (number | null)[] {
    return this.outputShape_;
  }

  override build(inputShape: SymbolicShape): void {
    const a = analyze(this.name, this.equation, this.biasAxes, inputShape, this.partialOutputShape);
    this.fullOutputShape = a.fullOutputShape;
    this.kernel = this.addWeight('kernel', {
      shape: a.kernelShape, initializer: this.kernelInitializer, regularizer: this.kernelRegularizer, constraint: this.kernelConstraint,
    });
    if (a.biasShape) {
      this.bias = this.addWeight('bias', {
        shape: a.biasShape, initializer: this.biasInitializer, regularizer: this.biasRegularizer, constraint: this.biasConstraint,
      });
    }
    this.gemm = plainGemm(this.equation, this.biasAxes, a.kernelShape);
    this.built = true;
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    if (this.gemm && (inputs as Tensor).dtype === 'float32') return activations.activateOutput(this.activation, this.denseCall(inputs as Tensor, this.gemm), args);
    const y = einsum(this.equation, inputs as Tensor, this.kernel);
    if (!this.bias) return activations.activateOutput(this.activation, y, args);
    const z = add(y, this.bias);
    y.dispose();
    return activations.activateOutput(this.activation, z, args);
  }

  /** x·W (+ b) as the fused Dense op over flattened rows (bias in the GEMM, its gradient in one reduction). */
  private denseCall(x: Tensor, g: GemmPlan): Tensor {
    const x2 = reshape(x, [x.size / g.k, g.k]);
    const w2 = reshape(this.kernel, [g.k, g.n]);
    const b2 = this.bias ? reshape(this.bias, [g.n]) : null;
    const y2 = dense(x2, w2, b2);
    const y = reshape(y2, [...x.shape.slice(0, g.free), ...this.kernel.shape.slice(g.contracted)]);
    [x2, w2, b2, y2].forEach((t) => t?.dispose());
    return y;
  }

  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return analyze(this.name, this.equation, this.biasAxes, inputShape, this.partialOutputShape).fullOutputShape;
  }

  override getConfig(): Record<string, unknown> {
    const { name, trainable, dtype, ...rest } = super.getConfig();
    return { name, trainable, dtype, output_shape: this.outputShape_, ...rest };
  }
}
