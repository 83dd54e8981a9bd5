// Guide: docs/performance.md. Measures what the guide's tips are about on this machine: batch
// size, thread count, the fused softmax + cross-entropy step, and a training loop that allocates
// nothing once warm. The numbers depend on the machine and its load; the guide explains them.
// Usage: node examples/guides/performance.mjs [--samples 2048]

import { Sequential, input, layers, optimizers, ready, backendInfo, randomUniform } from 'kerasm';

const i = process.argv.indexOf('--samples');
const samples = i >= 0 ? Number(process.argv[i + 1]) : 2048;

// --- setup
import { setThreadCount, memory, tidy, floor, mulScalar, cast } from 'kerasm';

await ready();                       // or ready({ threads: 4 }), or KERASM_THREADS=4 in the environment
console.log(backendInfo());          // variant: 'threads-relaxed' = SIMD + relaxed SIMD (FMA) + threads

const x = randomUniform([samples, 784]);
const y = tidy(() => cast(floor(mulScalar(randomUniform([samples]), 10)), 'int32'));
const mlp = () => {
  const model = new Sequential([
    input({ shape: [784] }),
    layers.dense({ units: 128, activation: 'relu' }),
    layers.dense({ units: 10, activation: 'softmax' }),   // softmax + sparse_categorical_crossentropy: fused
  ]);
  model.compile({ optimizer: new optimizers.Adam(), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return model;
};

/** Samples per second of one epoch, after a warm-up epoch. */
async function speed(model, batchSize) {
  await model.fit(x, y, { epochs: 1, batchSize, verbose: 0 });
  const t0 = performance.now();
  await model.fit(x, y, { epochs: 1, batchSize, verbose: 0 });
  return Math.round(samples / ((performance.now() - t0) / 1000));
}
// --- end setup

// --- batch
for (const batchSize of [32, 256]) {
  console.log(`batch ${batchSize}: ${await speed(mlp(), batchSize)} samples/s`);
}
// --- end batch

// --- threads
for (const threads of [1, 2]) {
  setThreadCount(threads);
  console.log(`${threads} thread(s), batch 128: ${await speed(mlp(), 128)} samples/s`);
}
// --- end threads

// --- memory
const model = mlp();
await model.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0 });   // warm: optimizer slots exist
// A fit's first steps build its compiled step (jitCompile: 'auto'); count epochs 2–3 of this one.
let before, after;
await model.fit(x, y, {
  epochs: 3, batchSize: 64, verbose: 0,
  callbacks: { onEpochBegin: (e) => { if (e === 1) before = memory(); }, onEpochEnd: (e) => { if (e === 2) after = memory(); } },
});
console.log(`tensors before/after 2 epochs: ${before.numTensors}/${after.numTensors}, ` +
  `allocator calls during them: ${after.allocatorCalls - before.allocatorCalls}`);
// --- end memory
