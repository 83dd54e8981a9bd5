// The models bench:fit trains (bench/fit.bench.mjs): one spec per model, kerasm and tfjs-layers
// builders side by side.
// One entry per model the bench trains. To add a model, append a spec:
//   id, label            short id (for --models and the JSON) and the table heading
//   inputShape           per-sample shape; the Fashion-MNIST pixels (÷255) are reshaped to it
//   batches              batch sizes to time
//   samples / tfjsSamples / cpuSamples / warmupSamples   per-configuration sample counts (a
//                        function of the defaults, so a slow model can use fewer); `samples` is
//                        kerasm's and Keras's, `tfjsSamples` tfjs-wasm's (default: `samples`)
//   available(k)         false → the model is listed as skipped (e.g. a layer kerasm lacks yet)
//   kerasm(k)            a fresh, uncompiled kerasm Sequential
//   tfjs(tfl)            the same model in tfjs-layers
//   tfjsSetup(tf)        optional: register kernels tfjs-wasm lacks (returns notes to print)
//   cpu                  false → no tfjs-cpu column for this model (cpuNote says why)
//   target               optional { batch, ratio }: kerasm NT ≥ ratio × tfjs-wasm at that batch
// Every model is compiled the same way: Adam(1e-3), sparse categorical cross-entropy, accuracy.
import { registerWasmConv2DBackpropFilter } from './tfjs_kernels.mjs';

// fit's `jitCompile: 'auto'` compiles the step only for fits of 64 steps or more
// (AUTO_MIN_STEPS in ts/training/plan/eligibility.ts); a fit over a whole data set always has them.
const COMPILED_MIN_STEPS = 64;

/**
 * Samples per timed epoch for kerasm and Keras: at least `n`, and enough that every timed batch
 * size gets the steady (compiled) step a long fit gets, not the eager step of a short fit.
 */
export const steadySamples = (n, batches) => Math.max(n, COMPILED_MIN_STEPS * Math.max(...batches));

/** The model specs for one bench:fit run (`QUICK` and the default sample counts come from its flags). */
export function fitModelSpecs({ QUICK, SAMPLES, CPU_SAMPLES, WARMUP_SAMPLES }) {
  return [
    {
      id: 'mlp',
      label: 'MLP 784-128(relu)-10(softmax)',
      inputShape: [784],
      batches: QUICK ? [128] : [32, 128, 512],
      samples: steadySamples(SAMPLES, QUICK ? [128] : [32, 128, 512]),
      tfjsSamples: SAMPLES,
      cpuSamples: CPU_SAMPLES,
      warmupSamples: WARMUP_SAMPLES,
      available: () => true,
      kerasm: (k) => new k.Sequential([
        k.input({ shape: [784] }),
        k.layers.dense({ units: 128, activation: 'relu' }),
        k.layers.dense({ units: 10, activation: 'softmax' }),
      ]),
      tfjs: (tfl) => tfl.sequential({
        layers: [
          tfl.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }),
          tfl.layers.dense({ units: 10, activation: 'softmax' }),
        ],
      }),
      target: { batch: 128, ratio: 5 },
      // Multiply-adds ×2 per sample of one training step: forward 784·128 + 128·10, backward the
      // weight gradients of both layers plus the input gradient of the second (not of the first).
      trainFlopsPerSample: 2 * (2 * 784 * 128 + 3 * 128 * 10),
    },
    {
      // The Keras "simple MNIST convnet" shape, for the convnet work. tfjs-wasm 4.22 has no
      // Conv2DBackpropFilter kernel, so the bench registers one written in JS (lib/tfjs_kernels.mjs:
      // im2col in JS + tfjs-wasm's XNNPACK matmul). tfjs-cpu is left out: its Conv2D gradient took
      // ~80 s for ONE batch of 128 here.
      id: 'cnn',
      label: 'CNN conv32-pool-conv64-pool-dense64-dropout-10',
      inputShape: [28, 28, 1],
      batches: QUICK ? [128] : [32, 128],
      samples: steadySamples(0, QUICK ? [128] : [32, 128]),
      // tfjs-wasm trains it at ~250 samples/s: a shorter timed epoch.
      tfjsSamples: Math.min(SAMPLES, QUICK ? 512 : 1536),
      cpuSamples: 0,
      warmupSamples: 256,
      cpu: false,
      cpuNote: 'tfjs-cpu skipped for the CNN: its Conv2D gradient takes ~80 s per batch of 128 on this machine.',
      // conv1 26²·32·9, conv2 11²·64·288, dense 1600·64 + 64·10 multiply-adds forward; backward is
      // twice the forward except conv1's input gradient, which is not needed.
      trainFlopsPerSample: 2 * (3 * (26 * 26 * 32 * 9 + 11 * 11 * 64 * 288 + 1600 * 64 + 640) - 26 * 26 * 32 * 9),
      available: (k) => typeof k.layers.conv2d === 'function' && typeof (k.layers.maxPooling2d ?? k.layers.maxPool2d) === 'function',
      kerasm: (k) => {
        const pool = k.layers.maxPooling2d ?? k.layers.maxPool2d;
        return new k.Sequential([
          k.input({ shape: [28, 28, 1] }),
          k.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
          pool({ poolSize: 2 }),
          k.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
          pool({ poolSize: 2 }),
          k.layers.flatten(),
          k.layers.dense({ units: 64, activation: 'relu' }),
          k.layers.dropout({ rate: 0.5 }),
          k.layers.dense({ units: 10, activation: 'softmax' }),
        ]);
      },
      tfjs: (tfl) => tfl.sequential({
        layers: [
          tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }),
          tfl.layers.maxPooling2d({ poolSize: 2 }),
          tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
          tfl.layers.maxPooling2d({ poolSize: 2 }),
          tfl.layers.flatten(),
          tfl.layers.dense({ units: 64, activation: 'relu' }),
          tfl.layers.dropout({ rate: 0.5 }),
          tfl.layers.dense({ units: 10, activation: 'softmax' }),
        ],
      }),
      tfjsSetup: (tf) => {
        registerWasmConv2DBackpropFilter(tf);
        return ['tfjs-wasm 4.22 has no Conv2DBackpropFilter kernel: the bench registers one written in JS (im2col in JS, then ' +
          "tfjs-wasm's own XNNPACK BatchMatMul), so tfjs-wasm CNN time includes a JS im2col."];
      },
    },
    {
      // The text examples' models (examples/text_classification.mjs, same hyper-parameters) on
      // random token ids: speed does not depend on which tokens they are (no masking).
      id: 'lstm',
      label: 'text: Embedding(10000, 64) → Bidirectional(LSTM(32)) → Dense(10), 100 tokens',
      tokens: { vocab: 10000, length: 100, classes: 10 },
      batches: QUICK ? [128] : [32, 128],
      samples: steadySamples(QUICK ? 256 : 1024, QUICK ? [128] : [32, 128]),
      tfjsSamples: QUICK ? 256 : 1024,
      // tfjs-cpu trains this model at a few samples/s: a short timed epoch and warm-up.
      cpuSamples: QUICK ? 32 : 64,
      cpuWarmupSamples: 32,
      warmupSamples: 128,
      wasm: false,
      wasmNote: 'tfjs-wasm cannot train the text models: it has no UnsortedSegmentSum kernel (Embedding gradient); tfjs-cpu is its best backend for them.',
      available: (k) => typeof k.layers.LSTM === 'function' && typeof k.layers.Bidirectional === 'function',
      kerasm: (k) => {
        const inp = k.input({ shape: [100], dtype: 'int32' });
        let x = k.layers.embedding({ inputDim: 10000, outputDim: 64 }).apply(inp);
        x = new k.layers.Bidirectional({ layer: new k.layers.LSTM({ units: 32 }) }).apply(x);
        return new k.Model({ inputs: inp, outputs: k.layers.dense({ units: 10, activation: 'softmax' }).apply(x) });
      },
      tfjs: (tfl) => tfl.sequential({
        layers: [
          tfl.layers.embedding({ inputDim: 10000, outputDim: 64, inputLength: 100 }),
          // tfjs's default Orthogonal recurrent initializer throws "rMat.flatten is not a function" when tfjs-wasm
          // is registered in the process (as bench:rnn found); the initializer does not change the step's cost.
          tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: 32, recurrentInitializer: 'glorotUniform' }) }),
          tfl.layers.dense({ units: 10, activation: 'softmax' }),
        ],
      }),
    },
    {
      id: 'transformer',
      label: 'text: Embedding + positions → 1 transformer block (MHA 2 heads × 32) → pool → Dense(20) → Dense(10), 100 tokens',
      tokens: { vocab: 10000, length: 100, classes: 10 },
      batches: QUICK ? [128] : [32, 128],
      samples: steadySamples(QUICK ? 512 : 2048, QUICK ? [128] : [32, 128]),
      cpuSamples: 0,
      warmupSamples: 256,
      cpu: false,
      wasm: false,
      wasmNote: 'tfjs-layers does not export MultiHeadAttention (tfjs#8574): no tfjs column for the transformer.',
      cpuNote: 'no tfjs-cpu column for the transformer: tfjs-layers has no MultiHeadAttention.',
      available: (k) => typeof k.layers.MultiHeadAttention === 'function',
      kerasm: (k) => {
        class PositionEmbedding extends k.layers.Layer {
          constructor() {
            super({});
            this.pos = k.layers.embedding({ inputDim: 100, outputDim: 32 });
            this.supportsJit = true; // a pure call: the compiled step may include it
          }
          call(x) {
            return k.add(x, this.pos.apply(k.range(0, x.shape[1], 1, 'int32')));
          }
        }
        const L = k.layers;
        const drop = () => L.dropout({ rate: 0.1 });
        const inp = k.input({ shape: [100], dtype: 'int32' });
        let x = new PositionEmbedding().apply(L.embedding({ inputDim: 10000, outputDim: 32 }).apply(inp));
        const attn = new L.MultiHeadAttention({ numHeads: 2, keyDim: 32 }).apply([x, x]);
        x = L.layerNormalization({ epsilon: 1e-6 }).apply(L.add().apply([x, drop().apply(attn)]));
        const ffn = L.dense({ units: 32 }).apply(L.dense({ units: 32, activation: 'relu' }).apply(x));
        x = L.layerNormalization({ epsilon: 1e-6 }).apply(L.add().apply([x, drop().apply(ffn)]));
        x = drop().apply(L.globalAveragePooling1d().apply(x));
        x = drop().apply(L.dense({ units: 20, activation: 'relu' }).apply(x));
        return new k.Model({ inputs: inp, outputs: L.dense({ units: 10, activation: 'softmax' }).apply(x) });
      },
    },
  ];
}
