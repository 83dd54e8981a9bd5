import { ValueError } from '../../errors.js';

// What the storage targets move: a set of named files (one main file plus companions such as
// tfjs weight shards), never a model. Formats (ts/saving/keras, ts/saving/tfjs) turn models into
// file sets and back; the handlers here only store and fetch bytes.

/**
 * A saved model as files. `files` holds every file including `main`, keyed by the name the
 * format refers to it by (for tfjs, the manifest path without a leading `./`).
 */
export interface FileSet {
  /** Name of the main file in `files` (e.g. `model.keras` or `model.json`). */
  main: string;
  /** Every file of the model by name, the main file included. */
  files: Map<string, Uint8Array>;
}

export interface SaveResult {
  /** Where each file went (paths, keys or URLs), main first. */
  written: string[];
  /** Total bytes stored. */
  bytes: number;
  /** The file set as stored, for in-memory targets. */
  set?: FileSet;
  /** HTTP responses, for `http(s)://` targets. */
  responses?: unknown[];
}

/** A storage target. Either method may be absent (`downloads://` cannot load, a URL to a file cannot save…). */
export interface IOHandler {
  /** Stores the files; resolves to where they went. */
  save?(set: FileSet): Promise<SaveResult>;
  /** Fetches the files of a saved model. */
  load?(): Promise<FileSet>;
}

export type SaveTarget = string | IOHandler;
/** `ArrayLike<File>` covers File[] and a FileList from `<input type="file">`. */
export type LoadSource = string | IOHandler | Uint8Array | ArrayBuffer | FileSet | ArrayLike<{ name: string; arrayBuffer(): Promise<ArrayBuffer> }>;

export function totalBytes(set: FileSet): number {
  let n = 0;
  for (const b of set.files.values()) n += b.byteLength;
  return n;
}

export function mainBytes(set: FileSet, where: string): Uint8Array {
  const b = set.files.get(set.main);
  if (!b) throw new ValueError(`${where}: the file set names '${set.main}' as its main file but does not contain it.`);
  return b;
}
