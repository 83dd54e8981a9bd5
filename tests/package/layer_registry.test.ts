// Every Layer class the `layers` namespace exports can be rebuilt from a Keras config: the
// registry (ts/layers/serialization.ts) knows it by its class name once registerBuiltinLayers()
// ran (every config reader calls it). Catches a new layer that was exported but not added to
// the table registerBuiltinLayers reads in ts/layers/index.ts.
import { describe, expect, it } from 'vitest';
import * as layers from '../../ts/layers/index.js';
import { Layer } from '../../ts/layers/layer.js';
import { registeredLayers } from '../../ts/layers/serialization.js';

// Abstract bases (Layer, Merge, DropoutRNNCell); Lambda (a JS function: loading refuses it on
// purpose, see CODE_CLASSES in serialization.ts). The text layers are model layers (string inputs).
const NOT_MODEL_LAYERS = new Set(['Layer', 'Merge', 'DropoutRNNCell', 'Lambda']);

describe('layer registry', () => {
  it('registers nothing at import: the built-ins come with the first config read', () => {
    expect(registeredLayers().filter((n) => n in layers)).toEqual([]);
    layers.registerBuiltinLayers();
  });

  it('registers every Layer subclass exported from layers (by class name)', () => {
    layers.registerBuiltinLayers();
    const classes = Object.entries(layers).filter(([, v]) => typeof v === 'function' && v.prototype instanceof Layer);
    expect(classes.length).toBeGreaterThan(50);
    const registered = new Set(registeredLayers());
    const missing = classes.map(([name]) => name).filter((n) => !NOT_MODEL_LAYERS.has(n) && !registered.has(n));
    expect(missing, 'add them to the registration block in ts/layers/index.ts').toEqual([]);
  });

  it('the exemptions are real: each is exported and not registered', () => {
    layers.registerBuiltinLayers();
    const exported = new Set(Object.keys(layers));
    const registered = new Set(registeredLayers());
    for (const n of NOT_MODEL_LAYERS) {
      if (n === 'Layer') continue;
      expect(exported.has(n), n).toBe(true);
      expect(registered.has(n), n).toBe(false);
    }
  });
});
