// Activation functions by Keras name: `activations.get('relu')`, in both snake_case and
// camelCase, or a function.

import { ValueError, fmt } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import * as u from '../ops/unary.js';
import { softmax, logSoftmax } from '../ops/softmax.js';
import { reshape } from '../ops/reshape.js';
import type { SnakeOrCamel } from '../utils/spellings.js';

/** An activation: a function from a tensor to a tensor of the same shape. */
export type ActivationFn = (x: Tensor) => Tensor;

const linear: ActivationFn = (x) => reshape(x, x.shape);

/** Keras name → function. Its keys (and ALIAS_NAMES) make `ActivationName`. */
const FUNCTIONS = {
  linear, relu: u.relu, relu6: u.relu6, leaky_relu: (x: Tensor) => u.leakyRelu(x), elu: (x: Tensor) => u.elu(x),
  selu: u.selu, gelu: (x: Tensor) => u.gelu(x), silu: u.silu, sigmoid: u.sigmoid, tanh: u.tanh,
  softplus: u.softplus, softsign: u.softsign, hard_sigmoid: u.hardSigmoid, hard_silu: u.hardSilu,
  mish: u.mish, exponential: u.exp, softmax: (x: Tensor) => softmax(x), log_softmax: (x: Tensor) => logSoftmax(x),
} satisfies Record<string, ActivationFn>;
// Keras aliases: these names resolve to (and serialize as) the function they alias.
const ALIAS_NAMES = { swish: 'silu', hard_swish: 'hard_silu' } as const satisfies Record<string, keyof typeof FUNCTIONS>;

/** Every activation name `get` accepts, in snake_case or camelCase ('leaky_relu', 'leakyRelu'). */
export type ActivationName = SnakeOrCamel<keyof typeof FUNCTIONS | keyof typeof ALIAS_NAMES>;
/**
 * What a layer's `activation` option takes: a Keras name (`'relu'`, `'leaky_relu'`/`'leakyRelu'`, …), a function, or nothing (linear).
 */
export type ActivationIdentifier = ActivationName | ActivationFn | null | undefined;

// Own entries only (Maps), so 'constructor' or '__proto__' are unknown names. The tables are
// marked pure so a bundle that never reads them can drop them (and what they reference).
const TABLE = /* @__PURE__ */ new Map<string, ActivationFn>(/* @__PURE__ */ Object.entries(FUNCTIONS));
const ALIASES = /* @__PURE__ */ new Map<string, string>(/* @__PURE__ */ Object.entries(ALIAS_NAMES));

/** Canonical Keras name ('leakyRelu' → 'leaky_relu'). */
export function canonicalName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Resolves an activation; `null`/`undefined` is linear. The function carries its Keras name. */
export function get(id: ActivationIdentifier | string): ActivationFn & { activationName: string } {
  if (id == null) return Object.assign(linear, { activationName: 'linear' });
  if (typeof id === 'function') return Object.assign(id, { activationName: (id as { activationName?: string }).activationName ?? (id.name || 'custom') });
  if (typeof id !== 'string') throw new ValueError(`Unknown activation: expected a name or a function. Received: ${fmt(id)}`);
  const c = canonicalName(id);
  const key = ALIASES.get(c) ?? c;
  const fn = TABLE.get(key);
  if (!fn) throw new ValueError(`Unknown activation. Expected one of ${[...TABLE.keys(), ...ALIASES.keys()].join(', ')}. Received: ${fmt(id)}`);
  const named = ((x: Tensor) => fn(x)) as ActivationFn & { activationName: string };
  named.activationName = key;
  return named;
}

/** Keras 3 `activations.serialize`: the built-in function's name ('swish' → 'silu'). */
export function serialize(fn: ActivationFn & { activationName?: string }): string {
  const name = fn.activationName ?? fn.name;
  if (!TABLE.has(name)) {
    throw new ValueError(`activations.serialize: only built-in activations can be serialized; a custom function cannot be saved. Received: ${fmt(name || 'an anonymous function')}`);
  }
  return name;
}

/** Keras 3 `activations.deserialize`: a name (or Keras 2's `{ class_name: 'function', config: name }`). */
export function deserialize(config: string | { class_name: string; config?: unknown }): ActivationFn & { activationName: string } {
  if (typeof config === 'object' && config !== null && typeof config.config === 'string') return get(config.config);
  if (typeof config !== 'string') throw new ValueError(`activations.deserialize: expected an activation name. Received: ${fmt(config)}`);
  return get(config);
}

/** The snake_case names `get` accepts, aliases (`'swish'`, `'hard_swish'`) included. */
export const names = /* @__PURE__ */ (() => [...TABLE.keys(), ...ALIASES.keys()])();

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
