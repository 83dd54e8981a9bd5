// http(s):// URLs. Loading fetches the file and, for a model.json, each weight file its
// manifest lists, relative to the model's URL (keeping its query string, as tfjs does).
// Saving POSTs a multipart form as tfjs's http handler does: fields `model.json` and
// `model.weights.bin` (or `model.keras`), which tfjs-compatible upload servers expect.

import { ValueError } from '../../errors.js';
import { companionKeys, isJsonName, renameSet } from './manifest.js';
import { nameForBytes } from './memory.js';
import { totalBytes, type FileSet, type IOHandler, type SaveResult } from './types.js';

export interface HttpOptions {
  /** Extra fetch options (headers, credentials…); `body` is set by the save. */
  requestInit?: RequestInit;
  /** Replaces the global fetch. */
  fetch?: typeof fetch;
}

function fetchFn(target: string, opts: HttpOptions): typeof fetch {
  const f = opts.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
  if (!f) throw new ValueError(`'${target}': no fetch() here; pass one as the 'fetch' option.`);
  return f;
}

/** tfjs's parseUrl: the folder prefix and the query suffix of a model URL. */
function split(url: string): [string, string] {
  const slash = url.lastIndexOf('/');
  const q = url.lastIndexOf('?');
  return [url.substring(0, slash) + '/', q > slash ? url.substring(q) : ''];
}

export function httpHandler(target: string, opts: HttpOptions = {}): IOHandler {
  return {
    async load(): Promise<FileSet> {
      const f = fetchFn(target, opts);
      const get = async (url: string, role: string): Promise<Uint8Array> => {
        let r: Response;
        try {
          r = await f(url, opts.requestInit);
        } catch (e) {
          throw new ValueError(`Could not fetch ${role} '${url}': ${e instanceof Error ? e.message : String(e)}`);
        }
        if (!r.ok) throw new ValueError(`Request for ${role} '${url}' failed with HTTP status ${r.status}${r.status === 404 ? ' (not found)' : ''}.`);
        return new Uint8Array(await r.arrayBuffer());
      };
      const [prefix, suffix] = split(target);
      const path = target.slice(prefix.length, target.length - suffix.length).split('#')[0]!;
      const main = await get(target, 'the model file');
      let name = decodeURIComponent(path);
      if (!/\.[a-z0-9]+$/i.test(name)) name = nameForBytes(main);
      const files = new Map<string, Uint8Array>([[name, main]]);
      if (isJsonName(name)) {
        for (const k of companionKeys(name, main)) files.set(k, await get(prefix + k + suffix, `weight file '${k}' listed in ${name} at`));
      }
      return { main: name, files };
    },

    async save(set: FileSet): Promise<SaveResult> {
      const f = fetchFn(target, opts);
      const named = renameSet(set, 'model');
      const body = new FormData();
      for (const [name, bytes] of named.files) {
        body.append(name, new Blob([bytes as BlobPart], { type: name.endsWith('.json') ? 'application/json' : 'application/octet-stream' }), name);
      }
      let r: Response;
      try {
        r = await f(target, { method: 'POST', ...opts.requestInit, body });
      } catch (e) {
        throw new ValueError(`Could not POST the model to '${target}': ${e instanceof Error ? e.message : String(e)}`);
      }
      if (!r.ok) throw new ValueError(`Saving to '${target}' failed: the server answered HTTP status ${r.status}.`);
      return { written: [...named.files.keys()].map((k) => `${target} (field ${k})`), bytes: totalBytes(named), responses: [r] };
    },
  };
}
