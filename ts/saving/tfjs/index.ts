// The tfjs Layers format: model.json (+ one weights .bin) exactly as tfjs-layers 4.22's
// `model.save()` writes it, and reading of tfjs-layers and tfjs-converter files (the
// `model_config` wrapper, several shards, quantized weights).

import { ValueError, fmt } from '../../errors.js';
import type { Model } from '../../models/model.js';
import type { Layer } from '../../layers/layer.js';
import { deserializeModel, serializeModel } from '../config/index.js';
import { compileArgsFromConfig } from '../keras/compile_config.js';
import { parseJsonFile } from '../io/manifest.js';
import type { FileSet } from '../io/types.js';
import { namedWeights } from './names.js';
import { reorderSlots, tfjsTrainableOrder } from './optimizer_order.js';
import { TFJS_LAYERS_VERSION, toTfjsTopology } from './topology.js';
import { kerasCompileConfig, toTfjsTrainingConfig } from './training_config.js';
import { readManifestWeights, writeWeights, type DecodedWeight } from './weights.js';

export { toTfjsTopology } from './topology.js';
export { readManifestWeights, writeWeights } from './weights.js';

type Cfg = Record<string, unknown>;

export interface TfjsSaveOptions {
  /** Also write the training config and the optimizer's state (tfjs `includeOptimizer`). Default false, as in tfjs. */
  includeOptimizer?: boolean;
}

export interface TfjsLoadOptions {
  customObjects?: Record<string, unknown>;
  /** Compile with the saved training config and restore the optimizer. Default true. */
  compile?: boolean;
}

const WEIGHTS_FILE = 'model.weights.bin';

/** model.json + model.weights.bin for `model`. */
export async function encodeTfjs(model: Model, opts: TfjsSaveOptions = {}): Promise<FileSet> {
  const topology = toTfjsTopology(serializeModel(model) as unknown as Cfg);
  const named = namedWeights(model);
  const ws: Parameters<typeof writeWeights>[0] = named.map((w) => ({ name: w.name, shape: w.variable.shape, dtype: w.variable.dtype === 'int32' ? 'int32' as const : 'float32' as const, values: w.variable.dataSync() as Float32Array | Int32Array }));
  let trainingConfig: Cfg | undefined;
  if (opts.includeOptimizer) {
    const args = model.trainer.compileArgs;
    const opt = model.optimizer;
    if (!args || !opt) throw new ValueError(`tfjs format: includeOptimizer needs a compiled model; '${model.name}' has not been compiled.`);
    trainingConfig = toTfjsTrainingConfig(args, opt);
    if (opt.isBuilt) {
      // tfjs calls slots `<variable>/<suffix>`; use the same (renamed) variable names as the weights.
      const rename = new Map(named.map((w) => [w.variable.name, w.name]));
      const slots = opt.getWeightsTfjs().map((v) => {
        const cut = v.name.lastIndexOf('/');
        const base = cut > 0 ? v.name.slice(0, cut) : v.name;
        return { ...v, name: rename.has(base) ? `${rename.get(base)}${v.name.slice(cut)}` : v.name };
      });
      const tfjsName = new Map(named.map((w) => [w.variable, w.name]));
      const order = tfjsTrainableOrder(model).map((v) => tfjsName.get(v) ?? v.name);
      for (const v of reorderSlots(slots, order)) ws.push({ name: v.name, shape: v.shape, dtype: v.dtype, values: v.values, group: 'optimizer' });
    }
  }
  const { specs, data } = writeWeights(ws);
  const json: Cfg = {
    modelTopology: topology,
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${TFJS_LAYERS_VERSION}`,
    convertedBy: null,
    weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: specs }],
  };
  if (trainingConfig) json.trainingConfig = trainingConfig;
  return { main: 'model.json', files: new Map([['model.json', new TextEncoder().encode(JSON.stringify(json))], [WEIGHTS_FILE, data]]) };
}

/** The model a tfjs model.json file set describes, with its weights (and, if saved, its training state). */
export async function decodeTfjs(set: FileSet, opts: TfjsLoadOptions = {}): Promise<Model> {
  const file = set.main;
  const main = set.files.get(file);
  if (!main) throw new ValueError(`tfjs format: the file set has no '${file}'.`);
  const json = parseJsonFile(file, main) as Cfg;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new ValueError(`'${file}' is not a tfjs model.json (expected a JSON object). Received: ${fmt(typeof json)}`);
  if (json.format === 'graph-model') {
    throw new ValueError(`'${file}' is a tfjs graph model (a converted TensorFlow graph); only layers models ('format: layers-model') describe Keras layers kerasm can rebuild.`);
  }
  let topology = json.modelTopology as Cfg | undefined;
  if (topology === null || typeof topology !== 'object') throw new ValueError(`'${file}' has no modelTopology, so it is not a tfjs layers model. Received: keys ${fmt(Object.keys(json))}`);
  let training = json.trainingConfig as Cfg | undefined;
  // tfjs-converter files wrap the Keras config: {keras_version, backend, model_config, training_config}.
  if (topology.model_config != null) {
    training ??= topology.training_config as Cfg | undefined;
    topology = topology.model_config as Cfg;
  }
  if (json.weightsManifest == null) {
    throw new ValueError(`'${file}' has no weightsManifest: it describes a topology without weights. Build it with modelFromJSON() if that is what you want.`);
  }
  // Weights first: a corrupt or truncated .bin must fail before a model is built.
  const decoded = readManifestWeights(set, json.weightsManifest);
  const model = deserializeModel(topology, { customObjects: opts.customObjects });
  try {
    assignWeights(model, decoded.filter((w) => w.group !== 'optimizer'), file);
    if (training && opts.compile !== false) {
      model.compile(compileArgsFromConfig(kerasCompileConfig(training, file), file));
      const optWeights = decoded.filter((w) => w.group === 'optimizer');
      if (optWeights.length > 0) {
        const opt = model.optimizer!;
        try {
          const trainable = model.trainableWeights;
          if (!opt.isBuilt) opt.build(trainable);
          const tfjsName = new Map(namedWeights(model).map((w) => [w.variable, w.name]));
          const ordered = reorderSlots(optWeights, trainable.map((v) => tfjsName.get(v) ?? v.name));
          opt.setWeightsTfjs(ordered.map((w) => ({ name: w.name, shape: w.shape, dtype: w.dtype, values: w.values })));
        } catch (e) {
          if (e instanceof ValueError) throw new ValueError(`Optimizer state in '${file}': ${e.message}`);
          throw e;
        }
      }
    }
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

function assignWeights(model: Model, weights: DecodedWeight[], file: string): void {
  const byName = new Map(weights.map((w) => [w.name, w]));
  const used = new Set<DecodedWeight>();
  const perLayer = new Map<Layer, (Float32Array | Int32Array)[]>();
  const missing: string[] = [];
  for (const { name, layer, variable } of namedWeights(model)) {
    // Exact tfjs name; else a converter name with a scope prefix ('model/dense/kernel').
    let w = byName.get(name);
    if (!w || used.has(w)) {
      const cands = weights.filter((x) => !used.has(x) && x.name.endsWith(`/${name}`));
      w = cands.length === 1 ? cands[0] : undefined;
    }
    if (!w) {
      missing.push(name);
      continue;
    }
    if (w.shape.length !== variable.shape.length || w.shape.some((d, i) => d !== variable.shape[i])) {
      throw new ValueError(`'${file}': weight '${w.name}' has shape ${fmt(w.shape)}, but layer '${layer.name}' expects ${fmt(variable.shape)}.`);
    }
    used.add(w);
    if (!perLayer.has(layer)) perLayer.set(layer, []);
    perLayer.get(layer)!.push(w.values);
  }
  if (missing.length > 0) {
    throw new ValueError(`'${file}': no values for weight${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}. ` +
      `Received weights: ${fmt(weights.map((w) => w.name).slice(0, 20))}`);
  }
  const extra = weights.filter((w) => !used.has(w));
  if (extra.length > 0) throw new ValueError(`'${file}' has weights the model does not: ${fmt(extra.map((w) => w.name).slice(0, 20))}.`);
  for (const [layer, values] of perLayer) layer.setWeights(values);
}
