// Keras 3 model configs (written by real Keras 3, generate_keras_configs.py) converted to
// tfjs topologies must be rebuilt by tfjs-layers itself into the same architecture.

import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { toTfjsTopology } from '../../../ts/saving/tfjs/topology.js';

const fixtures = JSON.parse(readFileSync(new URL('./keras_configs.json', import.meta.url), 'utf8')) as { models: Record<string, Record<string, unknown>> };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Keras 3 config → tfjs modelTopology', () => {
  it('MLP: Sequential with batch_input_shape on the first layer, L1L2 regularizer, string dtypes', async () => {
    const topo = toTfjsTopology(fixtures.models.mlp!) as { class_name: string; config: { layers: { class_name: string; config: Record<string, unknown> }[] }; keras_version: string; backend: string };
    expect(topo.class_name).toBe('Sequential');
    expect(topo.keras_version).toBe('tfjs-layers 4.22.0');
    expect(topo.backend).toBe('tensor_flow.js');
    expect(topo.config.layers.map((l) => l.class_name)).toEqual(['Dense', 'Dense']);
    const d = topo.config.layers[0]!.config;
    expect(d.batch_input_shape).toEqual([null, 4]);
    expect(d.dtype).toBe('float32');
    expect(d.kernel_regularizer).toEqual({ class_name: 'L1L2', config: { l1: 0, l2: 0.01 } });
    expect(JSON.stringify(topo)).not.toMatch(/registered_name|"module"|build_config|DTypePolicy/);
    const m = await tfl.models.modelFromJSON({ modelTopology: topo } as never);
    expect(m.countParams()).toBe(4 * 8 + 8 + 8 * 3 + 3);
    expect(m.layers.map((l) => l.name)).toEqual(['dense', 'dense_1']);
    expect(m.outputs[0]!.shape).toEqual([null, 3]);
  });

  it('CNN with BatchNormalization, MaxPooling and Dropout', async () => {
    const m = await tfl.models.modelFromJSON({ modelTopology: toTfjsTopology(fixtures.models.cnn!) } as never);
    expect(m.layers.map((l) => l.getClassName())).toEqual(['Conv2D', 'BatchNormalization', 'MaxPooling2D', 'Dropout', 'Flatten', 'Dense']);
    expect(m.countParams()).toBe(40 + 16 + 36 * 10 + 10);
    expect(m.inputs[0]!.shape).toEqual([null, 8, 8, 1]);
  });

  it('two inputs, two outputs and a shared layer: Keras-2 inbound_nodes that tfjs connects', async () => {
    const topo = toTfjsTopology(fixtures.models.two_in_two_out!) as { class_name: string; config: { layers: { name: string; inbound_nodes: unknown }[]; input_layers: unknown } };
    expect(topo.class_name).toBe('Model');
    expect(topo.config.layers.find((l) => l.name === 'shared')!.inbound_nodes).toEqual([[['a', 0, 0, {}]], [['b', 0, 0, {}]]]);
    expect(topo.config.layers.find((l) => l.name === 'cat')!.inbound_nodes).toEqual([[['shared', 0, 0, {}], ['shared', 1, 0, {}]]]);
    expect(topo.config.input_layers).toEqual([['a', 0, 0], ['b', 0, 0]]);
    const m = await tfl.models.modelFromJSON({ modelTopology: topo } as never);
    expect(m.inputs.map((t) => t.shape)).toEqual([[null, 5], [null, 5]]);
    expect(m.outputs.map((t) => t.shape)).toEqual([[null, 1], [null, 2]]);
    expect(m.countParams()).toBe(36 + 13 + 14);
    const shared = m.getLayer('shared');
    expect(shared.inboundNodes.length).toBe(2);
  });

  it.each(['mlp', 'cnn', 'two_in_two_out'])('%s: exactly what tfjs-layers writes for the model it rebuilds', async (name) => {
    const mine = toTfjsTopology(fixtures.models[name]!);
    const m = await tfl.models.modelFromJSON({ modelTopology: mine } as never);
    expect(mine).toEqual(m.toJSON(null, false));
  });

  it('keeps scalar call options of a node (training: false) and drops null ones (mask: null)', () => {
    const cfg = structuredClone(fixtures.models.two_in_two_out!) as { config: { layers: { name: string; inbound_nodes: { kwargs: Record<string, unknown> }[] }[] } };
    cfg.config.layers.find((l) => l.name === 'o1')!.inbound_nodes[0]!.kwargs = { training: false, mask: null };
    const topo = toTfjsTopology(cfg as never) as { config: { layers: { name: string; inbound_nodes: unknown }[] } };
    expect(topo.config.layers.find((l) => l.name === 'o1')!.inbound_nodes).toEqual([[['cat', 0, 0, { training: false }]]]);
  });

  it('refuses layers tfjs-layers does not have, and subclassed models, naming them', () => {
    const bad = structuredClone(fixtures.models.mlp!) as { config: { layers: { class_name: string }[] } };
    bad.config.layers[1]!.class_name = 'Subtract';
    expect(() => toTfjsTopology(bad as never)).toThrow(/tfjs-layers has no Subtract layer.*'\.keras'/);
    expect(() => toTfjsTopology({ class_name: 'MyModel', config: {} })).toThrow(/only Sequential and functional models/);
  });
});
