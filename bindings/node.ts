// The Node entry point (package.json "node" condition): the whole library, plus the Node
// built-ins it needs, imported statically here so that Node 20.0–20.15 (no
// `process.getBuiltinModule`) work from ES modules as well as CommonJS. Browser bundles use
// the plain entry and never see a `node:` specifier.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as url from 'node:url';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as workerThreads from 'node:worker_threads';
import { provideNodeModules } from './features.js';

provideNodeModules({ fs, os, path, url, v8, vm, worker_threads: workerThreads });

export * from '../ts/index.js';
