// results.json: read for a resume (only when it describes the same study), written after
// every run together with the report and the summary, each through a temporary file so an
// interrupted study always leaves valid files.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValueError } from '../errors.js';
import { writeFileAtomic } from '../vis/target.js';
import { reportHtml } from './report_html.js';
import { summaryMarkdown } from './report_md.js';
import type { Results } from './types.js';

export const FILES = { results: 'results.json', report: 'report.html', summary: 'summary.md' };

/** The previous results in `outDir`, if any; refuses a file of another study (different setup). */
export function readPrevious(outDir: string, setup: Results['setup']): Results | undefined {
  const file = join(outDir, FILES.results);
  if (!existsSync(file)) return undefined;
  let prev: Results;
  try {
    prev = JSON.parse(readFileSync(file, 'utf8')) as Results;
  } catch (e) {
    throw new ValueError(`compare: ${file} is not valid JSON (${(e as Error).message}); delete it or pass resume: false (--no-resume). Received: ${file}`);
  }
  if (prev.format !== 'kerasm-compare/1' || !Array.isArray(prev.runs)) {
    throw new ValueError(`compare: ${file} is not a kerasm compare results file. Received: format ${JSON.stringify(prev.format)}`);
  }
  const a = JSON.stringify(prev.setup), b = JSON.stringify(setup);
  if (a !== b) {
    throw new ValueError(`compare: ${file} holds a different study (model, data, budget, seed, target or loss differ); ` +
      `use another outDir, or pass resume: false (--no-resume) to start over. Received: previous ${a}, now ${b}`);
  }
  return prev;
}

/** Writes results.json, report.html and summary.md. */
export function writeOutputs(outDir: string, results: Results): void {
  results.updatedAt = new Date().toISOString();
  writeFileAtomic(join(outDir, FILES.results), `${JSON.stringify(results, null, 1)}\n`);
  writeFileAtomic(join(outDir, FILES.report), reportHtml(results));
  writeFileAtomic(join(outDir, FILES.summary), summaryMarkdown(results));
}
