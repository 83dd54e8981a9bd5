// localstorage://name, for small models. tfjs-format models use tfjs's keys
// (`tensorflowjs_models/<name>/{info,model_topology,weight_specs,weight_data,model_metadata}`,
// weights base64) so tfjs reads them; other formats go under `kerasm_models/<name>/files`.
// localStorage holds a few MB per origin: a save that does not fit restores what was there
// before and says so, instead of leaving half a model.

import { ValueError } from '../../errors.js';
import { artifactsInfo, fromArtifacts, isTfjsSet, joinBuffers, toArtifacts } from './artifacts.js';
import { fromBase64, toBase64 } from './base64.js';
import { totalBytes, type FileSet, type IOHandler, type SaveResult } from './types.js';

function storage(target: string): Storage {
  const s = (globalThis as { localStorage?: Storage }).localStorage;
  if (!s) throw new ValueError(`'${target}': localStorage is not available here (it exists on browser pages).`);
  return s;
}

function tfjsKeys(path: string) {
  const k = (s: string) => `tensorflowjs_models/${path}/${s}`;
  return { info: k('info'), topology: k('model_topology'), weightSpecs: k('weight_specs'), weightData: k('weight_data'), metadata: k('model_metadata') };
}

const ownKey = (path: string) => `kerasm_models/${path}/files`;

function parse(target: string, key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValueError(`'${target}': localStorage item '${key}' is not valid JSON (corrupt).`);
  }
}

export function localStorageHandler(target: string): IOHandler {
  const path = target.replace(/^localstorage:\/\//, '');
  if (!path) throw new ValueError(`localStorage target needs a name, as in 'localstorage://my-model'. Received: '${target}'`);
  const keys = tfjsKeys(path);
  const all = [...Object.values(keys), ownKey(path)];

  return {
    async save(set: FileSet): Promise<SaveResult> {
      const ls = storage(target);
      const items = new Map<string, string>();
      if (isTfjsSet(set)) {
        const a = toArtifacts(set);
        items.set(keys.info, JSON.stringify(artifactsInfo(a)));
        items.set(keys.topology, JSON.stringify(a.modelTopology));
        items.set(keys.weightSpecs, JSON.stringify(a.weightSpecs ?? []));
        items.set(keys.weightData, toBase64(joinBuffers(a.weightData)));
        items.set(keys.metadata, JSON.stringify({
          format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy, signature: a.signature ?? undefined,
          userDefinedMetadata: a.userDefinedMetadata ?? undefined, modelInitializer: a.modelInitializer ?? undefined,
          initializerSignature: a.initializerSignature ?? undefined, trainingConfig: a.trainingConfig ?? undefined,
        }));
      } else {
        items.set(ownKey(path), JSON.stringify({ main: set.main, files: [...set.files].map(([name, b]) => ({ name, data: toBase64(b) })) }));
      }
      const previous = new Map(all.map((k) => [k, ls.getItem(k)]));
      try {
        for (const k of all) if (!items.has(k)) ls.removeItem(k);
        for (const [k, v] of items) ls.setItem(k, v);
      } catch (e) {
        for (const [k, v] of previous) {
          try {
            if (v === null) ls.removeItem(k);
            else ls.setItem(k, v);
          } catch {
            // restoring can only shrink usage; ignore a failure here
          }
        }
        const chars = [...items.values()].reduce((n, v) => n + v.length, 0);
        const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        throw new ValueError(`Could not save ${totalBytes(set)} bytes to '${target}' (${chars} characters of localStorage): ` +
          `the origin's localStorage quota (a few MB) is exceeded; use 'indexeddb://${path}' for a model this size. ` +
          `The previous contents are unchanged. (${msg})`);
      }
      return { written: [...items.keys()], bytes: totalBytes(set) };
    },

    async load(): Promise<FileSet> {
      const ls = storage(target);
      const info = ls.getItem(keys.info);
      if (info !== null) {
        const get = (k: string, what: string) => {
          const v = ls.getItem(k);
          if (v === null) throw new ValueError(`'${target}': the ${what} (localStorage item '${k}') is missing.`);
          return v;
        };
        const meta = ls.getItem(keys.metadata);
        const m = (meta === null ? {} : parse(target, keys.metadata, meta)) as Record<string, unknown>;
        let weights: Uint8Array;
        try {
          weights = fromBase64(get(keys.weightData, 'weight data'));
        } catch (e) {
          if (e instanceof ValueError) throw e;
          throw new ValueError(`'${target}': localStorage item '${keys.weightData}' is not valid base64 (corrupt).`);
        }
        return fromArtifacts({
          ...m,
          modelTopology: parse(target, keys.topology, get(keys.topology, 'model topology')),
          weightSpecs: parse(target, keys.weightSpecs, get(keys.weightSpecs, 'weight specs')) as unknown[],
          weightData: weights.buffer as ArrayBuffer,
        });
      }
      const own = ls.getItem(ownKey(path));
      if (own === null) throw new ValueError(`No model is saved at '${target}' (no localStorage item '${keys.info}' or '${ownKey(path)}').`);
      const v = parse(target, ownKey(path), own) as { main: string; files: { name: string; data: string }[] };
      return { main: v.main, files: new Map(v.files.map((f) => [f.name, fromBase64(f.data)])) };
    },
  };
}
