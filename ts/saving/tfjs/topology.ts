// Keras 3 model configs → tfjs-layers `modelTopology`, in the form tfjs-layers 4.22's
// `model.toJSON()` writes: Keras-2 style (`inbound_nodes: [[[layer, node, tensor, {}]]]`,
// `batch_input_shape` on the first layer of a Sequential, `Model` for functional models),
// nested objects as `{class_name, config}` without Keras 3's `module`/`registered_name`,
// dtypes as strings, and regularizers as tfjs's `L1L2`.

import { ValueError, fmt } from '../../errors.js';

type Cfg = Record<string, unknown>;

export const TFJS_LAYERS_VERSION = '4.22.0';

// Layer classes tfjs-layers 4.22 can deserialize (its serialization registry).
const TFJS_LAYERS = new Set([
  'InputLayer', 'Sequential', 'Model', 'Functional', 'Dense', 'Dropout', 'SpatialDropout1D', 'Flatten', 'Activation', 'RepeatVector', 'Reshape',
  'Permute', 'Masking', 'Embedding', 'Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate', 'Dot', 'ReLU', 'LeakyReLU',
  'PReLU', 'ELU', 'ThresholdedReLU', 'Softmax', 'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'Conv3DTranspose', 'SeparableConv2D',
  'DepthwiseConv2D', 'Cropping2D', 'UpSampling2D', 'ZeroPadding2D', 'MaxPooling1D', 'AveragePooling1D', 'MaxPooling2D',
  'AveragePooling2D', 'MaxPooling3D', 'AveragePooling3D', 'GlobalAveragePooling1D', 'GlobalMaxPooling1D', 'GlobalAveragePooling2D',
  'GlobalMaxPooling2D', 'BatchNormalization', 'LayerNormalization', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout',
  'SimpleRNN', 'GRU', 'LSTM', 'ConvLSTM2D', 'TimeDistributed', 'Bidirectional',
]);

// Keras 3 config keys tfjs-layers does not write (and mostly does not know).
const DROP = new Set(['module', 'registered_name', 'build_config', 'compile_config', 'shared_object_id', 'quantization_config',
  'lora_rank', 'lora_alpha', 'optional', 'ragged', 'synchronized', 'input_axes', 'output_axes']);

const ACTIVATIONS: Record<string, string> = { silu: 'swish' };

// tfjs-layers writes these initializers in their VarianceScaling form (its `normal` is truncated).
const VARIANCE_SCALING: Record<string, [number, string, string]> = {
  GlorotUniform: [1, 'fan_avg', 'uniform'], GlorotNormal: [1, 'fan_avg', 'normal'], HeUniform: [2, 'fan_in', 'uniform'],
  HeNormal: [2, 'fan_in', 'normal'], LecunUniform: [1, 'fan_in', 'uniform'], LecunNormal: [1, 'fan_in', 'normal'],
};

// Layers whose tfjs config lists `activity_regularizer`.
const WITH_ACTIVITY_REGULARIZER = new Set(['Dense', 'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'Conv3DTranspose', 'SeparableConv2D', 'DepthwiseConv2D']);

function isObj(v: unknown): v is Cfg {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A nested Keras object (`{module, class_name, config}`) in tfjs's form. */
function convertNested(v: Cfg, key: string): unknown {
  const cls = v.class_name as string;
  const cfg = isObj(v.config) ? v.config : {};
  if (cls === 'DTypePolicy' || cls === 'FloatDTypePolicy') return (cfg.name as string) ?? 'float32';
  if (key.endsWith('regularizer') && (cls === 'L1' || cls === 'L2' || cls === 'L1L2')) {
    return { class_name: 'L1L2', config: { l1: (cfg.l1 as number) ?? 0, l2: (cfg.l2 as number) ?? 0 } };
  }
  const vs = key.endsWith('initializer') ? VARIANCE_SCALING[cls] : undefined;
  if (vs) return { class_name: 'VarianceScaling', config: { scale: vs[0], mode: vs[1], distribution: vs[2], seed: cfg.seed ?? null } };
  if (cls === 'VarianceScaling' && cfg.distribution === 'truncated_normal') {
    return { class_name: cls, config: { ...convertPlain(cfg), distribution: 'normal' } };
  }
  return { class_name: cls, config: convertPlain(cfg) };
}

function convertPlain(c: Cfg): Cfg {
  const out: Cfg = {};
  for (const [k, v] of Object.entries(c)) {
    if (DROP.has(k)) continue;
    out[k] = isObj(v) && typeof v.class_name === 'string' ? convertNested(v, k) : v;
  }
  return out;
}

function layerConfig(cls: string, c: Cfg): Cfg {
  if (cls === 'Sequential' || cls === 'Functional' || cls === 'Model') return modelConfig(cls, c).config as Cfg;
  const out = convertPlain(c);
  if (cls === 'InputLayer') {
    const shape = out.batch_shape ?? out.batch_input_shape ?? (Array.isArray(out.shape) ? [null, ...(out.shape as unknown[])] : undefined);
    return { batch_input_shape: shape, dtype: out.dtype ?? 'float32', sparse: out.sparse === true, name: out.name };
  }
  if (typeof out.activation === 'string') out.activation = ACTIVATIONS[out.activation] ?? out.activation;
  if (out.groups === 1) delete out.groups;
  if (out.renorm === false) for (const k of ['renorm', 'renorm_clipping', 'renorm_momentum']) delete out[k];
  if (WITH_ACTIVITY_REGULARIZER.has(cls) && !('activity_regularizer' in out)) out.activity_regularizer = null;
  // tfjs writes dtype only next to batch_input_shape.
  if (out.batch_input_shape === undefined) delete out.dtype;
  return out;
}

/**
 * Keras 3 `inbound_nodes` (`{args, kwargs}` with `__keras_tensor__` histories) → Keras 2 lists.
 * `offsets`: node-index shifts per layer. A nested model rebuilt by tfjs (Keras 2) already has
 * node 0 (its own input → output), so calls in the outer graph are nodes 1, 2, … there, while
 * Keras 3 numbers a nested model's calls from 0.
 */
function inboundNodes(nodes: unknown, layer: string, offsets: Map<string, number>): unknown[] {
  if (!Array.isArray(nodes)) return [];
  return nodes.map((node, n) => {
    if (Array.isArray(node)) return node; // already Keras 2 / tfjs form
    const args = (node as { args?: unknown[] }).args ?? [];
    // Scalar call options (e.g. training: false) travel with each input, as Keras 2 writes them.
    const kwargs = Object.fromEntries(Object.entries((node as { kwargs?: Cfg }).kwargs ?? {}).filter(([, v]) => v !== null && typeof v !== 'object'));
    const first = args[0];
    const tensors = Array.isArray(first) ? first : [first];
    return tensors.map((t) => {
      const h = (t as { config?: { keras_history?: unknown } })?.config?.keras_history;
      if (!Array.isArray(h) || h.length !== 3) {
        throw new ValueError(`tfjs format: node ${n} of layer '${layer}' is not a call on model tensors (tfjs can only express those). Received: ${fmt(JSON.stringify(t)?.slice(0, 120))}`);
      }
      return [h[0], (h[1] as number) + (offsets.get(h[0] as string) ?? 0), h[2], kwargs];
    });
  });
}

const triples = (v: unknown) => (Array.isArray(v) && typeof v[0] === 'string' ? [v] : v);

function modelConfig(cls: string, c: Cfg): { class_name: string; config: Cfg } {
  const layers = (c.layers as Cfg[] | undefined) ?? [];
  for (const l of layers) {
    const lc = l.class_name as string;
    if (!TFJS_LAYERS.has(lc)) {
      throw new ValueError(`tfjs format: tfjs-layers has no ${lc} layer, so '${(l.config as Cfg)?.name ?? lc}' cannot be written as model.json. Save as '.keras' instead.`);
    }
  }
  if (cls === 'Sequential') {
    const out: Cfg[] = [];
    let batchShape: unknown;
    let dtype: unknown;
    for (const l of layers) {
      if (l.class_name === 'InputLayer') {
        const ic = layerConfig('InputLayer', l.config as Cfg);
        batchShape = ic.batch_input_shape;
        dtype = ic.dtype;
        continue;
      }
      const cfg = layerConfig(l.class_name as string, l.config as Cfg);
      if (out.length === 0 && batchShape !== undefined && cfg.batch_input_shape === undefined) {
        cfg.batch_input_shape = batchShape;
        cfg.dtype = dtype;
      }
      out.push({ class_name: l.class_name, config: cfg });
    }
    return { class_name: 'Sequential', config: { name: c.name, layers: out } };
  }
  const offsets = new Map<string, number>();
  for (const l of layers) {
    const inner = (l.config as Cfg | undefined)?.layers as Cfg[] | undefined;
    const built = l.class_name === 'Sequential' ? inner?.[0]?.class_name === 'InputLayer' : l.class_name === 'Functional' || l.class_name === 'Model';
    if (built) offsets.set((l.name as string) ?? (l.config as Cfg).name as string, 1);
  }
  return {
    class_name: 'Model',
    config: {
      name: c.name,
      layers: layers.map((l) => {
        const cfg = layerConfig(l.class_name as string, l.config as Cfg);
        const name = (l.name as string) ?? cfg.name;
        return { name, class_name: l.class_name === 'Functional' ? 'Model' : l.class_name, config: cfg, inbound_nodes: inboundNodes(l.inbound_nodes, name as string, offsets) };
      }),
      input_layers: triples(c.input_layers),
      output_layers: triples(c.output_layers),
    },
  };
}

/** tfjs-layers `modelTopology` for a Keras 3 model config (`serializeModel(model)`). */
export function toTfjsTopology(keras: Cfg): Cfg {
  const cls = keras.class_name as string;
  if (cls !== 'Sequential' && cls !== 'Functional' && cls !== 'Model') {
    throw new ValueError(`tfjs format: only Sequential and functional models can be written as model.json (tfjs-layers cannot rebuild subclassed models). Received: class_name=${fmt(cls)}`);
  }
  const m = modelConfig(cls, (keras.config as Cfg) ?? {});
  return { class_name: m.class_name, config: m.config, keras_version: `tfjs-layers ${TFJS_LAYERS_VERSION}`, backend: 'tensor_flow.js' };
}
