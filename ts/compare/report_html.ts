// report.html: one self-contained page (inline SVG charts, a sortable table, the results
// JSON embedded) that opens from disk without a network.

import { barChart } from '../vis/bar_chart.js';
import { lineChart, type Series } from '../vis/line_chart.js';
import { SORT_SCRIPT, htmlPage, tableMarkup, type Column } from '../vis/page.js';
import { PALETTE, esc, extent } from '../vis/svg.js';
import { cellLabel } from './grid.js';
import type { Cell, Results, RunRecord } from './types.js';

const MB = 1024 * 1024;
const fixed = (d: number) => (v: unknown) => (typeof v === 'number' ? v.toFixed(d) : String(v));
const int = (v: unknown) => (typeof v === 'number' ? Math.round(v).toLocaleString('en-US') : String(v));

/** Table columns, shared with the Markdown summary. */
export const COLUMNS: Column[] = [
  { key: 'run', label: 'run' },
  { key: 'optimizer', label: 'optimizer' },
  { key: 'learningRate', label: 'learning rate' },
  { key: 'batchSize', label: 'batch' },
  { key: 'threads', label: 'threads' },
  { key: 'status', label: 'status' },
  { key: 'epochs', label: 'epochs' },
  { key: 'samplesPerSecond', label: 'samples/s', format: int },
  { key: 'samplesPerCpuSecond', label: 'samples/CPU-s', format: int },
  { key: 'trainSeconds', label: 'train s', format: fixed(1) },
  { key: 'wallSeconds', label: 'wall s', format: fixed(1) },
  { key: 'loss', label: 'final loss', format: fixed(4) },
  { key: 'valAccuracy', label: 'final val acc', format: fixed(4) },
  { key: 'bestValAccuracy', label: 'best val acc', format: fixed(4) },
  { key: 'timeToTarget', label: 'time to target s', format: fixed(1) },
  { key: 'testAccuracy', label: 'test acc', format: fixed(4) },
  { key: 'peakTensorMB', label: 'peak tensor MB', format: fixed(1) },
  { key: 'wasmMB', label: 'wasm memory MB', format: fixed(0) },
  { key: 'peakRssMB', label: 'peak RSS MB', format: fixed(0) },
];

/** One table row per run. */
export function tableRows(results: Results): Record<string, unknown>[] {
  const multiThread = new Set(results.cells.map((c) => c.threads)).size > 1;
  return results.runs.map((r) => {
    const last = r.epochs[r.epochs.length - 1];
    const lastVal = [...r.epochs].reverse().find((e) => e.valAccuracy !== undefined);
    return {
      run: cellLabel(r, multiThread), optimizer: r.optimizer, learningRate: String(r.learningRate), batchSize: r.batchSize, threads: r.threads,
      status: r.status === 'done' ? `done (${r.stoppedBy})` : r.status, epochs: r.epochs.length,
      samplesPerSecond: r.samplesPerSecond || null, samplesPerCpuSecond: r.samplesPerCpuSecond ?? null, trainSeconds: r.trainSeconds, wallSeconds: r.wallSeconds,
      loss: last?.loss ?? null, valAccuracy: lastVal?.valAccuracy ?? null, bestValAccuracy: r.bestValAccuracy,
      timeToTarget: r.timeToTarget, testAccuracy: r.testAccuracy,
      peakTensorMB: r.peakMemory.wasmBytesInUse / MB, wasmMB: r.peakMemory.wasmMemoryBytes / MB, peakRssMB: r.peakMemory.rssBytes === null ? null : r.peakMemory.rssBytes / MB,
    };
  });
}

/** Groups runs by every grid axis except `axis` and plots `value` over it (throughput, accuracy). */
function linesOver(runs: RunRecord[], axis: 'batchSize' | 'threads', multiThread: boolean, value: (r: RunRecord) => number | null): Series[] {
  const groups = new Map<string, RunRecord[]>();
  for (const r of runs) {
    if (value(r) === null) continue;
    const key = axis === 'batchSize' ? `${groupOf(r)}${multiThread ? ` t${r.threads}` : ''}` : `${groupOf(r)} bs${r.batchSize}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups].map(([name, rs]) => {
    rs.sort((a, b) => a[axis] - b[axis]);
    return { name, x: rs.map((r) => r[axis]), y: rs.map(value) };
  });
}

/** The optimizer and learning rate of a run: the panel a large grid's curves are split by. */
const groupOf = (r: Cell) => `${r.optimizer}${r.learningRate === 'default' ? '' : ` ${r.learningRate}`}`;

/**
 * Runs whose per-epoch curves share one chart: all of them while each can have its own colour,
 * else one panel per optimizer (and learning rate) with the batch sizes as series, so a grid
 * of 8 optimizers × 7 batch sizes stays readable.
 */
function panels(runs: RunRecord[], multiThread: boolean): { suffix: string; runs: RunRecord[]; label: (r: Cell) => string }[] {
  if (runs.length <= PALETTE.length) return [{ suffix: '', runs, label: (r) => cellLabel(r, multiThread) }];
  const groups = new Map<string, RunRecord[]>();
  for (const r of runs) groups.set(groupOf(r), [...(groups.get(groupOf(r)) ?? []), r]);
  return [...groups].map(([g, rs]) => ({ suffix: `: ${g}`, runs: rs, label: (r: Cell) => `bs${r.batchSize}${multiThread ? ` t${r.threads}` : ''}` }));
}

/** A shared loss range for panels: one run that blows up (to 1e3, say) must not flatten every other panel. */
function robustRange(values: number[]): [number, number] | undefined {
  const e = extent(values);
  if (!e) return undefined;
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1]!;
  // 10× the median keeps every slow but sane run (Adagrad's large batches) in view.
  return [e[0], median > 0 ? Math.min(e[1], 10 * median) : e[1]];
}

/** The report's charts, as SVG strings with a caption each. */
export function reportCharts(results: Results): { title: string; svg: string; note?: string }[] {
  const runs = results.runs.filter((r) => r.epochs.length > 0);
  const multiThread = new Set(results.cells.map((c) => c.threads)).size > 1;
  const target = results.setup.targetAccuracy;
  const out: { title: string; svg: string; note?: string }[] = [];
  const withVal = (r: RunRecord) => r.epochs.filter((e) => e.valAccuracy !== undefined);
  const valRuns = runs.filter((r) => withVal(r).length > 0);
  const split = panels(runs, multiThread);
  const small = split.length > 1 ? { width: 400, height: 260 } : null;
  // Panels share their axes' ranges, so their curves compare at a glance.
  const accRange = extent(valRuns.flatMap((r) => withVal(r).map((e) => e.valAccuracy!)).concat(target ?? []));
  const timeRange: [number, number] = [0, Math.max(1e-9, ...valRuns.map((r) => r.epochs[r.epochs.length - 1]!.trainSeconds))];
  const epochRange: [number, number] = [1, Math.max(1, ...runs.map((r) => r.epochs.length))];
  const lossRange = robustRange(runs.flatMap((r) => r.epochs.map((e) => e.loss)));
  const valLossRange = robustRange(valRuns.flatMap((r) => withVal(r).map((e) => e.valLoss ?? NaN)));
  for (const p of split) {
    const v = p.runs.filter((r) => withVal(r).length > 0);
    if (!v.length) continue;
    out.push({
      title: `Validation accuracy vs training time${p.suffix}`,
      svg: lineChart({
        title: `Validation accuracy vs training time${p.suffix}`, xLabel: 'training seconds (validation excluded)', yLabel: 'validation accuracy',
        width: small?.width ?? 760, height: small?.height ?? 360, xZero: true,
        series: v.map((r) => ({ name: p.label(r), x: withVal(r).map((e) => e.trainSeconds), y: withVal(r).map((e) => e.valAccuracy!) })),
        ...(target !== null ? { rule: { y: target, label: `target ${target}` } } : {}),
        ...(small ? { xDomain: timeRange, ...(accRange ? { yDomain: accRange } : {}) } : {}),
      }),
    });
  }
  // With one epoch per run the loss-vs-epoch charts are columns of dots: the table says it better.
  const oneEpoch = epochRange[1] === 1;
  if (oneEpoch) out.push({ title: 'Loss vs epoch', svg: '', note: 'Loss vs epoch: every run trained one epoch; its losses are in the table.' });
  for (const p of oneEpoch ? [] : split) {
    out.push({
      title: `Training loss vs epoch${p.suffix}`,
      svg: lineChart({
        title: `Training loss vs epoch${p.suffix}`, xLabel: 'epoch', yLabel: 'loss', width: small?.width ?? 560, height: small?.height ?? 320, xInteger: true,
        series: p.runs.map((r) => ({ name: p.label(r), x: r.epochs.map((e) => e.epoch), y: r.epochs.map((e) => e.loss) })),
        ...(small ? { xDomain: epochRange, ...(lossRange ? { yDomain: lossRange } : {}) } : {}),
      }),
    });
  }
  for (const p of oneEpoch ? [] : split) {
    const v = p.runs.filter((r) => withVal(r).length > 0);
    if (!v.length) continue;
    out.push({
      title: `Validation loss vs epoch${p.suffix}`,
      svg: lineChart({
        title: `Validation loss vs epoch${p.suffix}`, xLabel: 'epoch', yLabel: 'validation loss', width: small?.width ?? 560, height: small?.height ?? 320, xInteger: true,
        series: v.map((r) => ({ name: p.label(r), x: withVal(r).map((e) => e.epoch), y: withVal(r).map((e) => e.valLoss ?? NaN) })),
        ...(small ? { xDomain: epochRange, ...(valLossRange ? { yDomain: valLossRange } : {}) } : {}),
      }),
    });
  }
  out.push({
    title: 'Throughput vs batch size',
    svg: lineChart({
      title: 'Throughput vs batch size', xLabel: 'batch size', yLabel: 'samples/s', xScale: 'log', width: 560, height: 320, points: true, yZero: true,
      series: linesOver(runs, 'batchSize', multiThread, (r) => (r.samplesPerSecond > 0 ? r.samplesPerSecond : null)),
    }),
  });
  if (runs.some((r) => (r.samplesPerCpuSecond ?? 0) > 0)) {
    out.push({
      title: 'Throughput per CPU second vs batch size',
      svg: lineChart({
        title: 'Throughput per CPU second vs batch size', xLabel: 'batch size', yLabel: 'samples per CPU second', xScale: 'log', width: 560, height: 320, points: true, yZero: true,
        series: linesOver(runs, 'batchSize', multiThread, (r) => ((r.samplesPerCpuSecond ?? 0) > 0 ? r.samplesPerCpuSecond! : null)),
      }),
    });
  }
  if (new Set(runs.map((r) => r.batchSize)).size > 1 && valRuns.length) {
    // Within an epoch budget, bigger batches take fewer steps: where that costs accuracy.
    out.push({
      title: 'Best validation accuracy vs batch size',
      svg: lineChart({
        title: 'Best validation accuracy vs batch size', xLabel: 'batch size', yLabel: 'best validation accuracy', xScale: 'log', width: 560, height: 320, points: true,
        series: linesOver(valRuns, 'batchSize', multiThread, (r) => r.bestValAccuracy),
        ...(target !== null ? { rule: { y: target, label: `target ${target}` } } : {}),
      }),
    });
  }
  if (target === null) {
    out.push({ title: 'Time to target accuracy', svg: '', note: 'Time to target: no target accuracy set (pass --target, or targetAccuracy).' });
  } else {
    out.push({
      title: 'Time to target accuracy',
      svg: barChart({
        title: `Training seconds to validation accuracy ≥ ${target}`, yLabel: 'seconds',
        categories: runs.map((r) => cellLabel(r, multiThread)), series: [{ name: 'seconds', values: runs.map((r) => r.timeToTarget) }], missingLabel: 'not reached',
      }),
    });
  }
  if (multiThread) {
    out.push({
      title: 'Thread scaling',
      svg: lineChart({
        title: 'Thread scaling', xLabel: 'threads', yLabel: 'samples/s', width: 560, height: 320, points: true, yZero: true, xInteger: true,
        series: linesOver(runs, 'threads', multiThread, (r) => (r.samplesPerSecond > 0 ? r.samplesPerSecond : null)),
      }),
    });
  } else {
    out.push({ title: 'Thread scaling', svg: '', note: `Thread scaling: the grid has one thread count (${results.cells[0]?.threads ?? '?'}); pass several (--threads 1,2,4) to compare.` });
  }
  return out;
}

function envTable(results: Results): string {
  const e = results.environment, s = results.setup;
  const rows: [string, string][] = [
    ['CPU', `${e.cpu} (${e.cores} cores available)`], ['OS', e.platform], ['Node', e.node],
    ['kerasm', `${e.kerasm} (${e.variant} build, ${e.threads} thread(s) at start)`],
    ['model', s.model], ['data', `${s.data}: ${s.trainSamples} train, ${s.valSamples} validation, ${s.testSamples} test`],
    ['loss', s.loss], ['budget', [s.budget.epochs !== undefined ? `${s.budget.epochs} epochs` : '', s.budget.seconds !== undefined ? `${s.budget.seconds} training seconds` : ''].filter(Boolean).join(', ') || '5 epochs'],
    ['seed', String(s.seed)], ['target accuracy', s.targetAccuracy === null ? 'none' : String(s.targetAccuracy)],
    ['memory', `${(e.totalMemoryBytes / 1024 ** 3).toFixed(1)} GiB`], ['started', e.date], ['updated', results.updatedAt],
  ];
  return `<table class="env">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
}

/** The whole page. */
export function reportHtml(results: Results): string {
  const done = results.runs.filter((r) => r.status === 'done').length;
  const state = results.complete
    ? `Complete: ${done} of ${results.cells.length} runs.`
    : `<strong>Partial report</strong>: ${done} of ${results.cells.length} grid cells finished${results.runs.some((r) => r.status === 'interrupted') ? ' (the last run was interrupted)' : ''}. Run the same command again to resume.`;
  const failed = results.runs.filter((r) => r.status === 'failed');
  const charts = reportCharts(results).map((c) => c.svg ? `<figure>${c.svg}</figure>` : `<p class="note">${esc(c.note ?? '')}</p>`).join('\n');
  const body = `<h1>kerasm compare: ${esc(results.setup.model)}</h1>\n<p class="state">${state}</p>\n${envTable(results)}\n` +
    (failed.length ? `<h2>Failed runs</h2><ul>${failed.map((r) => `<li>${esc(r.id)}: ${esc(r.error ?? '')}</li>`).join('')}</ul>` : '') +
    `<h2>Charts</h2>\n<div class="charts">${charts}</div>\n<h2>Runs</h2>\n<p>Click a column header to sort. Samples/s leaves out each run's first batch (and each run starts after a warm-up model trained on the same shapes); times are training seconds (validation excluded) unless marked wall. Peak tensor MB: the most WebAssembly heap held by live tensors during the run (data included); wasm memory: the size of the WebAssembly memory, which never shrinks. Samples/CPU-s: the same samples per second of the process's CPU time (all its threads), which other programs' load hardly changes: the number to compare on a busy machine.</p>\n` +
    tableMarkup(COLUMNS, tableRows(results)) +
    // The data, for tools: JSON in a non-executed script element ('<' escaped so it cannot end it).
    `\n<script type="application/json" id="kerasm-results">${JSON.stringify(results).replace(/</g, '\\u003c')}</script>`;
  return htmlPage(body, {
    title: `kerasm compare: ${results.setup.model}`,
    style: 'table.kerasm-table td:first-child{white-space:nowrap}figure{display:inline-block;margin:6px;vertical-align:top}table.env{border-collapse:collapse;font-size:12px;margin-bottom:8px}table.env th{text-align:left;padding:2px 10px 2px 0;color:#555;font-weight:500}.note{color:#666;font-style:italic}',
    script: SORT_SCRIPT,
  });
}

