// tfjs weight files: the files of each manifest group are concatenated and the weights
// laid out back to back in manifest order (tfjs-core io_utils). Reading checks every
// declared shape, dtype and quantization against the bytes present before allocating
// anything, and dequantizes uint8/uint16 (`v * scale + min`) and float16 to float32.

import { ValueError, fmt } from '../../errors.js';
import { weightKey } from '../io/manifest.js';
import type { FileSet } from '../io/types.js';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  group?: string;
  quantization?: { dtype: string; scale?: number; min?: number; original_dtype?: string };
}

export interface DecodedWeight {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  group?: string;
  values: Float32Array | Int32Array;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, uint8: 1, uint16: 2, float16: 2 };
const MAX_ELEMENTS = 2 ** 31 - 1;

function checkSpec(raw: unknown, where: string): WeightSpec {
  const s = raw as WeightSpec;
  if (s === null || typeof s !== 'object' || typeof s.name !== 'string') {
    throw new ValueError(`${where}: every weight entry needs a string 'name'. Received: ${fmt(JSON.stringify(raw)?.slice(0, 80))}`);
  }
  if (!Array.isArray(s.shape) || !s.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new ValueError(`${where}: weight '${s.name}' has an invalid shape (expected a list of non-negative integers). Received: ${fmt(JSON.stringify(s.shape))}`);
  }
  if (s.dtype !== 'float32' && s.dtype !== 'int32') {
    throw new ValueError(`${where}: weight '${s.name}' has dtype ${fmt(s.dtype)}; kerasm models hold float32 and int32 weights only.`);
  }
  const q = s.quantization;
  if (q !== undefined && q !== null) {
    if (q.dtype === 'uint8' || q.dtype === 'uint16') {
      if (!Number.isFinite(q.scale) || !Number.isFinite(q.min)) {
        throw new ValueError(`${where}: weight '${s.name}' is quantized to ${q.dtype} but has no finite 'scale' and 'min'. Received: ${fmt(JSON.stringify(q))}`);
      }
    } else if (q.dtype === 'float16') {
      if (s.dtype !== 'float32') throw new ValueError(`${where}: weight '${s.name}': float16 quantization applies to float32 weights only. Received: dtype=${fmt(s.dtype)}`);
    } else {
      throw new ValueError(`${where}: weight '${s.name}' has an unknown quantization dtype. Expected 'uint8', 'uint16' or 'float16'. Received: ${fmt(q.dtype)}`);
    }
  }
  return s;
}

/** IEEE half → float (subnormals, infinities and NaN included). */
function half(h: number): number {
  const e = (h >> 10) & 0x1f, m = h & 0x3ff, sign = h & 0x8000 ? -1 : 1;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 31) return m ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

function decode(spec: WeightSpec, bytes: Uint8Array, size: number): Float32Array | Int32Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const q = spec.quantization;
  const out = spec.dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
  if (!q) {
    for (let i = 0; i < size; i++) out[i] = spec.dtype === 'int32' ? dv.getInt32(i * 4, true) : dv.getFloat32(i * 4, true);
  } else if (q.dtype === 'float16') {
    for (let i = 0; i < size; i++) out[i] = half(dv.getUint16(i * 2, true));
  } else {
    const read = q.dtype === 'uint8' ? (i: number) => bytes[i]! : (i: number) => dv.getUint16(i * 2, true);
    const scale = q.scale!, min = q.min!;
    for (let i = 0; i < size; i++) out[i] = spec.dtype === 'int32' ? Math.round(read(i) * scale + min) : read(i) * scale + min;
  }
  return out;
}

/** Decodes every weight of a model.json's manifest from the file set. */
export function readManifestWeights(set: FileSet, manifest: unknown): DecodedWeight[] {
  const json = set.main;
  if (!Array.isArray(manifest)) throw new ValueError(`'${json}': weightsManifest must be a list of groups. Received: ${fmt(typeof manifest)}`);
  const out: DecodedWeight[] = [];
  manifest.forEach((group: { paths?: unknown; weights?: unknown }, gi) => {
    if (group === null || typeof group !== 'object' || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw new ValueError(`'${json}': weightsManifest group ${gi} needs 'paths' and 'weights' lists.`);
    }
    const keys = group.paths.map((p) => weightKey(p, `'${json}'`));
    const label = keys.map((k) => `'${k}'`).join(' + ');
    const parts = keys.map((k) => {
      const b = set.files.get(k);
      if (!b) throw new ValueError(`'${json}' lists weight file '${k}', which is missing.`);
      return b;
    });
    const total = parts.reduce((n, p) => n + p.byteLength, 0);
    let data: Uint8Array;
    if (parts.length === 1) data = parts[0]!;
    else {
      data = new Uint8Array(total);
      let o = 0;
      for (const p of parts) {
        data.set(p, o);
        o += p.byteLength;
      }
    }
    let offset = 0;
    for (const raw of group.weights) {
      const spec = checkSpec(raw, `'${json}'`);
      const size = spec.shape.reduce((a, b) => a * b, 1);
      if (size > MAX_ELEMENTS) throw new ValueError(`'${json}': weight '${spec.name}' declares ${size} elements (shape ${fmt(spec.shape)}), more than a tensor can hold.`);
      const nbytes = size * BYTES[spec.quantization?.dtype ?? spec.dtype]!;
      if (offset + nbytes > total) {
        throw new ValueError(`${label}: weight '${spec.name}' (shape ${fmt(spec.shape)}, ${spec.quantization?.dtype ?? spec.dtype}) needs ${nbytes} bytes at offset ${offset}, ` +
          `but the file${keys.length > 1 ? 's hold' : ' holds'} only ${total} bytes (truncated, or the wrong file for '${json}').`);
      }
      const values = decode(spec, data.subarray(offset, offset + nbytes), size);
      offset += nbytes;
      out.push({ name: spec.name, shape: spec.shape.slice(), dtype: spec.dtype as 'float32' | 'int32', group: spec.group, values });
    }
    if (offset !== total) {
      throw new ValueError(`${label}: ${total} bytes, but the weights '${json}' lists for them take ${offset} bytes (the wrong file, or a corrupt manifest).`);
    }
  });
  return out;
}

/** Lays weights out as one .bin, with their manifest entries. */
export function writeWeights(ws: { name: string; shape: readonly number[]; dtype: 'float32' | 'int32'; values: Float32Array | Int32Array; group?: string }[]): { specs: WeightSpec[]; data: Uint8Array } {
  const data = new Uint8Array(ws.reduce((n, w) => n + w.values.length * 4, 0));
  const dv = new DataView(data.buffer);
  const specs: WeightSpec[] = [];
  let off = 0;
  for (const w of ws) {
    for (let i = 0; i < w.values.length; i++, off += 4) {
      if (w.dtype === 'int32') dv.setInt32(off, w.values[i]!, true);
      else dv.setFloat32(off, w.values[i]!, true);
    }
    const spec: WeightSpec = { name: w.name, shape: [...w.shape], dtype: w.dtype };
    if (w.group) spec.group = w.group;
    specs.push(spec);
  }
  return { specs, data };
}
