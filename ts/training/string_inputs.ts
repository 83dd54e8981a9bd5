// String data for models with string inputs (`input({ dtype: 'string' })`): fit, evaluate,
// predict, the *OnBatch calls and data sets give `string[]` / `string[][]` (or StringTensors);
// here they become StringTensors shaped like the input, so batching and the model see one kind
// of value. As Keras does with rank-1 data, `string[]` fills an input of shape [1] (one string
// per row) and `string[][]` with rows of one string fills an input of shape [] (scalars).

import { ValueError, fmt } from '../errors.js';
import { StringTensor, isStringTensor, looksLikeStrings, type NestedStrings } from '../tensor/string_tensor.js';
import { isSymbolic, type SymbolicTensor } from '../layers/symbolic.js';

/** A string value shaped for `s`: rank-1 strings for a [batch, 1] input get the trailing axis, and back. */
function shapedFor(s: SymbolicTensor | undefined, t: StringTensor): StringTensor {
  if (!s) return t;
  if (s.shape.length === 2 && s.shape[1] === 1 && t.rank === 1) return t.reshape([t.shape[0]!, 1]);
  if (s.shape.length === 1 && t.rank === 2 && t.shape[1] === 1) return t.reshape([t.shape[0]!]);
  return t;
}

function asStrings(v: unknown, where: string): StringTensor | undefined {
  if (isStringTensor(v)) return v;
  if (typeof v === 'string' || looksLikeStrings(v)) return StringTensor.from(v as NestedStrings, where);
  return undefined;
}

function one(s: SymbolicTensor | undefined, v: unknown, model: string, i: number): unknown {
  const t = asStrings(v, `Model '${model}': input ${i}`);
  if (!t) return v;
  if (s && s.dtype !== 'string') {
    throw new ValueError(`Input '${s.name}' of model '${model}' expects ${s.dtype} numbers; only inputs made with ` +
      `input({ dtype: 'string' }) take strings. Received: a string input of shape ${fmt(t.shape)}`);
  }
  return shapedFor(s, t);
}

/**
 * The model's input data with string arrays made StringTensors: one value (single-input models)
 * or a list in input order. Numbers and symbolic tensors pass unchanged; strings given for a
 * numeric input throw a ValueError naming the input.
 */
export function stringInputs(inputs: readonly SymbolicTensor[], x: unknown, model: string): unknown {
  if (isSymbolic(x) || (Array.isArray(x) && x.some(isSymbolic))) return x;
  if (inputs.length <= 1) {
    // A list holding one value per input (a one-input list model) or the value itself.
    if (Array.isArray(x) && x.length === 1 && isStringTensor(x[0])) return [one(inputs[0], x[0], model, 0)];
    return one(inputs[0], x, model, 0);
  }
  if (!Array.isArray(x) || x.length !== inputs.length) return x;
  return x.map((v, i) => one(inputs[i], v, model, i));
}
