// A compact, safe, pure-TypeScript subset of HDF5: enough to read and write Keras weights files
// (model.weights.h5, legacy .h5) and what h5py / h5wasm write by default. Lazy-loaded by the saving code.

export type { H5AttrValue, H5Data, H5Dataset, H5DType, H5Group } from './types.js';
export { h5dataset, h5get, h5group } from './types.js';
export { readHdf5 } from './reader.js';
export { writeHdf5 } from './writer.js';
