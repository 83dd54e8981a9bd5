// channels_first layers and grouped convolutions against Keras 3 (tests/golden/
// channels_first.json and conv_groups.json, from generate_channels_first.py): forward values
// with the fixture's weights, the gradient of Σ output·w with respect to the inputs and every
// weight, BatchNormalization(axis=1)'s moving statistics after a training call, and configs.

import { describe, expect, it } from 'vitest';
import { loadGolden } from '../helpers/golden.js';
import { checkLayerCase, type LayerCase } from '../helpers/layer_case.js';

const cases = [...loadGolden<LayerCase>('channels_first.json').cases, ...loadGolden<LayerCase>('conv_groups.json').cases];

describe('channels_first layers and grouped convolutions match Keras 3', () => {
  it('has the fixture cases', () => {
    expect(cases.length).toBe(21 + 5);
  });

  it.each(cases.map((c) => [c.case, c] as const))('%s', (_name, c) => {
    checkLayerCase(c, { config: true });
  });

});
