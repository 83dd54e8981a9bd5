// Whole-model configs: Keras 3 `config.json` (what `serialize_keras_object(model)` gives),
// and reading Keras 3, Keras 2 (legacy .h5 `model_config`) and tfjs (`modelTopology`) forms.

import { modelHooks } from '../../models/model_hooks.js';
import { ValueError, fmt } from '../../errors.js';
import { deserializeLayer, type LayerDeserializeOptions } from '../../layers/serialization.js';
import { registerBuiltins } from './builtins.js';
import { Model } from '../../models/model.js';
import { Sequential } from '../../models/sequential.js';
import { serializeEntry } from './entry.js';
import { functionalConfig, functionalFromConfig } from './functional.js';
import type { KerasObject } from './keras_object.js';
import { own, type CustomObjects } from './registry.js';
import { checkDepth, expectRecord, isRecord } from './validate.js';

export { cloneModel, type CloneOptions } from './clone.js';
export { deserializeKerasObject, serializeKerasObject, type KerasObject, type DeserializeOptions } from './keras_object.js';
export { registerKerasSerializable, type CustomObjects } from './registry.js';
export { functionalConfig, functionalFromConfig } from './functional.js';

/** Options of `modelFromJSON` and `deserializeModel`. */
export interface ModelConfigOptions {
  /** Classes and functions the config may name besides kerasm's own (Keras `custom_objects`). */
  customObjects?: CustomObjects | Record<string, unknown>;
}

/** The model's Keras 3 config.json object (without compile_config contents: see keras_file). */
export function serializeModel(model: Model): KerasObject {
  if (!(model instanceof Model)) throw new ValueError(`serializeModel: expected a Model. Received: ${fmt(model)}`);
  return serializeEntry(model) as unknown as KerasObject;
}

/** `{ modelTopology }` (tfjs model.json) and `{ model_config }` (converter / legacy h5) hold the config one level down. */
function unwrap(spec: Record<string, unknown>): Record<string, unknown> {
  for (let i = 0; i < 3; i++) {
    const inner = own(spec, 'modelTopology') ?? own(spec, 'model_config');
    if (inner === undefined || own(spec, 'class_name') !== undefined) return spec;
    spec = expectRecord(typeof inner === 'string' ? parse(inner) : inner, 'Model config field `model_config`/`modelTopology`');
  }
  return spec;
}

/** Builds a model from its config: Keras 3 config.json, Keras 2 model_config or a tfjs topology. */
export function deserializeModel(spec: KerasObject | object, opts: ModelConfigOptions = {}): Model {
  checkDepth(spec, 'Model config');
  registerBuiltins();
  const s = unwrap(expectRecord(spec, 'Model config'));
  const className = own(s, 'class_name');
  if (typeof className !== 'string') throw new ValueError(`Model config must have a string \`class_name\` ('Sequential', 'Functional' or a registered model class). Received: class_name=${fmt(className)}`);
  const o: LayerDeserializeOptions = { customObjects: opts.customObjects };
  const made = deserializeLayer(s, o);
  if (!(made instanceof Model)) {
    made.dispose();
    throw new ValueError(`Model config: class '${className}' is a layer, not a model. Received: class_name=${fmt(className)}`);
  }
  return made;
}

function parse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch (e) {
    throw new ValueError(`modelFromJSON: the text is not valid JSON. Received: ${(e as Error).message}`);
  }
}

/** Keras `model.to_json()`: the config as a JSON string. */
export function modelToJSON(model: Model): string {
  return JSON.stringify(serializeModel(model));
}

/** Keras `keras.models.model_from_json` (also takes a parsed object or a tfjs model.json). */
export function modelFromJSON(json: string | object, opts: ModelConfigOptions = {}): Model {
  const spec = typeof json === 'string' ? parse(json) : json;
  if (!isRecord(spec)) throw new ValueError(`modelFromJSON: expected a JSON object. Received: ${fmt(spec)}`);
  return deserializeModel(spec, opts);
}

/**
 * Keras `Model.from_config`: the inner config `getConfig()` gives (Functional: layers and
 * input_layers; Sequential: layers), or a whole serialized model.
 */
export function modelFromConfig(config: object, opts: ModelConfigOptions = {}): Model {
  checkDepth(config, 'Model config');
  registerBuiltins();
  if (isRecord(config) && own(config, 'class_name') === undefined && own(config, 'layers') !== undefined) {
    const o: LayerDeserializeOptions = { customObjects: opts.customObjects };
    return own(config, 'input_layers') !== undefined ? functionalFromConfig(config, o) : Sequential.fromConfig(config, o);
  }
  return deserializeModel(config, opts);
}

modelHooks.register({ toJSON: modelToJSON, fromConfig: modelFromConfig, functionalConfig });
