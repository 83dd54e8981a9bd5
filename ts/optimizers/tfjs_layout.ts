// Optimizer state in tfjs's layout (tfjs-core `optimizers/*_optimizer.ts` `getWeights` /
// `setWeights`), which tfjs-layers writes into model.json weights with `includeOptimizer`:
// `iter` (int32 scalar), then one group per slot kind, each listing every variable in
// order as `<variable name>/<suffix>`. tfjs restores by position, so do we.

import type { Variable } from '../autograd/variable.js';
import { ValueError, fmt } from '../errors.js';
import { readStateValue, type OptimizerVariableData, type OptimizerVariableInput } from './state.js';

/** One slot kind in tfjs's layout. */
export interface TfjsSlot {
  /** tfjs's name suffix: `m`, `v`, `rms`, `momentum`, `mg`, `accumulator`, `accum_grad`, `accum_var`. */
  suffix: string;
  /** The kerasm slot holding it, or null when tfjs keeps a value kerasm does not need (written as zeros, ignored on read). */
  slot: string | null;
  /** When tfjs stores another quantity: kerasm value → tfjs value at learning rate `lr`, and back. */
  toTfjs?: (x: number, lr: number) => number;
  fromTfjs?: (x: number, lr: number) => number;
}

/** What the layout functions need from an optimizer. */
export interface TfjsView {
  layout: TfjsSlot[];
  iterations: number;
  learningRate: number;
  vars: { variable: Variable; slot: (name: string) => Variable | null }[];
}

function slotOf(view: TfjsView, s: TfjsSlot, k: number): Variable | null {
  if (s.slot === null) return null;
  const v = view.vars[k]!.slot(s.slot);
  if (!v) throw new ValueError(`tfjs layout: no '${s.slot}' slot for variable '${view.vars[k]!.variable.name}'.`);
  return v;
}

/** The state in tfjs's `getWeights()` order. */
export function tfjsWeights(view: TfjsView): OptimizerVariableData[] {
  const out: OptimizerVariableData[] = [{ name: 'iter', path: 'iter', shape: [], dtype: 'int32', values: Int32Array.of(view.iterations) }];
  for (const s of view.layout) {
    view.vars.forEach(({ variable }, k) => {
      const src = slotOf(view, s, k);
      const values = src ? src.buf.f32().slice() : new Float32Array(variable.size);
      if (src && s.toTfjs) for (let i = 0; i < values.length; i++) values[i] = s.toTfjs(values[i]!, view.learningRate);
      const name = `${variable.name}/${s.suffix}`;
      out.push({ name, path: name, shape: variable.shape.slice(), dtype: 'float32', values });
    });
  }
  return out;
}

/**
 * Checks `values` against the layout, then restores the slots; returns `iter`. Nothing
 * is assigned unless every value fits.
 */
export function readTfjsWeights(who: string, view: TfjsView, values: readonly OptimizerVariableInput[], built: boolean): number {
  const n = 1 + view.layout.length * view.vars.length;
  if (!Array.isArray(values) || values.length !== n) {
    const hint = built ? '' : ' The optimizer is not built yet: call `optimizer.build(variables)` first so its slots exist.';
    throw new ValueError(`${who}: expected ${n} values ('iter', then ${view.layout.map((s) => `'/${s.suffix}'`).join(', ') || 'nothing'} ` +
      `for each of ${view.vars.length} variables).${hint} Received: ${Array.isArray(values) ? `${values.length} values` : fmt(values)}`);
  }
  const iter = readStateValue(who, { name: 'iter', shape: [], dtype: 'int32' }, values[0]!, 0)[0]!;
  const reads: [Variable | null, Float32Array, TfjsSlot][] = [];
  let i = 1;
  for (const s of view.layout) {
    view.vars.forEach(({ variable }, k) => {
      const input = values[i]!;
      const saved = !ArrayBuffer.isView(input) && !Array.isArray(input) ? (input as { name?: string }).name : undefined;
      if (saved !== undefined && !saved.endsWith(`/${s.suffix}`)) {
        throw new ValueError(`${who}: value ${i} should be '<variable>/${s.suffix}' for variable '${variable.name}' ` +
          `(tfjs order: ${view.layout.map((x) => x.suffix).join(', ')}). Received: name=${fmt(saved)}`);
      }
      const target = { name: `${variable.name}/${s.suffix}`, shape: variable.shape, dtype: 'float32' as const };
      reads.push([slotOf(view, s, k), readStateValue(who, target, input, i) as Float32Array, s]);
      i++;
    });
  }
  for (const [dst, vals, s] of reads) {
    if (!dst) continue;
    if (s.fromTfjs) for (let j = 0; j < vals.length; j++) vals[j] = s.fromTfjs(vals[j]!, view.learningRate);
    dst.buf.f32().set(vals);
  }
  return iter;
}
