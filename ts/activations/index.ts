// Activation functions by Keras name: `activations.get('relu')`, in both snake_case and
// camelCase, or a function.

import { ValueError, fmt } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import * as u from '../ops/unary.js';
import { softmax, logSoftmax } from '../ops/softmax.js';
import { reshape } from '../ops/reshape.js';

export type ActivationFn = (x: Tensor) => Tensor;
export type ActivationIdentifier = string | ActivationFn | null | undefined;

const linear: ActivationFn = (x) => reshape(x, x.shape);

const TABLE: Record<string, ActivationFn> = {
  linear, relu: u.relu, relu6: u.relu6, leaky_relu: (x) => u.leakyRelu(x), elu: (x) => u.elu(x), selu: u.selu,
  gelu: (x) => u.gelu(x), silu: u.silu, swish: u.silu, sigmoid: u.sigmoid, tanh: u.tanh, softplus: u.softplus,
  softsign: u.softsign, hard_sigmoid: u.hardSigmoid, hard_silu: u.hardSilu, hard_swish: u.hardSilu, mish: u.mish,
  exponential: u.exp, softmax: (x) => softmax(x), log_softmax: (x) => logSoftmax(x),
};

/** Canonical Keras name ('leakyRelu' → 'leaky_relu'). */
export function canonicalName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Resolves an activation; `null`/`undefined` is linear. The function carries its name. */
export function get(id: ActivationIdentifier): ActivationFn & { activationName: string } {
  if (id == null) return Object.assign(linear, { activationName: 'linear' });
  if (typeof id === 'function') return Object.assign(id, { activationName: (id as { activationName?: string }).activationName ?? (id.name || 'custom') });
  const key = canonicalName(id);
  const fn = TABLE[key];
  if (!fn) throw new ValueError(`Unknown activation. Expected one of ${Object.keys(TABLE).join(', ')}. Received: ${fmt(id)}`);
  const named = ((x: Tensor) => fn(x)) as ActivationFn & { activationName: string };
  named.activationName = key;
  return named;
}

export const names = Object.keys(TABLE);

/**
 * Applies a layer's activation to its pre-activation output `z`, consuming `z`. Hands `z`
 * back unchanged when the activation is linear, or when it is softmax and the trainer asked
 * for logits (`args.logits`) to fuse the softmax into a cross-entropy.
 */
export function activateOutput(fn: ActivationFn & { activationName: string }, z: Tensor, args: { logits?: boolean }): Tensor {
  const name = fn.activationName;
  if (name === 'linear' || (args.logits === true && name === 'softmax')) return z;
  const y = fn(z);
  z.dispose();
  return y;
}
