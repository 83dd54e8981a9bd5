// bench:attention — forward+backward time of one MultiHeadAttention / GroupQueryAttention
// self-attention call (gradients of the inputs and every weight) at the text transformer's
// shapes: batch 32, T 64/128, features 64, 2–4 heads; the fused attention kernel (the layers'
// path wherever Keras takes dot_product_attention) against the einsum path, which the layers take
// when the scores are returned (`returnAttentionScores`, the scores then dropped). Medians of N
// runs, the two paths interleaved; indicative only on a shared machine.
//
//   node bench/attention.bench.mjs [--iterations N] [--causal]
// (uses dist/index.js or $KERASM_DIST, see bench/lib/env.mjs)

import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { importKerasm, root } from './lib/index.mjs';

const args = process.argv.slice(2);
const ITER = Number(args.includes('--iterations') ? args[args.indexOf('--iterations') + 1] : 5);
const CAUSAL = args.includes('--causal');
const k = await importKerasm();
await k.ready({ wasmBaseUrl: pathToFileURL(join(root, 'bindings/wasm') + '/').href });
const { layers } = k;
const B = 32, F = 64;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeLayer(layer, T) {
  const x = k.randomNormal([B, T, F]);
  const out = (a, einsum) => {
    if (!einsum) return layer.apply([a, a], { useCausalMask: CAUSAL });
    const [y, scores] = layer.apply([a, a], { useCausalMask: CAUSAL, returnAttentionScores: true });
    scores.dispose();
    return y;
  };
  const step = (einsum) => {
    const g = k.grads((a) => k.ops.sum(out(a, einsum)))([x, ...layer.weights]);
    g.forEach((t) => t.dispose());
  };
  for (const e of [false, true, false, true]) step(e); // build + warm up
  const times = { fused: [], einsum: [] };
  for (let i = 0; i < ITER; i++) {
    for (const e of [false, true]) {
      const t0 = performance.now();
      step(e);
      times[e ? 'einsum' : 'fused'].push(performance.now() - t0);
    }
  }
  x.dispose();
  return { fused: median(times.fused), einsum: median(times.einsum) };
}

const rows = [];
for (const T of [64, 128]) {
  for (const [kind, make] of [
    ['MHA h=2', () => new layers.MultiHeadAttention({ numHeads: 2, keyDim: 32 })],
    ['MHA h=4', () => new layers.MultiHeadAttention({ numHeads: 4, keyDim: 16 })],
    ['GQA q=4 kv=2', () => new layers.GroupQueryAttention({ headDim: 16, numQueryHeads: 4, numKeyValueHeads: 2 })],
  ]) {
    const layer = make();
    const res = timeLayer(layer, T);
    layer.dispose();
    rows.push({ T, layer: kind, fused_ms: +res.fused.toFixed(2), einsum_ms: +res.einsum.toFixed(2), speedup: +(res.einsum / res.fused).toFixed(2) });
    console.error(JSON.stringify(rows.at(-1)));
  }
}
console.log(`attention fwd+bwd, batch ${B}, features ${F}${CAUSAL ? ', causal' : ''}, backend: ${JSON.stringify(k.backendInfo?.() ?? {})}`);
console.table(rows);
