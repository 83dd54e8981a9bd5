// The published types as a TypeScript user gets them: a scratch project whose
// node_modules/kerasm points at this package, importing 'kerasm' through package.json
// `exports` (dist/index.d.ts for import, dist/index.d.cts for require), compiled with
// `strict: true` and `skipLibCheck: false` under moduleResolution node16 and bundler.
// `// @ts-expect-error` lines prove typos fail to compile (tsc reports an unused one as an
// error), `Expect<Equal<…>>` lines pin the overloads of evaluate/predict. Needs dist/
// (`npx tsup`, or `bash scripts/setup.sh`).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
const tscBin = require.resolve('typescript/bin/tsc');
let project: string;

const strict = { strict: true, skipLibCheck: false, noEmit: true, target: 'es2022', types: [] as string[], lib: ['es2022', 'dom'] };

// The user's program: every line either must compile or (ts-expect-error) must not.
const app = `
import {
  ready, tensor, input, layers, optimizers, losses, metrics, initializers, callbacks, Model, Sequential,
  type Tensor, type CompileArgs, type FitArgs, type EvaluateArgs, type PredictArgs, type ModelArgs, type PredictOutput,
} from 'kerasm';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
function expectType<T extends true>(): void {}

// Options types are exported (root and namespaces).
const denseArgs: layers.DenseArgs = { units: 2, activation: 'relu' };
const adamOptions: optimizers.AdamOptions = { learningRate: 0.01 };
const stopArgs: callbacks.EarlyStoppingArgs = { patience: 2 };
const lossOptions: losses.LossOptions = { reduction: 'sum' };
const aucOptions: metrics.AUCOptions = { numThresholds: 50 };
const evalArgs: EvaluateArgs = { batchSize: 4 };
const predictArgs: PredictArgs = { batchSize: 4 };
const modelArgs: ModelArgs = { name: 'm' };
void [denseArgs, adamOptions, stopArgs, lossOptions, aucOptions, evalArgs, predictArgs, modelArgs];

export async function main(): Promise<void> {
  await ready();
  const m = new Sequential([input({ shape: [2] }), layers.dense(denseArgs), layers.dense({ units: 2, activation: 'softmax' })]);

  // Valid names in both spellings, instances and functions.
  const c: CompileArgs = { optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy'] };
  m.compile(c);
  m.compile({ optimizer: 'RMSprop', loss: 'categoricalCrossentropy', metrics: ['categoricalAccuracy', 'AUC', 'mae', new metrics.AUC(aucOptions)] });
  m.compile({ optimizer: new optimizers.Adam(adamOptions), loss: losses.categoricalCrossentropy, metrics: [(t: Tensor, p: Tensor) => p] });
  m.compile({ optimizer: { class_name: 'SGD', config: {} }, loss: new losses.MeanSquaredError(), metrics: { out: ['mse'] } });
  layers.dense({ units: 1, activation: 'leakyRelu', kernelInitializer: 'heNormal', biasInitializer: 'zeros' });
  layers.dense({ units: 1, activation: 'leaky_relu', kernelInitializer: 'he_normal', biasInitializer: 'Zeros' });
  layers.dense({ units: 1, activation: (x: Tensor) => x, kernelInitializer: new initializers.GlorotUniform() });

  // Typos do not compile.
  // @ts-expect-error misspelled loss
  m.compile({ optimizer: 'adam', loss: 'categorical_crossentropi' });
  // @ts-expect-error misspelled optimizer
  m.compile({ optimizer: 'adamm', loss: 'mse' });
  // @ts-expect-error misspelled metric
  m.compile({ optimizer: 'adam', loss: 'mse', metrics: ['acuracy'] });
  // @ts-expect-error misspelled activation
  layers.dense({ units: 1, activation: 'rellu' });
  // @ts-expect-error misspelled initializer
  layers.dense({ units: 1, kernelInitializer: 'he_normall' });
  // @ts-expect-error snake_case option key
  layers.dense({ units: 1, kernel_initializer: 'zeros' });

  const x = tensor([[1, 2]]), y = tensor([[0, 1]]);
  const fitArgs: FitArgs = { epochs: 1, verbose: 0, callbacks: [new callbacks.EarlyStopping(stopArgs)] };
  await m.fit(x, y, fitArgs);

  // evaluate: a record with returnDict, otherwise the loss or [loss, ...metrics].
  const d = await m.evaluate(x, y, { returnDict: true });
  expectType<Equal<typeof d, Record<string, number>>>();
  const e = await m.evaluate(x, y);
  expectType<Equal<typeof e, number | number[]>>();
  const e2 = await m.evaluate(x, y, { returnDict: false, verbose: 0 });
  expectType<Equal<typeof e2, number | number[]>>();

  // predict: typed by the outputs' structure.
  const p = await m.predict(x);
  expectType<Equal<typeof p, Tensor>>();
  const inp = input({ shape: [2] });
  const out = layers.dense({ units: 1 }).apply(inp);
  const single = await new Model({ inputs: inp, outputs: out }).predict(x);
  expectType<Equal<typeof single, Tensor>>();
  const list = await new Model({ inputs: inp, outputs: [out, out] }).predict(x);
  expectType<Equal<typeof list, Tensor[]>>();
  const dict = await new Model({ inputs: inp, outputs: { score: out, other: out } }).predict(x);
  expectType<Equal<typeof dict, { score: Tensor; other: Tensor }>>();
  // predictOnBatch: a dict for dict outputs, a Tensor for Sequential.
  const dictBatch = new Model({ inputs: inp, outputs: { score: out, other: out } }).predictOnBatch(x);
  expectType<Equal<typeof dictBatch, { score: Tensor; other: Tensor }>>();
  const seqBatch = m.predictOnBatch(x);
  expectType<Equal<typeof seqBatch, Tensor>>();
  class Custom extends Model {}
  const custom: PredictOutput = await new Custom().predict(x);
  const anyOutput: Tensor | Tensor[] | Record<string, Tensor> = custom;
  // @ts-expect-error a subclassed model may return a list or a dict
  const notOnlyTensor: Tensor = custom;
  void [anyOutput, notOnlyTensor];
  // A model of any structure is a Model.
  const models: Model[] = [m, new Model({ inputs: inp, outputs: { score: out } })];
  void models;
}
`;

// The CommonJS view (dist/index.d.cts through the "require" condition).
const cjsApp = `
import k = require('kerasm');
export async function main(): Promise<number> {
  await k.ready();
  const m = new k.Sequential([k.input({ shape: [1] }), k.layers.dense({ units: 1 })]);
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  // @ts-expect-error misspelled loss
  m.compile({ optimizer: 'sgd', loss: 'mean_sqared_error' });
  const p: k.Tensor = await m.predict(k.tensor([[1]]));
  return p.size;
}
`;

function tsc(config: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [tscBin, '-p', config], { cwd: project, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(() => {
  if (!existsSync(join(repo, 'dist/index.d.ts')) || !existsSync(join(repo, 'dist/index.d.cts'))) {
    throw new Error('type tests need the built declarations in dist/: run `npx tsup` (or `bash scripts/setup.sh`).');
  }
  project = mkdtempSync(join(tmpdir(), 'kerasm-types-'));
  mkdirSync(join(project, 'node_modules'));
  // The package folder as npm would lay it out: its package.json (exports) and dist/.
  const pkg = join(project, 'node_modules/kerasm');
  mkdirSync(pkg);
  writeFileSync(join(pkg, 'package.json'), readFileSync(join(repo, 'package.json')));
  symlinkSync(join(repo, 'dist'), join(pkg, 'dist'), 'dir');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(join(project, 'app.mts'), app);
  writeFileSync(join(project, 'app.ts'), app);
  writeFileSync(join(project, 'cjs.cts'), cjsApp);
  const cfg = (name: string, opts: object, files: string[]) =>
    writeFileSync(join(project, name), JSON.stringify({ compilerOptions: { ...strict, ...opts }, files }));
  cfg('tsconfig.node16.json', { module: 'node16', moduleResolution: 'node16' }, ['app.mts', 'cjs.cts']);
  cfg('tsconfig.bundler.json', { module: 'esnext', moduleResolution: 'bundler' }, ['app.ts']);
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('published types (strict, no skipLibCheck)', () => {
  it('compile under moduleResolution node16 (ESM → index.d.ts, CJS → index.d.cts)', () => {
    const r = tsc('tsconfig.node16.json');
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  it('compile under moduleResolution bundler', () => {
    const r = tsc('tsconfig.bundler.json');
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  it('a typo that the test expects to fail really is reported (the checks can fail)', () => {
    writeFileSync(join(project, 'typo.ts'), `import { layers } from 'kerasm';\nlayers.dense({ units: 1, activation: 'rellu' });\n`);
    writeFileSync(join(project, 'tsconfig.typo.json'), JSON.stringify({
      compilerOptions: { ...strict, module: 'esnext', moduleResolution: 'bundler' }, files: ['typo.ts'],
    }));
    const r = tsc('tsconfig.typo.json');
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/rellu/);
  });

  it('every *Args / *Options type in the declarations is exported (root or a namespace)', async () => {
    const ts = (await import('typescript')).default;
    const file = join(repo, 'dist/index.d.ts');
    const program = ts.createProgram([file], { strict: true, noEmit: true, types: [], target: ts.ScriptTarget.ES2022 });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(file)!;
    const reached = new Set<import('typescript').Node>();
    const seen = new Set<import('typescript').Symbol>();
    const resolve = (s: import('typescript').Symbol) => {
      while (s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
      return s;
    };
    const walk = (mod: import('typescript').Symbol) => {
      for (const e of checker.getExportsOfModule(mod)) {
        const s = resolve(e);
        for (const d of s.declarations ?? []) {
          reached.add(d);
          // Namespaces re-export through local aliases (`type ns_X = X`).
          if (ts.isTypeAliasDeclaration(d) && ts.isTypeReferenceNode(d.type)) {
            const t = checker.getSymbolAtLocation(d.type.typeName);
            for (const dd of (t ? resolve(t).declarations : undefined) ?? []) reached.add(dd);
          }
        }
        if (s.flags & ts.SymbolFlags.Namespace && !seen.has(s)) {
          seen.add(s);
          walk(s);
        }
      }
    };
    walk(checker.getSymbolAtLocation(source)!);
    const missing = source.statements
      .filter((st): st is import('typescript').InterfaceDeclaration | import('typescript').TypeAliasDeclaration =>
        ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st))
      .filter((st) => /(Args|Options)$/.test(st.name.text.replace(/\$\d+$/, '')) && !reached.has(st))
      .map((st) => st.name.text);
    expect(missing, 'options types users cannot import: export them from ts/index.ts or their namespace index').toEqual([]);
    expect(reached.size).toBeGreaterThan(100);
  });

  it('sources use no `declare module` augmentation (the bundled .d.ts cannot carry it)', () => {
    const offenders: string[] = [];
    const scan = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) scan(p);
        else if (/\.ts$/.test(f) && /^\s*declare module\s+['"]/m.test(readFileSync(p, 'utf8'))) offenders.push(p.slice(repo.length));
      }
    };
    scan(join(repo, 'ts'));
    scan(join(repo, 'bindings'));
    expect(offenders, 'declare plain interfaces instead (see bindings/exports.ts KernelExports)').toEqual([]);
  });
});
