// Markdown tables for COMPARE_FINDINGS.md from kerasm compare results.json files:
// test accuracy and epochs-to-target per optimizer × batch size, and samples per CPU second.
// Usage: node examples/results/findings_tables.mjs compare-mlp/results.json [cpu-throughput/results.json …]

import { readFileSync } from 'node:fs';

const fmt = (v, d = 4) => (v === null || v === undefined ? '–' : v.toFixed(d));

function grid(results, value, title) {
  const opts = [...new Set(results.cells.map((c) => c.optimizer))];
  const bss = [...new Set(results.cells.map((c) => c.batchSize))].sort((a, b) => a - b);
  const run = (o, b) => results.runs.find((r) => r.optimizer === o && r.batchSize === b && r.status === 'done');
  const lines = [`**${title}**`, '', `| optimizer | ${bss.map((b) => `bs ${b}`).join(' | ')} |`, `| --- |${bss.map(() => ' ---: |').join('')}`];
  for (const o of opts) lines.push(`| ${o} | ${bss.map((b) => { const r = run(o, b); return r ? value(r) : 'not run'; }).join(' | ')} |`);
  return lines.join('\n');
}

for (const file of process.argv.slice(2)) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const s = r.setup;
  console.log(`### ${file}: ${s.model}, ${s.data}, ${JSON.stringify(s.budget)}, target ${s.targetAccuracy}\n`);
  if (r.runs.some((x) => x.testAccuracy !== null)) {
    console.log(grid(r, (x) => `${fmt(x.testAccuracy, 3)}`, 'Test accuracy after the budget') + '\n');
    console.log(grid(r, (x) => `${fmt(x.bestValAccuracy, 3)}`, 'Best validation accuracy') + '\n');
  }
  if (s.targetAccuracy !== null) console.log(grid(r, (x) => (x.epochsToTarget === null ? '–' : String(x.epochsToTarget)), `Epoch at which validation accuracy first reached ${s.targetAccuracy}`) + '\n');
  console.log(grid(r, (x) => Math.round(x.samplesPerSecond).toLocaleString('en-US'), 'Samples/s (wall clock; load-dependent)') + '\n');
  if (r.runs.some((x) => x.samplesPerCpuSecond)) console.log(grid(r, (x) => (x.samplesPerCpuSecond ? Math.round(x.samplesPerCpuSecond).toLocaleString('en-US') : '–'), 'Samples per CPU second') + '\n');
}
