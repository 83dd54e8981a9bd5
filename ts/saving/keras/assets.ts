// The `assets/` folder of a `.keras` file (Keras saving_lib `save_assets` / `load_assets`):
// a layer with assets — the lookup layers' `vocabulary.txt` — writes them under
// `assets/<the layer's path in the object walk>/`, e.g. `assets/layers/integer_lookup/`.
// Layers opt in by having `saveAssets()` / `loadAssets(files)` methods.

import type { Model } from '../../models/model.js';
import type { Layer } from '../../layers/layer.js';
import { walkLayers } from './object_walk.js';

interface WithAssets {
  saveAssets(): Record<string, string | Uint8Array>;
  loadAssets(files: Record<string, string | Uint8Array>): void;
}

function hasAssets(l: Layer): l is Layer & WithAssets {
  const a = l as unknown as Partial<WithAssets>;
  return typeof a.saveAssets === 'function' && typeof a.loadAssets === 'function';
}

const utf8 = new TextEncoder();

function dirOf(path: string): string {
  return path ? `assets/${path}/` : 'assets/';
}

/** Zip entries for every layer's assets. */
export function writeAssets(model: Model): [string, Uint8Array][] {
  const out: [string, Uint8Array][] = [];
  for (const { path, layer } of walkLayers(model)) {
    if (!hasAssets(layer)) continue;
    for (const [name, data] of Object.entries(layer.saveAssets())) {
      out.push([`${dirOf(path)}${name}`, typeof data === 'string' ? utf8.encode(data) : data]);
    }
  }
  return out;
}

/** Hands each layer with assets the files under its folder (after its weights are loaded, as Keras). */
export function readAssets(model: Model, files: Map<string, Uint8Array>, _fileName: string): void {
  for (const { path, layer } of walkLayers(model)) {
    if (!hasAssets(layer)) continue;
    const dir = dirOf(path);
    const mine: Record<string, Uint8Array> = {};
    for (const [name, data] of files) {
      if (name.startsWith(dir) && !name.slice(dir.length).includes('/') && name.length > dir.length) mine[name.slice(dir.length)] = data;
    }
    layer.loadAssets(mine);
  }
}
