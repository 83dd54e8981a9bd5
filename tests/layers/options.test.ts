// Layer options (issue 9 item 6): unknown or misspelled keys are errors naming the key and the
// right spelling; options kerasm accepts but cannot honour with a non-default value say
// "not supported" instead of being ignored, from code and from Keras configs alike.

import { describe, expect, it } from 'vitest';
import * as L from '../../ts/layers/index.js';
import { ValueError } from '../../ts/errors.js';
import { fromKerasConfig, layerClass, optionsFromKwargs, ref } from '../saving/layer_configs/helpers.js';

const required = (cls: string) => optionsFromKwargs(ref.layers.find((c) => c.case === cls)!.kwargs);

describe('unknown layer options are rejected', () => {
  it.each(Object.keys(ref.default_names))('%s rejects a misspelled option', (cls) => {
    const Cls = layerClass(cls);
    expect(() => new Cls({ ...required(cls), activaton: 'relu' } as never)).toThrow(ValueError);
    expect(() => new Cls({ ...required(cls), activaton: 'relu' } as never)).toThrow(/unknown option 'activaton'/);
  });

  it('suggests the intended key', () => {
    expect(() => L.dense({ units: 2, activaton: 'relu' } as never)).toThrow(/Dense: unknown option 'activaton' \(did you mean 'activation'\?\)/);
    expect(() => L.conv2d({ filters: 4, kernel_size: 3 } as never)).toThrow(/'kernel_size' \(did you mean 'kernelSize'\?\)/);
    expect(() => L.maxPooling2d({ pool_size: 2 } as never)).toThrow(/'pool_size' \(did you mean 'poolSize'\?\)/);
    expect(() => L.embedding({ inputDim: 3, outputDim: 2, mask_zero: false } as never)).toThrow(/did you mean 'maskZero'/);
    expect(() => L.input({ shape: [2], dtyp: 'int32' } as never)).toThrow(/input: unknown option 'dtyp' \(did you mean 'dtype'\?\)/);
    // Keras's depthwise layer has no kernelInitializer: it is depthwiseInitializer.
    expect(() => L.depthwiseConv2d({ kernelSize: 3, kernelInitializer: 'ones' } as never)).toThrow(/unknown option 'kernelInitializer'/);
  });

  it('rejects unknown keys in Keras configs too', () => {
    const c = ref.layers.find((x) => x.case === 'Dense')!;
    expect(() => fromKerasConfig('Dense', { ...c.config, kernel_sise: [3] })).toThrow(/unknown option 'kernelSise'/);
  });
});

describe('accepted options kerasm cannot honour throw "not supported"', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['Embedding maskZero not a boolean', () => L.embedding({ inputDim: 5, outputDim: 2, maskZero: 1 as never }), /maskZero must be a boolean/],
    ['layer dtype float16', () => L.dense({ units: 2, dtype: 'float16' as never }), /dtype 'float16' is not supported/],
    ['layer dtype int32', () => L.conv2d({ filters: 2, kernelSize: 2, dtype: 'int32' }), /dtype 'int32' is not supported/],
    ['Conv2D groups not dividing filters', () => L.conv2d({ filters: 5, kernelSize: 3, groups: 2 }), /filters must be evenly divisible by the number of groups.*groups=2, filters=5/],
    ['Dense LoRA', () => L.dense({ units: 2, loraRank: 4 }), /loraRank=4 is not supported/],
    ['Dense quantization', () => L.dense({ units: 2, quantizationConfig: {} as never }), /quantizationConfig=.* is not supported/],
    ['DepthwiseConv2D groups', () => L.depthwiseConv2d({ kernelSize: 3, groups: 2 }), /groups=2 is not supported/],
    ['Embedding sparse', () => L.embedding({ inputDim: 5, outputDim: 2, sparse: true }), /sparse=true is not supported/],
    ['BatchNormalization over two axes', () => L.batchNormalization({ axis: [1, 2] as never }), /normalising over several axes is not supported/],
    ['BatchNormalization renorm', () => L.batchNormalization({ renorm: true }), /renorm=true is not supported/],
    ['BatchNormalization synchronized', () => L.batchNormalization({ synchronized: true }), /synchronized=true is not supported/],
    ['LayerNormalization rmsScaling', () => L.layerNormalization({ rmsScaling: true }), /rms_scaling is deprecated/],
    ['input sparse', () => L.input({ shape: [3], sparse: true }), /sparse inputs are not supported/],
    ['input float16', () => L.input({ shape: [3], dtype: 'float16' as never }), /dtype must be 'float32', 'int32' or 'string'. Received: dtype='float16'/],
  ];
  it.each(cases)('%s', (_n, make, msg) => {
    expect(make).toThrow(ValueError);
    expect(make).toThrow(msg);
  });

  it('default values are fine, from code and from configs', () => {
    expect(() => L.embedding({ inputDim: 5, outputDim: 2, maskZero: false })).not.toThrow();
    expect(() => L.conv2d({ filters: 2, kernelSize: 2, groups: 1, dtype: 'float32' })).not.toThrow();
    expect(() => L.batchNormalization({ renorm: false, synchronized: false, renormMomentum: 0.99, renormClipping: null })).not.toThrow();
    // Keras 2 configs: a built BatchNormalization writes its axis as a list, Embedding writes sparse.
    const bn2 = ref.layers.find((x) => x.case === 'BatchNormalization')!.config;
    expect(fromKerasConfig('BatchNormalization', { ...bn2, axis: [3] }).getConfig().axis).toBe(3);
    const emb2 = ref.layers.find((x) => x.case === 'Embedding')!.config;
    expect(() => fromKerasConfig('Embedding', { ...emb2, sparse: false, input_length: 7 })).not.toThrow();
    // Keras 2 configs write groups: 1 for the depthwise, separable and transposed convolutions.
    for (const cls of ['DepthwiseConv2D', 'SeparableConv2D', 'Conv2DTranspose']) {
      const cfg = ref.layers.find((x) => x.case === cls)!.config;
      expect(fromKerasConfig(cls, { ...cfg, groups: 1 }).getConfig()).not.toHaveProperty('groups');
    }
  });

  it('a Keras config with a value kerasm cannot honour is an error', () => {
    const emb = ref.layers.find((x) => x.case === 'Embedding')!.config;
    expect((fromKerasConfig('Embedding', { ...emb, mask_zero: true }) as unknown as { maskZero: boolean }).maskZero).toBe(true);
    const dense = ref.layers.find((x) => x.case === 'Dense')!.config;
    const mixed = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'mixed_float16' }, registered_name: null };
    expect(() => fromKerasConfig('Dense', { ...dense, dtype: mixed })).toThrow(/dtype 'mixed_float16' is not supported/);
    expect(() => fromKerasConfig('Dense', { ...dense, lora_rank: 8 })).toThrow(/loraRank=8 is not supported/);
    const bn = ref.layers.find((x) => x.case === 'BatchNormalization')!.config;
    expect(() => fromKerasConfig('BatchNormalization', { ...bn, renorm: true })).toThrow(/renorm=true is not supported/);
    const conv = ref.layers.find((x) => x.case === 'Conv2D')!.config;
    expect(() => fromKerasConfig('Conv2D', { ...conv, groups: 3 })).toThrow(/evenly divisible by the number of groups/);
    // Grouped convolutions work (tests/layers/channels_first_keras.test.ts checks them against Keras).
    expect((fromKerasConfig('Conv2D', { ...conv, groups: 2 }) as L.Conv2D).groups).toBe(2);
  });
});

describe('options that now work', () => {
  it('Embedding inputLength sets the input shape (and is checked)', () => {
    const e = L.embedding({ inputDim: 10, outputDim: 3, inputLength: 4 });
    expect(e.batchInputShape).toEqual([null, 4]);
    expect(() => L.embedding({ inputDim: 10, outputDim: 3, inputLength: 4, inputShape: [5] })).toThrow(/inputLength and inputShape disagree/);
  });

  it('Dropout noiseShape shares the mask along axes of size 1', async () => {
    const { ones } = await import('../../ts/tensor/creation.js');
    const d = L.dropout({ rate: 0.5, noiseShape: [null, 1, 6] });
    const x = ones([4, 5, 6]);
    const y = d.apply(x, { training: true });
    const v = y.dataSync();
    let kept = 0;
    for (let b = 0; b < 4; b++) {
      for (let c = 0; c < 6; c++) {
        const first = v[b * 30 + c]!;
        expect(first === 0 || first === 2).toBe(true);
        if (first === 2) kept++;
        for (let t = 1; t < 5; t++) expect(v[b * 30 + t * 6 + c]).toBe(first);
      }
    }
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(24);
    expect(() => d.apply(ones([4, 5, 7]), { training: true })).toThrow(/noiseShape .* does not broadcast/);
    [x, y].forEach((t) => t.dispose());
  });

  it('a seeded Dropout gives a reproducible sequence of different masks', async () => {
    const { ones } = await import('../../ts/tensor/creation.js');
    const x = ones([64]);
    const masks = (seed: number) => {
      const d = L.dropout({ rate: 0.5, seed });
      return [0, 1].map(() => { const y = d.apply(x, { training: true }); const v = Array.from(y.dataSync()); y.dispose(); return v; });
    };
    const [a1, a2] = masks(3);
    const [b1, b2] = masks(3);
    expect(a1).toEqual(b1);
    expect(a2).toEqual(b2);
    expect(a1).not.toEqual(a2);
    x.dispose();
  });

  it('typos in string identifiers fail to compile, and throw at run time', () => {
    // @ts-expect-error 'rleu' is not an activation name
    expect(() => L.dense({ units: 2, activation: 'rleu' })).toThrow(/Unknown activation.*Received: 'rleu'/);
    // @ts-expect-error 'glorotUnifrom' is not an initializer name
    expect(() => L.dense({ units: 2, kernelInitializer: 'glorotUnifrom' })).toThrow(/Unknown initializer 'glorotUnifrom'/);
    // @ts-expect-error 'l3' is not a regularizer name
    expect(() => L.dense({ units: 2, kernelRegularizer: 'l3' })).toThrow(/Unknown regularizer 'l3'/);
    expect(L.dense({ units: 2, activation: 'leakyRelu', kernelInitializer: 'HeNormal', kernelRegularizer: 'l2' }).getConfig()).toMatchObject({
      activation: 'leaky_relu', kernel_initializer: { class_name: 'HeNormal' }, kernel_regularizer: { class_name: 'L2' },
    });
  });

  it('Softmax over several axes normalises them jointly (Keras ops.softmax with a tuple axis)', async () => {
    const { randomUniform } = await import('../../ts/tensor/random.js');
    const x = randomUniform([2, 3, 4], -2, 2, 4);
    const y = L.softmax({ axis: [1, -1] }).apply(x);
    const xv = x.dataSync(), yv = y.dataSync();
    for (let b = 0; b < 2; b++) {
      let z = 0;
      for (let i = 0; i < 12; i++) z += Math.exp(xv[b * 12 + i]!);
      for (let i = 0; i < 12; i++) expect(yv[b * 12 + i]).toBeCloseTo(Math.exp(xv[b * 12 + i]!) / z, 6);
    }
    expect(L.softmax({ axis: [1, 2] }).getConfig().axis).toEqual([1, 2]);
    [x, y].forEach((t) => t.dispose());
  });

  it('LeakyReLU accepts the Keras 2 / tfjs alpha', () => {
    expect(L.leakyReLU({ alpha: 0.1 }).negativeSlope).toBe(0.1);
  });
});

describe('Keras and tfjs shorthands', () => {
  it('inputDim and batchInputShape set the input shape (Embedding keeps its own inputDim)', () => {
    expect(L.dense({ units: 2, inputDim: 7 } as never).batchInputShape).toEqual([null, 7]);
    expect(L.dense({ units: 2, batchInputShape: [4, 3, 5] } as never).batchInputShape).toEqual([4, 3, 5]);
    expect(() => L.dense({ units: 2, inputDim: 7, inputShape: [7] } as never)).toThrow(/give one of inputShape, inputDim and batchInputShape/);
    const e = L.embedding({ inputDim: 10, outputDim: 2 });
    expect(e.inputDim).toBe(10);
    expect(e.batchInputShape).toBeUndefined();
  });

  it('a Keras config may set activity_regularizer on any layer (Keras base Layer)', () => {
    const c = ref.layers.find((x) => x.case === 'Flatten')!.config;
    const reg = { module: 'keras.regularizers', class_name: 'L2', config: { l2: 0.5 }, registered_name: null };
    const f = fromKerasConfig('Flatten', { ...c, activity_regularizer: reg });
    expect(f.activityRegularizer?.className).toBe('L2');
    expect(f.getConfig().activity_regularizer).toEqual(reg);
  });

  it('an int64 Keras input loads as int32', () => {
    const c = ref.layers.find((x) => x.case === 'InputLayer_int')!.config;
    expect(fromKerasConfig('InputLayer', { ...c, dtype: 'int64' }).dtype).toBe('int32');
  });
});
