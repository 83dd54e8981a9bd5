// A compact, safe, pure-TypeScript subset of HDF5: enough to read and write Keras weights files
// (model.weights.h5, legacy .h5) and to read what h5py and h5wasm write by default. Lazy-loaded by the
// saving code; it imports nothing from kerasm but ts/errors.ts (and fflate's inflate for chunked data).
//
// Writing (writeHdf5) produces what h5py writes with its default (earliest) format: superblock 0,
// version 1 object headers, symbol-table groups (any number of children), contiguous little-endian data,
// variable-length UTF-8 strings. Attribute values are stored as:
//   string -> vlen UTF-8 scalar; string[] -> 1-D vlen UTF-8; integer number -> int64 scalar, other number ->
//   float64 scalar; number[] -> 1-D int64 (all integers) or float64; typed array -> 1-D of its own type.
// Datasets: dtype 'float16'/'bfloat16' take Float32Array (rounded to nearest even) or raw Uint16Array bits;
// bfloat16 is stored as Keras does (2-byte opaque + attribute dtype="bfloat16"); 'bool' as h5py's enum.
//
// Reading (readHdf5) returns children name-sorted (by code point, as HDF5 orders them), shares objects that
// are hard-linked twice, skips soft/external links, and decodes: float16/bfloat16 -> Float32Array (dtype
// says which), bool -> Uint8Array, int64/uint64 -> BigInt64Array/BigUint64Array, strings -> string[].
// Scalar attributes come back as number/string, all others as typed arrays / string[] (flattened).
// Chunk indexes: v1 B-tree, single chunk, implicit, fixed array (paged too), extensible array, v2 B-tree.
// Not supported (a ValueError says so): paged extensible-array data blocks (thousands of chunks along an
// unlimited dimension), filters other than deflate/shuffle/fletcher32 (e.g. LZF, szip), datasets of
// compound, array, reference, opaque and vlen-sequence types (attributes of those types are skipped),
// shared (committed) datatypes and shared messages, data layout versions 1-2, filtered fractal heaps and
// 'huge' heap objects.

export type { H5AttrValue, H5Data, H5Dataset, H5DType, H5Group } from './types.js';
export { h5dataset, h5get, h5group } from './types.js';
export { readHdf5 } from './reader.js';
export { writeHdf5 } from './writer.js';
