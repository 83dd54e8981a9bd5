// Each bundler building the scratch project (project.ts) the way its documentation's
// minimal set-up does, through its JavaScript API (what its CLI calls). Where a bundler has
// no asset handling for `new URL('./wasm/…', import.meta.url)` (esbuild, Rollup), the
// README's one extra step is done here too: copy node_modules/kerasm/dist/wasm next to the
// bundle.

import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { page } from './project.js';

export interface Built {
  /** Directory to serve. */
  root: string;
  /** Page to open, relative to root. */
  html: string;
}

function copyWasm(dir: string, out: string): void {
  cpSync(join(dir, 'node_modules/kerasm/dist/wasm'), join(out, 'wasm'), { recursive: true });
}

export async function viteBuild(dir: string): Promise<Built> {
  const { build } = await import('vite');
  writeFileSync(join(dir, 'index.html'), page('/src/index.js', true));
  await build({ root: dir, configFile: false, logLevel: 'warn', build: { outDir: 'dist-vite' } });
  return { root: join(dir, 'dist-vite'), html: 'index.html' };
}

export async function webpackBuild(dir: string): Promise<Built> {
  const { default: webpack } = await import('webpack');
  // webpack's defaults, as its CLI in the project directory: entry ./src/index.js, output
  // dist/main.js (the API resolves the default output against process.cwd(), hence the path).
  // Production mode without Terser, which alone takes ~50 s on the 2-core CI machine;
  // minified output is what `vite build` checks.
  const out = join(dir, 'dist');
  const stats = await new Promise<import('webpack').Stats>((resolve, reject) => {
    webpack({ context: dir, mode: 'production', output: { path: out }, optimization: { minimize: false } }, (err, s) => (err || !s ? reject(err ?? new Error('no stats')) : resolve(s)));
  });
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  writeFileSync(join(out, 'index.html'), page('main.js', false));
  return { root: out, html: 'index.html' };
}

export async function esbuildBuild(dir: string, format: 'esm' | 'iife'): Promise<Built> {
  const esbuild = await import('esbuild');
  const out = join(dir, `dist-esbuild-${format}`);
  // The IIFE warns that it has no import.meta; kerasm then looks next to the script.
  await esbuild.build({
    absWorkingDir: dir, entryPoints: ['src/index.js'], bundle: true, format, outdir: out, logLevel: 'error',
  });
  copyWasm(dir, out);
  writeFileSync(join(out, 'index.html'), page('index.js', format === 'esm'));
  return { root: out, html: 'index.html' };
}

export async function rollupBuild(dir: string): Promise<Built> {
  const { rollup } = await import('rollup');
  const { nodeResolve } = await import('@rollup/plugin-node-resolve');
  const out = join(dir, 'dist-rollup');
  const bundle = await rollup({ input: join(dir, 'src/index.js'), plugins: [nodeResolve()], onwarn: () => {} });
  await bundle.write({ dir: out, format: 'es' });
  await bundle.close();
  copyWasm(dir, out);
  writeFileSync(join(out, 'index.html'), page('index.js', true));
  return { root: out, html: 'index.html' };
}

/** JavaScript in the output (every .js file) and .wasm files, raw and gzipped JS. */
export function sizes(root: string): { js: number; jsGzip: number; wasmFiles: string[] } {
  let js = 0, jsGzip = 0;
  const wasmFiles: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.js')) { const b = readFileSync(p); js += b.length; jsGzip += gzipSync(b).length; }
      else if (f.endsWith('.wasm')) wasmFiles.push(relative(root, p));
    }
  };
  walk(root);
  return { js, jsGzip, wasmFiles: wasmFiles.sort() };
}
