// `npm run demo`: serves the demo page with COOP/COEP (so the page is cross-origin isolated
// and kerasm runs its threaded build in the Worker), the built package under /dist/, and the
// Fashion-MNIST files of the Debian package under /data/ (no network needed).
//   PORT (default 8080; 0 picks a free port), KERASM_DEMO_DIST (default ./dist),
//   KERASM_FASHION_MNIST (default /usr/share/datasets/fashion-mnist)

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('./', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json', '.wasm': 'application/wasm', '.css': 'text/css', '.gz': 'application/octet-stream',
};

/** Starts the server; resolves to { url, close }. */
export function startDemoServer({
  port = Number(process.env.PORT ?? 8080),
  dist = process.env.KERASM_DEMO_DIST ?? join(here, '../../dist'),
  data = process.env.KERASM_FASHION_MNIST ?? '/usr/share/datasets/fashion-mnist',
} = {}) {
  const mounts = [['/dist/', resolve(dist)], ['/data/', resolve(data)], ['/', resolve(here)]];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const [prefix, root] = mounts.find(([p]) => path.startsWith(p));
    const file = resolve(root, `.${path.slice(prefix.length - 1) === '/' ? '/index.html' : path.slice(prefix.length - 1)}`);
    const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cache-Control': 'no-store' };
    if (file !== root && !file.startsWith(root + sep)) { res.writeHead(404, headers).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, headers).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}/`;
      ok({ url, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await startDemoServer();
  console.log(`kerasm demo: ${url}  (Ctrl-C to stop)`);
}
