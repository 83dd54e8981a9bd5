// TensorFlow's Event / Summary messages as TF2's tf.summary writes them: scalars and
// histograms as tensors tagged with their plugin ('scalars', 'histograms'), text for the
// Keras model config ('graph_keras_model'). Field numbers from tensorflow/core/util/event.proto
// and framework/summary.proto, tensor.proto, tensor_shape.proto.

import { ProtoWriter } from './proto.js';

const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_STRING = 7;
const DATA_CLASS_SCALAR = 1;
const DATA_CLASS_TENSOR = 2;

function shape(dims: number[]): ProtoWriter {
  const s = new ProtoWriter();
  for (const d of dims) s.message(2, new ProtoWriter().int(1, d));
  return s;
}

function metadata(plugin: string, dataClass: number, content?: Uint8Array): ProtoWriter {
  const pd = new ProtoWriter().string(1, plugin);
  if (content) pd.bytesField(2, content);
  const m = new ProtoWriter().message(1, pd);
  if (dataClass) m.int(4, dataClass);
  return m;
}

function event(step: number, wallTime: number, fill: (e: ProtoWriter) => void): Uint8Array {
  const e = new ProtoWriter().double(1, wallTime).int(2, step);
  fill(e);
  return e.finish();
}

function summaryEvent(step: number, wallTime: number, tag: string, meta: ProtoWriter, tensor: ProtoWriter): Uint8Array {
  const value = new ProtoWriter().string(1, tag).message(9, meta).message(8, tensor);
  return event(step, wallTime, (e) => e.message(5, new ProtoWriter().message(1, value)));
}

/** The first record of every event file. */
export function fileVersionEvent(wallTime: number): Uint8Array {
  return new ProtoWriter().double(1, wallTime).string(3, 'brain.Event:2').finish();
}

export function scalarEvent(tag: string, value: number, step: number, wallTime: number): Uint8Array {
  const t = new ProtoWriter().int(1, DT_FLOAT).message(2, shape([])).packedFloats(5, [value]);
  return summaryEvent(step, wallTime, tag, metadata('scalars', DATA_CLASS_SCALAR), t);
}

/** TensorBoard's v2 histogram buckets: [left, right, count] rows over [min, max]. */
export function histogramBuckets(data: ArrayLike<number>, bucketCount = 30): Float64Array {
  const out = new Float64Array(bucketCount * 3);
  const n = data.length;
  if (n === 0) return out;
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) {
    for (let b = 0; b < bucketCount; b++) {
      out[b * 3] = min;
      out[b * 3 + 1] = max;
    }
    out[(bucketCount - 1) * 3 + 2] = n;
    return out;
  }
  const width = (max - min) / bucketCount;
  for (let b = 0; b < bucketCount; b++) {
    out[b * 3] = min + b * width;
    out[b * 3 + 1] = b === bucketCount - 1 ? max : min + (b + 1) * width;
  }
  for (let i = 0; i < n; i++) {
    const b = Math.min(bucketCount - 1, Math.floor((data[i]! - min) / width));
    out[b * 3 + 2]! += 1;
  }
  return out;
}

export function histogramEvent(tag: string, data: ArrayLike<number>, step: number, wallTime: number, bucketCount = 30): Uint8Array {
  const rows = histogramBuckets(data, bucketCount);
  const t = new ProtoWriter().int(1, DT_DOUBLE).message(2, shape([bucketCount, 3])).packedDoubles(6, rows);
  return summaryEvent(step, wallTime, tag, metadata('histograms', DATA_CLASS_TENSOR), t);
}

/** The model's JSON config, as Keras's `keras_model_summary` writes it for the graph plugin. */
export function kerasModelEvent(tag: string, json: string, step: number, wallTime: number): Uint8Array {
  const t = new ProtoWriter().int(1, DT_STRING).message(2, shape([])).string(8, json);
  return summaryEvent(step, wallTime, tag, metadata('graph_keras_model', 0, new TextEncoder().encode('1')), t);
}

export function textEvent(tag: string, text: string, step: number, wallTime: number): Uint8Array {
  const t = new ProtoWriter().int(1, DT_STRING).message(2, shape([])).string(8, text);
  return summaryEvent(step, wallTime, tag, metadata('text', DATA_CLASS_TENSOR), t);
}
