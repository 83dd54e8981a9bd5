// kerasm.data: input pipelines (tf.data-style Dataset) for fit/evaluate/predict and adapt.

import { Dataset } from './dataset.js';
import { fromAsyncIterable, fromGenerator, fromTensorSlices, fromTensors } from './sources.js';
import { csv } from './csv.js';

Object.assign(Dataset, { fromTensorSlices, fromTensors, fromGenerator, fromAsyncIterable, csv });

export { Dataset, type Cardinality } from './dataset.js';
export type { Element } from './structure.js';
export type { TensorData } from './sources.js';
export type { CsvOptions } from './csv.js';
export { fromTensorSlices, fromTensors, fromGenerator, fromAsyncIterable, csv };
export { PyDataset } from './py_dataset.js';
export { fromFiles, fromImages, fromPixels, type PixelSource, type ImageSourceOptions } from './files.js';
