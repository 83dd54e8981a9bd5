// Keras's attribute tracking: the layers and variables a layer holds in its fields.

import { Variable } from '../autograd/variable.js';
import { isPlainObject } from './layer_helpers.js';

// Fields of Layer itself that hold framework state rather than sublayers. Nothing else is
// skipped, so a user's field may have any name (`stack`, `nodes`, …); models list their
// graph layers through `layers` instead of a field scan.
const UNTRACKED_KEYS = new Set(['inboundNodes', 'weightList', 'activityLosses']);

// Runs on every weight query (each training step asks), so it allocates only when it finds
// something and skips primitives, functions and class instances without descending.
export function trackedAttributes<L extends object>(owner: object, layerClass: abstract new (...a: never[]) => L, ownWeights: readonly { variable: Variable }[]): { layers: L[]; variables: Variable[] } {
  const layers: L[] = [];
  const variables: Variable[] = [];
  let seen: Set<unknown> | undefined;
  const visit = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object' || v === owner) return;
    if (v instanceof layerClass) {
      if (!layers.includes(v)) layers.push(v);
      return;
    }
    if (v instanceof Variable) {
      if (!v.isDisposed && !variables.includes(v) && !ownWeights.some((w) => w.variable === v)) variables.push(v);
      return;
    }
    const isArr = Array.isArray(v);
    if (!isArr && !(v instanceof Map) && !isPlainObject(v)) return;
    if (depth > 8) return;
    seen ??= new Set();
    if (seen.has(v)) return;
    seen.add(v);
    if (isArr) {
      for (const x of v as unknown[]) if (x !== null && typeof x === 'object') visit(x, depth + 1);
    } else if (v instanceof Map) v.forEach((x) => visit(x, depth + 1));
    else for (const k in v as object) visit((v as Record<string, unknown>)[k], depth + 1);
  };
  const self = owner as Record<string, unknown>;
  for (const k of Object.keys(owner)) {
    const v = self[k];
    if (v !== null && typeof v === 'object' && !UNTRACKED_KEYS.has(k)) visit(v, 0);
  }
  return { layers, variables };
}
