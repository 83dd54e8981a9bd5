// `kerasm compare …`: command-line flags → compare(). Returns the exit code (0 done,
// 130 interrupted, 2 bad usage, 1 runs failed) instead of exiting, so it can be tested.

import { ValueError } from '../errors.js';
import { compare, type CompareOptions } from './compare.js';
import { OPTIMIZERS } from './grid.js';
import { PRESETS } from './sources.js';

/** The `kerasm compare --help` text: the command-line options and what they default to. */
export const USAGE = `Usage: kerasm compare [options]

Trains one model over a grid of optimizers × learning rates × batch sizes × thread counts
(same initial weights and data order) and writes report.html, results.json and summary.md.

  --model M        ${Object.keys(PRESETS).join(' | ')} | file.keras | model.json | build.mjs   (default fashion-mlp)
  --data D         fashion-mnist | data.mjs (exports a function (kerasm) => {xTrain, yTrain, xVal?, yVal?, xTest?, yTest?})
  --train N --val N --test N   Fashion-MNIST slice sizes (default 50000, 10000, 10000)
  --optimizers L   comma list of ${Object.keys(OPTIMIZERS).join(', ')} (default adam)
  --lr L           comma list of numbers, 'default', 'cosine:<lr>', 'exp:<lr>:<factor per epoch>' (default default)
  --batch L        comma list of batch sizes (default 32)
  --threads L      comma list of thread counts (default: the current count)
  --epochs N       epoch budget per run (default 5)
  --time S         training-seconds budget per run (stops after the batch that crosses it)
  --target A       validation accuracy to time (default: the preset's; 'none' for none)
  --seed N         seed of the weights and the shuffles (default 1234)
  --warmup N       samples a throw-away model of each run trains before the clock starts (default 1024)
  --out DIR        output folder (default ./kerasm-compare)
  --no-resume      start over instead of skipping the cells results.json already holds
  --quiet          no progress output

Ctrl-C stops the current run and leaves a valid partial report; run again to resume.`;

const FLAGS = ['model', 'data', 'train', 'val', 'test', 'optimizers', 'lr', 'batch', 'threads', 'epochs', 'time', 'target', 'seed', 'warmup', 'out'];
const SWITCHES = ['no-resume', 'quiet', 'help'];

/** Parses `compare` flags into options (throws ValueError on a bad flag or value). */
export function parseArgs(argv: string[]): CompareOptions & { help?: boolean } {
  const v: Record<string, string> = {};
  const on = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new ValueError(`kerasm compare: unexpected argument. Received: '${a}'`);
    const [, name, inline] = m as unknown as [string, string, string | undefined];
    if (a === '-h') on.add('help');
    else if (SWITCHES.includes(name)) on.add(name);
    else if (FLAGS.includes(name)) {
      const val = inline ?? argv[++i];
      if (val === undefined) throw new ValueError(`kerasm compare: --${name} needs a value. Received: nothing`);
      v[name] = val;
    } else throw new ValueError(`kerasm compare: unknown option --${name} (see --help). Received: '${a}'`);
  }
  const num = (name: string, s: string) => {
    const n = Number(s);
    if (s.trim() === '' || !Number.isFinite(n)) throw new ValueError(`kerasm compare: --${name} takes a number. Received: '${s}'`);
    return n;
  };
  const list = (name: string) => v[name]!.split(',').map((s) => s.trim()).filter(Boolean);
  const nums = (name: string) => list(name).map((s) => num(name, s));
  const opts: CompareOptions & { help?: boolean } = { model: v.model ?? 'fashion-mlp', outDir: v.out ?? 'kerasm-compare' };
  if (on.has('help')) opts.help = true;
  const slices = ['train', 'val', 'test'].filter((k) => v[k] !== undefined);
  if (v.data !== undefined && v.data !== 'fashion-mnist') {
    if (slices.length) throw new ValueError(`kerasm compare: --train/--val/--test slice Fashion-MNIST, not --data ${v.data}. Received: --${slices[0]}`);
    opts.data = v.data;
  } else if (slices.length) {
    opts.data = { name: 'fashion-mnist', ...Object.fromEntries(slices.map((k) => [k, num(k, v[k]!)])) };
  }
  const grid: NonNullable<CompareOptions['grid']> = {};
  if (v.optimizers) grid.optimizers = list('optimizers');
  if (v.lr) grid.learningRates = list('lr').map((s) => (/^[\d.]+(e-?\d+)?$/i.test(s) ? Number(s) : s));
  if (v.batch) grid.batchSizes = nums('batch');
  if (v.threads) grid.threads = nums('threads');
  opts.grid = grid;
  const budget: NonNullable<CompareOptions['budget']> = {};
  if (v.epochs) budget.epochs = num('epochs', v.epochs);
  if (v.time) budget.seconds = num('time', v.time);
  opts.budget = budget;
  if (v.target) opts.targetAccuracy = v.target === 'none' ? null : num('target', v.target);
  if (v.seed) opts.seed = num('seed', v.seed);
  if (v.warmup) opts.warmup = num('warmup', v.warmup);
  if (on.has('no-resume')) opts.resume = false;
  if (on.has('quiet')) opts.verbose = 0;
  return opts;
}

/** `kerasm <command> …`; returns the exit code. */
export async function main(argv: string[], write: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'compare') {
    process.stderr.write(`kerasm: unknown command '${command}'; the command is 'compare'.\n\n${USAGE}\n`);
    return 2;
  }
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(rest);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  if (opts.help) { write(`${USAGE}\n`); return 0; }
  delete opts.help;
  try {
    const r = await compare({ ...opts, handleSigint: true, write });
    if (!r.complete) return r.runs.some((x) => x.status === 'failed') && !r.runs.some((x) => x.status === 'interrupted') ? 1 : 130;
    return 0;
  } catch (e) {
    if (e instanceof ValueError) { process.stderr.write(`${e.message}\n`); return 2; }
    throw e;
  }
}
