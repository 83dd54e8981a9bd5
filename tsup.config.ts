import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

// Two entries: `index` for browsers and bundlers, `node` (package.json "node" condition)
// which also imports the Node built-ins statically (Node 20.0–20.15 lack
// process.getBuiltinModule). Both ship as ESM and CommonJS.
const common: Options = {
  entry: { index: 'ts/index.ts', node: 'bindings/node.ts' },
  dts: { entry: { index: 'ts/index.ts' } },
  // No source maps in the package: with the sources embedded they were 60 % of its unpacked size,
  // and a map comment pointing at a missing file makes bundlers warn. tests/package checks this.
  sourcemap: false,
  target: 'es2022',
  // `import.meta.url` in the CJS build locates the .wasm files next to dist/index.cjs.
  shims: true,
  // Class names are Keras class names in saved configs (Layer.className = constructor.name);
  // without this esbuild renames self-referencing classes (`class _Sequential`).
  keepNames: true,
  external: [/^node:/],
};

// kerasm/vis and kerasm/compare (Node only) are ES-module entries beside the core: they share
// its chunks, so their callbacks and models are the core's own classes (no second copy).
const extras = { vis: 'ts/vis/index.ts', compare: 'ts/compare/index.ts' };

export default defineConfig([
  {
    ...common, entry: { ...(common.entry as Record<string, string>), ...extras },
    dts: { entry: { index: 'ts/index.ts', ...extras } }, format: ['esm'], platform: 'neutral', clean: true,
  },
  {
    ...common,
    format: ['cjs'],
    // platform 'node' makes esbuild annotate the CommonJS exports (`0 && (module.exports =
    // {…})`), which is how Node's ES-module loader sees named exports of dist/index.cjs.
    platform: 'node',
    async onSuccess() {
      mkdirSync('dist/wasm', { recursive: true });
      for (const v of ['simd', 'simd-relaxed', 'threads', 'threads-relaxed']) {
        const f = `bindings/wasm/kerasm-${v}.wasm`;
        if (existsSync(f)) cpSync(f, `dist/wasm/kerasm-${v}.wasm`);
      }
    },
  },
  {
    // kerasm.iife.js: the browser entry as one classic script (global `kerasm`) for a
    // `<script>` tag or `importScripts` in a classic worker. It has no import.meta: the
    // binaries are found next to the script (bindings/loader.ts).
    entry: { kerasm: 'ts/index.ts' },
    format: ['iife'],
    globalName: 'kerasm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: false,
    keepNames: true,
    minify: true,
    outExtension: () => ({ js: '.iife.js' }),
    esbuildOptions(o) {
      o.logOverride = { ...o.logOverride, 'empty-import-meta': 'silent' };
    },
  },
]);
