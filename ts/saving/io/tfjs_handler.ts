// tfjs's own IOHandlers (`tf.io.browserFiles([json, bin])`, `tf.io.fromMemory`,
// `tf.io.withSaveHandler`, a tfjs-node handler…) speak ModelArtifacts, not file sets. A
// custom load handler that returns artifacts is accepted as it is; `tfjsHandler()` adapts
// one for saving too (tfjs format only).

import { ValueError, fmt } from '../../errors.js';
import { fromArtifacts, isTfjsSet, toArtifacts, type TfjsArtifacts } from './artifacts.js';
import { isFileSet } from './memory.js';
import { totalBytes, type FileSet, type IOHandler, type SaveResult } from './types.js';

export interface TfjsIOHandler {
  save?(artifacts: TfjsArtifacts): Promise<unknown>;
  load?(): Promise<TfjsArtifacts>;
}

/** A file set from what a load handler returned: a file set, or tfjs ModelArtifacts. */
export function asFileSet(x: unknown, where: string): FileSet {
  if (isFileSet(x)) return x;
  if (x !== null && typeof x === 'object' && 'modelTopology' in x) return fromArtifacts(x as TfjsArtifacts);
  throw new ValueError(`${where}: a load handler must return a file set ({ main, files }) or tfjs ModelArtifacts. Received: ${fmt(x === null || typeof x !== 'object' ? x : Object.keys(x))}`);
}

/** Wraps a tfjs IOHandler so kerasm can save to and load from it. */
export function tfjsHandler(h: TfjsIOHandler): IOHandler {
  return {
    save: h.save && (async (set: FileSet): Promise<SaveResult> => {
      if (!isTfjsSet(set)) throw new ValueError(`A tfjs IOHandler takes tfjs-format models only; save with { format: 'tfjs' }. Received: ${fmt(set.main)}`);
      const responses = [await h.save!(toArtifacts(set))];
      return { written: [set.main], bytes: totalBytes(set), responses };
    }),
    load: h.load && (async () => asFileSet(await h.load!(), 'tfjs IOHandler')),
  };
}
