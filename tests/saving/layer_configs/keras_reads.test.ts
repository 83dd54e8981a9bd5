// The other direction, with the real thing: Keras 3 rebuilds every layer, initializer,
// regularizer and constraint from kerasm's serialized configs and writes back exactly the
// same config (check_in_keras.py, the pinned venv). Skipped with a notice without Python.

import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as initializers from '../../../ts/initializers/index.js';
import * as regularizers from '../../../ts/regularizers/index.js';
import * as constraints from '../../../ts/constraints/index.js';
import { hasPython, pythonNotice, runPython } from '../../helpers/python.js';
import { json, layerClass, optionsFromKwargs, ref } from './helpers.js';

pythonNotice('Keras reading kerasm layer configs');

const TF_LAYERS = new Set(['TextVectorization', 'StringLookup', 'IntegerLookup', 'Hashing']);
const TEXT_PYTHON = process.env.KERASM_TEXT_PYTHON ?? join(homedir(), '.cache', 'kerasm', 'venv-text', 'bin', 'python');

describe('Keras 3 reads kerasm configs back unchanged', () => {
  it.skipIf(!hasPython)('every layer case and every initializer/regularizer/constraint', () => {
    const layers = ref.layers.map((c) => {
      const layer = new (layerClass(c.class_name))({ ...optionsFromKwargs(c.kwargs), name: c.config.name } as never);
      return { module: 'keras.layers', class_name: layer.className, config: json(layer.getConfig()) as Record<string, unknown>, registered_name: null };
    });
    const objects = [
      ...ref.initializers.map((c) => initializers.serialize(c.class_name === 'Constant' && 'value' in c.kwargs
        ? new initializers.Constant(c.kwargs.value as number)
        : initializers.deserialize({ class_name: c.class_name, config: c.kwargs }))),
      ...ref.regularizers.map((c) => regularizers.serialize(regularizers.deserialize({ class_name: c.class_name, config: c.kwargs }))),
      ...ref.constraints.map((c) => constraints.serialize(constraints.deserialize({ class_name: c.class_name, config: c.kwargs }))),
      initializers.serialize(new initializers.Identity({ gain: 2 })),
    ];
    const dir = mkdtempSync(join(tmpdir(), 'kerasm-cfg-'));
    try {
      const script = fileURLToPath(new URL('./check_in_keras.py', import.meta.url));
      const file = join(dir, 'in.json');
      // Keras's string layers need TensorFlow: they go to the text venv (checked when it exists).
      const tf = layers.map((l, i) => [l, i] as const).filter(([l]) => TF_LAYERS.has(l.class_name));
      writeFileSync(file, JSON.stringify({ layers: layers.filter((l) => !TF_LAYERS.has(l.class_name)), objects }));
      const out = JSON.parse(runPython(script, [file])) as {
        layers: { config?: unknown; class_name?: string; error?: string }[];
        objects: { serialized?: unknown; error?: string }[];
      };
      const results: ({ config?: unknown; class_name?: string; error?: string } | undefined)[] = [];
      let k = 0;
      layers.forEach((l, i) => { if (!TF_LAYERS.has(l.class_name)) results[i] = out.layers[k++]; });
      if (existsSync(TEXT_PYTHON) && tf.length > 0) {
        const tfFile = join(dir, 'tf.json');
        writeFileSync(tfFile, JSON.stringify({ layers: tf.map(([l]) => l), objects: [] }));
        const tfOut = JSON.parse(execFileSync(TEXT_PYTHON, [script, tfFile], {
          encoding: 'utf8', env: { ...process.env, KERAS_BACKEND: 'jax', TF_CPP_MIN_LOG_LEVEL: '3' }, stdio: ['ignore', 'pipe', 'pipe'],
        })) as typeof out;
        tf.forEach(([, i], j) => { results[i] = tfOut.layers[j]; });
      }
      layers.forEach((l, i) => {
        const r = results[i];
        if (r === undefined && TF_LAYERS.has(l.class_name)) return;
        expect(r!.error, `${ref.layers[i]!.case}`).toBeUndefined();
        expect(r!.class_name).toBe(l.class_name);
        expect(r!.config, ref.layers[i]!.case).toEqual(l.config);
      });
      objects.forEach((o, i) => {
        const r = out.objects[i]!;
        expect(r.error, o.class_name).toBeUndefined();
        // Keras's Identity drops the gain when it writes (it has no get_config): the one known difference.
        const want = o.class_name === 'Identity' ? { ...o, config: {} } : o;
        expect(r.serialized, `${o.class_name} ${JSON.stringify(o.config)}`).toEqual(json(want));
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
