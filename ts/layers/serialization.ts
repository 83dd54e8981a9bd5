// The one place layer classes come from when a config is read (Keras `deserialize_keras_object`
// for layers), and the `{ module, class_name, config, registered_name, build_config }` wrapper
// written for each layer. Classes come only from this registry (the built-in layers, Sequential
// and Functional), from `registerKerasSerializable`, or from the caller's `customObjects`:
// a file never names code to run. Names are looked up in Maps and own properties only.

import { ValueError, fmt } from '../errors.js';
import { customNames, lookupCustom, own, registeredNameOf, type CustomObjects } from '../saving/config/registry.js';
import { expectRecord, expectString, isRecord } from '../saving/config/validate.js';
import { layerFromConfig } from './config.js';
import { KERAS_LAYER_NAMES } from '../saving/config/keras_layer_names.js';
import type { Layer } from './layer.js';

export type LayerClass = new (args: never) => Layer;

/** Options of layer and model deserialization from Keras configs. */
export interface LayerDeserializeOptions {
  /** Classes for names the built-in registry does not know (Keras `custom_objects`): `{ ClassName: Class }`. Also the only way to load configs whose layers hold code (`Lambda`), by supplying the class yourself. */
  customObjects?: CustomObjects;
}

/** A class (or factory) the registry can build from a Keras config. */
export interface LayerFactory {
  fromConfig(config: Record<string, unknown>, opts: LayerDeserializeOptions): Layer;
}

/** One serialized layer as Keras 3 writes it (config.json, `serialize_keras_object`). */
export interface SerializedLayer {
  module: string | null;
  class_name: string;
  config: Record<string, unknown>;
  registered_name: string | null;
  build_config?: Record<string, unknown>;
  compile_config?: Record<string, unknown>;
  [extra: string]: unknown;
}

const registry = new Map<string, LayerClass | LayerFactory>();

/** Makes `className` loadable from Keras configs (built-in layers; custom ones may use it too). */
export function registerLayer(className: string, cls: LayerClass | LayerFactory): void {
  registry.set(className, cls);
}

/**
 * Registers a built-in layer unless `className` is taken: the built-ins are registered on the
 * first config read (registerBuiltinLayers in ./index.ts), after any class a user registered.
 */
export function registerBuiltinLayer(className: string, cls: LayerClass | LayerFactory): void {
  if (!registry.has(className)) registry.set(className, cls);
}

export function registeredLayers(): string[] {
  return [...registry.keys()];
}

/**
 * A new layer from `layer`'s config (with `changes`), built from the classes of `layer` and its
 * sublayers, as Keras's `layer.__class__.from_config`: a copy needs no registry lookup.
 */
export function copyLayer(layer: Layer, changes: Record<string, unknown> = {}): Layer {
  const spec = serializeLayer(layer);
  const classes: Record<string, unknown> = {};
  const walk = (l: Layer): void => {
    if (Object.hasOwn(classes, l.className)) return;
    classes[l.className] = l.constructor;
    l.sublayers.forEach(walk);
  };
  walk(layer);
  return deserializeLayer({ ...spec, config: { ...spec.config, ...changes } }, { customObjects: classes });
}

/**
 * Classes whose configs hold Python code (bytecode or a function name to import): kerasm
 * never executes code from a file, so these are refused unless the caller supplies a class.
 */
const CODE_CLASSES = new Set(['Lambda', 'TFOpLambda', 'SlicingOpLambda', '__lambda__', 'TFSMLayer', 'TorchModuleWrapper', 'JaxLayer', 'FlaxLayer']);

function classLabel(className: string, layerName: unknown): string {
  return `'${className}'${typeof layerName === 'string' ? ` (layer '${layerName}')` : ''}`;
}

/**
 * The class for a serialized layer, or a ValueError saying why there is none. Checked for
 * every layer of a model before anything is built.
 */
export function resolveLayerClass(spec: Record<string, unknown>, opts: LayerDeserializeOptions = {}): LayerClass | LayerFactory {
  const className = expectString(own(spec, 'class_name'), 'Layer config field `class_name`');
  const cfg = own(spec, 'config');
  const layerName = own(spec, 'name') ?? (isRecord(cfg) ? own(cfg, 'name') : undefined);
  const custom = lookupCustom(className, own(spec, 'registered_name'), opts.customObjects);
  if (custom !== undefined) {
    if (typeof custom === 'function' || (isRecord(custom) && typeof own(custom, 'fromConfig') === 'function')) return custom as LayerClass | LayerFactory;
    throw new ValueError(`The custom object for layer class ${classLabel(className, layerName)} must be a Layer class. Received: ${fmt(custom)}`);
  }
  if (CODE_CLASSES.has(className)) {
    throw new ValueError(`Cannot load layer class ${classLabel(className, layerName)}: it holds Python code, which kerasm never executes. ` +
      `Rewrite it as a custom layer class and pass it as customObjects: { ${className}: MyLayer } (or registerKerasSerializable('${className}', MyLayer)).`);
  }
  // Legacy .h5 files name GroupQueryAttention by its Python class, GroupedQueryAttention.
  const cls = registry.get(className === 'GroupedQueryAttention' ? 'GroupQueryAttention' : className);
  if (cls !== undefined) return cls;
  const known = KERAS_LAYER_NAMES.has(className) ? ` '${className}' is a Keras layer that kerasm does not implement yet.` : '';
  const custom2 = customNames(opts.customObjects);
  // The built-ins register on the first config read (layers.deserializeLayer, modelFromJSON, loadModel, …): a wrapper's
  // own fromConfig (RNN, Bidirectional, TimeDistributed) called before any finds none of them.
  const none = registry.size === 0 ? ' No layer class is registered yet: read configs with layers.deserializeLayer (or call layers.registerBuiltinLayers() first).' : '';
  throw new ValueError(`Unknown layer class ${classLabel(className, layerName)}.${known}${none} A custom class must be registered with ` +
    `registerKerasSerializable('${className}', MyLayer) or passed as customObjects: { ${className}: MyLayer }. ` +
    `Known classes: ${[...registry.keys()].sort().join(', ')}${custom2.length ? `; custom: ${custom2.join(', ')}` : ''}. Received: class_name=${fmt(className)}`);
}

type FunctionalBuilder = (config: Record<string, unknown>, opts: LayerDeserializeOptions, cls: LayerClass) => Layer;
let functionalBuilder: FunctionalBuilder | undefined;

/** Set by the model-config code, which this module cannot import (it imports the models). */
export function setFunctionalBuilder(f: FunctionalBuilder): void {
  functionalBuilder = f;
}

/** Builds a layer from `{ class_name, config }` as Keras 3, Keras 2 or tfjs serialise it. */
export function deserializeLayer(spec: { class_name: string; config?: Record<string, unknown> } | Record<string, unknown>, opts: LayerDeserializeOptions = {}): Layer {
  const s = expectRecord(spec, 'Layer config');
  const cls = resolveLayerClass(s, opts);
  const className = own(s, 'class_name') as string;
  const from = typeof cls === 'function' ? (cls as { fromConfig?: unknown }).fromConfig : (cls as LayerFactory).fromConfig;
  const raw = own(s, 'config') ?? {};
  // Legacy Sequential configs are a bare list of layers: the class's fromConfig reads them.
  if (Array.isArray(raw) && typeof from === 'function') return (from as LayerFactory['fromConfig']).call(cls, raw as never, opts);
  const config = expectRecord(raw, `Config of layer class '${className}'`);
  // A Functional layer entry carries its name beside the config (the config's wins).
  const name = own(s, 'name');
  const full = typeof name === 'string' && own(config, 'name') === undefined ? { ...config, name } : config;
  // A Model subclass built the functional way (Keras's functional-like constructor).
  if (functionalBuilder && typeof cls === 'function' && 'isFunctional' in cls.prototype && own(full, 'input_layers') !== undefined) {
    return functionalBuilder(full, opts, cls);
  }
  if (typeof from === 'function') return (from as LayerFactory['fromConfig']).call(cls, full, opts);
  return layerFromConfig(cls as LayerClass, full);
}

/** Keras 3 classes whose `build` is Keras's default: their entries carry no build_config. */
const NO_BUILD_CONFIG = new Set([
  'InputLayer', 'Activation', 'Dropout', 'Reshape', 'ReLU', 'LeakyReLU', 'ELU', 'Softmax', 'MaxPooling1D', 'MaxPooling2D',
  'AveragePooling1D', 'AveragePooling2D', 'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling1D',
  'GlobalMaxPooling2D', 'SpatialDropout2D',
]);

/** Where Keras 3 would import a class from, and the name it is registered under. */
function moduleOf(layer: Layer): { module: string | null; registered: string | null } {
  const registered = registeredNameOf(layer.constructor);
  if (registered) return { module: null, registered };
  if (layer.className === 'Sequential') return { module: 'keras', registered: null };
  // A Keras layer name is the built-in class unless another class is registered under it (the
  // built-ins themselves are registered only once a config is read).
  const reg = registry.get(layer.className);
  if (KERAS_LAYER_NAMES.has(layer.className) && (reg === undefined || reg === layer.constructor)) return { module: 'keras.layers', registered: null };
  return { module: null, registered: layer.className };
}

/** The input shape(s) of the layer's first call, as Keras's build_config records it. */
function buildConfig(layer: Layer): Record<string, unknown> | undefined {
  if (!layer.built || NO_BUILD_CONFIG.has(layer.className)) return undefined;
  const node = layer.inboundNodes.find((n) => n.inputs.length > 0);
  if (!node) return layer.batchInputShape ? { input_shape: [...layer.batchInputShape] } : undefined;
  const shapes = node.inputs.map((t) => [...t.shape]);
  // Layers Keras builds from named shapes (MultiHeadAttention: query_shape, value_shape, key_shape).
  const named = (layer.constructor as { buildShapeNames?: readonly string[] }).buildShapeNames;
  if (named) return { shapes_dict: Object.fromEntries(shapes.map((s, i) => [named[i]!, s])) };
  return { input_shape: shapes.length === 1 && node.kwargs.__multi !== true ? shapes[0] : shapes };
}

/** The Keras 3 entry of one layer (models included: their getConfig gives the inner config). */
export function serializeLayer(layer: Layer): SerializedLayer {
  const { module, registered } = moduleOf(layer);
  const out: SerializedLayer = { module, class_name: layer.className, config: layer.getConfig(), registered_name: registered };
  const b = buildConfig(layer);
  if (b) out.build_config = b;
  return out;
}
