// utils.padSequences against Keras 3's pad_sequences (tests/golden/text.json).
import { readFileSync } from 'node:fs';
import { describe, expect, it, beforeAll } from 'vitest';
import { ready, utils, ValueError } from '../../../ts/index.js';

interface PadCase { options: Record<string, unknown>; sequences: number[][]; output: { dtype: string; shape: number[]; values: number[] } }
const G = JSON.parse(readFileSync(new URL('../../golden/text.json', import.meta.url), 'utf8')) as { pad_sequences: PadCase[] };

beforeAll(async () => {
  await ready();
});

describe('utils.padSequences matches Keras 3', () => {
  it.each(G.pad_sequences.map((c) => [JSON.stringify(c.options), c] as const))('%s', (_n, c) => {
    const t = utils.padSequences(c.sequences, c.options as never);
    expect(t.shape).toEqual(c.output.shape);
    expect(t.dtype).toBe(c.output.dtype === 'int' ? 'int32' : 'float32');
    expect(Array.from(t.dataSync())).toEqual(c.output.values);
    t.dispose();
  });

  it('rejects bad options with clear errors', () => {
    expect(() => utils.padSequences([[1]], { padding: 'middle' as never })).toThrow(/padding type 'middle' not understood/);
    expect(() => utils.padSequences([[1]], { truncating: 'x' as never })).toThrow(ValueError);
    expect(() => utils.padSequences([[1]], { maxLen: 3 } as never)).toThrow(/maxlen/);
    expect(() => utils.padSequences([1, 2] as never)).toThrow(/non-iterable/);
    expect(() => utils.padSequences([['a']] as never)).toThrow(/numbers/);
  });
});
