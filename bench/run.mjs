// Bench dispatcher: `node bench/run.mjs <name> [args…]` runs bench/<name>.bench.mjs with the args.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here).filter((f) => f.endsWith('.bench.mjs')).map((f) => f.slice(0, -'.bench.mjs'.length));
const name = process.argv[2];
if (!name || !available.includes(name)) {
  console.error(`usage: node bench/run.mjs <${available.join('|')}> [args…]${name ? ` (unknown bench '${name}')` : ''}`);
  process.exit(2);
}
if (!existsSync(join(here, '../dist/index.js'))) {
  console.error('bench: dist/index.js is missing; build it first with `npx tsup` (and the .wasm with `npm run build:wasm`).');
  process.exit(2);
}
process.argv.splice(2, 1); // the bench sees only its own args
await import(pathToFileURL(join(here, `${name}.bench.mjs`)).href);
