// The environment every bench prints (style.md §3.6): machine, Node/V8, load, which kerasm
// .wasm files were used, the kerasm variants loaded, and the tfjs versions and flags.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUSY } from './measure.mjs';
import { fmt } from './format.mjs';

/** The repository root (bench/lib/ → ../..). */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function fileInfo(path) {
  if (!existsSync(path)) return null;
  const st = statSync(path);
  const sha = createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12);
  return { path, bytes: st.size, mtime: st.mtime.toISOString(), sha256: sha };
}

export function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    availableParallelism: os.availableParallelism ? os.availableParallelism() : cpus.length,
    loadavg: os.loadavg(),
  };
}

export const loadavg = () => os.loadavg();

/**
 * Where the kerasm .wasm files are read from: $KERASM_WASM_DIR, else bindings/wasm/ in a
 * source checkout (freshest builds), else dist/wasm/. Also returns each variant's file info
 * and the variants whose dist/wasm copy differs (dist is stale: run `npx tsup`).
 */
export function wasmSource(VARIANTS) {
  let dir;
  if (process.env.KERASM_WASM_DIR) dir = resolve(process.env.KERASM_WASM_DIR);
  else {
    const src = join(root, 'bindings/wasm');
    dir = VARIANTS.some((v) => existsSync(join(src, `kerasm-${v}.wasm`))) ? src : join(root, 'dist/wasm');
  }
  const files = Object.fromEntries(VARIANTS.map((v) => [v, fileInfo(join(dir, `kerasm-${v}.wasm`))]));
  const stale = VARIANTS.filter((v) => {
    const d = fileInfo(join(root, 'dist/wasm', `kerasm-${v}.wasm`));
    return d && files[v] && d.sha256 !== files[v].sha256;
  });
  return { dir, baseUrl: pathToFileURL(dir + '/').href, files, stale };
}

/**
 * Loads kerasm's backend (a `variant`, or the default) from `src` (see `wasmSource`) and
 * records its info, load time and file in `into[variant]`. `k` is the imported dist bundle.
 */
export async function loadKerasm(k, src, into, variant, log = () => {}) {
  k.disposeBackend();
  const t0 = performance.now();
  const be = await k.ready(variant ? { variant, wasmBaseUrl: src.baseUrl } : { wasmBaseUrl: src.baseUrl });
  const info = k.backendInfo();
  into[info.variant] = { ...info, loadMs: performance.now() - t0, file: src.files[info.variant] };
  log(`kerasm ${info.variant}: ${JSON.stringify(info)}`);
  return { be, info };
}

/**
 * tfjs-core with the cpu and wasm backends registered (and tfjs-layers when `layers`), the
 * wasm backend selected and ready. Returns the modules and the version/flag summary.
 * Note: tfjs-core's Node bundle registers no gradients; tfjs-layers' bundle registers them all
 * (as `@tensorflow/tfjs` does), so pass `layers: true` before using `tf.grads`.
 */
export async function loadTfjs({ layers = false, backend = 'wasm' } = {}) {
  const tf = await import('@tensorflow/tfjs-core');
  const tfcpu = await import('@tensorflow/tfjs-backend-cpu');
  const tfwasm = await import('@tensorflow/tfjs-backend-wasm');
  const tfl = layers ? await import('@tensorflow/tfjs-layers') : null;
  // PROD only silences tfjs's console warnings (the "use tfjs-node" banner of the cpu backend);
  // IS_TEST would also silence it but turns on per-kernel leak checks, which cost time.
  tf.env().set('PROD', true);
  await tf.setBackend('wasm');
  await tf.ready();
  const tfEnv = {
    core: tf.version_core, wasm: tfwasm.version_wasm, cpu: tfcpu.version_cpu, layers: tfl?.version_layers ?? null,
    wasmSimd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
    wasmMultithread: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
    wasmThreads: tfwasm.getThreadsCount?.() ?? null,
  };
  if (backend !== 'wasm') await tf.setBackend(backend);
  return { tf, tfl, tfwasm, tfcpu, tfEnv };
}

/**
 * The header lines every bench prints above its tables.
 * `before`: the `idleLoad` reading taken before the run; `run`: `LoadMeter.stop()` over the run.
 */
export function envHeader({ title, env, NT, before, run, seconds, src, kerasmInfo, tfEnv, bundle }) {
  const l = [];
  l.push(`== kerasm ${title} ==`);
  l.push(`date ${new Date().toISOString()}   node ${env.node} (V8 ${env.v8}) ${env.platform}`);
  l.push(`CPU  ${env.cpu} × ${env.cores} (availableParallelism ${env.availableParallelism})${NT ? `; NT = ${NT} threads` : ''}`);
  if (before) {
    l.push(`load average before: ${env.loadavg.map((x) => x.toFixed(2)).join(' ')} (1/5/15 min); ` +
      `foreign CPU in the idle second before: ${fmt(before.foreignCores, 2)} cores → second core ${before.foreignCores >= BUSY ? 'BUSY' : 'free'}`);
  } else {
    l.push(`load average before: ${env.loadavg.map((x) => x.toFixed(2)).join(' ')} (1/5/15 min)`);
  }
  if (env.loadavgAfter) {
    l.push(`load average after:  ${env.loadavgAfter.map((x) => x.toFixed(2)).join(' ')}; ` +
      `foreign CPU during the run: ${fmt(run?.foreignCores, 2)} cores (this process ${fmt(run?.selfCores, 2)}); run took ${fmt(seconds, 0)} s`);
  }
  if (bundle) {
    const b = fileInfo(bundle);
    l.push(`kerasm bundle: ${bundle}${b ? ` (built ${b.mtime}, sha256:${b.sha256})` : ''}${process.env.KERASM_DIST ? '  [$KERASM_DIST]' : ''}`);
  }
  if (src) {
    l.push(`kerasm wasm dir: ${src.dir}${src.stale.length ? `  (dist/wasm differs for ${src.stale.join(', ')}: run npx tsup to refresh dist)` : ''}`);
  }
  for (const [v, i] of Object.entries(kerasmInfo ?? {})) {
    l.push(`  ${v.padEnd(16)} simd=${i.simd} relaxed=${i.relaxedSimd} threads=${i.threads} threadCount=${i.threadCount} ` +
      `readyWorkers=${i.readyWorkers}  ${i.file ? `${i.file.bytes} B sha256:${i.file.sha256} built ${i.file.mtime}` : ''}`);
  }
  if (tfEnv) {
    l.push(`tfjs core ${tfEnv.core}${tfEnv.layers ? `, tfjs-layers ${tfEnv.layers}` : ''}, tfjs-backend-wasm ${tfEnv.wasm} (SIMD ${tfEnv.wasmSimd}, ` +
      `threads ${tfEnv.wasmMultithread ? 'on' : 'OFF'}: tfjs-wasm has no threads in Node, so it runs 1 thread), tfjs-backend-cpu ${tfEnv.cpu}`);
  }
  return l;
}

/**
 * The kerasm bundle to bench: ../../dist/index.js, or $KERASM_DIST (a path to another build's
 * index.js, e.g. a patched copy for a before/after comparison). `kerasmBundle` says which.
 */
export const kerasmBundle = process.env.KERASM_DIST ? resolve(process.env.KERASM_DIST) : join(root, 'dist/index.js');
export const importKerasm = () => import(pathToFileURL(kerasmBundle).href);
