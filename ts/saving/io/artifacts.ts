// tfjs's browser stores (IndexedDB, localStorage) keep a model not as files but as tfjs
// `ModelArtifacts`: the model.json fields plus `weightSpecs` and one concatenated
// `weightData` buffer. These convert a tfjs file set to that form and back, so the stores
// hold exactly what tfjs's own `model.save('indexeddb://x')` would.

import { ValueError, fmt } from '../../errors.js';
import { companionKeys, isJsonName, parseJsonFile, weightKey } from './manifest.js';
import type { FileSet } from './types.js';

export interface TfjsArtifacts {
  modelTopology?: unknown;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: unknown;
  userDefinedMetadata?: unknown;
  signature?: unknown;
  modelInitializer?: unknown;
  initializerSignature?: unknown;
  weightSpecs?: unknown[];
  /** One buffer (tfjs ≥ 4.10 may hand over several, which are concatenated). */
  weightData?: ArrayBuffer | ArrayBuffer[];
}

const OPTIONAL = ['signature', 'userDefinedMetadata', 'modelInitializer', 'initializerSignature', 'trainingConfig'] as const;

/** A tfjs model.json file set (as opposed to a .keras / .h5 file). */
export function isTfjsSet(set: FileSet): boolean {
  if (!isJsonName(set.main)) return false;
  const json = parseJsonFile(set.main, set.files.get(set.main) ?? new Uint8Array());
  return json !== null && typeof json === 'object' && 'modelTopology' in json;
}

export function toArtifacts(set: FileSet): TfjsArtifacts {
  const json = parseJsonFile(set.main, set.files.get(set.main)!) as TfjsArtifacts & { weightsManifest?: { paths: string[]; weights: unknown[] }[] };
  const a: TfjsArtifacts = { modelTopology: json.modelTopology, format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy };
  for (const k of OPTIONAL) if (json[k] != null) a[k] = json[k];
  if (json.weightsManifest) {
    companionKeys(set.main, set.files.get(set.main)!); // validates the manifest's shape
    const parts: Uint8Array[] = [];
    a.weightSpecs = [];
    for (const g of json.weightsManifest) {
      if (!Array.isArray(g.weights)) throw new ValueError(`'${set.main}': a weightsManifest group has no 'weights' list. Received: ${fmt(typeof g.weights)}`);
      a.weightSpecs.push(...g.weights);
      for (const p of g.paths) {
        const k = weightKey(p, set.main);
        const b = set.files.get(k);
        if (!b) throw new ValueError(`'${set.main}' refers to weight file '${k}', which is missing.`);
        parts.push(b);
      }
    }
    const all = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let off = 0;
    for (const p of parts) {
      all.set(p, off);
      off += p.byteLength;
    }
    a.weightData = all.buffer;
  }
  return a;
}

/** model.json (+ model.weights.bin) for stored artifacts, laid out as tfjs's http/downloads savers write it. */
export function fromArtifacts(a: TfjsArtifacts, stem = 'model'): FileSet {
  const json: Record<string, unknown> = { modelTopology: a.modelTopology, format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy };
  const files = new Map<string, Uint8Array>();
  if (a.weightSpecs) {
    json.weightsManifest = [{ paths: [`./${stem}.weights.bin`], weights: a.weightSpecs }];
    files.set(`${stem}.weights.bin`, joinBuffers(a.weightData));
  }
  for (const k of OPTIONAL) if (a[k] != null) json[k] = a[k];
  const main = `${stem}.json`;
  files.set(main, new TextEncoder().encode(JSON.stringify(json)));
  return { main, files };
}

/** tfjs's `ModelArtifactsInfo` for the info store / info key. */
export function artifactsInfo(a: TfjsArtifacts): Record<string, unknown> {
  const enc = new TextEncoder();
  return {
    dateSaved: new Date(),
    modelTopologyType: 'JSON',
    modelTopologyBytes: a.modelTopology == null ? 0 : enc.encode(JSON.stringify(a.modelTopology)).byteLength,
    weightSpecsBytes: a.weightSpecs == null ? 0 : enc.encode(JSON.stringify(a.weightSpecs)).byteLength,
    weightDataBytes: a.weightData == null ? 0 : joinBuffers(a.weightData).byteLength,
  };
}

export function joinBuffers(d: ArrayBuffer | ArrayBuffer[] | undefined): Uint8Array {
  if (d === undefined) return new Uint8Array(0);
  if (!Array.isArray(d)) return new Uint8Array(d);
  const out = new Uint8Array(d.reduce((n, b) => n + b.byteLength, 0));
  d.reduce((o, b) => (out.set(new Uint8Array(b), o), o + b.byteLength), 0);
  return out;
}
