// A small speed-versus-accuracy study with the kerasm/compare API (the same as
// `npx kerasm compare --optimizers sgd-momentum,adam --batch 32,256 --epochs 3 --train 10000`):
// writes compare-study/report.html, results.json and summary.md. Run it again to resume.
// Usage: node examples/compare_study.mjs

import '../dist/node.js';
import { compare } from '../dist/compare.js';

const results = await compare({
  model: 'fashion-mlp',
  data: { name: 'fashion-mnist', train: 10_000, val: 5_000, test: 10_000 },
  grid: { optimizers: ['sgd-momentum', 'adam'], batchSizes: [32, 256] },
  budget: { epochs: 3 },
  outDir: 'compare-study',
  handleSigint: true,
});
console.log(`${results.runs.length} runs; report: compare-study/report.html`);
