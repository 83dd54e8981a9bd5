// The scratch project every bundler builds: kerasm as a user installs it (the `npm pack`
// tarball unpacked into node_modules/kerasm, its runtime dependencies beside it, copied
// from this checkout so nothing touches the network), and the app in src/ (app/main.js).

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../', import.meta.url));

export interface Project {
  /** Temporary directory holding the tarball and the project. */
  work: string;
  dir: string;
  tarballBytes: number;
}

function sh(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export function makeProject(): Project {
  for (const f of ['dist/index.js', 'dist/kerasm.iife.js', 'dist/wasm/kerasm-simd.wasm']) {
    if (!existsSync(join(repo, f))) throw new Error(`bundler tests need ${f}: run \`npm run build\` (or \`bash scripts/setup.sh\`).`);
  }
  const work = mkdtempSync(join(tmpdir(), 'kerasm-bundlers-'));
  const packed = JSON.parse(sh('npm', ['pack', '--json', '--silent', '--pack-destination', work], repo)) as { filename: string; size: number }[];
  const dir = join(work, 'project');
  const pkg = join(dir, 'node_modules/kerasm');
  mkdirSync(pkg, { recursive: true });
  sh('tar', ['-xzf', join(work, packed[0]!.filename), '-C', pkg, '--strip-components=1'], work);
  const deps = Object.keys((JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {});
  for (const d of deps) cpSync(join(repo, 'node_modules', d), join(dir, 'node_modules', d), { recursive: true, dereference: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module', dependencies: { kerasm: '*' } }));
  mkdirSync(join(dir, 'src'));
  cpSync(fileURLToPath(new URL('./app/main.js', import.meta.url)), join(dir, 'src/index.js'));
  return { work, dir, tarballBytes: packed[0]!.size };
}

/** The HTML page that loads a bundle: as a module script or a classic one. */
export function page(script: string, module: boolean): string {
  return `<!doctype html>\n<meta charset="utf-8">\n<title>kerasm app</title>\n<script${module ? ' type="module"' : ''} src="${script}"></script>\n`;
}
