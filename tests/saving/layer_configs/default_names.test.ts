// Default layer names as Keras 3 gives them (issue 9 item 10): `conv2d`, `max_pooling2d`,
// `re_lu`, … and the `_1` suffix for the second one. Reference: keras_configs.json
// (generate.py, Keras 3.15.1 with fresh name counters).

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as L from '../../../ts/layers/index.js';
import { kerasSnakeCase } from '../../../ts/utils/naming.js';
import { optionsFromKwargs } from './helpers.js';

const ref = JSON.parse(readFileSync(new URL('./keras_configs.json', import.meta.url), 'utf8')) as {
  default_names: Record<string, [string, string]>;
  layers: { class_name: string; case: string; kwargs: Record<string, unknown> }[];
};

describe('default layer names match Keras 3', () => {
  it('kerasSnakeCase is Keras to_snake_case', () => {
    expect(['Conv2D', 'MaxPooling2D', 'GlobalAveragePooling1D', 'UpSampling2D', 'BatchNormalization', 'ReLU', 'PReLU',
      'LeakyReLU', 'Conv2DTranspose', 'RMSprop', 'ELU', 'my-layer name'].map(kerasSnakeCase)).toEqual(
      ['conv2d', 'max_pooling2d', 'global_average_pooling1d', 'up_sampling2d', 'batch_normalization', 're_lu', 'p_re_lu',
        'leaky_re_lu', 'conv2d_transpose', 'rm_sprop', 'elu', 'mylayername']);
  });

  it.each(Object.entries(ref.default_names))('%s', (cls, [first]) => {
    const Cls = (L as unknown as Record<string, new (a: unknown) => L.Layer>)[cls];
    expect(Cls, `kerasm has no layers.${cls}`).toBeDefined();
    const kw = optionsFromKwargs(ref.layers.find((c) => c.case === cls)!.kwargs);
    // Names are counted per process, so the first kerasm layer may already carry a suffix.
    const a = new Cls!(kw);
    const b = new Cls!(kw);
    const base = first;
    expect(a.name).toMatch(new RegExp(`^${base}(_\\d+)?$`));
    const n = a.name === base ? 0 : Number(a.name.slice(base.length + 1));
    expect(b.name).toBe(`${base}_${n + 1}`);
  });
});
