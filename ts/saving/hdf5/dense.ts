// Dense link / attribute storage (fractal heap + version 2 B-tree), used by new-style files once a group
// has more than 8 links or an object has many attributes.

import type { H5Bytes } from './bytes.js';
import type { H5Message } from './object_header.js';

export function denseLinks(b: H5Bytes, heap: number, nameIndex: number, where: string): Array<[string, number]> {
  return b.fail(`${where} keeps its links in dense storage (fractal heap), which is not supported`, `heap at ${heap}, index at ${nameIndex}`);
}

export function denseAttributes(b: H5Bytes, heap: number, nameIndex: number, where: string): H5Message[] {
  return b.fail(`${where} keeps its attributes in dense storage (fractal heap), which is not supported`, `heap at ${heap}, index at ${nameIndex}`);
}
