// The elementwise passes Keras's base optimizer adds around the update rule: gradient
// accumulation and the EMA of the weights. They run in place on WebAssembly memory
// (`heap` is the whole memory as f32, offsets are element indices), so a warm step
// allocates nothing. Each mirrors one float32 expression of Keras 3
// (`backend/jax/optimizer.py`, `base_optimizer.py`); storing into a Float32Array and
// `Math.fround` round exactly as float32 arithmetic does.

/** `acc += g` (a micro-step that does not update the weights). */
export function accumulate(heap: Float32Array, acc: number, g: number, n: number): void {
  for (let i = 0; i < n; i++) heap[acc + i] = heap[acc + i]! + heap[g + i]!;
}

/** `acc = (g + acc) / steps`: the averaged gradient the update step uses, in place of `acc`. */
export function averageInto(heap: Float32Array, acc: number, g: number, n: number, steps: number): void {
  for (let i = 0; i < n; i++) heap[acc + i] = Math.fround(heap[g + i]! + heap[acc + i]!) / steps;
}

/** `avg = m·avg + om·w` with float32 products, as `ops.add(ops.multiply(m, avg), ops.multiply(1 - m, w))`. */
export function movingAverage(heap: Float32Array, avg: number, w: number, n: number, m: number, om: number): void {
  for (let i = 0; i < n; i++) heap[avg + i] = Math.fround(m * heap[avg + i]!) + Math.fround(om * heap[w + i]!);
}
