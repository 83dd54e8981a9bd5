// Tree-shaking of the sources: an app importing only `{ ready, tensor, sum }` must not pull in
// layers, optimizers, losses, metrics, callbacks, models, training or saving. esbuild bundles
// it (ESM, minified, as an app would) and its metafile says which modules contributed bytes.
// What breaks this: import-time side effects (registration loops, tables built by calls,
// `X.fromConfig` property reads in a table); mark such tables `/* @__PURE__ */` or build them
// on first use. (bench/bundle.bench.mjs reports the sizes of the built dist/ bundles.)
import { build, type Metafile } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const entry = JSON.stringify(join(repo, 'ts/index.ts'));
const dir = mkdtempSync(join(tmpdir(), 'kerasm-shake-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FAMILIES = ['layers', 'optimizers', 'losses', 'metrics', 'callbacks', 'models', 'training', 'saving', 'initializers', 'regularizers', 'constraints'];

/**
 * Bytes each family of ts/ contributes to the bundle of `code`, counting only modules that
 * contribute code: esbuild's lazy-init stub of a namespace module (`init_losses()`, < 100 bytes)
 * is not code of that family.
 */
async function familyBytes(name: string, code: string): Promise<Record<string, number>> {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, code);
  const r = await build({
    entryPoints: [file], bundle: true, minify: true, format: 'esm', platform: 'browser', write: false,
    metafile: true, logLevel: 'silent', external: ['node:*'], outdir: join(dir, 'out'),
  });
  const out = Object.values((r.metafile as Metafile).outputs)[0]!;
  const bytes: Record<string, number> = {};
  for (const [path, { bytesInOutput }] of Object.entries(out.inputs)) {
    const m = /(?:^|\/)ts\/([a-z_]+)\//.exec(path.replace(/\\/g, '/'));
    if (m && FAMILIES.includes(m[1]!) && bytesInOutput > 120) bytes[m[1]!] = (bytes[m[1]!] ?? 0) + bytesInOutput;
  }
  return bytes;
}

describe('tree-shaking (sources, esbuild metafile)', () => {
  it('{ ready, tensor, sum } pulls in no layer, optimizer, loss, metric, callback, model or saving code', async () => {
    const bytes = await familyBytes('minimal', `import { ready, tensor, sum } from ${entry};\nawait ready();\nconsole.log(sum(tensor([1, 2])).dataSync());\n`);
    expect(bytes).toEqual({});
  }, 120_000);

  it('the check can fail: an app that trains pulls in layers, optimizers, losses and models', async () => {
    const bytes = await familyBytes('train', `import { Sequential, input, layers, tensor } from ${entry};
const m = new Sequential([input({ shape: [2] }), layers.dense({ units: 2 })]);
m.compile({ optimizer: 'adam', loss: 'mse' });
await m.fit(tensor([[1, 2]]), tensor([[1, 0]]), { verbose: 0 });\n`);
    for (const f of ['layers', 'optimizers', 'losses', 'models', 'training']) expect(bytes[f] ?? 0, f).toBeGreaterThan(1000);
  }, 120_000);
});
