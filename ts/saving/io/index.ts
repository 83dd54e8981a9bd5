// Storage targets by URL scheme, tfjs-style: plain paths and file:// (Node), indexeddb://,
// localstorage://, downloads:// (browsers), http(s)://, bytes in memory, or any object with
// save/load. Formats never touch storage; handlers never look inside models.

import { ValueError, fmt } from '../../errors.js';
import { isNode } from '../../../bindings/features.js';
import { downloadsHandler } from './downloads.js';
import { httpHandler, type HttpOptions } from './http.js';
import { indexedDBHandler } from './indexeddb.js';
import { localStorageHandler } from './local_storage.js';
import { isFileSet, memoryLoadHandler, memorySaveHandler } from './memory.js';
import { nodeFileHandler, type NodeFileOptions } from './node_file.js';
import type { IOHandler, LoadSource, SaveTarget } from './types.js';
import { asFileSet } from './tfjs_handler.js';
import { filesHandler, isNamedBlobList } from './files.js';

export type { FileSet, IOHandler, SaveResult, SaveTarget, LoadSource } from './types.js';
export { totalBytes, mainBytes } from './types.js';
export { isFileSet, nameForBytes, memorySaveHandler, memoryLoadHandler } from './memory.js';
export { nodeFileHandler } from './node_file.js';
export { indexedDBHandler } from './indexeddb.js';
export { localStorageHandler } from './local_storage.js';
export { downloadsHandler } from './downloads.js';
export { httpHandler } from './http.js';
export { isTfjsSet, toArtifacts, fromArtifacts, type TfjsArtifacts } from './artifacts.js';
export { filesHandler, type NamedBlob } from './files.js';
export { tfjsHandler, asFileSet, type TfjsIOHandler } from './tfjs_handler.js';
export { companionKeys, weightKey, parseJsonFile, renameSet } from './manifest.js';

export interface HandlerOptions extends NodeFileOptions, HttpOptions {}

const SCHEMES = ['file://', 'indexeddb://', 'localstorage://', 'downloads://', 'http://', 'https://'];

function isHandler(x: unknown): x is IOHandler {
  return x !== null && typeof x === 'object' && (typeof (x as IOHandler).save === 'function' || typeof (x as IOHandler).load === 'function');
}

function byScheme(target: string, opts: HandlerOptions, use: 'save' | 'load'): IOHandler {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target)?.[1]?.toLowerCase();
  switch (scheme) {
    case undefined:
      if (!isNode) {
        throw new ValueError(`'${target}' is a file path, and file paths need Node. In a browser use indexeddb://, localstorage://, ` +
          `${use === 'save' ? 'downloads://' : 'http(s)://'} or bytes in memory.`);
      }
      return nodeFileHandler(target, opts);
    case 'file':
      if (!isNode) throw new ValueError(`'${target}': file:// URLs need Node.`);
      return nodeFileHandler(target, opts);
    case 'indexeddb':
      return indexedDBHandler(target);
    case 'localstorage':
      return localStorageHandler(target);
    case 'downloads':
      if (use === 'load') throw new ValueError(`'${target}': downloads:// can only save; load the downloaded files from a path, a URL or memory.`);
      return downloadsHandler(target);
    case 'http':
    case 'https':
      return httpHandler(target, opts);
    default:
      throw new ValueError(`Unknown storage scheme '${scheme}://'. Expected a path or one of ${SCHEMES.join(', ')}. Received: ${fmt(target)}`);
  }
}

/** Where `save()` writes. A handler object is used as it is. */
export function getSaveHandler(target: SaveTarget, opts: HandlerOptions = {}): IOHandler {
  if (typeof target === 'string') return byScheme(target, opts, 'save');
  if (isHandler(target)) {
    if (typeof target.save !== 'function') throw new ValueError('The save target is a handler without a save() method.');
    return target;
  }
  throw new ValueError(`Expected a save target: a path, a URL (${SCHEMES.join(', ')}) or an object with save(). Received: ${fmt(target)}`);
}

/** Where `loadModel()` reads: a path or URL, bytes, a file set, or a handler. */
export function getLoadHandler(source: LoadSource, opts: HandlerOptions = {}): IOHandler {
  if (typeof source === 'string') return byScheme(source, opts, 'load');
  if (source instanceof Uint8Array || source instanceof ArrayBuffer || isFileSet(source)) return memoryLoadHandler(source);
  if (isNamedBlobList(source)) return filesHandler(source);
  if (isHandler(source)) {
    if (typeof source.load !== 'function') throw new ValueError('The load source is a handler without a load() method.');
    const h = source;
    // tfjs handlers (tf.io.browserFiles, fromMemory, …) return ModelArtifacts: accept those too.
    return { load: async () => asFileSet(await h.load!(), 'custom load handler') };
  }
  throw new ValueError(`Expected a model source: a path, a URL (${SCHEMES.join(', ')}), a Uint8Array/ArrayBuffer, picked files (File[] / FileList), a file set or an object with load(). Received: ${fmt(source)}`);
}
