// What compare trains: the model (preset, saved file, JS module or function) and the data
// (Fashion-MNIST slices, a data set, or a function/module returning one).

import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as k from '../index.js';
import { ValueError } from '../errors.js';
import type { Model } from '../models/model.js';
import type { Tensor } from '../tensor/tensor.js';
import type { BuildFn, DataSpec, FashionMnistData, Kerasm, ModelSpec } from './types.js';

/** The built-in models: the README's Fashion-MNIST MLP and the seed material's CNN. */
export const PRESETS: Record<string, { description: string; build: BuildFn; defaultTarget: number }> = {
  'fashion-mlp': {
    description: 'Fashion-MNIST MLP 784-128(relu)-10(softmax)',
    defaultTarget: 0.85,
    build: () => new k.Sequential([
      k.input({ shape: [784] }),
      k.layers.dense({ units: 128, activation: 'relu' }),
      k.layers.dense({ units: 10, activation: 'softmax' }),
    ]),
  },
  'fashion-cnn': {
    description: 'Fashion-MNIST CNN Conv32-Pool-Conv64-Pool-Dense64-Dropout0.25-Dense10',
    defaultTarget: 0.88,
    build: () => new k.Sequential([
      k.input({ shape: [28, 28, 1] }),
      k.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
      k.layers.maxPooling2d({ poolSize: 2 }),
      k.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      k.layers.maxPooling2d({ poolSize: 2 }),
      k.layers.flatten(),
      k.layers.dense({ units: 64, activation: 'relu' }),
      k.layers.dropout({ rate: 0.25 }),
      k.layers.dense({ units: 10, activation: 'softmax' }),
    ]),
  },
};

export interface ModelSource {
  /** For the report and for matching a resumed study. */
  name: string;
  build: () => Promise<Model>;
  defaultTarget: number | null;
}

async function importModule(where: string, file: string): Promise<Record<string, unknown>> {
  const abs = isAbsolute(file) ? file : resolve(process.cwd(), file);
  try {
    return (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (e) {
    throw new ValueError(`${where}: cannot import ${abs} (${(e as Error).message}). Received: '${file}'`);
  }
}

function pickFunction(where: string, mod: Record<string, unknown>, names: string[], file: string): (k: Kerasm) => unknown {
  for (const n of names) if (typeof mod[n] === 'function') return mod[n] as (k: Kerasm) => unknown;
  throw new ValueError(`${where}: ${file} must export a function as ${names.map((n) => `\`${n}\``).join(' or ')}. Received: exports ${JSON.stringify(Object.keys(mod))}`);
}

function checkModel(where: string, m: unknown): Model {
  if (!(m instanceof k.Model)) {
    throw new ValueError(`${where}: the build function must return a kerasm Model (import kerasm from the same installation, or use the \`k\` argument it receives). Received: ${String(m)}`);
  }
  return m;
}

/** Resolves `spec` to a function that builds a fresh model for each run. */
export function modelSource(spec: ModelSpec): ModelSource {
  const where = 'compare: model';
  if (typeof spec === 'function') return { name: spec.name || 'build function', build: async () => checkModel(where, await spec(k)), defaultTarget: null };
  if (typeof spec !== 'string') throw new ValueError(`${where} must be a preset name, a file path or a build function. Received: ${String(spec)}`);
  const preset = PRESETS[spec];
  if (preset) return { name: spec, build: async () => checkModel(where, await preset.build(k)), defaultTarget: preset.defaultTarget };
  if (/\.(keras|json|h5)$/i.test(spec)) {
    // Every run starts from the file's weights.
    return { name: spec, build: async () => checkModel(where, await k.loadModel(spec)), defaultTarget: null };
  }
  if (/\.(mjs|cjs|js)$/i.test(spec)) {
    return {
      name: spec,
      build: async () => {
        const fn = pickFunction(where, await importModule(where, spec), ['default', 'build', 'buildModel'], spec);
        return checkModel(where, await fn(k));
      },
      defaultTarget: null,
    };
  }
  throw new ValueError(`${where}: unknown preset or file type; presets: ${Object.keys(PRESETS).join(', ')}; files: .keras, .json (tfjs/Keras model), .h5, .js/.mjs (exports a build function). Received: '${spec}'`);
}

/** The tensors of one run, shaped for the model's input. */
export interface Prepared {
  xTrain: Tensor; yTrain: Tensor;
  xVal?: Tensor; yVal?: Tensor;
  xTest?: Tensor; yTest?: Tensor;
}

export interface DataSource {
  name: string;
  /** The data for a model (Fashion-MNIST is reshaped to its input); cached per input shape. */
  get(model: Model): Promise<Prepared>;
  dispose(): void;
}

function checkDataSet(where: string, d: unknown): Prepared {
  const ds = d as Prepared;
  if (!ds || !(ds.xTrain instanceof k.Tensor) || !(ds.yTrain instanceof k.Tensor)) {
    throw new ValueError(`${where}: a data set needs tensors xTrain and yTrain (optional xVal/yVal, xTest/yTest). Received: ${d === null || typeof d !== 'object' ? String(d) : `keys ${JSON.stringify(Object.keys(d))}`}`);
  }
  for (const [a, b] of [['xVal', 'yVal'], ['xTest', 'yTest']] as const) {
    if ((ds[a] !== undefined && !(ds[a] instanceof k.Tensor)) || (ds[b] !== undefined && !(ds[b] instanceof k.Tensor))) {
      throw new ValueError(`${where}: ${a} and ${b} must be kerasm tensors. Received: ${String(ds[a])}, ${String(ds[b])}`);
    }
    if ((ds[a] === undefined) !== (ds[b] === undefined)) throw new ValueError(`${where}: give both ${a} and ${b}, or neither. Received: only ${ds[a] ? a : b}`);
  }
  return ds;
}

const FASHION_KEYS = ['name', 'train', 'val', 'test', 'path'];

function fashionSource(spec: FashionMnistData): DataSource {
  const where = 'compare: data';
  for (const key of Object.keys(spec)) if (!FASHION_KEYS.includes(key)) throw new ValueError(`${where}: unknown Fashion-MNIST option '${key}'; known: ${FASHION_KEYS.join(', ')}. Received: '${key}'`);
  const nTrain = spec.train ?? 50_000, nVal = spec.val ?? 10_000, nTest = spec.test ?? 10_000;
  for (const [n, v, max] of [['train', nTrain, 60_000], ['val', nVal, 60_000], ['test', nTest, 10_000]] as const) {
    if (!Number.isInteger(v) || v < (n === 'train' ? 1 : 0) || v > max) throw new ValueError(`${where}: Fashion-MNIST ${n} must be an integer from ${n === 'train' ? 1 : 0} to ${max}. Received: ${v}`);
  }
  if (nTrain + nVal > 60_000) throw new ValueError(`${where}: train + val must be at most the 60 000 training images. Received: ${nTrain} + ${nVal}`);
  let raw: Promise<{ x: Float32Array; y: Int32Array; xt: Float32Array; yt: Int32Array }> | undefined;
  const cache = new Map<string, Prepared>();
  const load = () => raw ??= (async () => {
    const { train, test } = await k.datasets.fashionMnist.load(spec.path ? { path: spec.path } : {});
    const x = train.images.dataSync() as Float32Array, xt = test.images.dataSync() as Float32Array;
    const out = { x: x.map((v) => v / 255), y: Int32Array.from(train.labels.dataSync()), xt: xt.map((v) => v / 255), yt: Int32Array.from(test.labels.dataSync()) };
    [train.images, train.labels, test.images, test.labels].forEach((t) => t.dispose());
    return out;
  })();
  return {
    name: `fashion-mnist (train ${nTrain}, val ${nVal}, test ${nTest})`,
    async get(model) {
      const shape = (model.inputs[0]?.shape.slice(1) ?? [784]).map((d) => d ?? 0);
      if (shape.reduce((a, b) => a * b, 1) !== 784) {
        throw new ValueError(`${where}: Fashion-MNIST images have 784 pixels, the model's input takes [${shape.join(', ')}]. Received: input shape [null, ${shape.join(', ')}]`);
      }
      const key = shape.join('x');
      const hit = cache.get(key);
      if (hit) return hit;
      const { x, y, xt, yt } = await load();
      const P = 784;
      const prepared: Prepared = {
        xTrain: k.tensor(x.subarray(0, nTrain * P), [nTrain, ...shape]), yTrain: k.tensor(y.subarray(0, nTrain), [nTrain], 'int32'),
        ...(nVal ? { xVal: k.tensor(x.subarray((60_000 - nVal) * P), [nVal, ...shape]), yVal: k.tensor(y.subarray(60_000 - nVal), [nVal], 'int32') } : {}),
        ...(nTest ? { xTest: k.tensor(xt.subarray(0, nTest * P), [nTest, ...shape]), yTest: k.tensor(yt.subarray(0, nTest), [nTest], 'int32') } : {}),
      };
      cache.set(key, prepared);
      return prepared;
    },
    dispose() {
      for (const p of cache.values()) for (const t of Object.values(p)) (t as Tensor | undefined)?.dispose();
      cache.clear();
    },
  };
}

/** Resolves `spec` (default: all of Fashion-MNIST's 50 000/10 000/10 000 split). */
export function dataSource(spec: DataSpec | undefined): DataSource {
  const where = 'compare: data';
  if (spec === undefined || spec === 'fashion-mnist') return fashionSource({ name: 'fashion-mnist' });
  if (typeof spec === 'object' && (spec as FashionMnistData).name === 'fashion-mnist') return fashionSource(spec as FashionMnistData);
  let loaded: Promise<Prepared> | undefined;
  let name: string;
  let make: () => Promise<Prepared>;
  if (typeof spec === 'function') {
    name = spec.name || 'data function';
    make = async () => checkDataSet(where, await spec(k));
  } else if (typeof spec === 'string') {
    if (!/\.(mjs|cjs|js)$/i.test(spec)) throw new ValueError(`${where} must be 'fashion-mnist', a JS module path, a data set or a function. Received: '${spec}'`);
    name = spec;
    make = async () => checkDataSet(where, await pickFunction(where, await importModule(where, spec), ['default', 'data', 'loadData'], spec)(k));
  } else {
    const ds = checkDataSet(where, spec);
    name = `data set (train ${ds.xTrain.shape[0]})`;
    make = async () => ds;
  }
  return {
    name,
    get: () => (loaded ??= make()),
    // A data set the caller passed in stays the caller's.
    dispose() {},
  };
}
