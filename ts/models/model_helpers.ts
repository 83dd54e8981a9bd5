// Model's graph and input helpers: structures of symbolic tensors, node bookkeeping and the
// checks of concrete inputs against the model's symbolic ones.

import { ValueError, fmt } from '../errors.js';
import { isSymbolic, type LayerNode, type SymbolicTensor } from '../layers/symbolic.js';
import { Tensor } from '../tensor/tensor.js';
import { isStringTensor, type StringTensor } from '../tensor/string_tensor.js';
import type { Structure } from './model_args.js';

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v) || v instanceof Tensor || isSymbolic(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** The symbolic tensors of `inputs`/`outputs` in order, and their names when given as a dict. */
export function structureList(what: string, s: Structure): { list: SymbolicTensor[]; keys: string[] | undefined } {
  if (Array.isArray(s)) return { list: s, keys: undefined };
  if (isSymbolic(s)) return { list: [s], keys: undefined };
  if (isPlainObject(s)) {
    const entries = Object.entries(s);
    if (entries.length === 0 || !entries.every(([, v]) => isSymbolic(v))) {
      throw new ValueError(`Model: \`${what}\` must be symbolic tensors (from input() and layer calls). Received: ${fmt(s)}`);
    }
    return { list: entries.map(([, v]) => v as SymbolicTensor), keys: entries.map(([k]) => k) };
  }
  throw new ValueError(`Model: \`${what}\` must be a symbolic tensor, a list or a dict of them. Received: ${fmt(s)}`);
}

export function definedEntries(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

export function isMultiCall(node: LayerNode): boolean {
  return node.inputs.length > 1 || (node.kwargs.__multi === true);
}

/** Index of the last node that reads each tensor. */
export function lastUses(nodes: readonly LayerNode[], outputs: readonly SymbolicTensor[]): Map<number, number> {
  const m = new Map<number, number>();
  nodes.forEach((n, i) => n.inputs.forEach((t) => m.set(t.id, i)));
  outputs.forEach((o) => m.set(o.id, Infinity));
  return m;
}

/** Strings go to string inputs only, and string inputs take only strings. */
export function checkStringInput(model: string, s: SymbolicTensor, t: Tensor | StringTensor): void {
  const isStr = isStringTensor(t);
  if ((s.dtype === 'string') === isStr) return;
  if (isStr) {
    throw new ValueError(`Input '${s.name}' of model '${model}' expects ${s.dtype} numbers. Received: a string input of shape ${fmt(t.shape)}`);
  }
  throw new ValueError(`Input '${s.name}' of model '${model}' expects strings (string[] or string[][]). Received: a ${t.dtype} tensor of shape ${fmt(t.shape)}`);
}

export function checkAgainstSymbolic(model: string, s: SymbolicTensor, t: Tensor): void {
  const ok = s.shape.length === t.rank && s.shape.every((d, i) => d === null || d === t.shape[i]);
  if (!ok) {
    throw new ValueError(`Input '${s.name}' of model '${model}' is incompatible: expected shape=(${s.shape.map((d) => (d === null ? 'None' : d)).join(', ')}). ` +
      `Received: shape=${fmt(t.shape)}`);
  }
}
