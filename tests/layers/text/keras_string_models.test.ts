// String-input models saved by real Keras 3 (tests/saving/keras/make_text_fixtures.py, Keras on
// TensorFlow) load in kerasm and predict what Keras predicted on raw strings; kerasm writes them
// back and Keras (the text venv) loads kerasm's files and predicts what kerasm did.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready, loadModel, Model, StringTensor, Tensor, tensor, layers } from '../../../ts/index.js';
import { decode, encode, expectClose, type Arr } from '../../saving/keras/fixture_io.js';

const DIR = join(import.meta.dirname, '../../saving/keras/text_fixtures');
const SCRIPT = join(import.meta.dirname, '../../saving/keras/make_text_fixtures.py');
const TEXT_PYTHON = process.env.KERASM_TEXT_PYTHON ?? join(homedir(), '.cache', 'kerasm', 'venv-text', 'bin', 'python');
const hasTextPython = existsSync(TEXT_PYTHON);

interface Input { kind: 'strings' | 'int32'; shape: number[]; values: (string | number)[] }
interface Fixture { inputs: Input[]; predictions: Arr }
const NAMES = ['text_classifier', 'text_lookups', 'text_tfidf'];
// make_text_fixtures.py's SENTENCES.
const SENTENCES = [
  'the movie was great and fun', 'a wonderful film with a great cast', 'i loved the acting and the story', 'what a delightful and charming movie',
  'the plot was dull and boring', 'a terrible film with awful acting', 'i hated the story and the ending', 'what a dreadful and tedious movie',
];
const read = (name: string): Fixture => JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Fixture;

function inputsOf(fx: Fixture): (StringTensor | Tensor)[] {
  return fx.inputs.map((i) => (i.kind === 'strings' ? new StringTensor(i.values as string[], i.shape) : tensor(i.values as number[], i.shape, 'int32')));
}

async function predict(model: Model, fx: Fixture): Promise<Tensor> {
  const xs = inputsOf(fx);
  return await model.predict((xs.length === 1 ? xs[0] : xs) as never) as Tensor;
}

beforeAll(async () => {
  await ready();
});

describe('Keras-saved string-input models', () => {
  it.each(NAMES)('%s.keras loads (vocabularies from assets/) and predicts as Keras on the same strings', async (name) => {
    const fx = read(name);
    const model = await loadModel(join(DIR, `${name}.keras`));
    expect(model.inputs.some((t) => t.dtype === 'string')).toBe(true);
    const p = await predict(model, fx);
    expect(p.shape).toEqual(fx.predictions.shape);
    expectClose(p.dataSync() as Float32Array, decode(fx.predictions), name, 1e-5, 1e-6);
    model.dispose();
  });

  it('text_tfidf: the idf weights come from vars/idf_weights (Keras save_own_variables), as kerasm adapts them', async () => {
    const model = await loadModel(join(DIR, 'text_tfidf.keras'), { compile: false });
    const tv = model.getLayer('tfidf') as layers.TextVectorization;
    const mine = layers.textVectorization({ maxTokens: 30, outputMode: 'tf_idf' });
    mine.adapt(SENTENCES);
    expect(tv.getVocabulary()).toEqual(mine.getVocabulary());
    expectClose(tv.getIdfWeights()!, mine.getIdfWeights()!, 'idf', 1e-6, 1e-6);
    model.dispose();
  });

  it('text_classifier: the vocabulary Keras adapted is the one kerasm adapts on the same sentences', async () => {
    const model = await loadModel(join(DIR, 'text_classifier.keras'), { compile: false });
    const tv = model.getLayer('vectorize') as layers.TextVectorization;
    const mine = layers.textVectorization({ maxTokens: 50, outputSequenceLength: 8 });
    mine.adapt(SENTENCES);
    expect(tv.getVocabulary()).toEqual(mine.getVocabulary());
    expect(tv.outputSequenceLength).toBe(8);
    model.dispose();
  });
});

describe.skipIf(!hasTextPython)('kerasm-written string-input models load in Keras', () => {
  let dir = '';
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('Keras predicts what kerasm predicted after kerasm trained the models further', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kerasm-text-'));
    for (const name of NAMES) {
      const fx = read(name);
      const model = await loadModel(join(DIR, `${name}.keras`));
      const xs = inputsOf(fx);
      // One more step, so what Keras reads is kerasm's own training.
      const y = { text_classifier: tensor([[1], [0], [0], [1], [1]]), text_lookups: tensor([1, 0, 1]), text_tfidf: tensor([1, 0, 0, 1, 1]) }[name]!;
      model.trainOnBatch((xs.length === 1 ? xs[0] : xs) as never, y);
      await model.save(join(dir, `${name}.keras`));
      const p = await predict(model, fx);
      writeFileSync(join(dir, `${name}.expect.json`), JSON.stringify({ inputs: fx.inputs, predictions: encode(p.dataSync() as Float32Array, p.shape) }));
      model.dispose();
    }
    let out: string;
    try {
      out = execFileSync(TEXT_PYTHON, [SCRIPT, '--check', dir], {
        encoding: 'utf8', timeout: 600_000, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' }, stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? '');
      if (!out.trim()) throw e;
    }
    const results = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { name: string; ok: boolean });
    expect(results.map((r) => r.name).sort()).toEqual(NAMES);
    for (const r of results) expect(r.ok, JSON.stringify(r)).toBe(true);
  }, 900_000);
});
