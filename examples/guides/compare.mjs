// Guide: docs/compare.md. A speed-versus-accuracy study of optimizers and batch sizes with the
// kerasm/compare API, and the same with the `kerasm compare` command. Small by default (a slice
// of Fashion-MNIST, one epoch); raise --train and --epochs for a real study.
// Usage: node examples/guides/compare.mjs [--train 1000] [--epochs 1] [--out DIR]

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const train = Number(arg('train', 1000)), epochs = Number(arg('epochs', 1));
const outDir = arg('out', mkdtempSync(join(tmpdir(), 'kerasm-compare-')));

// --- api
import 'kerasm';                                   // the Node entry first: it sets up file access
import { compare } from 'kerasm/compare';

const results = await compare({
  model: 'fashion-mlp',                            // or 'fashion-cnn', a .keras file, or a function building a model
  data: { name: 'fashion-mnist', train, val: 500, test: 500 },
  grid: { optimizers: ['sgd-momentum', 'adam'], batchSizes: [32, 128] },
  budget: { epochs },                              // or { seconds: 60 }: the same training time for every run
  outDir,                                          // report.html, results.json, summary.md
  verbose: 0,
});
for (const run of results.runs) {
  console.log(`${run.optimizer} batch ${run.batchSize}: ${Math.round(run.samplesPerSecond)} samples/s, ` +
    `validation accuracy ${run.bestValAccuracy?.toFixed(3)}, test accuracy ${run.testAccuracy?.toFixed(3)}`);
}
// --- end api
console.log(readFileSync(join(outDir, 'summary.md'), 'utf8').split('\n').slice(0, 12).join('\n'));

// The command line does the same (the CLI's progress is shown only with a real terminal):
// --- cli
// npx kerasm compare --model fashion-mlp --train 1000 --val 500 --test 500 \
//   --optimizers adam --lr 3e-3 --batch 64 --epochs 1 --out study
// --- end cli
const bin = fileURLToPath(new URL('../../bin/kerasm.mjs', import.meta.url));
const cliOut = join(outDir, 'cli');
execFileSync(process.execPath, [bin, 'compare', '--model', 'fashion-mlp', '--train', String(train), '--val', '500', '--test', '500',
  '--optimizers', 'adam', '--lr', '3e-3', '--batch', '64', '--epochs', String(epochs), '--out', cliOut, '--quiet']);
const cliResults = JSON.parse(readFileSync(join(cliOut, 'results.json'), 'utf8'));
console.log(`kerasm compare: ${cliResults.runs.length} runs, ${cliResults.runs.filter((r) => r.status === 'done').length} done`);
if (!process.argv.includes('--out')) rmSync(outDir, { recursive: true, force: true });
