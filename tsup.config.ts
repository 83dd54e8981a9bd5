import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig, type Options } from 'tsup';

// Two entries: `index` for browsers and bundlers, `node` (package.json "node" condition)
// which also imports the Node built-ins statically (Node 20.0–20.15 lack
// process.getBuiltinModule). Both ship as ESM and CommonJS.
const entries = { index: 'ts/index.ts', node: 'bindings/node.ts' };
// kerasm/vis and kerasm/compare (Node only) are ES-module entries beside the core.
const extras = { vis: 'ts/vis/index.ts', compare: 'ts/compare/index.ts' };
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

const files = (dir: string, ext: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f), ext) : f.endsWith(ext) ? [join(dir, f)] : []));

/**
 * The ES-module build is one file per source module (dist/ts/**, dist/bindings/**), not bundled
 * chunks: a consumer's bundler then drops every module an app does not use (package.json
 * "sideEffects"). Bundled chunks defeated that: esbuild wraps the modules a dynamic import()
 * reaches in lazy-init closures, which no bundler can tree-shake (an app importing
 * { ready, tensor, sum } pulled 310 KB instead of 31 KB). Two source lines need rewriting
 * because the files move: the loader's `new URL('./wasm/…', import.meta.url)` literals (the
 * binaries stay in dist/wasm) and kerasm/compare's JSON import of package.json.
 */
const unbundledSources = {
  name: 'kerasm-unbundled-sources',
  setup(b: { onLoad(o: { filter: RegExp }, f: (a: { path: string }) => { contents: string; loader: 'ts' }): void }) {
    b.onLoad({ filter: /\.ts$/ }, (a) => {
      let src = readFileSync(a.path, 'utf8');
      if (relative(process.cwd(), a.path).replace(/\\/g, '/') === 'bindings/loader.ts') src = src.replaceAll("new URL('./wasm/", "new URL('../wasm/");
      src = src.replace(/^import (\w+) from '(?:\.\.\/)+package\.json';$/m, (_, name: string) => `const ${name} = ${JSON.stringify({ version: pkg.version })};`);
      return { contents: src, loader: 'ts' };
    });
  },
};

/**
 * Class names are Keras class names in saved configs (Layer.className = constructor.name), so
 * they must survive the consumer's minifier: esbuild's keepNames writes them as
 * `static { __name(this, "Dense") }`, a call that makes every class look side-effectful to
 * esbuild and Rollup (nothing could be dropped). A `static name = "Dense"` field keeps the name
 * and is tree-shakable. Functions lose their `__name(f, "f")` statements for the same reason:
 * in dist they are spelled as in the sources; only a consumer's minifier may shorten them.
 */
function treeShakableNames(dir: string): void {
  for (const f of [...files(join(dir, 'ts'), '.js'), ...files(join(dir, 'bindings'), '.js')]) {
    const src = readFileSync(f, 'utf8');
    const out = src
      .replace(/static \{\n\s*__name\(this, ("[^"]+")\);\n\s*\}/g, 'static name = $1;')
      .replace(/^__name\(([A-Za-z_$][\w$]*), "([^"]+)"\);\n/gm, (m: string, id: string, name: string) => (id === name ? '' : m));
    if (out !== src) writeFileSync(f, out);
  }
}

export default defineConfig([
  {
    // ES modules, one file per source module; dist/index.js etc. re-export the entry modules.
    entry: [...files('ts', '.ts'), ...files('bindings', '.ts')],
    bundle: false,
    // tsup splits ESM by default: here it would move esbuild's helpers into a shared chunk.
    splitting: false,
    format: ['esm'],
    platform: 'neutral',
    target: 'es2022',
    sourcemap: false,
    keepNames: true,
    clean: true,
    dts: { entry: { index: 'ts/index.ts', ...extras } },
    esbuildPlugins: [unbundledSources as never],
    esbuildOptions(o) {
      o.outbase = '.';
    },
    async onSuccess() {
      treeShakableNames('dist');
      for (const [name, src] of Object.entries({ ...entries, ...extras })) {
        writeFileSync(`dist/${name}.js`, `export * from './${src.replace(/\.ts$/, '.js')}';\n`);
      }
    },
  },
  {
    entry: entries,
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
