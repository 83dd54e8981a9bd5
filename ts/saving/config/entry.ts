// One layer's entry in a model config, models included: Sequential and Functional models
// nested as layers are written with their own architecture, as Keras 3 writes them.

import { ValueError } from '../../errors.js';
import type { Layer } from '../../layers/layer.js';
import { serializeLayer, type SerializedLayer } from '../../layers/serialization.js';
import { Model } from '../../models/model.js';
import { functionalConfig } from './functional.js';
import { registeredNameOf } from './registry.js';

/** The class name Keras gives a layer in configs ('Functional' for functional models). */
export function kerasClassName(layer: Layer): string {
  if (layer instanceof Model && layer.isFunctional && layer.className === 'Model') return 'Functional';
  return layer.className;
}

export function isFunctionalModel(layer: Layer): boolean {
  return layer instanceof Model && layer.isFunctional && layer.className !== 'Sequential';
}

/** Keras 3 `serialize_keras_object(layer)`. */
export function serializeEntry(layer: Layer): SerializedLayer {
  if (!(layer instanceof Model)) return serializeLayer(layer);
  if (layer.className === 'Sequential') return { ...serializeLayer(layer), compile_config: {} };
  const registered = registeredNameOf(layer.constructor);
  if (!layer.isFunctional) {
    if (registered) return { ...serializeLayer(layer), compile_config: {} };
    throw new ValueError(`Model '${layer.name}' (class ${layer.className}) is a subclassed model: its architecture is code, not a config. ` +
      `Save its weights (saveWeights), or give the class getConfig() and a static fromConfig() and register it with registerKerasSerializable.`);
  }
  const custom = layer.className !== 'Model';
  return {
    module: custom ? null : 'keras.src.models.functional',
    class_name: kerasClassName(layer),
    config: functionalConfig(layer),
    registered_name: custom ? registered ?? layer.className : 'Functional',
    build_config: { input_shape: null },
    compile_config: {},
  };
}
