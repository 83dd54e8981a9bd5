// Plain paths / file:// in Node: round trips, tfjs companions, errors naming the file, and
// atomic saves — a save that fails mid-write leaves the previous file byte-identical and no
// temporary file behind.

import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ValueError } from '../../../ts/errors.js';
import { getLoadHandler, getSaveHandler, nodeFileHandler, type FileSet } from '../../../ts/saving/io/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kerasm-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const enc = new TextEncoder();
const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);

function kerasSet(seed: number): FileSet {
  const b = bytes(5000, seed);
  b.set([0x50, 0x4b, 0x03, 0x04]);
  return { main: 'model.keras', files: new Map([['model.keras', b]]) };
}

function tfjsSet(): FileSet {
  const json = { modelTopology: { class_name: 'Sequential' }, format: 'layers-model', weightsManifest: [{ paths: ['./model.weights.bin'], weights: [{ name: 'd/kernel', shape: [2], dtype: 'float32' }] }] };
  return { main: 'model.json', files: new Map([['model.json', enc.encode(JSON.stringify(json))], ['model.weights.bin', bytes(8, 1)]]) };
}

describe('node file targets', () => {
  it('saves and loads a single file by path and by file:// URL', async () => {
    const p = join(dir, 'a', 'b', 'm.keras');
    const r = await getSaveHandler(p).save!(kerasSet(3));
    expect(r.written).toEqual([p]);
    expect(readFileSync(p)).toEqual(Buffer.from(kerasSet(3).files.get('model.keras')!));
    const back = await getLoadHandler(pathToFileURL(p).href).load!();
    expect(back.main).toBe('m.keras');
    expect(back.files.get('m.keras')).toEqual(kerasSet(3).files.get('model.keras'));
  });

  it('writes a tfjs model as name.json + name.weights.bin and loads the weights the manifest lists', async () => {
    const p = join(dir, 'web', 'net.json');
    await getSaveHandler(p).save!(tfjsSet());
    expect(readdirSync(join(dir, 'web')).sort()).toEqual(['net.json', 'net.weights.bin']);
    const json = JSON.parse(readFileSync(p, 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['./net.weights.bin']);
    const back = await getLoadHandler(p).load!();
    expect(back.main).toBe('net.json');
    expect(back.files.get('net.weights.bin')).toEqual(bytes(8, 1));
  });

  it('a tfjs model saved to a folder path becomes folder/model.json', async () => {
    const p = join(dir, 'folder');
    await getSaveHandler(`file://${p}`).save!(tfjsSet());
    expect(readdirSync(p).sort()).toEqual(['model.json', 'model.weights.bin']);
  });

  it('names the missing file', async () => {
    await expect(getLoadHandler(join(dir, 'nope.keras')).load!()).rejects.toThrow(/No such file: .*nope\.keras/);
    const p = join(dir, 'lonely', 'model.json');
    await getSaveHandler(p).save!(tfjsSet());
    rmSync(join(dir, 'lonely', 'model.weights.bin'));
    const err = await getLoadHandler(p).load!().catch((e: Error) => e);
    expect(err).toBeInstanceOf(ValueError);
    expect(String(err)).toMatch(/model\.weights\.bin.*weight file listed in model\.json/);
  });

  it('refuses manifest paths that leave the model folder', async () => {
    const p = join(dir, 'evil.json');
    writeFileSync(p, JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['../../etc/passwd'], weights: [] }] }));
    await expect(getLoadHandler(p).load!()).rejects.toThrow(/stay inside its folder/);
  });

  it('reports corrupt JSON naming the file', async () => {
    const p = join(dir, 'broken.json');
    writeFileSync(p, '{"modelTopology": {"class_na');
    await expect(getLoadHandler(p).load!()).rejects.toThrow(/'broken\.json' is not valid JSON/);
  });

  it('an error mid-write leaves the previous file intact and removes the temporary file', async () => {
    const p = join(dir, 'atomic', 'm.keras');
    await getSaveHandler(p).save!(kerasSet(1));
    const before = readFileSync(p);
    // A file system whose writes fail after 1000 bytes (as a full disk would).
    const failing = {
      ...fsp,
      open: async (...a: Parameters<typeof fsp.open>) => {
        const h = await fsp.open(...a);
        let written = 0;
        return new Proxy(h, {
          get(t, k) {
            if (k === 'write') {
              return async (buf: Uint8Array, off: number, len: number) => {
                if (written >= 1000) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
                const r = await t.write(buf, off, Math.min(len, 1000 - written));
                written += r.bytesWritten;
                return r;
              };
            }
            const v = Reflect.get(t, k);
            return typeof v === 'function' ? v.bind(t) : v;
          },
        });
      },
    } as unknown as typeof fsp;
    const err = await nodeFileHandler(p, { fs: failing }).save!(kerasSet(2)).catch((e: Error) => e);
    expect(err).toBeInstanceOf(ValueError);
    expect(String(err)).toMatch(/Could not save to .*m\.keras.*ENOSPC.*previous file .* unchanged/);
    expect(readFileSync(p).equals(before)).toBe(true);
    expect(readdirSync(join(dir, 'atomic'))).toEqual(['m.keras']);
    // The same handler without the fault does replace it.
    await nodeFileHandler(p).save!(kerasSet(2));
    expect(readFileSync(p).equals(before)).toBe(false);
  });

  it('a failure on the second file of a tfjs model leaves both old files in place', async () => {
    const p = join(dir, 'two', 'model.json');
    await getSaveHandler(p).save!(tfjsSet());
    const oldJson = readFileSync(p), oldBin = readFileSync(join(dir, 'two', 'model.weights.bin'));
    let opens = 0;
    const failing = { ...fsp, open: async (...a: Parameters<typeof fsp.open>) => {
      if (++opens === 2) throw new Error('EIO: i/o error, open');
      return fsp.open(...a);
    } } as unknown as typeof fsp;
    const changed = tfjsSet();
    changed.files.set('model.weights.bin', bytes(8, 99));
    await expect(nodeFileHandler(p, { fs: failing }).save!(changed)).rejects.toThrow(/EIO/);
    expect(readFileSync(p).equals(oldJson)).toBe(true);
    expect(readFileSync(join(dir, 'two', 'model.weights.bin')).equals(oldBin)).toBe(true);
    expect(readdirSync(join(dir, 'two')).sort()).toEqual(['model.json', 'model.weights.bin']);
  });

  it('a bad path (a parent that is a file) fails with the target named and creates nothing', async () => {
    const f = join(dir, 'plainfile');
    writeFileSync(f, 'x');
    await expect(getSaveHandler(join(f, 'm.keras')).save!(kerasSet(1))).rejects.toThrow(/Could not save to .*plainfile.*m\.keras/);
    expect(readFileSync(f, 'utf8')).toBe('x');
  });
});
