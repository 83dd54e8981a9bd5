// What an app pays in JavaScript for kerasm: esbuild bundles small apps against dist/ (ESM,
// minified, code splitting as Vite/Rollup do) and reports the bytes loaded at start-up and the
// bytes loaded lazily (saving formats, loaded on first save/load), plus the one-off cost of
// that lazy load. Rollup (+ node-resolve, then esbuild's minifier on its output) gives the
// minimal and full sizes a second time. The .wasm core (~375 KB) comes on top and is the same
// for every app. `node bench/bundle.bench.mjs` (needs dist/: npm run build:ts).
import { build, transform } from 'esbuild';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const apps = {
  'tensors only ({ ready, tensor, sum })': `import { ready, tensor, sum } from ${JSON.stringify(dist)}; await ready(); console.log(sum(tensor([1, 2])).dataSync());`,
  'train an MLP (Sequential, layers, fit)': `import { Sequential, input, layers, tensor } from ${JSON.stringify(dist)};
const m = new Sequential([input({ shape: [2] }), layers.dense({ units: 2 })]); m.compile({ optimizer: 'adam', loss: 'mse' });
await m.fit(tensor([[1, 2]]), tensor([[1, 0]]), { verbose: 0 });`,
  'train + save .keras': `import { Sequential, input, layers, tensor } from ${JSON.stringify(dist)};
const m = new Sequential([input({ shape: [2] }), layers.dense({ units: 2 })]); m.compile({ optimizer: 'adam', loss: 'mse' });
await m.fit(tensor([[1, 2]]), tensor([[1, 0]]), { verbose: 0 }); await m.save('m.keras');`,
  'everything (import * as kerasm)': `import * as k from ${JSON.stringify(dist)}; console.log(Object.keys(k).length);`,
};

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rows = [];
// Class names kept in the bundle (keepNames) tell which families an app pulls in.
const MARKERS = { layers: '"Conv2D"', optimizers: '"Adam"', losses: '"CategoricalCrossentropy"', metrics: '"AUC"', callbacks: '"EarlyStopping"' };
const sizes = {};
for (const [name, code] of Object.entries(apps)) {
  const dir = mkdtempSync(join(tmpdir(), 'kerasm-bundle-'));
  writeFileSync(join(dir, 'app.mjs'), code);
  const r = await build({
    entryPoints: [join(dir, 'app.mjs')], bundle: true, minify: true, splitting: true, format: 'esm', platform: 'browser',
    outdir: join(dir, 'out'), metafile: true, write: true, logLevel: 'silent', external: ['node:*'],
  });
  // Start-up = the entry plus its static imports; lazy = chunks reached only by import().
  const outs = r.metafile.outputs;
  const entry = Object.keys(outs).find((f) => outs[f].entryPoint);
  const eager = new Set();
  const visit = (f) => {
    if (eager.has(f)) return;
    eager.add(f);
    for (const i of outs[f].imports) if (i.kind === 'import-statement' && outs[i.path]) visit(i.path);
  };
  visit(entry);
  let eagerMin = 0, eagerGz = 0, lazyMin = 0, lazyGz = 0, eagerText = '';
  for (const f of Object.keys(outs).filter((f) => f.endsWith('.js'))) {
    const b = readFileSync(f);
    if (eager.has(f)) { eagerMin += b.length; eagerGz += gzipSync(b).length; eagerText += b.toString(); } else { lazyMin += b.length; lazyGz += gzipSync(b).length; }
  }
  sizes[name] = { min: eagerMin, families: Object.keys(MARKERS).filter((k) => eagerText.includes(MARKERS[k])) };
  // esbuild's code splitting makes every import() target an entry point and keeps what those
  // share with the app in start-up chunks; one file without splitting shows what the app uses.
  const one = await build({
    entryPoints: [join(dir, 'app.mjs')], bundle: true, minify: true, format: 'esm', platform: 'browser',
    outdir: join(dir, 'one'), write: false, logLevel: 'silent', external: ['node:*'],
  });
  const oneMin = one.outputFiles.filter((f) => f.path.endsWith('.js')).reduce((n, f) => n + f.contents.length, 0);
  rows.push({ app: name, 'start-up (min)': kb(eagerMin), 'start-up (gzip)': kb(eagerGz), 'lazy (min)': kb(lazyMin), 'lazy (gzip)': kb(lazyGz), 'no splitting (min)': kb(oneMin) });
  rmSync(dir, { recursive: true, force: true });
}
console.table(rows);
const minimal = sizes['tensors only ({ ready, tensor, sum })'], full = sizes['everything (import * as kerasm)'];
console.log(`esbuild with splitting — minimal ({ ready, tensor, sum }): ${kb(minimal.min)} at start-up, full (import *): ${kb(full.min)} (minified JS, without the .wasm)`);
console.log(`families in the minimal bundle: ${minimal.families.join(', ') || 'none'} (tree-shaking goal: none)`);

// The same two apps through Rollup, as Vite builds for production (all chunks, minified by esbuild).
const rollupRows = [];
for (const name of ['tensors only ({ ready, tensor, sum })', 'everything (import * as kerasm)']) {
  const dir = mkdtempSync(join(tmpdir(), 'kerasm-rollup-'));
  writeFileSync(join(dir, 'app.mjs'), apps[name]);
  const b = await rollup({ input: join(dir, 'app.mjs'), plugins: [nodeResolve({ browser: true })], external: [/^node:/], onwarn() {} });
  const { output } = await b.generate({ format: 'es' });
  await b.close();
  let min = 0, gz = 0;
  for (const o of output) {
    if (o.type !== 'chunk') continue;
    const code = (await transform(o.code, { minify: true, format: 'esm' })).code;
    min += Buffer.byteLength(code);
    gz += gzipSync(code).length;
  }
  rollupRows.push({ app: name, 'Rollup, all chunks (min)': kb(min), 'Rollup, all chunks (gzip)': kb(gz) });
  rmSync(dir, { recursive: true, force: true });
}
console.table(rollupRows);

// The lazy saving code's one-off cost in Node: first save (loads the formats) vs a second one.
const k = await import(dist);
const m = new k.Sequential([k.input({ shape: [8] }), k.layers.dense({ units: 8 })]);
const dir = mkdtempSync(join(tmpdir(), 'kerasm-save-'));
const t = [];
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  await m.save(join(dir, `m${i}.keras`));
  t.push(performance.now() - t0);
}
console.log(`first save (loads zip/HDF5/format code): ${t[0].toFixed(1)} ms; later saves: ${t.slice(1).map((x) => x.toFixed(1)).join(', ')} ms`);
rmSync(dir, { recursive: true, force: true });
