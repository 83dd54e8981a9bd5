// Memory, http(s) (against a local server, in Node) and the scheme router.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValueError } from '../../../ts/errors.js';
import { getLoadHandler, getSaveHandler, memorySaveHandler, type FileSet } from '../../../ts/saving/io/index.js';

const enc = new TextEncoder();
const weights = Uint8Array.from({ length: 24 }, (_, i) => i);
const modelJson = { modelTopology: { class_name: 'Sequential' }, format: 'layers-model', weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: [] }] };

let server: Server;
let base = '';
const posts: { contentType: string; fields: Map<string, Uint8Array> }[] = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': req.headers['content-type']! } }).formData();
      const fields = new Map<string, Uint8Array>();
      for (const [k, v] of form) fields.set(k, new Uint8Array(await (v as Blob).arrayBuffer()));
      posts.push({ contentType: req.headers['content-type']!, fields });
      res.writeHead(url.pathname === '/upload' ? 200 : 500).end();
      return;
    }
    if (url.pathname === '/m/model.json' && url.searchParams.get('v') === '2') return res.end(JSON.stringify(modelJson));
    if (url.pathname === '/m/group1-shard1of2.bin' && url.search === '?v=2') return res.end(weights.subarray(0, 16));
    if (url.pathname === '/m/group1-shard2of2.bin' && url.search === '?v=2') return res.end(weights.subarray(16));
    if (url.pathname === '/half/model.json') return res.end(JSON.stringify(modelJson));
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('http(s) targets', () => {
  it('loads model.json and every shard relative to it, keeping the query string', async () => {
    const set = await getLoadHandler(`${base}/m/model.json?v=2`).load!();
    expect(set.main).toBe('model.json');
    expect(JSON.parse(new TextDecoder().decode(set.files.get('model.json')))).toEqual(modelJson);
    expect(set.files.get('group1-shard1of2.bin')).toEqual(weights.subarray(0, 16));
    expect(set.files.get('group1-shard2of2.bin')).toEqual(weights.subarray(16));
  });

  it('404 on the model or on a shard is a ValueError naming the URL', async () => {
    await expect(getLoadHandler(`${base}/missing/model.json`).load!()).rejects.toThrow(/missing\/model\.json' failed with HTTP status 404/);
    await expect(getLoadHandler(`${base}/half/model.json`).load!()).rejects.toThrow(/weight file 'group1-shard1of2\.bin'.*404/);
  });

  it('saves by POSTing model.json + model.weights.bin as multipart fields (tfjs http layout)', async () => {
    const set: FileSet = { main: 'x.json', files: new Map([
      ['x.json', enc.encode(JSON.stringify({ ...modelJson, weightsManifest: [{ paths: ['./w.bin'], weights: [] }] }))],
      ['w.bin', weights],
    ]) };
    const r = await getSaveHandler(`${base}/upload`).save!(set);
    expect(r.bytes).toBeGreaterThan(24);
    const post = posts.at(-1)!;
    expect(post.contentType).toMatch(/^multipart\/form-data/);
    expect([...post.fields.keys()].sort()).toEqual(['model.json', 'model.weights.bin']);
    expect(JSON.parse(new TextDecoder().decode(post.fields.get('model.json'))).weightsManifest[0].paths).toEqual(['./model.weights.bin']);
    expect(post.fields.get('model.weights.bin')).toEqual(weights);
    await expect(getSaveHandler(`${base}/fails`).save!(set)).rejects.toThrow(/failed: the server answered HTTP status 500/);
  });
});

describe('memory and routing', () => {
  it('recognises .keras, HDF5 and JSON bytes', async () => {
    const zip = Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0]);
    expect((await getLoadHandler(zip).load!()).main).toBe('model.keras');
    const h5 = Uint8Array.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect((await getLoadHandler(h5.buffer).load!()).main).toBe('model.h5');
    expect((await getLoadHandler(enc.encode(' {"a":1}')).load!()).main).toBe('model.json');
    await expect(getLoadHandler(Uint8Array.from([1, 2, 3])).load!()).rejects.toThrow(/neither a \.keras zip, an HDF5 file nor a model\.json/);
  });

  it('keeps a saved set in memory', async () => {
    const h = memorySaveHandler();
    const set: FileSet = { main: 'model.keras', files: new Map([['model.keras', Uint8Array.of(1, 2)]]) };
    const r = await getSaveHandler(h).save!(set);
    expect(r.set!.files.get('model.keras')).toEqual(Uint8Array.of(1, 2));
    expect(h.saved).toBe(r.set);
    expect(await getLoadHandler(r.set!).load!()).toBe(r.set);
  });

  it('custom handlers pass through; wrong targets are ValueErrors', () => {
    const custom = { save: async () => ({ written: [], bytes: 0 }) };
    expect(getSaveHandler(custom)).toBe(custom);
    expect(() => getLoadHandler(custom)).toThrow(/without a load\(\) method/);
    expect(() => getSaveHandler('ftp://x/m.keras')).toThrow(/Unknown storage scheme 'ftp:\/\/'/);
    expect(() => getLoadHandler('downloads://m')).toThrow(/can only save/);
    expect(() => getSaveHandler(42 as never)).toThrow(ValueError);
  });

  it('browser stores say they are unavailable in Node instead of failing obscurely', async () => {
    await expect(getSaveHandler('indexeddb://m').save!({ main: 'model.keras', files: new Map([['model.keras', Uint8Array.of(1)]]) })).rejects.toThrow(/IndexedDB is not available here/);
    await expect(getLoadHandler('localstorage://m').load!()).rejects.toThrow(/localStorage is not available here/);
    expect(() => getSaveHandler('indexeddb://')).toThrow(/needs a name/);
  });
});

describe('picked files (File objects)', () => {
  it('finds the model file and its weight files by name', async () => {
    const json = { modelTopology: {}, weightsManifest: [{ paths: ['./net.weights.bin'], weights: [] }] };
    const set = await getLoadHandler([new File([weights], 'net.weights.bin'), new File([JSON.stringify(json)], 'net.json')]).load!();
    expect(set.main).toBe('net.json');
    expect(set.files.get('net.weights.bin')).toEqual(weights);
    const keras = await getLoadHandler([new File([Uint8Array.of(0x50, 0x4b, 3, 4)], 'm.keras')]).load!();
    expect(keras.files.get('m.keras')).toEqual(Uint8Array.of(0x50, 0x4b, 3, 4));
    await expect(getLoadHandler([new File([JSON.stringify(json)], 'net.json')]).load!()).rejects.toThrow(/lists weight file 'net\.weights\.bin', which is not among the files/);
    await expect(getLoadHandler([new File([weights], 'a.bin')]).load!()).rejects.toThrow(/exactly one model file/);
  });
});
