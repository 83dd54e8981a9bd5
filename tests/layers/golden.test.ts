// Every layer against Keras 3 (tests/golden/layers.json): forward values with the
// fixture's weights, the gradient of Σ output·w with respect to the inputs and every
// trainable weight, and BatchNormalization's moving statistics after a training call.

import { describe, expect, it } from 'vitest';
import { deserializeLayer } from '../../ts/layers/index.js';
import { loadGolden } from '../helpers/golden.js';
import { checkLayerCase, type LayerCase } from '../helpers/layer_case.js';

const all = loadGolden<LayerCase>('layers.json').cases;
const cases = all.filter((c) => c.config.rms_scaling !== true);

describe('layers match Keras 3', () => {
  it('covers every fixture case but the deprecated rms_scaling one', () => {
    expect(cases.length).toBe(all.length - 1);
  });

  it.each(cases.map((c) => [c.case, c] as const))('%s', (_name, c) => {
    checkLayerCase(c);
  });

  it('rejects the deprecated LayerNormalization rms_scaling with a clear error', () => {
    const c = all.find((x) => x.config.rms_scaling === true)!;
    expect(() => deserializeLayer({ class_name: c.class_name, config: c.config })).toThrow(/rms_scaling is deprecated.*Received: rms_scaling=true/);
  });
});
