// indexeddb://name. tfjs-format models go where tfjs keeps them — database `tensorflowjs`
// version 1, object stores `models_store` and `model_info_store` keyed by `modelPath` — so
// tfjs's `loadLayersModel('indexeddb://name')` reads what kerasm saved and the other way
// round. Other formats (.keras) go to kerasm's own database `kerasm` (store `files`, same
// key), because adding a store to tfjs's database would need a version bump that tfjs's
// fixed `open('tensorflowjs', 1)` then refuses. A path lives in one of the two at a time.

import { ValueError } from '../../errors.js';
import { artifactsInfo, fromArtifacts, isTfjsSet, toArtifacts, type TfjsArtifacts } from './artifacts.js';
import { totalBytes, type FileSet, type IOHandler, type SaveResult } from './types.js';

const TFJS_DB = 'tensorflowjs';
const MODELS = 'models_store';
const INFO = 'model_info_store';
const KERASM_DB = 'kerasm';
const FILES = 'files';

interface StoredFiles { modelPath: string; main: string; files: { name: string; data: Uint8Array }[]; dateSaved: Date }

function factory(target: string): IDBFactory {
  const f = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!f) throw new ValueError(`'${target}': IndexedDB is not available here (it exists in browsers and web workers).`);
  return f;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

function open(f: IDBFactory, name: string, stores: string[]): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = f.open(name, 1);
    r.onupgradeneeded = () => {
      for (const s of stores) if (!r.result.objectStoreNames.contains(s)) r.result.createObjectStore(s, { keyPath: 'modelPath' });
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new Error(`database '${name}' is blocked by another open connection`));
  });
}

async function withDb<T>(f: IDBFactory, name: string, stores: string[], fn: (db: IDBDatabase) => Promise<T>): Promise<T> {
  const db = await open(f, name, stores);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

const tfjsDb = <T>(f: IDBFactory, fn: (db: IDBDatabase) => Promise<T>) => withDb(f, TFJS_DB, [MODELS, INFO], fn);
const ownDb = <T>(f: IDBFactory, fn: (db: IDBDatabase) => Promise<T>) => withDb(f, KERASM_DB, [FILES], fn);

async function remove(db: IDBDatabase, stores: string[], key: string): Promise<void> {
  const tx = db.transaction(stores, 'readwrite');
  for (const s of stores) tx.objectStore(s).delete(key);
  await done(tx);
}

export function indexedDBHandler(target: string): IOHandler {
  const modelPath = target.replace(/^indexeddb:\/\//, '');
  if (!modelPath) throw new ValueError(`IndexedDB target needs a name, as in 'indexeddb://my-model'. Received: '${target}'`);
  const fail = (what: string, e: unknown): never => {
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const quota = /quota/i.test(msg) ? ' (the browser\'s storage quota is exhausted; free space or save a smaller model)' : '';
    throw new ValueError(`Could not ${what} '${target}'${quota}: ${msg}`);
  };

  return {
    async save(set: FileSet): Promise<SaveResult> {
      const f = factory(target);
      try {
        if (isTfjsSet(set)) {
          const modelArtifacts = toArtifacts(set);
          const modelArtifactsInfo = artifactsInfo(modelArtifacts);
          await tfjsDb(f, async (db) => {
            // Both stores in one transaction: tfjs uses two and can leave an info entry without a model.
            const tx = db.transaction([INFO, MODELS], 'readwrite');
            tx.objectStore(INFO).put({ modelPath, modelArtifactsInfo });
            tx.objectStore(MODELS).put({ modelPath, modelArtifacts, modelArtifactsInfo });
            await done(tx);
          });
          await ownDb(f, (db) => remove(db, [FILES], modelPath));
        } else {
          const value: StoredFiles = { modelPath, main: set.main, files: [...set.files].map(([name, data]) => ({ name, data })), dateSaved: new Date() };
          await ownDb(f, async (db) => {
            const tx = db.transaction(FILES, 'readwrite');
            tx.objectStore(FILES).put(value);
            await done(tx);
          });
          await tfjsDb(f, (db) => remove(db, [INFO, MODELS], modelPath));
        }
      } catch (e) {
        if (e instanceof ValueError) throw e;
        fail('save to', e);
      }
      return { written: [target], bytes: totalBytes(set) };
    },

    async load(): Promise<FileSet> {
      const f = factory(target);
      let tfjs: { modelArtifacts: TfjsArtifacts } | undefined;
      let own: StoredFiles | undefined;
      try {
        tfjs = await tfjsDb(f, (db) => request(db.transaction(MODELS, 'readonly').objectStore(MODELS).get(modelPath)));
        if (!tfjs) own = await ownDb(f, (db) => request(db.transaction(FILES, 'readonly').objectStore(FILES).get(modelPath)));
      } catch (e) {
        fail('read', e);
      }
      if (tfjs) return fromArtifacts(tfjs.modelArtifacts);
      if (own) return { main: own.main, files: new Map(own.files.map((x) => [x.name, new Uint8Array(x.data)])) };
      throw new ValueError(`No model is saved at '${target}' (IndexedDB has neither a tfjs model nor a kerasm file under '${modelPath}').`);
    },
  };
}
