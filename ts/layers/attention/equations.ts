// Einsum equations of MultiHeadAttention (Keras `_build_proj_equation` and
// `_build_attention_equation`), so projections and scores work for any `attentionAxes`.

const letter = (i: number) => String.fromCharCode(97 + i);

/** `abc,cde->abde`-style projection: free axes kept, bound axes contracted, output axes added. */
export function projEquation(freeDims: number, boundDims: number, outputDims: number): { equation: string; biasAxes: string; outputRank: number } {
  let input = '', kernel = '', output = '', bias = '';
  let k = 0;
  for (let i = 0; i < freeDims; i++, k++) {
    input += letter(k);
    output += letter(k);
  }
  for (let i = 0; i < boundDims; i++, k++) {
    input += letter(k);
    kernel += letter(k);
  }
  for (let i = 0; i < outputDims; i++, k++) {
    kernel += letter(k);
    output += letter(k);
    bias += letter(k);
  }
  return { equation: `${input},${kernel}->${output}`, biasAxes: bias, outputRank: output.length };
}

/** Scores (key · query) and combine (scores · value) equations for projected tensors of `rank`. */
export function attentionEquations(rank: number, attnAxes: readonly number[]): { dot: string; combine: string; scoresRank: number } {
  const target = Array.from({ length: rank }, (_, i) => letter(i)).join('');
  const batchDims = Array.from({ length: rank }, (_, i) => i).filter((i) => !attnAxes.includes(i) && i !== rank - 1);
  let offset = rank;
  let source = '';
  for (let i = 0; i < rank; i++) source += batchDims.includes(i) || i === rank - 1 ? target[i] : letter(offset++);
  const product = [...batchDims.map((i) => target[i]), ...attnAxes.map((i) => target[i]), ...attnAxes.map((i) => source[i])].join('');
  return { dot: `${source},${target}->${product}`, combine: `${product},${source}->${target}`, scoresRank: product.length };
}
