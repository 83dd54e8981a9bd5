// datasets.fortunes on a committed slice of the Debian fortune files (tests/datasets/fortunes_slice):
// parsing (separators, overstrike, duplicates), the stratified seeded split, and the error
// naming the Debian package when the files are missing.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { datasets, layers, ValueError } from '../../ts/index.js';

const SLICE = fileURLToPath(new URL('./fortunes_slice', import.meta.url));

describe('datasets.fortunes', () => {
  it('parses % separated quotations, resolving overstrike and dropping empties', () => {
    const q = datasets.parseFortunes('Plain.\n%\n  ____\b\b\b\bUnder and Ren\'\be.\n%\n\n%\nLast one');
    expect(q).toEqual(['Plain.', 'Under and Rene.', 'Last one']);
  });

  it('builds (text, topic) pairs with a stratified, seeded, deterministic split', async () => {
    const topics = ['art', 'food', 'sports'];
    const d = await datasets.fortunes({ path: SLICE, topics });
    expect(d.classNames).toEqual(topics);
    // 12 separators per slice file → 12 quotations each (the last block ends with %).
    const n = d.train.texts.length + d.test.texts.length;
    expect(n).toBe(36);
    for (let c = 0; c < 3; c++) {
      expect(d.test.labels.filter((l) => l === c).length, `topic ${c}: 20% held out`).toBe(Math.round(12 * 0.2));
    }
    expect(d.train.texts.every((t) => t.length > 0 && t === t.trim() && !t.includes('\n%\n'))).toBe(true);
    expect(new Set([...d.train.texts, ...d.test.texts]).size).toBe(n);
    const again = await datasets.fortunes({ path: SLICE, topics });
    expect(again).toEqual(d);
    const other = await datasets.fortunes({ path: SLICE, topics, seed: 7 });
    expect(other.test.texts).not.toEqual(d.test.texts);
    expect(new Set([...other.train.texts, ...other.test.texts])).toEqual(new Set([...d.train.texts, ...d.test.texts]));
  });

  it('keeps a duplicate quotation once, under its first topic', async () => {
    const d = await datasets.fortunes({ path: SLICE, topics: ['edge', 'art'], testSplit: 0.5 });
    const all = [...d.train.texts, ...d.test.texts];
    expect(all.filter((t) => t === 'Plain quote one.').length).toBe(1);
    expect(all).toContain('Underlined and Rene.');
    expect(all).toContain('Last one without a trailing separator.');
  });

  it('names the Debian package when the files are missing', async () => {
    await expect(datasets.fortunes({ path: '/nonexistent/fortunes' })).rejects.toThrow(ValueError);
    await expect(datasets.fortunes({ path: '/nonexistent/fortunes' })).rejects.toThrow(/apt-get install fortunes/);
    await expect(datasets.fortunes({ path: SLICE, topics: ['art', 'nope'] })).rejects.toThrow(/'nope'|"nope"/);
    await expect(datasets.fortunes({ testSplit: 1.5 } as never)).rejects.toThrow(/testSplit/);
    await expect(datasets.fortunes({ topic: ['art'] } as never)).rejects.toThrow(/topic/);
  });

  // scripts/setup.sh installs the package.
  it('loads the installed package: ten topics, ~3.9k quotations', async () => {
    const d = await datasets.fortunes();
    expect(d.classNames.length).toBe(10);
    expect(d.train.texts.length + d.test.texts.length).toBeGreaterThan(3000);
    expect(new Set(d.train.labels).size).toBe(10);
  });

  // examples/reference/text_keras.py rebuilt the split in Python and adapted Keras's
  // TextVectorization on it; both digests are in its committed results.
  it('matches the Keras reference: the same split, and TextVectorization learns the same 10k vocabulary', async () => {
    const ref = JSON.parse(readFileSync(new URL('../../examples/reference/text_keras_results.json', import.meta.url), 'utf8')) as {
      split_sha256: string; vocabulary_sha256: string; vocabulary_size: number; hyperparameters: { max_tokens: number; sequence_length: number };
    };
    const { train, test } = await datasets.fortunes();
    const h = createHash('sha256');
    for (const s of [train, test]) {
      h.update(s.texts.join('\x1e'), 'utf8');
      h.update(`|${s.labels.join(',')}|`, 'utf8');
    }
    expect(h.digest('hex')).toBe(ref.split_sha256);
    const v = new layers.TextVectorization({ maxTokens: ref.hyperparameters.max_tokens, outputSequenceLength: ref.hyperparameters.sequence_length });
    v.adapt(train.texts);
    const vocab = v.getVocabulary();
    expect(vocab.length).toBe(ref.vocabulary_size);
    expect(createHash('sha256').update(vocab.join('\n'), 'utf8').digest('hex')).toBe(ref.vocabulary_sha256);
  });
});
