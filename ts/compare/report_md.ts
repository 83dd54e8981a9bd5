// summary.md: the headline findings and the table, for pasting into an issue.

import { COLUMNS, tableRows } from './report_html.js';
import { cellLabel } from './grid.js';
import type { Results, RunRecord } from './types.js';

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function summaryMarkdown(results: Results): string {
  const e = results.environment, s = results.setup;
  const done = results.runs.filter((r) => r.status === 'done');
  const multi = new Set(results.cells.map((c) => c.threads)).size > 1;
  const best = (key: (r: RunRecord) => number | null, max: boolean) => {
    let b: RunRecord | undefined;
    for (const r of done) {
      const v = key(r);
      if (v === null || !Number.isFinite(v)) continue;
      const bv = b ? key(b)! : undefined;
      if (bv === undefined || (max ? v > bv : v < bv)) b = r;
    }
    return b;
  };
  const lines: string[] = [];
  lines.push(`## kerasm compare: ${s.model}`, '');
  lines.push(`${e.cpu}, ${e.cores} cores · Node ${e.node} · kerasm ${e.kerasm} (${e.variant}) · data ${s.data}: ${s.trainSamples}/${s.valSamples}/${s.testSamples} · ` +
    `budget ${s.budget.epochs !== undefined ? `${s.budget.epochs} epochs` : ''}${s.budget.epochs !== undefined && s.budget.seconds !== undefined ? ', ' : ''}${s.budget.seconds !== undefined ? `${s.budget.seconds} s` : ''} · seed ${s.seed}`, '');
  if (!results.complete) lines.push(`**Partial:** ${done.length} of ${results.cells.length} grid cells finished.`, '');
  const fast = best((r) => r.samplesPerSecond, true);
  const acc = best((r) => r.testAccuracy ?? r.bestValAccuracy, true);
  const ttt = best((r) => r.timeToTarget, false);
  if (fast) lines.push(`- Fastest: **${cellLabel(fast, multi)}** at ${Math.round(fast.samplesPerSecond).toLocaleString('en-US')} samples/s`);
  if (acc) lines.push(`- Most accurate: **${cellLabel(acc, multi)}** with ${acc.testAccuracy !== null ? `test accuracy ${acc.testAccuracy.toFixed(4)}` : `validation accuracy ${acc.bestValAccuracy!.toFixed(4)}`}`);
  if (s.targetAccuracy !== null) {
    lines.push(ttt
      ? `- First to validation accuracy ≥ ${s.targetAccuracy}: **${cellLabel(ttt, multi)}** in ${ttt.timeToTarget!.toFixed(1)} s (epoch ${ttt.epochsToTarget}); ${done.filter((r) => r.timeToTarget !== null).length} of ${done.length} runs reached it`
      : `- No run reached validation accuracy ${s.targetAccuracy}`);
  }
  lines.push('');
  const cols = COLUMNS.filter((c) => !['optimizer', 'learningRate', 'batchSize', 'threads', 'wallSeconds', 'peakRssMB', 'wasmMB'].includes(c.key));
  lines.push(`| ${cols.map((c) => c.label).join(' | ')} |`, `|${cols.map((c, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
  for (const r of tableRows(results)) {
    lines.push(`| ${cols.map((c) => {
      const v = r[c.key];
      return cell(v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? '–' : c.format ? c.format(v) : String(v));
    }).join(' | ')} |`);
  }
  lines.push('');
  return lines.join('\n');
}
