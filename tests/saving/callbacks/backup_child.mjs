// Child process for the BackupAndRestore test: trains a small model with dropout and
// shuffling, optionally killing itself mid-epoch, and writes the final weights as JSON.
// argv: mode ('full' | 'crash' | 'resume'), backupDir, outFile
import { writeFileSync } from 'node:fs';
import { Sequential, input, layers, callbacks, optimizers, setSeed, tensor } from '../../../dist/index.js';

const [mode, backupDir, outFile] = process.argv.slice(2);
setSeed(42);
const n = 96;
const xs = [], ys = [];
for (let i = 0; i < n; i++) {
  const row = Array.from({ length: 8 }, (_, j) => Math.sin(i * 0.37 + j * 1.3));
  xs.push(row);
  ys.push(Math.abs(Math.round(row[0] * 3 + row[3] * 2)) % 3);
}
const x = tensor(xs), y = tensor(ys, [n], 'int32');
const model = new Sequential([
  input({ shape: [8] }),
  layers.dense({ units: 16, activation: 'relu' }),
  layers.dropout({ rate: 0.3 }),
  layers.dense({ units: 3, activation: 'softmax' }),
]);
model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy' });

class Crash extends callbacks.Callback {
  onEpochBegin(epoch) { this.epoch = epoch; }
  onTrainBatchEnd(batch) {
    if (this.epoch === 2 && batch === 3) process.kill(process.pid, 'SIGKILL');
  }
}
const cbs = mode === 'full' ? [] : [new callbacks.BackupAndRestore({ backupDir })];
if (mode === 'crash') cbs.push(new Crash());
await model.fit(x, y, { epochs: 4, batchSize: 16, verbose: 0, callbacks: cbs });
writeFileSync(outFile, JSON.stringify(model.getWeights().map((w) => Array.from(w))));
process.exit(0);
