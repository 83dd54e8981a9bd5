// Reading legacy Keras `.h5` model files (Keras 2, and Keras 3's `model.save('x.h5')`): the
// architecture is a JSON string attribute, weights live under /model_weights/<layer name>/,
// listed in order by each group's `weight_names` attribute. Matching is by layer name.

import { ValueError, fmt } from '../../errors.js';
import type { Model } from '../../models/model.js';
import type { Variable } from '../../autograd/variable.js';
import { deserializeModel } from '../config/index.js';
import { h5get, readHdf5, type H5AttrValue, type H5Group } from '../hdf5/index.js';
import { compileArgsFromConfig } from './compile_config.js';
import { parseJson, type KerasLoadOptions } from './keras_file.js';

const asText = (v: H5AttrValue | undefined): string | undefined =>
  typeof v === 'string' ? v : v instanceof Uint8Array ? new TextDecoder().decode(v) : undefined;

const asNames = (v: H5AttrValue | undefined): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];

/** Weights of `model` from a legacy `/model_weights` group, validated before any is set. */
export function loadLegacyWeights(model: Model, weightsRoot: H5Group, fileName: string): void {
  const assignments: [Variable, Float32Array | Int32Array][] = [];
  for (const layer of model.layers) {
    const vars = layer.weights;
    const g = weightsRoot.children.get(layer.name);
    if (!g || g.kind !== 'group') {
      if (vars.length === 0) continue;
      throw new ValueError(`'${fileName}': no weights for layer '${layer.name}' (expected ${vars.length}). Received layers: ${fmt([...weightsRoot.children.keys()])}`);
    }
    const names = asNames(g.attrs.weight_names);
    if (names.length !== vars.length) {
      throw new ValueError(`'${fileName}': layer '${layer.name}' expects ${vars.length} weights. Received: ${names.length} (${fmt(names)})`);
    }
    names.forEach((n, i) => {
      const d = h5get(g, n) ?? h5get(g, n.replace(/:0$/, ''));
      const v = vars[i]!;
      if (!d || d.kind !== 'dataset' || Array.isArray(d.data)) throw new ValueError(`'${fileName}': weight '${n}' of layer '${layer.name}' is missing.`);
      if (d.shape.length !== v.shape.length || d.shape.some((s, k) => s !== v.shape[k])) {
        throw new ValueError(`'${fileName}': weight '${n}' of layer '${layer.name}' should have shape ${fmt(v.shape)}. Received: ${fmt(d.shape)}`);
      }
      assignments.push([v, d.data instanceof Float32Array || d.data instanceof Int32Array ? d.data : Float32Array.from(d.data as ArrayLike<number>)]);
    });
  }
  for (const [v, data] of assignments) v.buf.view().set(data.subarray(0, v.size));
}

export function decodeLegacyH5(bytes: Uint8Array, fileName: string, opts: KerasLoadOptions = {}): Model {
  const root = readHdf5(bytes, fileName);
  const configText = asText(root.attrs.model_config);
  if (!configText) {
    throw new ValueError(`'${fileName}' has no model_config attribute: it is a weights-only file. Build the model and call model.loadWeights('${fileName}') instead.`);
  }
  const model = deserializeModel(parseJson(configText, `${fileName}#model_config`) as Record<string, unknown>, { customObjects: opts.customObjects });
  try {
    const training = asText(root.attrs.training_config);
    if (opts.compile !== false && training) model.compile(compileArgsFromConfig(parseJson(training, `${fileName}#training_config`) as Record<string, unknown>, fileName));
    const weights = h5get(root, 'model_weights');
    loadLegacyWeights(model, weights?.kind === 'group' ? weights : root, fileName);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}
