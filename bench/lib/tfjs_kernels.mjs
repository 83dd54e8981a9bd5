// Kernels tfjs-backend-wasm 4.22 lacks, registered from JS so tfjs-wasm can train the same
// models as kerasm in the benches. The benches say so wherever they use them.

/**
 * Registers `Conv2DBackpropFilter` (the filter gradient of Conv2D; NHWC, dilation 1) for the
 * 'wasm' backend: tfjs-backend-wasm has Conv2D and Conv2DBackpropInput but no filter gradient,
 * so without it `fit` on a Conv2D model throws "Kernel 'Conv2DBackpropFilter' not registered".
 *
 * The default implementation (`im2col`) is JS glue around tfjs-wasm's own XNNPACK matmul: it
 * writes the transposed im2col matrix colsᵀ [fh·fw·inC, batch·outH·outW] in JS and multiplies it
 * by dy [batch·outH·outW, outC] with the wasm backend's BatchMatMul kernel (no transpose flags,
 * so XNNPACK runs it). That is roughly what a native filter gradient would cost, which keeps the
 * kerasm/tfjs-wasm ratio honest. `impl: 'loop'` registers a plain-JS direct loop instead (slower;
 * kept as the reference the im2col version is checked against). Returns false if a kernel is
 * already registered.
 */
export function registerWasmConv2DBackpropFilter(tf, { impl = 'im2col' } = {}) {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return false;
  const kernelFunc = impl === 'loop' ? (a) => conv2DBackpropFilterLoop(tf, a) : (a) => conv2DBackpropFilterIm2col(tf, a);
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc });
  return true;
}

function convInfo(tf, x, attrs) {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  const fmt = tf.backend_util.convertConv2DDataFormat(dataFormat);
  if (fmt !== 'channelsLast') throw new Error('Conv2DBackpropFilter (bench JS kernel): only NHWC is implemented');
  return tf.backend_util.computeConv2DInfo(x.shape, filterShape, strides, 1, pad, dimRoundingMode, false, fmt);
}

/** dW = colsᵀ · dy on tfjs-wasm's BatchMatMul (XNNPACK), colsᵀ written in JS. */
export function conv2DBackpropFilterIm2col(tf, { inputs, backend, attrs }) {
  const { x, dy } = inputs;
  const info = convInfo(tf, x, attrs);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth,
    strideHeight, strideWidth } = info;
  const top = info.padInfo.top, left = info.padInfo.left;
  const K = filterHeight * filterWidth * inChannels;
  const M = batchSize * outHeight * outWidth;
  const xv = backend.readSync(x.dataId); // a copy: makeOutput below may grow (detach) the heap
  const colsT = backend.makeOutput([1, K, M], 'float32');
  const c = backend.typedArrayFromHeap(colsT);
  c.fill(0);
  for (let b = 0; b < batchSize; b++) {
    for (let yr = 0; yr < outHeight; yr++) {
      for (let yc = 0; yc < outWidth; yc++) {
        const m = (b * outHeight + yr) * outWidth + yc;
        for (let wr = 0; wr < filterHeight; wr++) {
          const xr = yr * strideHeight + wr - top;
          if (xr < 0 || xr >= inHeight) continue;
          for (let wc = 0; wc < filterWidth; wc++) {
            const xc = yc * strideWidth + wc - left;
            if (xc < 0 || xc >= inWidth) continue;
            const xOff = ((b * inHeight + xr) * inWidth + xc) * inChannels;
            const row = (wr * filterWidth + wc) * inChannels;
            for (let d1 = 0; d1 < inChannels; d1++) c[(row + d1) * M + m] = xv[xOff + d1];
          }
        }
      }
    }
  }
  const reshape = tf.getKernel('Reshape', 'wasm').kernelFunc;
  const matmul = tf.getKernel('BatchMatMul', 'wasm').kernelFunc;
  const dy3 = reshape({ inputs: { x: dy }, backend, attrs: { shape: [1, M, outChannels] } });
  const out = matmul({ inputs: { a: colsT, b: dy3 }, backend, attrs: { transposeA: false, transposeB: false } });
  backend.disposeData(colsT.dataId);
  backend.disposeData(dy3.dataId);
  out.shape = info.filterShape.slice();
  return out;
}

/** The direct loop: outer products x[b, xr, xc, :] ⊗ dy[b, yr, yc, :] accumulated in f64. */
export function conv2DBackpropFilterLoop(tf, { inputs, backend, attrs }) {
  const { x, dy } = inputs;
  const info = convInfo(tf, x, attrs);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth,
    strideHeight, strideWidth } = info;
  const top = info.padInfo.top, left = info.padInfo.left;
  const xv = backend.readSync(x.dataId);
  const dyv = backend.readSync(dy.dataId);
  const acc = new Float64Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let yr = 0; yr < outHeight; yr++) {
      for (let yc = 0; yc < outWidth; yc++) {
        const dyOff = ((b * outHeight + yr) * outWidth + yc) * outChannels;
        for (let wr = 0; wr < filterHeight; wr++) {
          const xr = yr * strideHeight + wr - top;
          if (xr < 0 || xr >= inHeight) continue;
          for (let wc = 0; wc < filterWidth; wc++) {
            const xc = yc * strideWidth + wc - left;
            if (xc < 0 || xc >= inWidth) continue;
            const xOff = ((b * inHeight + xr) * inWidth + xc) * inChannels;
            const wOff = (wr * filterWidth + wc) * inChannels * outChannels;
            for (let d1 = 0; d1 < inChannels; d1++) {
              const xval = xv[xOff + d1];
              if (xval === 0) continue; // post-ReLU inputs are often 0
              const base = wOff + d1 * outChannels;
              for (let d2 = 0; d2 < outChannels; d2++) acc[base + d2] += xval * dyv[dyOff + d2];
            }
          }
        }
      }
    }
  }
  const out = backend.makeOutput(info.filterShape, 'float32');
  backend.typedArrayFromHeap(out).set(acc);
  return out;
}
