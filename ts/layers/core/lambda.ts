// Lambda (Keras `layers.Lambda`): wraps a JS function of tensors as a layer. A JS closure
// cannot be written into a .keras/JSON config, so the layer says it is not serializable and
// saving code must refuse it with a clear message (see `serializable`).

import { ValueError, fmt } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkOptions } from '../../utils/options.js';
import { Layer, type CallArgs, type LayerArgs } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';

/** Options of {@link Lambda}. */
export interface LambdaArgs extends LayerArgs {
  /** The computation; receives the input (or list of inputs) and the call arguments. */
  fn: (inputs: Tensor | Tensor[], args: CallArgs) => Tensor | Tensor[];
  /** Output shape without the batch axis, or a function of the input shape (with batch axis). Inferred when omitted. */
  outputShape?: readonly (number | null)[] | ((inputShape: SymbolicShape | SymbolicShape[]) => SymbolicShape | SymbolicShape[]);
}

/**
 * Wraps a function of tensors as a layer (Keras `layers.Lambda`), for simple stateless computations inside a model.
 *
 * A JavaScript function has no config form, so a model holding a Lambda cannot be saved to
 * `.keras`/JSON: `getConfig` throws a ValueError. Write a Layer subclass (registered with
 * `registerKerasSerializable`) when the model must be saved.
 * @example layers.lambda({ fn: (x) => ops.mulScalar(x as Tensor, 2) })
 */
export class Lambda extends Layer {
  /** Passes the input mask on (Keras `supports_masking`). */
  override supportsMasking = true;

  /** Saving code checks this: a JS function has no config form. */
  static readonly serializable = false;
  /** Always false: saving code refuses the layer with a clear message. */
  readonly serializable = false;
  /** The wrapped computation, called with the input(s) and the call arguments. */
  readonly fn: LambdaArgs['fn'];
  private readonly outShape: LambdaArgs['outputShape'];

  constructor(args: LambdaArgs) {
    checkOptions('Lambda', args, ['fn', 'outputShape', 'name', 'trainable', 'inputShape', 'batchSize', 'dtype']);
    if (typeof args?.fn !== 'function') throw new ValueError(`Lambda: \`fn\` must be a function. Received: fn=${fmt(args?.fn)}`);
    super(args);
    this.fn = args.fn;
    this.outShape = args.outputShape;
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor | Tensor[] {
    return this.fn(inputs, args);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape | SymbolicShape[] {
    if (typeof this.outShape === 'function') return this.outShape(inputShape);
    if (this.outShape) {
      const batch = (Array.isArray(inputShape[0]) ? (inputShape[0] as SymbolicShape)[0] : inputShape[0]) as number | null;
      return [batch ?? null, ...this.outShape];
    }
    return super.computeOutputShape(inputShape);
  }

  override getConfig(): Record<string, unknown> {
    throw new ValueError(`Layer '${this.name}' (Lambda) cannot be serialized: it wraps a JavaScript function, which has no config form. ` +
      'Rebuild the model in code and load its weights instead, or replace the Lambda with a custom Layer class registered for loading.');
  }
}

/** True for layers that cannot be written to a config (Lambda): saving code refuses them. */
export function isSerializable(layer: Layer): boolean {
  return (layer as { serializable?: boolean }).serializable !== false;
}

/** tfjs-style factory: `layers.lambda({ fn, outputShape })`. */
export const lambda = (args: LambdaArgs) => new Lambda(args);
