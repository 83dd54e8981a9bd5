// The grid: its cells in a stable order, and each cell's optimizer (with its learning rate
// or schedule).

import { ValueError } from '../errors.js';
import * as optimizers from '../optimizers/index.js';
import { CosineDecay } from '../optimizers/schedules/cosine_decay.js';
import { ExponentialDecay } from '../optimizers/schedules/exponential_decay.js';
import type { LearningRateSchedule } from '../optimizers/schedules/learning_rate_schedule.js';
import type { Cell, Grid, LearningRateSpec } from './types.js';

type LR = number | LearningRateSchedule;

/** Optimizer names → factory (Keras defaults apart from the learning rate). */
export const OPTIMIZERS: Record<string, (lr: LR | undefined) => optimizers.Optimizer> = {
  sgd: (lr) => new optimizers.SGD(lr === undefined ? {} : { learningRate: lr }),
  'sgd-momentum': (lr) => new optimizers.SGD({ momentum: 0.9, ...(lr === undefined ? {} : { learningRate: lr }) }),
  'sgd-nesterov': (lr) => new optimizers.SGD({ momentum: 0.9, nesterov: true, ...(lr === undefined ? {} : { learningRate: lr }) }),
  rmsprop: (lr) => new optimizers.RMSprop(lr === undefined ? {} : { learningRate: lr }),
  adagrad: (lr) => new optimizers.Adagrad(lr === undefined ? {} : { learningRate: lr }),
  adadelta: (lr) => new optimizers.Adadelta(lr === undefined ? {} : { learningRate: lr }),
  adam: (lr) => new optimizers.Adam(lr === undefined ? {} : { learningRate: lr }),
  adamw: (lr) => new optimizers.AdamW(lr === undefined ? {} : { learningRate: lr }),
  adamax: (lr) => new optimizers.Adamax(lr === undefined ? {} : { learningRate: lr }),
  nadam: (lr) => new optimizers.Nadam(lr === undefined ? {} : { learningRate: lr }),
  lion: (lr) => new optimizers.Lion(lr === undefined ? {} : { learningRate: lr }),
};

const positiveInts = (where: string, what: string, v: number[]): number[] => {
  if (!Array.isArray(v) || v.length === 0 || v.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new ValueError(`${where}: ${what} must be a non-empty list of positive integers. Received: ${JSON.stringify(v)}`);
  }
  return v;
};

/** Checks a learning-rate spec and returns its canonical text (as used in cell ids). */
export function lrKey(spec: LearningRateSpec): string {
  if (typeof spec === 'number') {
    if (!(spec > 0) || !Number.isFinite(spec)) throw new ValueError(`compare: a learning rate must be a positive number. Received: ${spec}`);
    return String(spec);
  }
  const s = String(spec).trim();
  if (s === 'default') return s;
  if (/^-?[\d.]+(e-?\d+)?$/i.test(s)) return lrKey(Number(s));
  const m = /^(cosine|exp):([^:]+)(?::([^:]+))?$/.exec(s);
  const nums = m ? [m[2], m[3]].filter((x) => x !== undefined).map(Number) : [];
  if (!m || nums.some((x) => !(x > 0)) || (m[1] === 'exp' && nums.length !== 2) || (m[1] === 'cosine' && nums.length !== 1)) {
    throw new ValueError(`compare: a learning rate is a number, 'default', 'cosine:<lr>' (cosine decay over the epoch budget) or 'exp:<lr>:<factor per epoch>'. Received: '${s}'`);
  }
  return `${m[1]}:${nums.join(':')}`;
}

/** The grid's cells: optimizers × learning rates × batch sizes × threads, in that nesting order. */
export function expandGrid(grid: Grid, defaultThreads: number): Cell[] {
  const where = 'compare: grid';
  const opts = grid.optimizers ?? ['adam'];
  if (!Array.isArray(opts) || opts.length === 0) throw new ValueError(`${where}.optimizers must be a non-empty list. Received: ${JSON.stringify(opts)}`);
  for (const o of opts) {
    if (!(o in OPTIMIZERS)) throw new ValueError(`${where}.optimizers: unknown optimizer '${o}'; known: ${Object.keys(OPTIMIZERS).join(', ')}. Received: '${o}'`);
  }
  const lrs = (grid.learningRates ?? ['default']).map(lrKey);
  const batches = positiveInts(where, 'batchSizes', grid.batchSizes ?? [32]);
  const threads = positiveInts(where, 'threads', grid.threads ?? [defaultThreads]);
  const cells: Cell[] = [];
  for (const optimizer of opts) {
    for (const lr of lrs) {
      for (const batchSize of batches) {
        for (const t of threads) {
          const learningRate = /^[\d.e-]+$/i.test(lr) ? Number(lr) : lr;
          cells.push({ id: `${optimizer}|lr=${lr}|bs=${batchSize}|t=${t}`, optimizer, learningRate, batchSize, threads: t });
        }
      }
    }
  }
  const ids = new Set(cells.map((c) => c.id));
  if (ids.size !== cells.length) throw new ValueError(`${where}: the grid lists a value twice (cells must be distinct). Received: ${JSON.stringify(grid)}`);
  return cells;
}

/** A short label of a cell for charts and tables: 'adam 1e-3 bs32 t2'. */
export function cellLabel(c: Cell, showThreads = true): string {
  const lr = c.learningRate === 'default' ? '' : ` ${String(c.learningRate)}`;
  return `${c.optimizer}${lr} bs${c.batchSize}${showThreads ? ` t${c.threads}` : ''}`;
}

/** The cell's optimizer; schedules decay over `stepsPerEpoch × epochs` steps. */
export function makeOptimizer(cell: Cell, stepsPerEpoch: number, epochs: number | undefined): optimizers.Optimizer {
  const spec = String(cell.learningRate);
  let lr: LR | undefined;
  if (spec === 'default') lr = undefined;
  else if (spec.startsWith('cosine:')) {
    if (epochs === undefined || !Number.isFinite(epochs)) {
      throw new ValueError(`compare: a cosine schedule decays over the epoch budget; give budget.epochs. Received: learning rate '${spec}' with no epoch budget`);
    }
    lr = new CosineDecay({ initialLearningRate: Number(spec.split(':')[1]), decaySteps: stepsPerEpoch * epochs });
  } else if (spec.startsWith('exp:')) {
    const [, a, r] = spec.split(':');
    lr = new ExponentialDecay({ initialLearningRate: Number(a), decaySteps: stepsPerEpoch, decayRate: Number(r), staircase: true });
  } else lr = Number(spec);
  return OPTIMIZERS[cell.optimizer]!(lr);
}
