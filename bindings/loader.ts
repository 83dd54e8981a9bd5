// Where the .wasm binaries are. By default they sit in `wasm/` next to the loading module,
// written as one literal `new URL('./wasm/kerasm-….wasm', import.meta.url)` per variant:
// that exact form is what Vite (dev and build), webpack 5 and Rollup/Parcel asset plugins
// recognise, copy and rewrite. A computed file name (a template string) is invisible to
// them, which is what broke Vite's dependency pre-bundle (a request for
// `.vite/deps/undefined`).

import { isNode, nodeModule } from './features.js';
import type { Variant } from './variants.js';

function bundledUrl(variant: Variant): URL {
  switch (variant) {
    case 'simd': return new URL('./wasm/kerasm-simd.wasm', import.meta.url);
    case 'simd-relaxed': return new URL('./wasm/kerasm-simd-relaxed.wasm', import.meta.url);
    case 'threads': return new URL('./wasm/kerasm-threads.wasm', import.meta.url);
    case 'threads-relaxed': return new URL('./wasm/kerasm-threads-relaxed.wasm', import.meta.url);
  }
}

/**
 * Classic-script bundles (dist/kerasm.iife.js, esbuild `--format=iife`) have no
 * `import.meta.url`; there the binaries are looked for in `wasm/` next to the script, whose
 * URL is known only while it first runs: a `<script>` tag's `document.currentScript`, or
 * for `importScripts` in a classic worker the script's own frame in a stack trace, or
 * failing both the worker's location.
 */
const classicScriptUrl: string | undefined =
  typeof import.meta.url === 'string' && import.meta.url !== '' ? undefined : currentScriptUrl();

function currentScriptUrl(): string | undefined {
  const g = globalThis as { document?: { currentScript?: { src?: string } | null }; location?: { href?: string } };
  const src = g.document?.currentScript?.src;
  if (src) return src;
  // V8 "at … (https://host/kerasm.iife.js:1:2)"; Firefox and Safari "…@https://host/kerasm.iife.js:1:2".
  const m = /((?:https?|file|blob):[^\s()@]+?)(?::\d+){1,2}\)?(?:\s|$)/m.exec(new Error().stack ?? '');
  return m?.[1] ?? g.location?.href;
}

/**
 * The binary's URL. `base` (the `wasmBaseUrl` option) is a directory: absolute, or
 * relative to the document (browsers), the worker script (workers) or the working
 * directory (Node); a missing trailing slash is added.
 */
export function wasmUrl(variant: Variant, base?: string | URL): URL {
  const file = `kerasm-${variant}.wasm`;
  if (base === undefined || base === '') {
    if (classicScriptUrl === undefined) return bundledUrl(variant);
    return new URL(`wasm/${file}`, classicScriptUrl);
  }
  let dir = String(base);
  if (!dir.endsWith('/')) dir += '/';
  return new URL(file, new URL(dir, baseDocumentUrl()));
}

function baseDocumentUrl(): string {
  const g = globalThis as { document?: { baseURI?: string }; location?: { href?: string } };
  if (g.document?.baseURI) return g.document.baseURI;
  if (g.location?.href) return g.location.href;
  if (isNode) return nodeModule<typeof import('node:url')>('url').pathToFileURL(`${process.cwd()}/`).href;
  return classicScriptUrl ?? import.meta.url;
}
