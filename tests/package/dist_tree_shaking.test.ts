// Tree-shaking of the published package, as an app gets it: the `npm pack` tarball unpacked into
// a scratch project (tests/bundlers/project.ts), bundled by esbuild through node_modules, so the
// package's "exports", "sideEffects" and file layout all count. Two defects of the built package
// are pinned here:
// - an app importing { ready, tensor, sum } got ~310 KB of minified JS from the bundled ESM build
//   (its chunks wrapped the modules in lazy-init closures no bundler can drop) instead of ~31 KB;
// - with "sideEffects": false the layer registrations, run at import by the layers index, were
//   dropped from apps that never import a layer, so `loadModel` alone failed on every file
//   ("Unknown layer class 'Dense'"). Every config reader now registers the built-ins itself.
// Needs dist/ (`npm run build`).
import { build, type Metafile } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, repo, type Project } from '../bundlers/project.js';
import { Sequential } from '../../ts/models/sequential.js';
import { input } from '../../ts/layers/input_layer.js';
import * as layers from '../../ts/layers/index.js';
import { saveModel } from '../../ts/saving/api.js';
import { ready } from '../../bindings/index.js';

/** Minified JS an app importing only { ready, tensor, sum } may cost (today ~31 KB; the bundled build gave ~310 KB). */
const MINIMAL_BOUND = 64 * 1024;
const FAMILIES = ['layers', 'optimizers', 'losses', 'metrics', 'callbacks', 'models', 'training', 'saving'];

let project: Project;
beforeAll(() => {
  project = makeProject();
}, 120_000);
afterAll(() => rmSync(project.work, { recursive: true, force: true }));

async function bundle(name: string, code: string, platform: 'browser' | 'node'): Promise<{ bytes: number; metafile: Metafile; file: string }> {
  writeFileSync(join(project.dir, 'src', `${name}.js`), code);
  const file = join(project.dir, 'out', `${name}.mjs`);
  const r = await build({
    entryPoints: [join(project.dir, 'src', `${name}.js`)], bundle: true, minify: true, format: 'esm', platform,
    outfile: file, metafile: true, logLevel: 'silent', external: ['node:*'], absWorkingDir: project.dir,
  });
  const out = Object.values(r.metafile.outputs).find((o) => o.entryPoint)!;
  return { bytes: out.bytes, metafile: r.metafile, file };
}

/** Families of dist/ts/ that contribute code to the bundle (modules above esbuild's namespace-stub size). */
function families(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const out of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(out.inputs)) {
      const m = /node_modules\/kerasm\/dist\/ts\/([a-z_]+)\//.exec(path.replace(/\\/g, '/'));
      if (m && FAMILIES.includes(m[1]!) && bytesInOutput > 120) found.add(m[1]!);
    }
  }
  return [...found].sort();
}

describe('the packed package tree-shakes', () => {
  it(`{ ready, tensor, sum } bundles (esbuild, minified) to less than ${MINIMAL_BOUND / 1024} KB, with no layer, model, training or saving code`, async () => {
    const { bytes, metafile } = await bundle('minimal', `import { ready, tensor, sum } from 'kerasm';\nawait ready();\nconsole.log(sum(tensor([1, 2])).dataSync());\n`, 'browser');
    console.log(`minimal app from the tarball: ${(bytes / 1024).toFixed(1)} KB minified`);
    expect(families(metafile)).toEqual([]);
    expect(bytes).toBeLessThan(MINIMAL_BOUND);
  }, 120_000);

  it('the bound can fail: import * as kerasm pulls in every family and is far above it', async () => {
    const { bytes, metafile } = await bundle('full', `import * as k from 'kerasm';\nconsole.log(Object.keys(k).length, k);\n`, 'browser');
    console.log(`import * from the tarball: ${(bytes / 1024).toFixed(1)} KB minified`);
    expect(families(metafile)).toEqual(FAMILIES.slice().sort());
    expect(bytes).toBeGreaterThan(4 * MINIMAL_BOUND);
  }, 120_000);
});

describe('config readers in a tree-shaken app register the built-in layers themselves', () => {
  let files: string[] = [];
  beforeAll(async () => {
    // The .keras and legacy .h5 fixtures Keras 3 wrote (every registered layer is in one), and
    // a tfjs model.json written here.
    const fixtures = join(repo, 'tests/saving/keras/fixtures');
    files = readdirSync(fixtures).filter((f) => /^[a-z0-9_]+\.(keras|h5)$/.test(f)).sort().map((f) => join(fixtures, f));
    await ready();
    const m = new Sequential([input({ shape: [4] }), layers.dense({ units: 3, activation: 'relu' }), layers.dropout({ rate: 0.1 }), layers.dense({ units: 2 })]);
    mkdirSync(join(project.work, 'tfjs'));
    await saveModel(m, join(project.work, 'tfjs/model.json'));
    m.dispose();
    files.push(join(project.work, 'tfjs/model.json'));
    // esbuild leaves the loader's new URL('../wasm/…', import.meta.url) as is: out/ sits beside wasm/.
    cpSync(join(project.dir, 'node_modules/kerasm/dist/wasm'), join(project.dir, 'wasm'), { recursive: true });
  }, 120_000);

  function run(file: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
    const env: NodeJS.ProcessEnv = { ...process.env, KERASM_THREADS: '1' };
    delete env.NODE_OPTIONS;
    const r = spawnSync(process.execPath, [file, ...args], { cwd: project.dir, env, encoding: 'utf8', timeout: 300_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('an app importing only { loadModel } loads every fixture (.keras, .h5, tfjs model.json)', async () => {
    const { bytes, metafile, file } = await bundle('load', `import { loadModel } from 'kerasm';
for (const f of process.argv.slice(2)) {
  const m = await loadModel(f);
  console.log(JSON.stringify({ file: f.split('/').pop(), layers: m.layers.length, params: m.countParams() }));
  m.dispose();
}
process.exit(0);
`, 'node');
    expect(families(metafile)).toContain('layers');
    expect(bytes).toBeGreaterThan(MINIMAL_BOUND);
    expect(files.length).toBeGreaterThan(20);
    const r = run(file, files);
    expect(r.stderr).not.toMatch(/Unknown layer class|Error/);
    expect(r.status).toBe(0);
    const loaded = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; layers: number; params: number });
    expect(loaded.map((l) => l.file)).toEqual(files.map((f) => f.split('/').pop()));
    for (const l of loaded) expect(l.layers, l.file).toBeGreaterThan(0);
  }, 600_000);

  it('modelFromJSON, deserializeKerasObject, layers.deserializeLayer, Model.fromConfig and a Bidirectional copy work from a minimal bundle', async () => {
    const { file } = await bundle('configs', `import { ready, modelFromJSON, deserializeKerasObject, layers, Model, tensor } from 'kerasm';
await ready();
const json = JSON.stringify({ class_name: 'Sequential', config: { name: 's', layers: [
  { class_name: 'InputLayer', config: { batch_shape: [null, 3, 2], name: 'in' } },
  { class_name: 'LSTM', config: { units: 2, name: 'lstm' } }, { class_name: 'Dense', config: { units: 1, name: 'd' } }] } });
const out = [];
out.push(modelFromJSON(json).layers.map((l) => l.className).join(','));
out.push(Model.fromConfig(JSON.parse(json)).layers.map((l) => l.className).join(','));
out.push(deserializeKerasObject({ module: 'keras.layers', class_name: 'Conv2D', config: { filters: 2, kernel_size: 3, name: 'c' }, registered_name: null }).className);
out.push(layers.deserializeLayer({ class_name: 'GRU', config: { units: 2 } }).className);
const bi = layers.bidirectional({ layer: layers.lstm({ units: 2 }) });
out.push(bi.backwardLayer.className, String(bi.apply(tensor([[[1, 2], [3, 4]]])).shape));
console.log(out.join(' '));
process.exit(0);
`, 'node');
    const r = run(file, []);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('LSTM,Dense LSTM,Dense Conv2D GRU LSTM 1,4');
  }, 300_000);
});
