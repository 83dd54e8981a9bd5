// Writes fixtures/h5wasm.h5 with h5wasm (the HDF5 C library compiled to WebAssembly; superblock v2+,
// new-style groups with dense link storage past 8 links), and its h5py reading as h5wasm.h5.json.
// h5wasm is not a kerasm dependency; to regenerate:
//   npm i --no-save h5wasm@0.10.3 && node tests/saving/hdf5/make_h5wasm_fixture.mjs
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import h5wasm from 'h5wasm/node';

const here = dirname(fileURLToPath(import.meta.url));
const path = join(here, 'fixtures', 'h5wasm.h5');
await h5wasm.ready;
const f = new h5wasm.File(path, 'w');
f.create_attribute('title', 'written by h5wasm');
f.create_group('layers');
for (const [layer, shapes] of [['dense', [[4, 3], [3]]], ['dense_1', [[3, 2], [2]]]]) {
  const vars = f.create_group(`layers/${layer}`).create_group('vars');
  vars.create_attribute('name', layer);
  shapes.forEach((shape, i) => {
    const n = shape.reduce((a, b) => a * b, 1);
    vars.create_dataset({ name: String(i), data: Float32Array.from({ length: n }, (_, k) => (k - n / 2) / 8), shape, dtype: '<f' });
  });
}
const many = f.create_group('many');
for (let i = 0; i < 20; i++) many.create_dataset({ name: `item_${String(i).padStart(2, '0')}`, data: new Int32Array([i * 3]), shape: [], dtype: '<i' });
f.create_dataset({ name: 'f64', data: new Float64Array([Math.PI, -Math.E, 1e-300]), shape: [3], dtype: '<d' });
f.create_dataset({ name: 'chunked', data: Float32Array.from({ length: 60 }, (_, k) => k / 4), shape: [6, 10], dtype: '<f', chunks: [4, 4], compression: 'gzip', compression_opts: 4 });
f.create_dataset({ name: 'strings', data: ['alpha', 'béta', ''], shape: [3] });
f.close();

const python = process.env.KERASM_PYTHON ?? join(homedir(), '.cache', 'kerasm', 'venv', 'bin', 'python');
writeFileSync(`${path}.json`, execFileSync(python, [join(here, 'h5dump_json.py'), path], { encoding: 'utf8' }));
console.log('wrote', path);
