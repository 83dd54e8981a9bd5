// The object graph Keras's saver walks (saving_lib `_save_state` / `_walk_saveable`), as
// kerasm objects: a model's layers under `layers/<snake_class>[_k]`, sublayers of custom
// layers under their attribute names (public first, then `_private`, each sorted), and the
// top-level optimizer under `optimizer`. Reader and writer share this walk, so a path means
// the same variable both ways.

import { Layer, type LayerWeight } from '../../layers/layer.js';
import { InputLayer } from '../../layers/input_layer.js';
import { Model } from '../../models/model.js';
import type { Variable } from '../../autograd/variable.js';
import { kerasSnakeCase } from '../../optimizers/options.js';
import { kerasLayers } from './layer_order.js';

export interface SavedObject {
  /** Slash path of the object's group, '' for the root model. */
  path: string;
  /** The `name` attribute Keras writes on `<path>/vars`. */
  name: string;
  /** Keras's `_trainable_variables + _non_trainable_variables`: the object's own variables. */
  variables: Variable[];
  layer: Layer;
}

// Fields of kerasm's own classes that hold structure, not sublayers a user assigned.
const STRUCTURAL = new Set(['inboundNodes', 'trainer', 'stack', 'inputLayer', 'graphLayerList', 'nodes', 'weightList', 'inputs', 'outputs', 'activityLosses']);

/** A layer's own variables, trainable ones first, each group in creation order. */
export function ownVariables(layer: Layer): Variable[] {
  const list = (layer as unknown as { weightList: LayerWeight[] }).weightList;
  return [...list.filter((w) => w.trainable), ...list.filter((w) => !w.trainable)].map((w) => w.variable);
}

const nameKey = (k: string) => (k.startsWith('_') ? `~${k}` : k);

/** Layer-valued attributes of a custom layer, as Keras's `dir()` walk visits them. */
function attributeChildren(layer: Layer): [string, Layer | Layer[]][] {
  const out: [string, Layer | Layer[]][] = [];
  for (const key of Object.keys(layer).sort((a, b) => (nameKey(a) < nameKey(b) ? -1 : nameKey(a) > nameKey(b) ? 1 : 0))) {
    if (STRUCTURAL.has(key)) continue;
    const v = (layer as unknown as Record<string, unknown>)[key];
    if (v instanceof Layer && !(v instanceof InputLayer)) out.push([key, v]);
    else if (Array.isArray(v) && v.length > 0 && v.every((x) => x instanceof Layer)) out.push([key, v as Layer[]]);
  }
  return out;
}

/** Every saveable layer under `root`, in Keras's visiting order. */
export function walkLayers(root: Model): SavedObject[] {
  const out: SavedObject[] = [];
  const visited = new Set<Layer>();
  const join = (a: string, b: string) => (a ? `${a}/${b}` : b);

  const visit = (layer: Layer, path: string): void => {
    if (visited.has(layer)) return;
    visited.add(layer);
    out.push({ path, name: layer.name, variables: ownVariables(layer), layer });
    if (layer instanceof Model) container(kerasLayers(layer), join(path, 'layers'));
    for (const [attr, child] of attributeChildren(layer)) {
      if (Array.isArray(child)) container(child, join(path, attr));
      else visit(child, join(path, attr));
    }
  };
  const container = (layers: Layer[], path: string): void => {
    const used = new Map<string, number>();
    for (const l of layers) {
      // Keras names the path after the Python class (GroupQueryAttention's is GroupedQueryAttention).
      const base = kerasSnakeCase((l.constructor as { pythonClassName?: string }).pythonClassName ?? l.className);
      const n = used.get(base);
      used.set(base, n === undefined ? 0 : n + 1);
      visit(l, `${path}/${n === undefined ? base : `${base}_${n + 1}`}`);
    }
  };
  visit(root, '');
  return out;
}
