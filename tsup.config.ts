import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'ts/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  // `import.meta.url` in the CJS build locates the .wasm files next to dist/index.cjs.
  shims: true,
  external: [/^node:/],
  async onSuccess() {
    mkdirSync('dist/wasm', { recursive: true });
    for (const v of ['simd', 'simd-relaxed', 'threads', 'threads-relaxed']) {
      const f = `bindings/wasm/kerasm-${v}.wasm`;
      if (existsSync(f)) cpSync(f, `dist/wasm/kerasm-${v}.wasm`);
    }
  },
});
