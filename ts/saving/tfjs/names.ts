// tfjs names a weight `<layer name>/<weight name>` (its `originalName`) and loads weights
// by that name. kerasm names variables the same way; only a few weights are called
// differently in tfjs-layers than in Keras 3.

import { ValueError } from '../../errors.js';
import type { Layer } from '../../layers/layer.js';
import { Model } from '../../models/model.js';
import type { Variable } from '../../autograd/variable.js';

// Keras 3 name → tfjs-layers name, per layer class.
const RENAMES: Record<string, Record<string, string>> = {
  DepthwiseConv2D: { kernel: 'depthwise_kernel' },
};

function shortName(layer: Layer, v: Variable): string {
  const prefix = `${layer.name}/`;
  return v.name.startsWith(prefix) ? v.name.slice(prefix.length) : v.name.slice(v.name.lastIndexOf('/') + 1);
}

export interface NamedWeight {
  /** The tfjs name. */
  name: string;
  layer: Layer;
  variable: Variable;
}

/** Every weight of `model` (nested models included) with its tfjs name, in tfjs's order. */
export function namedWeights(model: Model): NamedWeight[] {
  const out: NamedWeight[] = [];
  const seen = new Set<Variable>();
  const visit = (m: Model) => {
    for (const layer of m.layers) {
      if (layer instanceof Model) {
        visit(layer);
        continue;
      }
      for (const v of layer.weights) {
        if (seen.has(v)) continue;
        seen.add(v);
        const short = shortName(layer, v);
        out.push({ name: `${layer.name}/${RENAMES[layer.className]?.[short] ?? short}`, layer, variable: v });
      }
    }
  };
  visit(model);
  const names = new Set<string>();
  for (const w of out) {
    if (names.has(w.name)) {
      throw new ValueError(`tfjs format: two weights are both named '${w.name}' (layer names must be unique across nested models, since tfjs matches weights by name).`);
    }
    names.add(w.name);
  }
  return out;
}
